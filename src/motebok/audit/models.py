"""The audit trail: one entry per change of a registered model, with who, when, before and after.

django-auditlog writes the entries (its signal receivers and middleware); this model is its log
entry with two more columns, the cooperation and the meeting the change belongs to, so that the
secretariat's pages filter by an index instead of by JSON. Both are kept without a database
constraint: an entry outlives the meeting or item it tells about.
"""

from __future__ import annotations

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from motebok.audit.receivers import bulk_marker
from motebok.audit.scope import scope_of


class Source(models.TextChoices):
    WEB = "web", _("web")
    SYSTEM = "system", _("system")


def _own_fields(model) -> frozenset[str]:
    """The model's own columns, without its primary key: what a change can be about."""
    return frozenset(f.name for f in model._meta.concrete_fields if not f.primary_key)


def _jsonb_order(key: str) -> tuple[int, bytes]:
    """PostgreSQL's jsonb keeps an object's keys shorter first, then bytewise; storing them in that
    order everywhere makes a SQLite backup and its PostgreSQL restore dump the same bytes."""
    raw = key.encode()
    return len(raw), raw


class AuditEntryManager(LogEntryManager):
    def log_create(self, instance, force_log: bool = False, **kwargs):
        """Add the cooperation and meeting, and keep only the model's own fields' changes
        (the library also lists reverse relations, as placeholders, on creation)."""
        changes = kwargs.get("changes")
        if isinstance(changes, dict):
            own = _own_fields(type(instance))
            kwargs["changes"] = {
                k: changes[k] for k in sorted(changes, key=_jsonb_order) if k in own
            }
        cooperation_id, meeting_id = scope_of(instance)
        kwargs.setdefault("cooperation_id", cooperation_id)
        kwargs.setdefault("meeting_id", meeting_id)
        kwargs.setdefault("additional_data", bulk_marker())
        return super().log_create(instance, force_log=force_log, **kwargs)


class AuditEntry(AbstractLogEntry):
    cooperation = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cooperation"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting"),
    )
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=Source.choices,
        default=Source.SYSTEM,
        help_text=_("A web request, or the system (commands, background tasks)."),
    )

    objects = AuditEntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-timestamp", "-pk"]
        indexes = [
            models.Index(fields=["cooperation", "-timestamp"], name="audit_coop_time"),
            models.Index(fields=["meeting", "-timestamp"], name="audit_meeting_time"),
        ]
