from django.urls import path

from motebok.calls import views, views_evaluation

urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("new/<slug:cooperation_slug>/", views.call_create, name="call_create"),
    path("<int:pk>/", views.call_detail, name="call_detail"),
    path("<int:pk>/edit/", views.call_edit, name="call_edit"),
    path("<int:pk>/extend/", views.call_extend, name="call_extend"),
    path("<int:pk>/answer/<int:organization_pk>/", views.answer, name="call_answer"),
    path("attachments/<int:pk>/", views.attachment_download, name="call_attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="call_attachment_delete"),
    path("answers/<int:pk>/score/", views_evaluation.score, name="call_score"),
    path("<int:pk>/evaluation/", views_evaluation.evaluation, name="call_evaluation"),
    path("<int:pk>/recommendation/", views_evaluation.recommend, name="call_recommend"),
    path("<int:pk>/agenda/", views_evaluation.to_agenda, name="call_to_agenda"),
]
