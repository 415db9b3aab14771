"""Exports of a meeting, included at ``meetings/<int:pk>/export/``: pdf, docx, md, ics, json."""

from django.urls import path

from motebok.meetings.views_export import meeting_export

urlpatterns = [
    path("<str:fmt>/", meeting_export, name="meeting_export"),
]
