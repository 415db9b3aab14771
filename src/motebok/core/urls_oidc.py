"""Single sign-on (OpenID Connect): the redirect URI to register at the provider is
``<MOTEBOK_BASE_URL>/oidc/callback/``. The pages answer 404 while single sign-on is not set up."""

from django.urls import path

from motebok.core import views_oidc

urlpatterns = [
    path("authenticate/", views_oidc.SignInView.as_view(), name="oidc_authentication_init"),
    path("callback/", views_oidc.callback, name="oidc_authentication_callback"),
]
