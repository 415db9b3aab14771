"""Entries for writes that send no signals (``QuerySet.update``, ``bulk_create``): the same
entries a save would have made, with the acting user of the request or command."""

from __future__ import annotations

from collections.abc import Iterable

from auditlog.diff import model_instance_diff
from django.db import models


def record_update(before: models.Model, after: models.Model, fields: Iterable[str]) -> None:
    """An update entry for what changed in ``fields`` between two states of one row."""
    from motebok.audit.models import AuditEntry

    changes = model_instance_diff(before, after, fields_to_check=list(fields))
    if changes:
        AuditEntry.objects.log_create(after, action=AuditEntry.Action.UPDATE, changes=changes)


def record_created(rows: Iterable[models.Model]) -> None:
    """A create entry for each row written in bulk (with its primary key set)."""
    from motebok.audit.models import AuditEntry

    for row in rows:
        changes = model_instance_diff(None, row)
        AuditEntry.objects.log_create(row, action=AuditEntry.Action.CREATE, changes=changes)
