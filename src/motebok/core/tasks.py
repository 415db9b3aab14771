"""Background work of the outbox: each kept message, and those a crash or an outage left unsent."""

from __future__ import annotations

from django_tasks import task

from motebok.core import mail


@task()
def deliver_mail(message_id: int) -> bool:
    """Send one kept message, unless it has gone out already; returns whether it was sent now."""
    return mail.deliver(message_id)


@task()
def deliver_pending_mail() -> int:
    """Send every kept message that has not gone out; run by ``motebok worker`` periodically.
    Returns the number sent."""
    return mail.deliver_pending()
