"""Taking minutes, included at ``meetings/<int:pk>/minutes/``: every view receives ``pk``."""

from django.urls import path

from motebok.meetings import views_minutes as views

urlpatterns = [
    path("", views.minutes_edit, name="minutes_edit"),
    path("attendance/", views.attendance, name="minutes_attendance"),
    path("items/<int:item_pk>/", views.item_minutes, name="minutes_item"),
    path("items/<int:item_pk>/tasks/", views.item_task, name="minutes_task"),
    path("items/<int:item_pk>/approve/", views.approve, name="minutes_approve"),
    path("groups/", views.group, name="minutes_group"),
    path("publish/", views.publish, name="minutes_publish"),
    path("corrections/", views.correction, name="minutes_correct"),
    path("round/", views.round_table, name="round_table_write"),
]
