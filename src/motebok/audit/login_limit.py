"""Login limiting with django-axes: the lock check that comes before the password check."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render


def client_address(request) -> str | None:
    """The address the request came from, as far as it can be trusted.

    Behind ``MOTEBOK_PROXY_COUNT`` reverse proxies that each append the address they were
    reached from to X-Forwarded-For (nginx's ``$proxy_add_x_forwarded_for``), the client is
    that many entries from the right; anything further left was sent by the client and is
    ignored. Without proxies, or without the header, it is the connection's own address.
    """
    count = settings.MOTEBOK_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR") or None


class LoginLimitBackend(AxesStandaloneBackend):
    """Refuses a locked-out username and address; the next backend checks the password.

    A login attempt through the web always comes with its request. ``authenticate()`` called
    without one (a script, the test client's ``login()``) has no address to limit by; it is
    passed on to the password check instead of failing, as axes' own backend would.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out attempt gets: status 429, in the visitor's language, no details of
    whether the user name exists."""
    return render(
        request,
        "audit/lockout.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )
