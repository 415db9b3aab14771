"""Importing minutes in the browser (mounted at ``import/``)."""

from django.urls import path

from motebok.meetings import views_import

urlpatterns = [
    path("", views_import.upload, name="import_upload"),
    path("<slug:token>/", views_import.review, name="import_review"),
    path("<slug:token>/discard/", views_import.discard, name="import_discard"),
]
