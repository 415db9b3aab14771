"""Single sign-on (OpenID Connect): matching by verified e-mail, the refusals, the login button,
the start of the sign-in, the callback's failures, the provider sign-out and the settings.

The browser test against a real provider is tests/e2e/test_oidc.py.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.contrib.auth import get_user
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import SuspiciousOperation
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext as _t

from factories import CooperationFactory, RoleFactory, UserFactory
from motebok.core import oidc
from motebok.core.views_oidc import REFUSALS, refusal
from motebok.orgs.enums import AccessRole

CLIENT_ID = "motebok-test"
SECRET = "unit-test-client-secret-of-32-bytes-or-more"


def _closed_port() -> int:
    """A loopback port nobody listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def sso(settings):
    """Single sign-on configured at a provider that is not running (explicit endpoints)."""
    base = f"http://127.0.0.1:{_closed_port()}"
    settings.MOTEBOK_OIDC_ENABLED = True
    settings.MOTEBOK_OIDC_ISSUER = base
    settings.MOTEBOK_OIDC_PROVIDER_NAME = "Feide"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/jwks"
    settings.MOTEBOK_OIDC_END_SESSION_ENDPOINT = f"{base}/logout"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, oidc.BACKEND_PATH]
    return base


def _refusal(response) -> str:
    return response.context["message"]


def _expected(reason: str, email: str = "") -> str:
    with translation.override("nb"):
        return str(REFUSALS[reason][0]) % {"email": email}


# Matching ------------------------------------------------------------------------------------


def test_the_verified_address_matches_its_user_whatever_the_case(db, settings):
    kari = UserFactory(email="kari.nordmann@example.org")
    UserFactory(email="ola@example.org")
    claims = {"sub": "x", "email": " Kari.Nordmann@EXAMPLE.org ", "email_verified": True}
    assert oidc.user_for_claims(claims) == kari


@pytest.mark.parametrize(
    ("claims", "reason", "email"),
    [
        ({"email": "ukjent@example.org", "email_verified": True}, "unknown", "ukjent@example.org"),
        ({"email": "kari@example.org", "email_verified": False}, "unverified", "kari@example.org"),
        ({"email": "kari@example.org"}, "unverified", "kari@example.org"),
        ({"email": "kari@example.org", "email_verified": "true"}, "unverified", "kari@example.org"),
        ({"email": "kari@example.org", "email_verified": 1}, "unverified", "kari@example.org"),
        ({"email_verified": True}, "no_email", ""),
        ({"email": "   ", "email_verified": True}, "no_email", ""),
        ({"email": ["kari@example.org"], "email_verified": True}, "no_email", ""),
        ({"email": "stengt@example.org", "email_verified": True}, "inactive", "stengt@example.org"),
        ({"email": "delt@example.org", "email_verified": True}, "ambiguous", "delt@example.org"),
    ],
)
def test_refusals_name_their_reason_and_create_nobody(db, claims, reason, email):
    UserFactory(email="kari@example.org")
    UserFactory(email="stengt@example.org", is_active=False)
    UserFactory(email="delt@example.org")
    UserFactory(email="DELT@example.org")
    users_before = sorted(oidc.get_user_model().objects.values_list("username", flat=True))
    with pytest.raises(oidc.SignInRefused) as refused:
        oidc.user_for_claims({"sub": "x", **claims})
    assert (refused.value.reason, refused.value.email) == (reason, email)
    assert sorted(oidc.get_user_model().objects.values_list("username", flat=True)) == users_before


def test_an_address_without_a_verified_flag_is_accepted_only_when_configured(db, settings):
    kari = UserFactory(email="kari@example.org")
    settings.MOTEBOK_OIDC_REQUIRE_VERIFIED_EMAIL = False
    assert oidc.user_for_claims({"email": "kari@example.org"}) == kari
    with pytest.raises(oidc.SignInRefused) as refused:
        oidc.user_for_claims({"email": "kari@example.org", "email_verified": False})
    assert refused.value.reason == "unverified"


