"""Background work of the outbox: messages kept but not sent (after a crash or an outage)."""

from __future__ import annotations

from django_tasks import task

from motebok.core import mail


@task()
def deliver_pending_mail() -> int:
    """Send every kept message that has not gone out; run by ``motebok worker`` periodically.
    Returns the number sent."""
    return mail.deliver_pending()
