"""The personal calendar, included by the root URLconf at ``calendar/``."""

from django.urls import path

from motebok.meetings import views_personal_calendar as views

urlpatterns = [
    path("", views.page, name="personal_calendar"),
    path("new/", views.renew, name="personal_calendar_renew"),
    path("<slug:token>.ics", views.feed, name="personal_calendar_feed"),
]
