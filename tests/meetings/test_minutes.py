"""Taking minutes: permissions, concurrent edits, attendance, tasks, groups, approval, corrections."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from factories import (
    AttendanceFactory,
    ContributionFactory,
    ItemFactory,
    MeetingFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
)
from motebok.core.models import OutboxMessage
from motebok.followup.models import Task
from motebok.meetings import minutes
from motebok.meetings.enums import AttendanceStatus, ItemKind, MeetingStatus
from motebok.meetings.models import Attendance, Contribution, Correction
from motebok.meetings.services import set_status
from motebok.orgs.models import Body, Seat

HTMX = {"HTTP_HX_REQUEST": "true"}
REFUSED = ["other_cooperation", "member_of_other_body"]


def _t(msgid, **params):
    """The text as the (Norwegian) interface shows it, translated or not yet."""
    with translation.override("nb"):
        text = translation.gettext(msgid)
    return text % params if params else text


def _h(msgid, **params):
    return escape(_t(msgid, **params))


LOCKED = (
    "The minutes of this meeting are approved and locked. "
    "Record a correction on the minutes page instead."
)


@pytest.fixture
def org(world):
    """The organization medlem sits in the coordination group for."""
    org = OrganizationFactory(name="Asker og Bærum IPR")
    Seat.objects.filter(person__user=world.member).update(organization=org)
    return org


@pytest.fixture
def round_item(world):
    return ItemFactory(
        meeting=world.notice_sent, number="3", title="Runde rundt bordet", kind=ItemKind.ROUND_TABLE
    )


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _url(name, meeting, *args):
    return reverse(name, args=[meeting.pk, *args])


def _save(client, item, text, conclusion, version, **extra):
    data = {"text": text, "conclusion": conclusion, "version": version}
    return client.post(_url("minutes_item", item.meeting, item.pk), data, **extra)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("other_cooperation", 403),
        ("member_of_other_body", 403),
        ("member", 403),
        ("secretariat", 200),
        ("admin", 200),
    ],
)
def test_minutes_page_is_for_the_secretariat(world, role, status):
    client = _client(world.users()[role])
    assert client.get(_url("minutes_edit", world.notice_sent)).status_code == status
    item = world.notice_sent.items.get()
    response = _save(client, item, "Notat", "", 1)
    assert response.status_code == (302 if status == 200 else 403)


def test_anonymous_is_sent_to_sign_in_and_unknown_meeting_is_404(world, client):
    url = _url("minutes_edit", world.notice_sent)
    assert client.get(url).url == f"/login/?next={url}"
    round_url = _url("round_table_write", world.notice_sent)
    assert client.post(round_url, {}).url == f"/login/?next={round_url}"
    client.force_login(world.secretariat)
    assert client.get("/meetings/999999/minutes/").status_code == 404
    assert client.get("/meetings/999999/minutes/round/").status_code == 404


def test_second_writer_gets_409_with_both_versions_and_nothing_is_lost(world):
    item = world.notice_sent.items.get()
    first, second = _client(world.secretariat), _client(world.admin)
    for client in (first, second):
        html = client.get(_url("minutes_edit", world.notice_sent)).content.decode()
        assert f'id="{item.anchor}-version" value="1"' in html
    assert _save(first, item, "Første referent", "Vedtatt", 1).status_code == 302
    response = _save(second, item, "Andre referent", "Utsatt", 1)
    assert response.status_code == 409
    html = response.content.decode()
    assert _h("Someone else saved this item") in html
    assert html.count('data-conflict="theirs">Første referent<') == 1
    assert html.count('data-conflict="yours">Andre referent<') == 1
    assert html.count('data-conflict="theirs">Vedtatt<') == 1
    assert html.count('data-conflict="yours">Utsatt<') == 1
    assert 'name="overwrite" value="2"' in html
    assert ">Andre referent</textarea>" in html  # the second writer's text stays in the field
    item.refresh_from_db()
    assert (item.text, item.conclusion, item.version) == ("Første referent", "Vedtatt", 2)
    # Overwrite = submit again on the version now saved.
    data = {"text": "Andre referent", "conclusion": "Utsatt", "version": 1, "overwrite": 2}
    assert second.post(_url("minutes_item", world.notice_sent, item.pk), data).status_code == 302
    item.refresh_from_db()
    assert (item.text, item.conclusion, item.version) == ("Andre referent", "Utsatt", 3)


def test_htmx_autosave_answers_with_the_new_version_and_a_conflict_fragment(world):
    item = world.notice_sent.items.get()
    client = _client(world.secretariat)
    response = _save(client, item, "Skrevet\r\nlinje to", "", 1, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="{item.anchor}-version" value="2" hx-swap-oob="true"' in html
    item.refresh_from_db()
    assert item.text == "Skrevet\nlinje to"
    world.notice_sent.refresh_from_db()
    assert world.notice_sent.minutes_version == 2
    # The same text again is no new version (a repeated autosave is harmless).
    assert _save(client, item, "Skrevet\nlinje to", "", 2, **HTMX).status_code == 200
    item.refresh_from_db()
    assert item.version == 2
    response = _save(client, item, "Gammel tekst", "", 1, **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "<html" not in html
    assert 'data-conflict="theirs">Skrevet\nlinje to<' in html
    assert 'data-conflict="yours">Gammel tekst<' in html
    keep = client.get(_url("minutes_item", world.notice_sent, item.pk), **HTMX).content.decode()
    assert f'id="{item.anchor}-version" value="2"' in keep
    assert "Skrevet\nlinje to</textarea>" in keep


def test_service_raises_stale_edit_with_both_versions(world):
    item = world.notice_sent.items.get()
    minutes.save_item_minutes(item, "A", "B", 1)
    with pytest.raises(minutes.StaleEdit) as caught:
        minutes.save_item_minutes(item, "C", "D", 1)
    assert caught.value.theirs == {"text": "A", "conclusion": "B"}
    assert caught.value.yours == {"text": "C", "conclusion": "D"}
    assert (caught.value.version, caught.value.based_on) == (2, 1)


def test_attendance_is_recorded_per_row(world, org):
    client = _client(world.secretariat)
    person = world.member.person
    html = client.get(_url("minutes_edit", world.notice_sent)).content.decode()
    assert f'id="att-{person.pk}-status"' in html  # the body's member, nothing recorded yet
    url = _url("minutes_attendance", world.notice_sent)
    data = {"person": person.pk, "status": "absent", "role": "member"}
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200
    assert '<option value="absent" selected>' in response.content.decode()
    row = Attendance.objects.get(meeting=world.notice_sent, person=person)
    assert (row.status, row.role, row.organization) == ("absent", "member", org)
    client.post(url, {**data, "status": "substitute", "role": "chair"})
    row.refresh_from_db()
    assert (row.status, row.role) == (AttendanceStatus.SUBSTITUTE, "chair")
    guest = PersonFactory(name="Gjest")
    assert (
        client.post(url, {**data, "person": guest.pk}).status_code == 400
    )  # not of the cooperation
    assert client.post(url, {**data, "status": ""}, **HTMX).status_code == 200
    assert Attendance.objects.filter(meeting=world.notice_sent).count() == 1


def test_tasks_are_created_with_due_dates_and_responsibles(world, org):
    item = world.notice_sent.items.get()
    client = _client(world.secretariat)
    url = _url("minutes_task", world.notice_sent, item.pk)
    data = {
        "text": "Send innspill til sekretariatet",
        "due": "2025-03-01",
        "responsible_person": world.member.person.pk,
        "responsible_organization": org.pk,
        "responsible_body": world.board.pk,
    }
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200
    assert "Send innspill til sekretariatet" in response.content.decode()
    task = Task.objects.get()
    assert (task.due, task.cooperation, task.item) == (dt.date(2025, 3, 1), world.coop, item)
    assert (task.responsible_person, task.responsible_organization, task.responsible_body) == (
        world.member.person,
        org,
        world.board,
    )
    assert client.post(url, {"text": "Frist", "due": "2025-04-02"}).status_code == 302
    assert Task.objects.get(text="Frist").due == dt.date(2025, 4, 2)
    refused = client.post(url, {"text": "", "responsible_body": world.other_body.pk}, **HTMX)
    assert 'class="ds-error-summary"' in refused.content.decode()
    assert Task.objects.count() == 2


def test_group_is_a_body_under_the_meeting_body_with_one_seat_per_person(world, org):
    people = [world.member.person, PersonFactory(name="Kari")]
    SeatFactory(person=people[1], body=world.board)
    client = _client(world.secretariat)
    data = {
        "name": "Arbeidsgruppe kraft",
        "kind": "working_group",
        "people": [p.pk for p in people],
    }
    response = client.post(_url("minutes_group", world.notice_sent), data, **HTMX)
    assert response.status_code == 200
    group = Body.objects.get(name="Arbeidsgruppe kraft")
    assert (group.parent, group.cooperation, group.kind) == (world.kg, world.coop, "working_group")
    seats = list(group.seats.order_by("person__name"))
    assert [(s.person.name, s.organization, s.start) for s in seats] == [
        ("Kari", None, dt.date(2025, 1, 7)),
        ("Medlem", org, dt.date(2025, 1, 7)),
    ]
    again = client.post(_url("minutes_group", world.notice_sent), data, **HTMX).content.decode()
    assert (
        _h("The cooperation already has a body called %(name)s.", name="Arbeidsgruppe kraft")
        in again
    )
    assert Body.objects.filter(name="Arbeidsgruppe kraft").count() == 1


def test_publish_draft_sends_the_minutes_for_comments(world):
    client = _client(world.secretariat)
    world.member.person.email = "medlem@example.org"
    world.member.person.save()
    assert client.post(_url("minutes_publish", world.notice_sent)).status_code == 302
    world.notice_sent.refresh_from_db()
    assert world.notice_sent.status == MeetingStatus.MINUTES_DRAFT
    assert OutboxMessage.objects.get().to == ["medlem@example.org"]
    with pytest.raises(ValidationError):
        minutes.publish_draft(world.notice_sent)


def _next_meeting(world, approves=None):
    later = MeetingFactory(
        body=world.kg,
        status=MeetingStatus.NOTICE_SENT,
        start=timezone.make_aware(dt.datetime(2025, 2, 4, 10, 0)),
    )
    item = ItemFactory(
        meeting=later, kind=ItemKind.APPROVAL_OF_MINUTES, conclusion="", approves=approves
    )
    return later, item


def test_approval_locks_the_earlier_minutes_and_corrections_are_recorded(world):
    earlier = world.draft
    earlier_item = earlier.items.get()
    later, approval = _next_meeting(world)
    client = _client(world.secretariat)
    html = client.get(_url("minutes_edit", later)).content.decode()
    assert f'<option value="{earlier.pk}">' in html
    response = client.post(_url("minutes_approve", later, approval.pk), {"approves": earlier.pk})
    assert response.status_code == 302
    earlier.refresh_from_db()
    approval.refresh_from_db()
    assert earlier.status == MeetingStatus.MINUTES_APPROVED
    assert earlier.approved_at_meeting == later
    assert earlier.minutes_approved_at is not None
    assert (approval.approves, approval.conclusion) == (earlier, _t("Approved."))
    # Locked: saving is refused, with the text given back.
    refused = _save(client, earlier_item, "Endret etterpå", "", earlier_item.version)
    assert refused.status_code == 409
    assert _h(LOCKED) in refused.content.decode()
    assert "Endret etterpå</textarea>" in refused.content.decode()
    earlier_item.refresh_from_db()
    assert earlier_item.text == "Tekst i minutes_draft"
    # A correction records who, when, what and why.
    data = {"target": f"item:{earlier_item.pk}:conclusion", "new_value": "Rettet", "reason": "Feil"}
    assert client.post(_url("minutes_correct", earlier), data).status_code == 302
    correction = Correction.objects.get()
    assert (correction.made_by, correction.item, correction.field) == (
        world.secretariat,
        earlier_item,
        "conclusion",
    )
    assert (correction.old_value, correction.new_value, correction.reason) == (
        "Konklusjon i minutes_draft",
        "Rettet",
        "Feil",
    )
    earlier_item.refresh_from_db()
    assert earlier_item.conclusion == "Rettet"
    html = client.get(_url("minutes_edit", earlier)).content.decode()
    assert '<td class="item-text">Konklusjon i minutes_draft</td>' in html
    assert "<td>Feil</td>" in html
    no_reason = client.post(_url("minutes_correct", earlier), {**data, "reason": ""})
    assert 'class="ds-error-summary"' in no_reason.content.decode()
    assert Correction.objects.count() == 1


def test_approval_is_refused_unless_the_earlier_minutes_are_held_or_draft(world):
    for meeting in (world.planned, world.approved):
        _, item = _next_meeting(world, approves=meeting)
        with pytest.raises(ValidationError):
            minutes.conclude_approval(item)
        item.meeting.delete()
    refusal = _t("Only approved minutes are corrected; edit the draft minutes directly.")
    with pytest.raises(ValidationError, match=re.escape(refusal)):
        minutes.correct(world.draft.items.get(), "text", "Ny", "Grunn", world.secretariat)


def test_guard_refuses_every_edit_of_approved_minutes(world, org):
    item = world.approved.items.get()
    person = world.member.person
    for edit in (
        lambda: minutes.save_item_minutes(item, "x", "y", item.version),
        lambda: minutes.set_attendance(world.approved, person, "present"),
        lambda: minutes.write_contribution(item, org, "x", world.secretariat, 0),
        lambda: minutes.add_task(item, "x"),
        lambda: minutes.create_group(world.approved, "G", "working_group", [person]),
    ):
        with pytest.raises(ValidationError) as caught:
            edit()
        assert caught.value.code == "locked"


def test_member_writes_own_points_only(world, org, round_item):
    client = _client(world.member)
    url = _url("round_table_write", world.notice_sent)
    html = client.get(url).content.decode()
    assert f'id="contrib-{org.pk}-points"' in html
    data = {"organization": org.pk, "points": "Nytt renseanlegg\n- VEAS", "version": 0}
    assert client.post(url, data).status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.organization, contribution.written_by) == (org, world.member)
    assert contribution.point_rows == [("Nytt renseanlegg", False), ("VEAS", True)]
    other = OrganizationFactory()
    assert client.post(url, {**data, "organization": other.pk}).status_code == 403
    set_status(world.notice_sent, MeetingStatus.HELD)
    set_status(world.notice_sent, MeetingStatus.MINUTES_APPROVED)
    refused = client.post(url, {**data, "points": "Etter godkjenning", "version": 1})
    assert refused.status_code == 409
    assert _h(LOCKED) in refused.content.decode()
    assert Contribution.objects.get().points == "Nytt renseanlegg\n- VEAS"


@pytest.mark.parametrize("role", REFUSED)
def test_round_table_refuses_other_bodies_and_cooperations(world, round_item, org, role):
    client = _client(world.users()[role])
    url = _url("round_table_write", world.notice_sent)
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"organization": org.pk, "points": "x", "version": 0}).status_code == 403
    )
    assert Contribution.objects.count() == 0


def test_secretariat_edits_any_points_and_a_concurrent_edit_conflicts(world, org, round_item):
    ContributionFactory(item=round_item, organization=org, points="Fra medlem")
    secretariat, member = _client(world.secretariat), _client(world.member)
    url = _url("round_table_write", world.notice_sent)
    assert "Fra medlem</textarea>" in secretariat.get(url).content.decode()
    data = {"organization": org.pk, "points": "Rettet av sekretariatet", "version": 1}
    assert secretariat.post(url, data, **HTMX).status_code == 200
    response = member.post(url, {**data, "points": "Medlemmets tillegg"}, **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert _h("Someone else saved these points") in html
    assert 'data-conflict="theirs">Rettet av sekretariatet<' in html
    assert 'data-conflict="yours">Medlemmets tillegg<' in html
    page = member.post(url, {**data, "points": "Medlemmets tillegg"})  # without JavaScript
    assert page.status_code == 409
    assert "Medlemmets tillegg</textarea>" in page.content.decode()
    assert Contribution.objects.get().points == "Rettet av sekretariatet"


def _grow(meeting, org, n):
    for _ in range(n):
        item = ItemFactory(meeting=meeting, kind=ItemKind.ROUND_TABLE)
        ContributionFactory(item=item, organization=OrganizationFactory())
        Task.objects.create(cooperation=meeting.body.cooperation, item=item, text="t")
        AttendanceFactory(meeting=meeting, organization=org)
        SeatFactory(body=meeting.body, organization=OrganizationFactory())


@pytest.mark.parametrize("name", ["minutes_edit", "round_table_write"])
def test_query_count_is_fixed(world, org, name, django_assert_num_queries):
    client = _client(world.secretariat)
    url = _url(name, world.notice_sent)
    expected = {"minutes_edit": 16, "round_table_write": 8}[name]
    _grow(world.notice_sent, org, 1)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    _grow(world.notice_sent, org, 15)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_corrections_fragment_renders_on_its_own(world):
    from django.template.loader import render_to_string

    item = world.approved.items.get()
    minutes.correct(item, "text", "Ny tekst", "Skrivefeil", world.secretariat)
    html = render_to_string(
        "meetings/minutes/_corrections.html", {"corrections": world.approved.corrections.all()}
    )
    assert "<td>Skrivefeil</td>" in html
    assert '<td class="item-text">Tekst i minutes_approved</td>' in html
    assert '<td class="item-text">Ny tekst</td>' in html
