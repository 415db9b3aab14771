"""The audit trail: every change of meetings, items, minutes, tasks, seats and memberships is
recorded with its user, time, and values before and after; the secretariat sees it, nobody else.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext as _t

from factories import (
    ItemFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
)
from motebok.audit.context import acting
from motebok.audit.models import AuditEntry, Source
from motebok.followup.models import Task
from motebok.followup.services import complete_task
from motebok.meetings import agenda, minutes
from motebok.meetings.enums import MeetingStatus
from motebok.meetings.models import AgendaItem, Attendance, Contribution, Correction, Meeting
from motebok.meetings.services import set_status
from motebok.orgs.models import Membership, Seat
from motebok.orgs.services import add_seat, withdraw

CREATE, UPDATE, DELETE = (
    AuditEntry.Action.CREATE,
    AuditEntry.Action.UPDATE,
    AuditEntry.Action.DELETE,
)


def _entries(obj) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).order_by("pk")
    )


def _last(obj) -> AuditEntry:
    return _entries(obj)[-1]


def _summary(entry: AuditEntry):
    return (entry.action, entry.actor_id, entry.source, entry.changes)


@pytest.fixture
def org(world):
    return OrganizationFactory(name="Asker kommune", slug="asker")


# --- what is recorded ---------------------------------------------------------------------


def test_fixtures_and_commands_are_recorded_as_the_system(world):
    entry = _entries(world.planned)[0]
    assert (entry.action, entry.actor_id, entry.source) == (CREATE, None, Source.SYSTEM)
    assert (entry.cooperation_id, entry.meeting_id) == (world.coop.pk, world.planned.pk)
    assert entry.changes["status"] == ["None", "planned"]
    assert entry.changes["body"] == ["None", str(world.kg.pk)]
    assert "items" not in entry.changes  # reverse relations are not fields of the meeting
    assert "minutes_version" not in entry.changes


def test_meeting_status_change_names_the_acting_user(world):
    with acting(world.secretariat):
        set_status(world.notice_sent, MeetingStatus.HELD)
    entry = _last(world.notice_sent)
    assert _summary(entry) == (
        UPDATE,
        world.secretariat.pk,
        Source.SYSTEM,
        {"status": ["notice_sent", "held"]},
    )
    assert (entry.cooperation_id, entry.meeting_id) == (world.coop.pk, world.notice_sent.pk)


def test_item_notes_saved_through_the_web_record_the_user_and_both_texts(world):
    item = world.notice_sent.items.get()
    client = Client()
    client.force_login(world.secretariat)
    url = f"/meetings/{world.notice_sent.pk}/minutes/items/{item.pk}/"
    data = {"text": "Ny tekst", "conclusion": "Vedtatt", "version": 1}
    assert client.post(url, data, REMOTE_ADDR="10.1.2.3").status_code == 302
    entry = _last(item)
    assert _summary(entry) == (
        UPDATE,
        world.secretariat.pk,
        Source.WEB,
        {
            "text": ["Tekst i notice_sent", "Ny tekst"],
            "conclusion": ["Konklusjon i notice_sent", "Vedtatt"],
        },
    )
    assert (entry.remote_addr, entry.meeting_id, entry.cooperation_id) == (
        "10.1.2.3",
        world.notice_sent.pk,
        world.coop.pk,
    )


def test_a_page_that_changes_nothing_records_nothing(world, client):
    client.force_login(world.secretariat)
    before = AuditEntry.objects.count()
    assert client.get(f"/meetings/{world.draft.pk}/minutes/").status_code == 200
    assert AuditEntry.objects.count() == before


def test_contributions_are_recorded_on_creation_and_change(world, org):
    item = world.draft.items.get()
    with acting(world.member):
        contribution = minutes.write_contribution(
            item, org, "Punkt 1", world.secretariat, 0, viewer=None
        )
        minutes.write_contribution(item, org, "Punkt 1\nPunkt 2", world.secretariat, 1)
    created, changed = _entries(contribution)
    assert (created.action, created.actor_id) == (CREATE, world.member.pk)
    assert created.changes["points"] == ["None", "Punkt 1"]
    assert created.changes["organization"] == ["None", str(org.pk)]
    assert _summary(changed) == (
        UPDATE,
        world.member.pk,
        Source.SYSTEM,
        {"points": ["Punkt 1", "Punkt 1\nPunkt 2"]},
    )
    assert (changed.meeting_id, changed.cooperation_id) == (world.draft.pk, world.coop.pk)


def test_attendance_is_recorded_with_the_status_before_and_after(world):
    person = PersonFactory(name="Kari Nordmann")
    with acting(world.secretariat):
        attendance = minutes.set_attendance(world.draft, person, "present")
        minutes.set_attendance(world.draft, person, "absent")
    created, changed = _entries(attendance)
    assert (created.action, created.changes["status"]) == (CREATE, ["None", "present"])
    assert _summary(changed) == (
        UPDATE,
        world.secretariat.pk,
        Source.SYSTEM,
        {"status": ["present", "absent"]},
    )
    assert changed.meeting_id == world.draft.pk


def test_tasks_are_recorded_from_creation_to_done(world):
    item = world.draft.items.get()
    with acting(world.secretariat):
        task = minutes.add_task(item, "Send brev", dt.date(2025, 3, 1))
        complete_task(task, "Sendt", user=world.secretariat)
    created, done = _entries(task)
    assert (created.action, created.changes["text"], created.changes["due"]) == (
        CREATE,
        ["None", "Send brev"],
        ["None", "2025-03-01"],
    )
    assert done.action == UPDATE
    assert set(done.changes) == {"status", "done_at", "done_by", "done_comment"}
    assert done.changes["status"] == ["open", "done"]
    assert done.changes["done_by"] == ["None", str(world.secretariat.pk)]
    assert done.changes["done_comment"] == ["", "Sendt"]
    assert (done.cooperation_id, done.meeting_id) == (world.coop.pk, world.draft.pk)


def test_seats_and_memberships_are_recorded_in_their_cooperation(world, org):
    person = PersonFactory(name="Per Hansen")
    membership = MembershipFactory(organization=org, cooperation=world.coop)
    with acting(world.admin):
        seat = add_seat(person=person, body=world.board, start=dt.date(2025, 1, 1))
        seat.end = dt.date(2025, 12, 31)
        seat.save(update_fields=["end"])
        withdraw(membership, dt.date(2025, 6, 30))
    seat_created, seat_ended = _entries(seat)
    assert (seat_created.action, seat_created.actor_id) == (CREATE, world.admin.pk)
    assert seat_created.changes["body"] == ["None", str(world.board.pk)]
    assert _summary(seat_ended) == (
        UPDATE,
        world.admin.pk,
        Source.SYSTEM,
        {"end": ["None", "2025-12-31"]},
    )
    assert (seat_ended.cooperation_id, seat_ended.meeting_id) == (world.coop.pk, None)
    withdrawal = _last(membership)
    assert _summary(withdrawal) == (
        UPDATE,
        world.admin.pk,
        Source.SYSTEM,
        {"end": ["None", "2025-06-30"]},
    )
    assert withdrawal.cooperation_id == world.coop.pk


def test_deleting_an_item_keeps_its_last_values_in_the_meetings_trail(world):
    item = agenda.add_item(world.planned, title="Feilført sak")
    pk = item.pk
    with acting(world.secretariat):
        agenda.delete_item(item)
    entry = AuditEntry.objects.filter(object_id=pk, action=DELETE).get()
    assert (entry.action, entry.actor_id, entry.meeting_id) == (
        DELETE,
        world.secretariat.pk,
        world.planned.pk,
    )
    assert entry.changes["title"] == ["Feilført sak", "None"]
    assert entry.content_type.model_class() is AgendaItem
    assert not AgendaItem.objects.filter(pk=pk).exists()


# --- approved minutes change only by a recorded correction -------------------------------


def _paper():
    return SimpleUploadedFile("notat.txt", b"Et notat", content_type="text/plain")


def test_every_service_edit_of_an_approved_meetings_items_is_refused(world, org):
    meeting = world.approved
    item = meeting.items.get()
    person = world.member.person
    before = AuditEntry.objects.count()
    minutes_edits = (
        lambda: minutes.save_item_minutes(item, "x", "y", item.version),
        lambda: minutes.set_attendance(meeting, person, "present"),
        lambda: minutes.write_contribution(item, org, "x", world.secretariat, 0),
        lambda: minutes.add_task(item, "x"),
        lambda: minutes.create_group(meeting, "G", "working_group", [person]),
    )
    for edit in minutes_edits:
        with pytest.raises(ValidationError) as caught:
            edit()
        assert caught.value.code == "locked"
    held = _t("The agenda can no longer be changed: the meeting has been held.")
    agenda_edits = (
        lambda: agenda.update_item(item, title="Ny tittel", kind=item.kind, text="x"),
        lambda: agenda.add_item(meeting, title="Ny sak"),
        lambda: agenda.move_item(item, "down"),
        lambda: agenda.delete_item(item),
        lambda: agenda.attach_paper(item, _paper()),
        lambda: agenda.delete_paper(world.public_doc),
    )
    for edit in agenda_edits:
        with pytest.raises(ValidationError) as caught:
            edit()
        assert caught.value.messages == [held]
    saved = AgendaItem.objects.get(pk=item.pk)
    assert (saved.title, saved.text, saved.conclusion, saved.version) == (
        item.title,
        item.text,
        item.conclusion,
        item.version,
    )
    assert not Contribution.objects.filter(item=item).exists()
    assert not Attendance.objects.filter(meeting=meeting).exists()
    assert AuditEntry.objects.count() == before


def test_a_correction_is_the_way_to_change_approved_minutes_and_both_are_recorded(world):
    item = world.approved.items.get()
    with acting(world.secretariat):
        correction = minutes.correct(item, "text", "Rettet tekst", "Skrivefeil", world.secretariat)
    assert _summary(_last(item)) == (
        UPDATE,
        world.secretariat.pk,
        Source.SYSTEM,
        {"text": ["Tekst i minutes_approved", "Rettet tekst"]},
    )
    recorded = _last(correction)
    assert (recorded.action, recorded.actor_id, recorded.meeting_id) == (
        CREATE,
        world.secretariat.pk,
        world.approved.pk,
    )
    assert recorded.changes["reason"] == ["None", "Skrivefeil"]
    assert Correction.objects.get().old_value == "Tekst i minutes_approved"


# --- who sees the trail -------------------------------------------------------------------


def _history(meeting):
    return f"/meetings/{meeting.pk}/history/"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("other_cooperation", 403),
        ("member_of_other_body", 403),
        ("member", 403),
        ("secretariat", 200),
        ("admin", 200),
    ],
)
def test_meeting_history_is_for_the_secretariat(world, role, status):
    client = Client()
    user = world.users()[role]
    if user is not None:
        client.force_login(user)
    response = client.get(_history(world.draft))
    assert response.status_code == status
    if status == 302:
        assert response.url == f"/login/?next={_history(world.draft)}"


def test_meeting_history_shows_who_changed_what_before_and_after(world, client):
    item = world.draft.items.get()
    with acting(world.secretariat):
        minutes.save_item_minutes(item, "Nye notater", "Konklusjon i minutes_draft", 1)
    client.force_login(world.secretariat)
    response = client.get(_history(world.draft))
    rows = response.context["rows"]
    newest, kind, changes = rows[0]
    assert [entry.pk for entry, _, _ in rows] == list(
        AuditEntry.objects.filter(meeting_id=world.draft.pk)
        .order_by("-timestamp", "-pk")
        .values_list("pk", flat=True)
    )
    assert len(rows) == 3  # the meeting and its item created, then the item's notes changed
    assert (newest.actor_id, kind) == (world.secretariat.pk, _t("agenda item"))
    assert [(c.label, c.before, c.after) for c in changes] == [
        (_t("text"), "Tekst i minutes_draft", "Nye notater")
    ]
    html = response.content.decode()
    assert f'<tr data-entry="{newest.pk}">' in html
    assert "<td>Tekst i minutes_draft</td><td>Nye notater</td>" in html
    other = client.get(_history(world.approved)).context["rows"]
    assert {entry.meeting_id for entry, _, _ in other} == {world.approved.pk}


def test_history_of_a_meeting_that_does_not_exist_is_404(world, client):
    client.force_login(world.secretariat)
    assert client.get("/meetings/999999/history/").status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("other_cooperation", 403),
        ("member_of_other_body", 403),
        ("member", 403),
        ("secretariat", 200),
        ("admin", 200),
    ],
)
def test_cooperation_audit_list_is_for_its_secretariat(world, role, status):
    client = Client()
    user = world.users()[role]
    if user is not None:
        client.force_login(user)
    response = client.get("/audit/?cooperation=osloregionen")
    assert response.status_code == status


def test_audit_list_shows_only_the_cooperations_own_entries(world, client):
    MeetingFactory(body=world.other_body, status=MeetingStatus.PLANNED)
    client.force_login(world.other)
    own = client.get("/audit/").context["rows"]
    assert {entry.cooperation_id for entry, _, _ in own} == {world.other_coop.pk}
    client.force_login(world.secretariat)
    rows = client.get("/audit/?cooperation=osloregionen").context["rows"]
    assert {entry.cooperation_id for entry, _, _ in rows} == {world.coop.pk}
    assert len(rows) == AuditEntry.objects.filter(cooperation=world.coop).count()


def test_audit_list_filters_by_kind_change_user_and_dates(world, client):
    item = world.draft.items.get()
    with acting(world.secretariat):
        minutes.save_item_minutes(item, "Endret", item.conclusion, 1)
    with acting(world.admin):
        set_status(world.notice_sent, MeetingStatus.HELD)
    client.force_login(world.secretariat)
    base = "/audit/?cooperation=osloregionen"

    def pks(query):
        return [entry.pk for entry, _, _ in client.get(base + query).context["rows"]]

    assert pks("&kind=meetings.agendaitem&action=1") == [_last(item).pk]
    assert pks("&user=admin") == [_last(world.notice_sent).pk]
    assert pks("&kind=meetings.meeting&action=1&user=sekretariat") == []
    today = timezone.localdate()
    assert (
        len(pks(f"&since={today}&until={today}"))
        == AuditEntry.objects.filter(cooperation=world.coop).count()
    )
    assert pks(f"&until={today - dt.timedelta(days=1)}") == []


def test_bad_filters_are_explained_not_a_server_error(world, client):
    client.force_login(world.secretariat)
    response = client.get("/audit/?cooperation=osloregionen&since=2025-13-40&kind=auth.user")
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"since", "kind"}
    response = client.get("/audit/?cooperation=osloregionen&since=2025-05-02&until=2025-05-01")
    assert response.context["form"].non_field_errors() == [
        _t("The from date is after the to date.")
    ]
    assert client.get("/audit/?cooperation=annenregionen").status_code == 403
    assert client.get("/audit/?cooperation=finnes-ikke").status_code == 403


def _grow(world, n: int) -> None:
    for day in range(n):
        meeting = MeetingFactory(
            body=world.kg,
            status=MeetingStatus.PLANNED,
            start=timezone.make_aware(dt.datetime(2026, 2, 1, 10, 0)) + dt.timedelta(days=day),
        )
        ItemFactory(meeting=meeting, number="1", title=f"Sak {day}")
        Seat.objects.create(person=PersonFactory(), body=world.kg, start=dt.date(2026, 1, 1))
    for membership in [MembershipFactory(cooperation=world.coop) for _ in range(n)]:
        withdraw(membership, dt.date(2026, 6, 30))


@pytest.mark.parametrize("extra", [0, 30])
def test_pages_take_a_fixed_number_of_queries(world, extra, django_assert_num_queries):
    _grow(world, extra)
    client = Client()
    client.force_login(world.secretariat)
    # session, user, the viewer's roles and seats, the meeting, count, one page of entries
    with django_assert_num_queries(7):
        assert client.get(_history(world.draft)).status_code == 200
    # session, user, roles, seats, the cooperations, count, one page of entries
    with django_assert_num_queries(7):
        assert client.get("/audit/?cooperation=osloregionen&kind=").status_code == 200
    with django_assert_num_queries(7):
        assert client.get("/audit/?cooperation=osloregionen&page=2").status_code == 200


def test_the_list_is_paginated_fifty_a_page(world, client):
    _grow(world, 30)
    total = AuditEntry.objects.filter(cooperation=world.coop).count()
    assert total > 100
    client.force_login(world.secretariat)
    first = client.get("/audit/?cooperation=osloregionen").context
    assert (len(first["rows"]), first["page"].paginator.num_pages) == (50, -(-total // 50))
    last = client.get(f"/audit/?cooperation=osloregionen&page={-(-total // 50)}").context
    assert len(last["rows"]) == total - 50 * (-(-total // 50) - 1)
    html = client.get("/audit/?cooperation=osloregionen&user=").content.decode()
    assert 'href="?cooperation=osloregionen&amp;user=&amp;page=2"' in html


def test_audited_models_are_the_ones_issue_8_names():
    from motebok.audit.queries import audited_models

    assert audited_models() == [
        Meeting,
        AgendaItem,
        Attendance,
        Contribution,
        Correction,
        Task,
        Seat,
        Membership,
    ]


def test_an_import_is_one_entry_per_meeting_and_later_edits_are_recorded(world):
    from pathlib import Path

    import motebok.core
    from motebok.documents.parse import parse_bytes
    from motebok.meetings.importing import apply_draft

    seed = Path(motebok.core.__file__).parent / "demo_data" / "osloregionen-kg-2025-01-21.txt"
    data = seed.read_bytes()
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    with acting(world.secretariat):
        result = apply_draft(
            parse_bytes(data, seed.name), cooperation=world.coop, source=data, source_name=seed.name
        )
    meeting = result.meeting
    written = AuditEntry.objects.filter(pk__gt=last).order_by("pk")
    created = [
        (e.content_type.model, e.object_id, e.actor_id, e.additional_data)
        for e in written
        if e.action == CREATE and e.content_type.model != "seat"
    ]
    assert created[0] == ("meeting", meeting.pk, world.secretariat.pk, {"bulk": True})
    assert {model for model, *_ in created} == {"meeting"}  # items, attendance … left out
    assert len(created) == 1 + len(result.planned_meetings)
    assert meeting.items.count() == 12
    item = meeting.items.order_by("position").first()
    with acting(world.secretariat):
        minutes.save_item_minutes(item, "Rettet etter import", item.conclusion, item.version)
    assert _summary(_last(item)) == (
        UPDATE,
        world.secretariat.pk,
        Source.SYSTEM,
        {"text": [item.text, "Rettet etter import"]},
    )
    assert _last(item).additional_data is None