def test_the_landing_page_is_the_one_cooperation_or_none(db, django_assert_num_queries):
    one, two, three = CooperationFactory(slug="vest"), CooperationFactory(), CooperationFactory()
    single, several, nobody = UserFactory(), UserFactory(), UserFactory()
    RoleFactory(user=single, cooperation=one, role=AccessRole.MEMBER)
    for cooperation in (one, two, three):
        RoleFactory(user=several, cooperation=cooperation, role=AccessRole.SECRETARIAT)
    with django_assert_num_queries(1):
        assert oidc.landing_path(single) == "/cooperations/vest/"
    with django_assert_num_queries(1):
        assert oidc.landing_path(several) is None
    with django_assert_num_queries(1):
        assert oidc.landing_path(nobody) is None


# ID token checks ----------------------------------------------------------------------------


@pytest.fixture
def hs256(sso, settings):
    settings.OIDC_RP_SIGN_ALGO = "HS256"  # signed with the client secret: no keys to fetch
    return oidc.OIDCBackend()


def _token(**claims) -> str:
    return jwt.encode({"sub": "kari", "nonce": "n1", **claims}, SECRET, algorithm="HS256")


def test_an_id_token_from_the_issuer_for_this_client_is_accepted(hs256, sso):
    payload = hs256.verify_token(_token(iss=sso, aud=[CLIENT_ID, "other"]), nonce="n1")
    assert payload == {"sub": "kari", "nonce": "n1", "iss": sso, "aud": [CLIENT_ID, "other"]}


@pytest.mark.parametrize(
    ("claims", "nonce", "message"),
    [
        (
            {"iss": "https://elsewhere.example", "aud": CLIENT_ID},
            "n1",
            "ID token from another issuer",
        ),
        ({"aud": "another-client"}, "n1", "ID token for another client"),
        ({"aud": CLIENT_ID}, "n2", "JWT Nonce verification failed."),
    ],
)
def test_id_tokens_for_someone_else_are_refused(hs256, sso, claims, nonce, message):
    with pytest.raises(SuspiciousOperation) as refused:
        hs256.verify_token(_token(**{"iss": sso, **claims}), nonce=nonce)
    assert str(refused.value) == message


# Pages ---------------------------------------------------------------------------------------


def test_the_login_page_offers_the_provider_only_when_configured(db, client, settings):
    button = 'href="/oidc/authenticate/?next=/meetings/"'
    without = client.get("/login/?next=/meetings/").content.decode()
    assert button not in without
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=a&state=b").status_code == 404

    settings.MOTEBOK_OIDC_ENABLED = True
    settings.MOTEBOK_OIDC_PROVIDER_NAME = "Feide"
    html = client.get("/login/?next=/meetings/").content.decode()
    assert html.count(button) == 1
    assert _t("Sign in with %(provider)s") % {"provider": "Feide"} in html


def test_signing_in_starts_at_the_provider_with_state_nonce_and_pkce(db, client, sso):
    response = client.get("/oidc/authenticate/?next=/meetings/7/")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{sso}/authorize"
    query = {key: values[0] for key, values in parse_qs(target.query).items()}
    state = query.pop("state")
    assert set(query) == {
        "response_type", "scope", "client_id", "redirect_uri", "nonce", "code_challenge",
        "code_challenge_method",
    }  # fmt: skip
    assert (query["response_type"], query["scope"], query["client_id"]) == (
        "code",
        "openid email profile",
        CLIENT_ID,
    )
    assert query["redirect_uri"] == "http://testserver/oidc/callback/"
    assert query["code_challenge_method"] == "S256"
    session = client.session
    assert list(session["oidc_states"]) == [state]
    assert session["oidc_states"][state]["nonce"] == query["nonce"]
    assert session["oidc_login_next"] == "/meetings/7/"


def test_an_unreachable_provider_gives_a_clear_page_and_password_sign_in_still_works(
    db, client, sso, settings
):
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = ""  # to be discovered, from nobody
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 503
    assert _refusal(response) == _expected("unavailable")

    kari = UserFactory(username="kari")
    kari.set_password("riktig-passord-123")
    kari.save()
    wrong = client.post("/login/", {"username": "kari", "password": "feil"})
    assert wrong.status_code == 200
    right = client.post("/login/", {"username": "kari", "password": "riktig-passord-123"})
    assert (right.status_code, right["Location"]) == (302, "/")
    assert get_user(client) == kari


def test_a_callback_without_a_known_state_is_refused(db, client, sso):
    client.get("/oidc/authenticate/")
    for query in ("code=abc&state=forged", "state=forged", "error=access_denied&state=x", ""):
        response = client.get(f"/oidc/callback/?{query}")
        assert response.status_code == 400, query
        assert _refusal(response) == _expected("failed")
        assert not get_user(client).is_authenticated


def test_a_callback_whose_token_request_fails_is_unavailable_and_the_state_is_spent(
    db, client, sso
):
    start = client.get("/oidc/authenticate/")
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    response = client.get(f"/oidc/callback/?code=abc&state={state}")
    assert response.status_code == 503
    assert _refusal(response) == _expected("unavailable")
    assert client.session["oidc_states"] == {}
    again = client.get(f"/oidc/callback/?code=abc&state={state}")
    assert again.status_code == 400


def test_the_refusal_page_for_an_unknown_address_tells_whom_to_ask(db, settings):
    request = RequestFactory().get("/oidc/callback/")
    request.user = AnonymousUser()
    response = refusal(request, "unknown", "ukjent@example.org")
    assert response.status_code == 403
    expected = _t(
        "Your account is not set up yet. Ask the secretariat to add a user with the e-mail "
        "address %(email)s and give it a role in your cooperation, then sign in again."
    ) % {"email": "ukjent@example.org"}
    paragraph = f'<p class="ds-paragraph" data-testid="oidc-refusal">{expected}</p>'
    assert response.content.decode().count(paragraph) == 1


def test_signing_out_after_a_provider_sign_in_goes_on_to_the_provider(db, client, sso):
    kari = UserFactory()
    client.force_login(kari, backend=oidc.BACKEND_PATH)
    session = client.session
    session["oidc_id_token"] = "the.id.token"
    session.save()
    response = client.post("/logout/")
    assert response.status_code == 200
    target = urlsplit(response.context["provider_logout_url"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{sso}/logout"
    assert parse_qs(target.query) == {
        "id_token_hint": ["the.id.token"],
        "client_id": [CLIENT_ID],
        "post_logout_redirect_uri": ["http://testserver/"],
    }
    assert not get_user(client).is_authenticated


def test_signing_out_after_a_password_sign_in_stays_local(db, client, sso):
    client.force_login(UserFactory())
    response = client.post("/logout/")
    assert (response.status_code, response["Location"]) == (302, "/")
    assert not get_user(client).is_authenticated


# Settings ------------------------------------------------------------------------------------


def _check(**environ):
    base = {k: v for k, v in os.environ.items() if not k.startswith("MOTEBOK_")}
    base.update(environ, MOTEBOK_SECRET_KEY="s", MOTEBOK_HTTPS="0")
    return subprocess.run(
        [sys.executable, "-m", "motebok", "check"],
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"MOTEBOK_OIDC_CLIENT_SECRET": "s"},
            "MOTEBOK_OIDC_ISSUER must be the provider's https:// address when "
            "MOTEBOK_OIDC_CLIENT_ID is set",
        ),
        (
            {"MOTEBOK_OIDC_ISSUER": "http://idp.example", "MOTEBOK_OIDC_CLIENT_SECRET": "s"},
            "MOTEBOK_OIDC_ISSUER must be the provider's https:// address when "
            "MOTEBOK_OIDC_CLIENT_ID is set",
        ),
        (
            {"MOTEBOK_OIDC_ISSUER": "https://auth.dataporten.no"},
            "MOTEBOK_OIDC_CLIENT_SECRET must be set when MOTEBOK_OIDC_CLIENT_ID is set "
            "(or MOTEBOK_OIDC_CLIENT_SECRET_FILE naming a file with it)",
        ),
    ],
)
def test_incomplete_single_sign_on_settings_stop_with_one_line(tmp_path, environ, message):
    result = _check(MOTEBOK_DATA_DIR=str(tmp_path), MOTEBOK_OIDC_CLIENT_ID="motebok", **environ)
    assert (result.returncode, result.stderr) == (2, f"motebok: configuration error: {message}\n")


def test_complete_single_sign_on_settings_pass_the_check_without_reaching_the_provider(tmp_path):
    result = _check(
        MOTEBOK_DATA_DIR=str(tmp_path),
        MOTEBOK_OIDC_CLIENT_ID="motebok",
        MOTEBOK_OIDC_CLIENT_SECRET="s",
        MOTEBOK_OIDC_ISSUER=f"http://127.0.0.1:{_closed_port()}",
    )
    assert (result.returncode, result.stderr) == (0, "")
