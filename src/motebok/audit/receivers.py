"""What is left out of the trail: the rows a bulk writer creates under a meeting it creates.

The importer writes a meeting with its items, attendance, contributions and tasks in one
transaction, with the per-object search indexing suspended (``archive.index.suspended``). The
trail records the meeting's creation, marked as a bulk write, and every later change of each
row; the rows' first values are those of the imported source document, which is kept with its
checksum. One entry a document instead of a dozen keeps the import within its time budget.
"""

from __future__ import annotations

from motebok.archive.index import is_suspended

BULK_CHILDREN = frozenset(
    {"meetings.AgendaItem", "meetings.Attendance", "meetings.Contribution", "followup.Task"}
)


def skip_bulk_children(sender, instance, action, **kwargs):
    """``pre_log`` receiver: False (= write no entry) for a child row created in a bulk write."""
    from motebok.audit.models import AuditEntry

    skip = action == AuditEntry.Action.CREATE and sender._meta.label in BULK_CHILDREN
    return False if skip and is_suspended() else None


def bulk_marker() -> dict | None:
    """The ``additional_data`` of an entry written in a bulk write."""
    return {"bulk": True} if is_suspended() else None
