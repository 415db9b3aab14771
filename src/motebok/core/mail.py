"""Sending e-mail: every message is kept in the outbox, and a deduplication key is never sent twice."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from motebok.core.models import OutboxAttachment, OutboxMessage


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    content_type: str


def send(
    *,
    to: Iterable[str],
    subject: str,
    body: str,
    attachments: Iterable[Attachment] = (),
    dedup_key: str | None = None,
    cooperation=None,
) -> OutboxMessage | None:
    """Keep a message in the outbox and send it once the surrounding transaction commits.

    Side effects: an ``OutboxMessage`` with its attachments; after commit a ``deliver_mail``
    task, which sends it through Django's backend (SMTP in production) and sets ``sent_at``. Returns ``None`` without sending
    when a message with the same ``dedup_key`` exists already (a retry after a crash, say).
    """
    recipients = sorted({address for address in to if address})
    attachments = list(attachments)
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                to=recipients,
                subject=subject,
                body=body,
                dedup_key=dedup_key,
                cooperation=cooperation,
            )
    except IntegrityError:
        earlier = OutboxMessage.objects.filter(dedup_key=dedup_key).first() if dedup_key else None
        if earlier is None:
            raise
        if earlier.sent_at is None:  # kept before a crash but never sent: send it now, once
            _deliver_after_commit(earlier.pk)
        return None
    OutboxAttachment.objects.bulk_create(
        OutboxAttachment(
            message=message, filename=a.filename, content=a.content, content_type=a.content_type
        )
        for a in attachments
    )
    _deliver_after_commit(message.pk)
    return message


def _deliver_after_commit(message_id: int) -> None:
    """Once the transaction commits, hand the message to the task queue: sent at once in-process
    (the demo, the tests), or by ``motebok worker`` where the queue is the database's."""
    from motebok.core.tasks import deliver_mail

    transaction.on_commit(lambda: deliver_mail.enqueue(message_id))


def deliver(message_id: int) -> bool:
    """Send one kept message if it has not been sent; returns whether it was sent now."""
    message = OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True).first()
    if message is None or not message.to:
        return False
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.to,
        headers={"Message-ID": stable_message_id(message)},
    )
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.content_type)
    email.send()
    # Marked after sending: a crash in between sends again rather than never.
    OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    return True


def stable_message_id(message: OutboxMessage) -> str:
    """The same Message-ID every time a kept message is sent: if a crash between the mail server
    taking it and ``sent_at`` being set makes it go out again, mail programs see one message."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "motebok.invalid"
    return f"<motebok.{message.pk}.{message.created_at:%Y%m%d%H%M%S}@{domain}>"


def deliver_pending() -> int:
    """Send every kept message that has not gone out (after a crash or a mail server outage)."""
    return sum(
        deliver(pk)
        for pk in OutboxMessage.objects.filter(sent_at__isnull=True).values_list("pk", flat=True)
    )
