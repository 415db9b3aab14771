from django.urls import path

from motebok.core import views_health

urlpatterns = [
    path("", views_health.healthz, name="healthz"),
]
