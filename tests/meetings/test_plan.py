"""The meeting plan: services, notifications with calendar invitations, timing rules and pages."""

import datetime as dt

import factory
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from factories import MeetingFactory, PersonFactory, SeatFactory
from motebok.core.models import OutboxMessage
from motebok.meetings import plan
from motebok.meetings.enums import MeetingStatus
from motebok.orgs.models import TimingRule


class TimingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimingRule

    min_days = 7
    reason = "its minutes go with the board's papers"


def at(month, day, hour=10):
    return timezone.make_aware(dt.datetime(2025, month, day, hour, 0))


@pytest.fixture
def seated(world):
    """KG's seat holders: two with an address (their own, or their user's), one without, and
    two whose seats are not current. Returns the addresses that must be written to."""
    world.member.email = "medlem@example.org"
    world.member.save()
    SeatFactory(body=world.kg, person=PersonFactory(name="Ada", email="ada@example.org"))
    SeatFactory(body=world.kg, person=PersonFactory(name="Uten Adresse"))
    SeatFactory(
        body=world.kg,
        person=PersonFactory(name="Tidligere", email="old@example.org"),
        end=dt.date(2021, 1, 1),
    )
    SeatFactory(
        body=world.kg,
        person=PersonFactory(name="Senere", email="later@example.org"),
        start=timezone.localdate() + dt.timedelta(days=30),
    )
    SeatFactory(body=world.board, person=PersonFactory(name="Styre", email="board@example.org"))
    return [["ada@example.org"], ["medlem@example.org"]]


def _ics(message):
    attachment = message.attachments.get()
    calendar = Calendar.from_ical(bytes(attachment.content))
    return attachment, calendar, calendar.walk("VEVENT")[0]


