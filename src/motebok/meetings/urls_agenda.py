"""The agenda editor, included at ``meetings/<int:pk>/agenda/``."""

from django.urls import path

from motebok.meetings import views_agenda as views

urlpatterns = [
    path("", views.editor, name="agenda_edit"),
    path("standing/", views.standing, name="agenda_standing"),
    path("items/", views.item_add, name="agenda_item_add"),
    path("items/<int:item_id>/", views.item_edit, name="agenda_item_edit"),
    path("items/<int:item_id>/move/", views.item_move, name="agenda_item_move"),
    path("items/<int:item_id>/delete/", views.item_delete, name="agenda_item_delete"),
    path("items/<int:item_id>/place/", views.item_place, name="agenda_item_place"),
    path("papers/", views.paper_add, name="agenda_paper_add"),
    path("papers/<int:document_id>/delete/", views.paper_delete, name="agenda_paper_delete"),
    path("send/", views.send, name="agenda_send"),
]
