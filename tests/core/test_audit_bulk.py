"""Writes that send no signals are in the audit trail too: an agenda item changed through the
optimistic-locking update, and the seats of a group made from the minutes."""

from django.contrib.contenttypes.models import ContentType

from factories import PersonFactory
from motebok.audit.context import acting
from motebok.audit.models import AuditEntry, Source
from motebok.meetings import agenda, minutes
from motebok.orgs.enums import BodyKind
from motebok.orgs.models import Seat


def _entries(model, pks):
    return list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=list(pks)
        ).order_by("pk")
    )


def test_an_agenda_item_update_is_recorded_with_before_and_after(world):
    item = world.planned.items.get()
    before = AuditEntry.objects.count()
    with acting(world.secretariat):
        agenda.update_item(
            item, title="Ny tittel", kind=item.kind, text=item.text, version=item.version
        )
    assert AuditEntry.objects.count() == before + 1
    entry = _entries(type(item), [item.pk])[-1]
    assert (entry.action, entry.actor_id, entry.source) == (
        AuditEntry.Action.UPDATE,
        world.secretariat.pk,
        Source.SYSTEM,  # acting() in a command or task; the web middleware marks WEB
    )
    assert entry.changes == {"title": ["Sak i planned", "Ny tittel"]}
    assert (entry.cooperation_id, entry.meeting_id) == (world.coop.pk, world.planned.pk)


def test_an_unchanged_update_records_nothing(world):
    item = world.planned.items.get()
    before = AuditEntry.objects.count()
    agenda.update_item(item, title=item.title, kind=item.kind, text=item.text)
    assert AuditEntry.objects.count() == before


def test_the_seats_of_a_group_made_in_the_minutes_are_recorded(world):
    people = [PersonFactory(name="Kari"), PersonFactory(name="Ola")]
    with acting(world.secretariat):
        group = minutes.create_group(
            world.notice_sent, "Arbeidsgruppe", BodyKind.WORKING_GROUP, people
        )
    seats = Seat.objects.filter(body=group).order_by("pk")
    entries = _entries(Seat, seats.values_list("pk", flat=True))
    assert [(e.action, e.actor_id, e.object_id) for e in entries] == [
        (AuditEntry.Action.CREATE, world.secretariat.pk, seat.pk) for seat in seats
    ]
    assert entries[0].changes["person"] == ["None", str(people[0].pk)]