def test_move_keeps_history_and_mails_an_updated_invitation(
    world, seated, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(body=world.kg, start=at(3, 11), end=at(3, 11, 13))
    with django_capture_on_commit_callbacks(execute=True):
        plan.move_meeting(meeting, at(3, 18, 12))
    meeting.refresh_from_db()
    assert (meeting.start, meeting.end, meeting.rescheduled_from) == (
        at(3, 18, 12),
        at(3, 18, 15),
        at(3, 11),
    )
    assert meeting.sequence == 1
    messages = list(OutboxMessage.objects.order_by("to"))
    assert [m.to for m in messages] == seated
    assert sorted(m.to for m in mailoutbox) == seated
    assert [m.dedup_key for m in messages] == [
        f"plan:{meeting.pk}:{p.pk}:1"
        for p in (world.kg.seats.get(person__name="Ada").person, world.member.person)
    ]
    assert {m.cooperation_id for m in messages} == {world.coop.pk}
    attachment, calendar, event = _ics(messages[0])
    assert (attachment.filename, attachment.content_type) == (
        f"motebok-{meeting.pk}.ics",
        "text/calendar; method=REQUEST",
    )
    assert (str(calendar["method"]), str(event["uid"]), int(event["sequence"])) == (
        "REQUEST",
        f"meeting-{meeting.pk}@motebok",
        1,
    )
    assert event.decoded("dtstart") == at(3, 18, 12)
    assert mailoutbox[0].attachments[0][0] == f"motebok-{meeting.pk}.ics"


def test_move_message_text(world, seated, settings):
    settings.LANGUAGE_CODE = "en"
    meeting = MeetingFactory(body=world.kg, start=at(3, 11), end=at(3, 11, 13), place="Rådhuset")
    plan.move_meeting(meeting, at(3, 18, 12))
    message = OutboxMessage.objects.get(to=["ada@example.org"])
    assert message.subject == "Meeting moved: Koordineringsgruppen March 18, 2025"
    assert message.body == (
        "Hello Ada,\n\nThe meeting of Koordineringsgruppen has been moved.\n\n"
        "Time: March 18, 2025 12:00–15:00\nUntil now: March 11, 2025 10:00\n"
        "Place: Rådhuset\n\nThe calendar invitation is attached.\n\n"
        f"http://127.0.0.1:8000/meetings/{meeting.pk}/\n"
    )


def test_the_same_notification_is_not_sent_twice(world, seated):
    meeting = MeetingFactory(body=world.kg, start=at(3, 11))
    plan.move_meeting(meeting, at(3, 18))
    assert OutboxMessage.objects.count() == 2
    assert plan.notify_seat_holders(meeting, plan.MOVED) == []
    assert OutboxMessage.objects.count() == 2


def test_a_second_move_keeps_the_date_it_replaced(world, seated):
    meeting = MeetingFactory(body=world.kg, start=at(3, 11))
    plan.move_meeting(meeting, at(3, 18))
    plan.move_meeting(meeting, at(3, 25))
    meeting.refresh_from_db()
    assert (meeting.start, meeting.rescheduled_from, meeting.sequence) == (at(3, 25), at(3, 11), 2)
    assert OutboxMessage.objects.count() == 4
    plan.move_meeting(meeting, at(3, 11))
    meeting.refresh_from_db()
    assert (meeting.start, meeting.rescheduled_from, meeting.sequence) == (at(3, 11), None, 3)


def test_cancel_sends_a_cancellation(world, seated):
    meeting = MeetingFactory(body=world.kg, start=at(3, 11), status=MeetingStatus.NOTICE_SENT)
    plan.cancel_meeting(meeting)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (MeetingStatus.CANCELLED, 1)
    messages = list(OutboxMessage.objects.order_by("to"))
    assert [m.to for m in messages] == seated
    attachment, calendar, event = _ics(messages[0])
    assert attachment.content_type == "text/calendar; method=CANCEL"
    assert (str(calendar["method"]), str(event["status"]), int(event["sequence"])) == (
        "CANCEL",
        "CANCELLED",
        1,
    )


def test_create_invites_the_members(world, seated):
    meeting = plan.create_meeting(
        world.kg, start=at(4, 1), end=at(4, 1, 12), place="Oslo", kind="webinar"
    )
    assert (meeting.status, meeting.sequence, meeting.kind) == ("planned", 0, "webinar")
    messages = list(OutboxMessage.objects.order_by("to"))
    assert [m.to for m in messages] == seated
    attachment, calendar, event = _ics(messages[0])
    assert (attachment.content_type, str(calendar["method"]), int(event["sequence"])) == (
        "text/calendar; method=REQUEST",
        "REQUEST",
        0,
    )


@pytest.mark.parametrize("status", ["held", "minutes_draft", "minutes_approved", "cancelled"])
def test_only_planned_meetings_change(world, seated, status):
    meeting = MeetingFactory(body=world.kg, start=at(3, 11), status=status)
    with pytest.raises(ValidationError):
        plan.move_meeting(meeting, at(3, 18))
    with pytest.raises(ValidationError):
        plan.cancel_meeting(meeting)
    meeting.refresh_from_db()
    assert (meeting.start, meeting.status, meeting.sequence) == (at(3, 11), status, 0)
    assert OutboxMessage.objects.count() == 0


def test_create_refuses_an_end_before_the_start(world):
    with pytest.raises(ValidationError):
        plan.create_meeting(world.kg, start=at(4, 1, 12), end=at(4, 1, 10))
    assert world.kg.meetings.filter(start__month=4).count() == 0


@pytest.mark.parametrize("days_before", [3, 7, 8])
def test_timing_rule_warning(world, days_before):
    TimingRuleFactory(body=world.kg, before=world.board)
    MeetingFactory(body=world.board, start=at(3, 14))
    MeetingFactory(body=world.kg, start=at(3, 14 - days_before))
    MeetingFactory(body=world.kg, start=at(3, 1), status=MeetingStatus.CANCELLED)
    with translation.override("en"):
        warnings = plan.plan_warnings(world.kg, 2025), plan.plan_warnings(world.board, 2025)
    expected = (
        [
            "Koordineringsgruppen meets on March 11, 2025, 3 days before Styret meets on "
            "March 14, 2025. It should meet at least 7 days before. "
            "Reason: its minutes go with the board's papers"
        ]
        if days_before == 3
        else []
    )
    assert warnings == (expected, expected)
    assert plan.plan_warnings(world.kg, 2024) == []


# Pages ------------------------------------------------------------------------------------------

ALL_ROLES = ["other_cooperation", "member_of_other_body", "member", "secretariat", "admin"]
ALLOWED = {"secretariat", "admin"}


def _as(client, world, role):
    client.force_login(world.users()[role])
    return client


def test_plan_page_sends_anonymous_users_to_log_in(client, world):
    meeting = MeetingFactory(body=world.kg, start=at(3, 11))
    for url in (
        reverse("plan_year", args=["kg", 2025]),
        reverse("plan_move", args=[meeting.pk]),
        reverse("plan_cancel", args=[meeting.pk]),
    ):
        response = client.get(url)
        assert (response.status_code, response.url) == (302, f"/login/?next={url}")


@pytest.mark.parametrize("role", ALL_ROLES)
def test_plan_pages_only_for_the_secretariat(client, world, role):
    meeting = MeetingFactory(body=world.kg, start=at(3, 11))
    _as(client, world, role)
    expected = 200 if role in ALLOWED else 403
    assert client.get(reverse("plan_year", args=["kg", 2025])).status_code == expected
    assert client.get(reverse("plan_move", args=[meeting.pk])).status_code == expected
    assert client.get(reverse("plan_cancel", args=[meeting.pk])).status_code == expected
    post = client.post(reverse("plan_cancel", args=[meeting.pk]))
    assert post.status_code == (302 if role in ALLOWED else 403)
    meeting.refresh_from_db()
    assert meeting.status == ("cancelled" if role in ALLOWED else "planned")


def test_plan_page_unknown_body_or_meeting_is_404(client, world):
    _as(client, world, "secretariat")
    assert client.get(reverse("plan_year", args=["nobody", 2025])).status_code == 404
    assert client.get(reverse("plan_year", args=["kg", 1800])).status_code == 404
    assert client.get(reverse("plan_move", args=[999999])).status_code == 404
    assert client.get(reverse("plan_cancel", args=[999999])).status_code == 404


def test_plan_page_shows_meetings_moves_and_warnings(client, world):
    TimingRuleFactory(body=world.kg, before=world.board)
    MeetingFactory(body=world.board, start=at(3, 14))
    moved = MeetingFactory(body=world.kg, start=at(3, 4))
    plan.move_meeting(moved, at(3, 11))
    _as(client, world, "secretariat")
    response = client.get(reverse("plan_year", args=["kg", 2025]))
    html = response.content.decode()
    assert [m.pk for m in response.context["meetings"]] == [
        world.planned.pk,
        world.notice_sent.pk,
        world.draft.pk,
        world.approved.pk,
        moved.pk,
    ]
    assert html.count('class="ds-alert" data-color="warning"') == 1
    assert len(response.context["warnings"]) == 1
    assert "flyttet fra 4. mars 2025" in html
    assert html.count(reverse("plan_move", args=[moved.pk])) == 1
    assert reverse("plan_move", args=[world.draft.pk]) not in html  # held meetings do not move


def test_add_meeting_through_the_form(client, world, seated):
    _as(client, world, "secretariat")
    response = client.post(
        reverse("plan_year", args=["kg", 2025]),
        {
            "date": "2025-05-06",
            "start_time": "09:30",
            "end_time": "11:00",
            "place": "Oslo rådhus",
            "online_url": "https://meet.example.org/kg",
            "kind": "meeting",
        },
    )
    meeting = world.kg.meetings.get(start__month=5)
    assert (response.status_code, response.url) == (302, "/plan/kg/2025/")
    assert (meeting.start, meeting.end, meeting.place, meeting.online_url, meeting.status) == (
        at(5, 6, 9) + dt.timedelta(minutes=30),
        at(5, 6, 11),
        "Oslo rådhus",
        "https://meet.example.org/kg",
        "planned",
    )
    assert OutboxMessage.objects.count() == 2


def test_add_meeting_form_errors_are_shown_at_the_field(client, world):
    _as(client, world, "secretariat")
    response = client.post(
        reverse("plan_year", args=["kg", 2025]),
        {"date": "", "start_time": "12:00", "end_time": "11:00", "kind": "meeting"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["form"].errors == {
        "date": ["Feltet er påkrevet."],
        "end_time": ["Møtet må slutte etter at det starter."],
    }
    assert 'class="ds-error-summary"' in html
    assert '<a class="ds-link" href="#id_date">' in html
    assert 'id="id_end_time_error"' in html
    assert 'aria-describedby="id_end_time_helptext id_end_time_error"' in html
    assert world.kg.meetings.count() == 4


def test_move_through_the_form(client, world, seated):
    meeting = MeetingFactory(body=world.kg, start=at(3, 11), end=at(3, 11, 13))
    _as(client, world, "secretariat")
    form = client.get(reverse("plan_move", args=[meeting.pk])).context["form"]
    assert (form["date"].value(), form["start_time"].value(), form["end_time"].value()) == (
        dt.date(2025, 3, 11),
        dt.time(10, 0),
        dt.time(13, 0),
    )
    response = client.post(
        reverse("plan_move", args=[meeting.pk]),
        {"date": "2026-01-13", "start_time": "10:00", "end_time": ""},
    )
    assert (response.status_code, response.url) == (302, "/plan/kg/2026/")
    meeting.refresh_from_db()
    assert (meeting.start, meeting.end, meeting.rescheduled_from, meeting.sequence) == (
        timezone.make_aware(dt.datetime(2026, 1, 13, 10)),
        timezone.make_aware(dt.datetime(2026, 1, 13, 13)),
        at(3, 11),
        1,
    )
    assert OutboxMessage.objects.count() == 2


def test_move_of_a_held_meeting_shows_why_not(client, world):
    _as(client, world, "secretariat")
    response = client.post(
        reverse("plan_move", args=[world.draft.pk]),
        {"date": "2025-02-13", "start_time": "10:00"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Bare et planlagt møte kan flyttes."]
    world.draft.refresh_from_db()
    assert world.draft.start == at(1, 8)


def test_cancel_asks_first(client, world, seated):
    meeting = MeetingFactory(body=world.kg, start=at(3, 11))
    _as(client, world, "secretariat")
    page = client.get(reverse("plan_cancel", args=[meeting.pk]))
    assert page.status_code == 200
    assert f'<form method="post" action="/plan/meetings/{meeting.pk}/cancel/"' in (
        page.content.decode()
    )
    meeting.refresh_from_db()
    assert (meeting.status, OutboxMessage.objects.count()) == ("planned", 0)
    response = client.post(reverse("plan_cancel", args=[meeting.pk]))
    assert (response.status_code, response.url) == (302, "/plan/kg/2025/")
    meeting.refresh_from_db()
    assert (meeting.status, OutboxMessage.objects.count()) == ("cancelled", 2)


def test_cancel_of_a_held_meeting_shows_why_not(client, world):
    _as(client, world, "secretariat")
    response = client.post(reverse("plan_cancel", args=[world.approved.pk]))
    assert (response.status_code, response.context["error"]) == (
        200,
        "Bare et planlagt møte kan avlyses.",
    )
    world.approved.refresh_from_db()
    assert world.approved.status == "minutes_approved"


def _grow_plan(world, n):
    for day in range(n):
        MeetingFactory(body=world.kg, start=at(6, 1) + dt.timedelta(days=day))
        MeetingFactory(body=world.board, start=at(6, 3) + dt.timedelta(days=day))


def test_plan_page_query_count_is_fixed(client, world, django_assert_num_queries):
    TimingRuleFactory(body=world.kg, before=world.board)
    TimingRuleFactory(body=world.board, before=world.kg, min_days=1)
    _as(client, world, "secretariat")
    url = reverse("plan_year", args=["kg", 2025])
    _grow_plan(world, 1)
    with django_assert_num_queries(8):
        assert len(client.get(url).context["meetings"]) == 5
    _grow_plan(world, 40)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["meetings"]) == 45
    assert len(response.context["warnings"]) == 41
