from django.urls import path

from motebok.meetings import views_plan

urlpatterns = [
    path("<slug:body_slug>/<int:year>/", views_plan.plan_year, name="plan_year"),
    path("meetings/<int:pk>/move/", views_plan.move_meeting, name="plan_move"),
    path("meetings/<int:pk>/cancel/", views_plan.cancel_meeting, name="plan_cancel"),
]
