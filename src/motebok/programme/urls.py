from django.urls import path

from motebok.programme import views, views_themes

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("new/<slug:cooperation_slug>/", views.programme_create, name="programme_create"),
    path("<int:pk>/", views.programme_detail, name="programme_detail"),
    path("<int:pk>/activities/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/status/", views.activity_status, name="activity_status"),
    path("activities/<int:pk>/links/", views.activity_link, name="activity_link"),
    path(
        "activities/<int:pk>/links/<str:kind>/<int:object_id>/remove/",
        views.activity_unlink,
        name="activity_unlink",
    ),
    path("activities/<int:pk>/themes/", views.activity_themes, name="activity_themes"),
    path("themes/<int:pk>/", views_themes.theme_detail, name="theme_detail"),
    path("<slug:cooperation_slug>/themes/", views_themes.theme_index, name="theme_index"),
    path("meetings/<int:pk>/themes/", views_themes.suggestions, name="theme_suggestions"),
    path(
        "suggestions/<int:pk>/<str:decision>/", views_themes.decide, name="theme_suggestion_decide"
    ),
]
