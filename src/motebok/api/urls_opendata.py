"""Open-data URLs: OParl 1.1 under /oparl/v1/, Popolo at /cooperations/<slug>/popolo.json."""

from django.urls import include, path

from motebok.api import views_opendata as views

oparl_patterns = [
    path("system", views.system, name="system"),
    path("bodies", views.bodies, name="bodies"),
    path("body/<slug:slug>", views.body, name="body"),
    path("body/<slug:slug>/organization/body/<slug:body>", views.committee, name="committee"),
    path("body/<slug:slug>/organization/org/<slug:org>", views.organization, name="organization"),
    path("body/<slug:slug>/person/<int:pk>", views.person, name="person"),
    path("body/<slug:slug>/membership/<int:pk>", views.membership, name="membership"),
    path("body/<slug:slug>/meeting/<int:pk>", views.meeting, name="meeting"),
    path("body/<slug:slug>/agenda-item/<int:pk>", views.agenda_item, name="agenda_item"),
    path("body/<slug:slug>/paper/<int:pk>", views.paper, name="paper"),
    path("body/<slug:slug>/file/<int:pk>", views.file, name="file"),
    path("body/<slug:slug>/<slug:name>", views.external_list, name="list"),
]

urlpatterns = [
    path("oparl/v1/", include((oparl_patterns, "oparl"))),
    path(
        "cooperations/<slug:slug>/popolo.json",
        views.cooperation_popolo,
        name="cooperation_popolo",
    ),
]
