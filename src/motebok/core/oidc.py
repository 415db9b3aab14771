"""Single sign-on through the organization's OpenID Connect provider (mozilla-django-oidc).

Only an account the secretariat has already set up can sign in: the provider's verified e-mail
address is matched, case-insensitively, to one active user. An unknown address creates nothing;
the visitor is told to ask the secretariat, who adds the user and their cooperation roles as for
a local account. The provider's endpoints come from its discovery document, fetched on the first
sign-in (an endpoint given explicitly in the settings wins), so a provider that is down never
stops start-up or the local password sign-in.
"""

from __future__ import annotations

import logging
import threading

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from motebok.orgs.models import CooperationRole

logger = logging.getLogger(__name__)

BACKEND_PATH = "motebok.core.oidc.OIDCBackend"

# The library's setting → the discovery document's key.
_DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "MOTEBOK_OIDC_END_SESSION_ENDPOINT": "end_session_endpoint",
}
_REQUIRED = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")
_metadata: dict[str, dict] = {}
_metadata_lock = threading.Lock()


class ProviderUnavailable(Exception):
    """The provider could not be reached or answered something unusable."""


class SignInRefused(Exception):
    """The provider vouched for someone who may not sign in here; ``reason`` says why."""

    def __init__(self, reason: str, email: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.email = email


def enabled() -> bool:
    return bool(getattr(settings, "MOTEBOK_OIDC_ENABLED", False))


def provider_metadata() -> dict:
    """The provider's discovery document, fetched once per process and issuer."""
    issuer = settings.MOTEBOK_OIDC_ISSUER
    with _metadata_lock:
        if issuer in _metadata:
            return _metadata[issuer]
        url = f"{issuer.rstrip('/')}/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ProviderUnavailable(f"{url}: {exc}") from None
        if not isinstance(document, dict) or document.get("issuer") != issuer:
            raise ProviderUnavailable(f"{url}: the document is not for the issuer {issuer}")
        missing = [key for key in _REQUIRED if not isinstance(document.get(key), str)]
        if missing:
            raise ProviderUnavailable(f"{url}: no {', '.join(missing)}")
        _metadata[issuer] = document
        return document


def oidc_setting(attr: str, *default):
    """A library setting; an endpoint left empty in the settings comes from discovery."""
    if attr in _DISCOVERED and not getattr(settings, attr, ""):
        return provider_metadata().get(_DISCOVERED[attr], "")
    return import_from_settings(attr, *default)


def user_for_claims(claims: dict):
    """The one active user the provider's claims name, or :class:`SignInRefused`.

    Refusals: ``no_email`` (the provider gave no address), ``unverified`` (it says the address is
    not verified, or does not say so while MOTEBOK_OIDC_REQUIRE_VERIFIED_EMAIL is on),
    ``unknown`` (no user has the address), ``ambiguous`` (several have it) and ``inactive``.
    """
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        raise SignInRefused("no_email")
    email = email.strip()
    verified = claims.get("email_verified")
    unstated = verified is None and not settings.MOTEBOK_OIDC_REQUIRE_VERIFIED_EMAIL
    if verified is not True and not unstated:
        raise SignInRefused("unverified", email)
    users = list(get_user_model().objects.filter(email__iexact=email)[:2])
    if not users:
        raise SignInRefused("unknown", email)
    if len(users) > 1:
        raise SignInRefused("ambiguous", email)
    if not users[0].is_active:
        raise SignInRefused("inactive", email)
    return users[0]


def landing_path(user) -> str | None:
    """The page of the user's cooperation when they have a role in exactly one."""
    slugs = list(
        CooperationRole.objects.filter(user=user).values_list("cooperation__slug", flat=True)[:2]
    )
    return f"/cooperations/{slugs[0]}/" if len(slugs) == 1 else None


class OIDCBackend(OIDCAuthenticationBackend):
    """Matches the signed-in person to an existing user; never creates one.

    Used by the callback view directly (not through ``authenticate()``, so the login limiting of
    the password form does not count provider sign-ins); listed in AUTHENTICATION_BACKENDS so that
    the session it starts is recognised. The endpoints are read when first needed: instantiating
    the backend (which Django does for every password sign-in) never reaches the provider.
    """

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = get_user_model()

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):  # noqa: N802 (the library's attribute name)
        return oidc_setting("OIDC_OP_TOKEN_ENDPOINT")

    @property
    def OIDC_OP_USER_ENDPOINT(self):  # noqa: N802
        return oidc_setting("OIDC_OP_USER_ENDPOINT")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):  # noqa: N802
        return oidc_setting("OIDC_OP_JWKS_ENDPOINT")

    def authenticate(self, request, **kwargs):
        if not enabled():
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        """The library checks the signature and nonce; this adds the issuer and the audience."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != settings.MOTEBOK_OIDC_ISSUER:
            raise SuspiciousOperation("ID token from another issuer")
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        return payload

    def store_tokens(self, access_token, id_token):
        """Kept on the backend: the callback puts the ID token in the session once signed in."""
        self.id_token = id_token

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("user info for another subject than the ID token")
        return user_for_claims(claims)
