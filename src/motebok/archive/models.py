"""The search index: one row per searchable piece of a meeting.

The full-text structures live outside the model, created by migration 0002: on PostgreSQL a
generated ``search_vector`` column (``to_tsvector('norwegian', text)``) with a GIN index; on SQLite
an FTS5 table ``archive_fts`` over ``stemmed``, kept in step by triggers. Both follow every insert,
update and delete of this table inside the same transaction.

A later migration that makes SQLite rebuild this table (most field changes do) drops the
triggers with the old table, and PostgreSQL refuses to change the type of ``text`` while the
generated column uses it: such a migration must undo and redo ``0002`` around its change.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motebok.archive.enums import EntryKind, Level
from motebok.meetings.models import AgendaItem, Meeting
from motebok.orgs.models import Body, Organization


class SearchEntry(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    object_id = models.PositiveBigIntegerField(
        _("source id"), help_text=_("The item, contribution or document the entry was made from.")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="+", verbose_name=_("meeting")
    )
    cooperation = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("cooperation")
    )
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="+", verbose_name=_("body")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
        help_text=_("The organization a round-the-table contribution is from."),
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agenda item"),
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    stemmed = models.TextField(
        _("stemmed text"),
        blank=True,
        help_text=_("The text as stems, for SQLite's FTS5 (empty on PostgreSQL)."),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        ordering = ["-date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="search_entry_unique_source"
            ),
        ]
        indexes = [
            models.Index(fields=["cooperation", "date"]),
            models.Index(fields=["body", "date"]),
            models.Index(fields=["date"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
