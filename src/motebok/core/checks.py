"""Møtebok's own checks for ``motebok check --deploy`` (docs/deploy.md runs it)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Warning, register


@register("mail", deploy=True)
def check_mail_is_sent(app_configs=None, **kwargs) -> list[Warning]:
    """Without an SMTP server, notices, reminders and calls are only kept in the outbox: in
    production nobody receives them, which the secretariat must know before sending any."""
    if settings.EMAIL_HOST:
        return []
    return [
        Warning(
            "MOTEBOK_EMAIL_HOST is not set: e-mail (notices, reminders, calls) is only kept in "
            "the outbox and reaches nobody.",
            hint="Set MOTEBOK_EMAIL_HOST (and the other MOTEBOK_EMAIL_* settings) to an SMTP "
            "server; see docs/deploy.md.",
            id="motebok.W001",
        )
    ]
