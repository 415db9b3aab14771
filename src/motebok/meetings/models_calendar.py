"""The secret address of a user's personal calendar feed.

The token is the only credential of the feed (calendar programs cannot sign in), so it is long and
random, and the user can replace it: the old address then answers 404. It is kept as it is, not
hashed, because the user's page shows the address again whenever they need to copy it.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TOKEN_BYTES = 32  # 43 URL-safe characters


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class CalendarToken(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_token",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        app_label = "meetings"
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")
        ordering = ["user"]

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("personal_calendar_feed", kwargs={"token": self.token})
