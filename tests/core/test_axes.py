"""Login limiting: a user name is locked from an address after five failed attempts, for fifteen
minutes; the lock shows a Norwegian page, and other user names and addresses are not affected.
"""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import ngettext

from factories import UserFactory

PASSWORD = "riktig-passord-123"
ADDRESS = "10.0.0.7"


@pytest.fixture
def users(db):
    ola = UserFactory(username="ola")
    kari = UserFactory(username="kari")
    for user in (ola, kari):
        user.set_password(PASSWORD)
        user.save()
    return ola, kari


def _login(client, username, password, address=ADDRESS):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _signed_in_as(client) -> str | None:
    from django.contrib.auth import get_user

    user = get_user(client)
    return user.get_username() if user.is_authenticated else None


def test_the_limits_come_from_the_settings_defaults():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_five_bad_attempts_lock_the_user_name_until_the_cool_off(users):
    client = Client()
    for _ in range(4):
        response = _login(client, "ola", "feil")
        assert response.status_code == 200  # the login form again, with its error
        assert response.templates[0].name == "core/login.html"
    locked = _login(client, "ola", "feil")
    assert locked.status_code == 429
    assert "audit/lockout.html" in [t.name for t in locked.templates]
    html = locked.content.decode()
    assert _t("Too many attempts") in html
    assert (
        ngettext(
            "Signing in failed %(limit)s time in a row.",
            "Signing in failed %(limit)s times in a row.",
            5,
        )
        % {"limit": 5}
        in html
    )
    assert 'id="lockout"' in html
    assert 'name="password"' not in html  # the lockout page, not the form

    # The right password is refused while the lock lasts.
    refused = _login(client, "ola", PASSWORD)
    assert refused.status_code == 429
    assert _signed_in_as(client) is None

    # Another user name from the same address, and the same one from elsewhere, still sign in.
    assert _login(Client(), "kari", PASSWORD).status_code == 302
    elsewhere = Client()
    assert _login(elsewhere, "ola", PASSWORD, address="10.0.0.8").status_code == 302
    assert _signed_in_as(elsewhere) == "ola"

    # The refused attempt counts too, and the cool-off runs from the latest attempt: fourteen
    # minutes after it the name is still locked; fifteen minutes after, the password works.
    attempts = AccessAttempt.objects.filter(username="ola", ip_address=ADDRESS)
    assert attempts.get().failures_since_start == 6
    attempts.update(attempt_time=timezone.now() - dt.timedelta(minutes=14))
    assert _login(client, "ola", PASSWORD).status_code == 429
    attempts.update(attempt_time=timezone.now() - dt.timedelta(minutes=15, seconds=1))
    response = _login(client, "ola", PASSWORD)
    assert response.status_code == 302
    assert _signed_in_as(client) == "ola"
    assert not AccessAttempt.objects.filter(username="ola", ip_address=ADDRESS).exists()


def test_a_successful_login_resets_the_count(users):
    client = Client()
    for _ in range(4):
        _login(client, "ola", "feil")
    assert _login(client, "ola", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _login(client, "ola", "feil").status_code == 200
    assert _login(client, "ola", PASSWORD).status_code == 302


def test_the_lockout_page_is_in_english_for_an_english_visitor(users):
    client = Client(headers={"accept-language": "en"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(5):
        response = _login(client, "ola", "feil")
    html = response.content.decode()
    assert "Too many attempts" in html
    assert "is blocked for 15 minutes" in html


def test_force_login_and_login_without_a_request_keep_working(users):
    ola, _ = users
    client = Client()
    client.force_login(ola)
    assert _signed_in_as(client) == "ola"
    other = Client()
    assert other.login(username="kari", password=PASSWORD) is True
    assert other.login(username="kari", password="feil") is False


def test_behind_a_proxy_the_forwarded_address_counts_and_a_forged_one_does_not(users, settings):
    settings.MOTEBOK_PROXY_COUNT = 1
    proxy = "127.0.0.1"

    def through_proxy(client, password, forwarded):
        return client.post(
            "/login/",
            {"username": "ola", "password": password},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    attacker = Client()
    for n in range(5):
        # The attacker puts a new address of their own first; the proxy appends the real one.
        response = through_proxy(attacker, "feil", f"192.0.2.{n}, 203.0.113.9")
    assert response.status_code == 429
    assert AccessAttempt.objects.get(username="ola").ip_address == "203.0.113.9"
    # Ola signing in from her own address through the same proxy is not locked out.
    assert through_proxy(Client(), PASSWORD, "198.51.100.4").status_code == 302
    assert through_proxy(attacker, PASSWORD, "192.0.2.99, 203.0.113.9").status_code == 429
