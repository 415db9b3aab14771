"""Sign-in through the OpenID Connect provider: start, callback, refusal pages and sign-out."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from motebok.core import oidc

logger = logging.getLogger(__name__)

# reason → (message, HTTP status). ``%(email)s`` is the address the provider gave.
REFUSALS = {
    "unknown": (
        _(
            "Your account is not set up yet. Ask the secretariat to add a user with the e-mail "
            "address %(email)s and give it a role in your cooperation, then sign in again."
        ),
        403,
    ),
    "inactive": (
        _("Your account (%(email)s) is closed. Ask the secretariat if you need access again."),
        403,
    ),
    "ambiguous": (
        _(
            "Several accounts have the e-mail address %(email)s, so none of them can be chosen. "
            "Ask the secretariat to correct this."
        ),
        403,
    ),
    "unverified": (
        _(
            "The sign-in service has not verified your e-mail address %(email)s, so it cannot "
            "be matched to an account. Verify it there, or ask the secretariat."
        ),
        403,
    ),
    "no_email": (
        _(
            "The sign-in service did not give an e-mail address, so no account can be found. "
            "Ask the secretariat."
        ),
        403,
    ),
    "failed": (_("The sign-in did not complete. Try again."), 400),
    "unavailable": (
        _(
            "The sign-in service cannot be reached right now. Try again later, or sign in with "
            "your user name and password."
        ),
        503,
    ),
}


def refusal(request, reason: str, email: str = ""):
    """The page that says why the sign-in stopped, in the visitor's language."""
    message, status = REFUSALS[reason]
    logger.info("single sign-on refused: %s", reason)
    return render(
        request,
        "core/oidc_refused.html",
        {"message": message % {"email": email}, "reason": reason},
        status=status,
    )


class SignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (state, nonce and PKCE kept in the session)."""

    get_settings = staticmethod(oidc.oidc_setting)

    def __init__(self, **kwargs):
        # The library resolves the endpoint here; discovery may fail, so that waits for get().
        View.__init__(self, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        if not oidc.enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc.oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except oidc.ProviderUnavailable as exc:
            logger.warning("single sign-on provider unavailable: %s", exc)
            return refusal(request, "unavailable")
        return super().get(request)


@require_safe
@never_cache
def callback(request):
    """The provider's answer: match the person to a user, sign them in, send them on."""
    if not oidc.enabled():
        raise Http404
    states = request.session.get("oidc_states", {})
    state = request.GET.get("state", "")
    entry = states.pop(state, None) if isinstance(states, dict) else None
    request.session.modified = True
    code = request.GET.get("code")
    if entry is None or not code or request.GET.get("error"):
        return refusal(request, "failed")
    request.session.save()
    backend = oidc.OIDCBackend()
    try:
        user = backend.authenticate(
            request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
        )
    except oidc.SignInRefused as exc:
        return refusal(request, exc.reason, exc.email)
    except (oidc.ProviderUnavailable, requests.RequestException, ValueError) as exc:
        logger.warning("single sign-on provider unavailable: %s", exc)
        return refusal(request, "unavailable")
    except SuspiciousOperation as exc:
        logger.warning("single sign-on token refused: %s", exc)
        return refusal(request, "failed")
    if user is None:
        return refusal(request, "failed")
    next_url = request.session.pop("oidc_login_next", None)
    auth.login(request, user, backend=oidc.BACKEND_PATH)
    request.session["oidc_id_token"] = getattr(backend, "id_token", None)
    return HttpResponseRedirect(
        next_url or oidc.landing_path(user) or resolve_url(settings.LOGIN_REDIRECT_URL)
    )


class LogoutView(auth_views.LogoutView):
    """Django's sign-out; after a provider sign-in it goes on to the provider's own sign-out
    (its ``end_session_endpoint``), which returns the browser to the front page. That step is a
    page that refreshes to the provider: the Content-Security-Policy (``form-action 'self'``)
    stops a sign-out form from being redirected to another site."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        if not id_token or not oidc.enabled():
            return response
        try:
            end_session = oidc.oidc_setting("MOTEBOK_OIDC_END_SESSION_ENDPOINT")
        except oidc.ProviderUnavailable as exc:
            logger.warning("single sign-on provider unavailable at sign-out: %s", exc)
            return response
        if not end_session:
            return response
        params = {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(
                resolve_url(settings.LOGOUT_REDIRECT_URL)
            ),
        }
        separator = "&" if "?" in end_session else "?"
        return render(
            request,
            "core/oidc_signed_out.html",
            {
                "provider_logout_url": f"{end_session}{separator}{urlencode(params)}",
                "provider": settings.MOTEBOK_OIDC_PROVIDER_NAME,
            },
        )
