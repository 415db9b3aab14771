"""Signal receivers (connected in ``apps``): the index follows every save and delete of meetings,
items, contributions and documents, in the transaction that made it.

Writes that send no signals (``bulk_create``, ``QuerySet.update``) must call
``index.index_meeting`` themselves.
"""

from __future__ import annotations

from motebok.archive import index
from motebok.archive.enums import EntryKind

ITEM_FIELDS = frozenset({"title", "text", "conclusion", "meeting", "meeting_id"})
CONTRIBUTION_FIELDS = frozenset(
    {"points", "heading", "organization", "organization_id", "item", "item_id"}
)
DOCUMENT_FIELDS = frozenset(
    {"title", "file", "kind", "public", "item", "item_id", "meeting", "meeting_id"}
)
MEETING_FIELDS = frozenset({"start", "body", "body_id"})


def _touches(update_fields, fields: frozenset[str]) -> bool:
    """A save with ``update_fields`` that names none of the indexed fields changes nothing here;
    nor does any save while a bulk writer has suspended the per-object indexing."""
    if index.is_suspended():
        return False
    return update_fields is None or not fields.isdisjoint(update_fields)


def meeting_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if not raw and not created and _touches(update_fields, MEETING_FIELDS):
        index.follow_meeting(instance)


def item_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and _touches(update_fields, ITEM_FIELDS):
        index.index_item(instance)


def contribution_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and _touches(update_fields, CONTRIBUTION_FIELDS):
        index.index_contribution(instance)


def document_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and _touches(update_fields, DOCUMENT_FIELDS):
        index.index_document(instance)


def contribution_deleted(sender, instance, **kwargs):
    if index.is_suspended():
        return
    index.unindex(EntryKind.CONTRIBUTION, instance.pk)


def document_deleted(sender, instance, **kwargs):
    if index.is_suspended():
        return
    index.unindex(EntryKind.DOCUMENT, instance.pk)
