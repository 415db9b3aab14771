"""Reading the audit trail: the entries a page shows, and their changes as readable rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from motebok.audit.models import AuditEntry

ACTIONS = {
    AuditEntry.Action.CREATE: "create",
    AuditEntry.Action.UPDATE: "update",
    AuditEntry.Action.DELETE: "delete",
}


def audited_models() -> list[type]:
    """The models whose changes are recorded, in the order the settings list them."""
    labels = [
        entry if isinstance(entry, str) else entry["model"]
        for entry in settings.AUDITLOG_INCLUDE_TRACKING_MODELS
    ]
    return [apps.get_model(label) for label in labels]


def entries() -> QuerySet[AuditEntry]:
    """Entries with what the pages show of them, newest first (one query for a page)."""
    return AuditEntry.objects.select_related("actor", "content_type").defer(
        "serialized_data", "changes_text"
    )


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def _show(field, value) -> str:
    if value is None or value == "None":
        return "–"
    if field is None:
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.get_internal_type() == "BooleanField":
        return _("yes") if value in ("True", True) else _("no")
    if field.get_internal_type() == "DateTimeField" and isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=dt.UTC)
        return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    if field.get_internal_type() == "DateField" and isinstance(value, str):
        try:
            return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    if field.is_relation and value != "":
        return f"#{value}"
    return str(value)


def changes_of(entry: AuditEntry) -> list[Change]:
    """The entry's fields with their value before and after, labelled as the model names them."""
    model = entry.content_type.model_class()
    order = {f.name: n for n, f in enumerate(model._meta.fields)} if model else {}
    rows = []
    changes = entry.changes or {}
    for name in sorted(changes, key=lambda name: order.get(name, len(order))):
        values = changes[name]
        if not isinstance(values, list | tuple) or len(values) != 2:
            continue
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        label = str(field.verbose_name) if field is not None else name
        rows.append(Change(label, _show(field, values[0]), _show(field, values[1])))
    return rows


def kind_of(entry: AuditEntry) -> str:
    model = entry.content_type.model_class()
    return str(model._meta.verbose_name) if model else entry.content_type.model
