"""The outbox: every e-mail Møtebok sends is kept, and in the demo shown instead of sent."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    to = models.JSONField(_("to"), default=list)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    dedup_key = models.CharField(
        _("deduplication key"),
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The same key is never sent twice (e.g. notice:MEETING:PERSON:SEQUENCE)."),
    )
    cooperation = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cooperation"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class OutboxAttachment(models.Model):
    message = models.ForeignKey(
        OutboxMessage,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("e-mail"),
    )
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    content = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["message", "pk"]

    def __str__(self) -> str:
        return self.filename


class PageGeneration(models.Model):
    """One row: the generation of the public archive that cached pages were rendered from.

    Every committed change to the archive gives it a new random value (motebok.core.pagecache),
    so a page cached under an older value is never served again, by any process.
    """

    value = models.CharField(_("generation"), max_length=32)

    class Meta:
        verbose_name = _("page cache generation")
        verbose_name_plural = _("page cache generation")

    def __str__(self) -> str:
        return self.value


class WorkerHeartbeat(models.Model):
    """One row per running ``motebok worker``, which sets ``seen_at`` every few seconds.

    A task left running by a worker whose row is stale (killed, or its machine lost power) is
    put back in the queue by another worker (motebok.core.workers).
    """

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"))
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}, {self.pid})"
