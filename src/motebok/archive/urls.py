from django.urls import path

from motebok.archive import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
]
