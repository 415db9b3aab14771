from django.urls import path

from motebok.followup import views

urlpatterns = [
    path("", views.task_list, name="task_list"),
    path("<int:pk>/done/", views.task_done, name="task_done"),
    path("<int:pk>/reopen/", views.task_reopen, name="task_reopen"),
]
