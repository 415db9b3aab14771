import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone
from icalendar import Calendar

from factories import BodyFactory, MeetingFactory, PersonFactory, SeatFactory, UserFactory
from motebok.meetings import personal_calendar, services
from motebok.meetings.enums import MeetingStatus
from motebok.meetings.models import CalendarToken, Meeting

pytestmark = pytest.mark.django_db


def _uid(meeting):
    return f"meeting-{meeting.pk}@motebok"


def _feed(client, user):
    token = personal_calendar.issue_token(user)
    response = client.get(f"/calendar/{token.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}, calendar, response


@pytest.fixture
def feed_world(world):
    """The world's January 2025 meetings moved to next month (so the two-year window never
    drops them), plus a moved, a cancelled, a too-old meeting and one of the other cooperation."""
    now = timezone.now().replace(second=0, microsecond=0)
    shift = now - world.planned.start + dt.timedelta(days=30)
    Meeting.objects.update(start=F("start") + shift, end=F("end") + shift)
    for meeting in (world.planned, world.notice_sent, world.draft, world.approved):
        meeting.refresh_from_db()
    world.moved = MeetingFactory(body=world.kg, start=now + dt.timedelta(days=10), place="Rom 2")
    services.reschedule(world.moved, now + dt.timedelta(days=12))
    world.cancelled = MeetingFactory(body=world.kg, start=now + dt.timedelta(days=20))
    services.set_status(world.cancelled, MeetingStatus.CANCELLED)
    world.too_old = MeetingFactory(body=world.kg, start=now - dt.timedelta(days=800))
    world.board_meeting = MeetingFactory(body=world.board, start=now + dt.timedelta(days=5))
    world.other_meeting = MeetingFactory(body=world.other_body, start=now + dt.timedelta(days=6))
    return world


def test_member_feed_round_trips_with_uids_sequences_and_statuses(client, feed_world):
    w = feed_world
    events, calendar, response = _feed(client, w.member)
    assert str(calendar["x-wr-calname"]) == "Møtene til medlem (Møtebok)"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Oslo"
    kg = [w.planned, w.notice_sent, w.draft, w.approved, w.moved, w.cancelled]
    assert sorted(events) == sorted(_uid(m) for m in kg)
    assert {uid: (int(e["sequence"]), str(e["status"])) for uid, e in events.items()} == {
        _uid(m): (0, "CONFIRMED") for m in kg[:4]
    } | {
        _uid(w.moved): (1, "CONFIRMED"),
        _uid(w.cancelled): (1, "CANCELLED"),
    }
    moved = events[_uid(w.moved)]
    w.moved.refresh_from_db()
    assert moved.decoded("dtstart") == w.moved.start
    assert str(moved["location"]) == "Rom 2"
    assert str(moved["url"]) == f"http://127.0.0.1:8000/meetings/{w.moved.pk}/"
    assert response["Cache-Control"] == "private, max-age=0"
    body = response.content.decode()
    for marker in ("Sak i planned", "Tekst i", "Konklusjon i", "Unntatt vedlegg"):
        assert marker not in body


def test_secretariat_gets_every_body_of_its_cooperation_and_nothing_else(client, feed_world):
    w = feed_world
    events, _, _ = _feed(client, w.secretariat)
    expected = [w.planned, w.notice_sent, w.draft, w.approved, w.moved, w.cancelled]
    assert sorted(events) == sorted(_uid(m) for m in [*expected, w.board_meeting])


def test_user_of_another_cooperation_gets_none_of_this_cooperations_meetings(client, feed_world):
    events, _, response = _feed(client, feed_world.other)
    assert list(events) == [_uid(feed_world.other_meeting)]
    assert "Koordineringsgruppen" not in response.content.decode()


def test_ended_seat_and_no_seat_give_no_meetings(client, feed_world):
    former = UserFactory(username="tidligere")
    person = PersonFactory(user=former)
    SeatFactory(person=person, body=feed_world.kg, end=timezone.localdate() - dt.timedelta(days=1))
    events, _, _ = _feed(client, former)
    assert events == {}
    events, _, _ = _feed(client, UserFactory())
    assert events == {}


def test_bad_regenerated_and_inactive_tokens_answer_404(client, feed_world):
    user = feed_world.member
    old = personal_calendar.issue_token(user).token
    assert client.get(f"/calendar/{old}.ics").status_code == 200
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    assert client.get(f"/calendar/{old[:-1]}.ics").status_code == 404
    new = personal_calendar.issue_token(user).token
    assert new != old
    assert CalendarToken.objects.filter(user=user).count() == 1
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200
    user.is_active = False
    user.save()
    assert client.get(f"/calendar/{new}.ics").status_code == 404
    assert client.post(f"/calendar/{new}.ics").status_code == 405


@pytest.mark.parametrize("extra_bodies", [1, 6])
def test_feed_query_count_is_fixed(client, feed_world, extra_bodies, django_assert_num_queries):
    world = feed_world
    person = world.member.person
    for n in range(extra_bodies):
        body = BodyFactory(cooperation=world.coop)
        SeatFactory(person=person, body=body)
        for day in range(n + 1):
            MeetingFactory(body=body, start=timezone.now() + dt.timedelta(days=day))
    token = personal_calendar.issue_token(world.member).token
    with django_assert_num_queries(2):
        response = client.get(f"/calendar/{token}.ics")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 6 + extra_bodies * (extra_bodies + 1) // 2


def test_page_needs_sign_in(client, db):
    response = client.get("/calendar/")
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/calendar/")
    response = client.post("/calendar/new/")
    assert (response.status_code, response["Location"]) == (302, "/login/?next=/calendar/new/")
    assert CalendarToken.objects.count() == 0


def test_page_makes_shows_and_replaces_the_address_after_confirmation(client, world):
    client.force_login(world.member)
    page = client.get("/calendar/").content.decode()
    assert '<form method="post" action="/calendar/new/">' in page
    assert 'id="calendar-url"' not in page
    assert 'href="/calendar/"' in client.get("/").content.decode()  # linked from the navigation
    response = client.post("/calendar/new/")
    assert (response.status_code, response["Location"]) == (302, "/calendar/")
    first = CalendarToken.objects.get(user=world.member).token
    page = client.get("/calendar/").content.decode()
    assert f'value="http://127.0.0.1:8000/calendar/{first}.ics"' in page
    assert f'href="webcal://127.0.0.1:8000/calendar/{first}.ics"' in page
    confirm = client.get("/calendar/new/")
    assert confirm.status_code == 200
    assert CalendarToken.objects.get(user=world.member).token == first  # GET changes nothing
    assert 'method="post" action="/calendar/new/"' in confirm.content.decode()
    client.post("/calendar/new/")
    second = CalendarToken.objects.get(user=world.member).token
    assert second != first
    assert first not in client.get("/calendar/").content.decode()
    assert client.get(f"/calendar/{first}.ics").status_code == 404
    client.force_login(world.board_member)  # another user's page shows none of it
    assert second not in client.get("/calendar/").content.decode()


@pytest.mark.parametrize("others", [1, 8])
def test_page_query_count_is_fixed(client, world, others, django_assert_num_queries):
    for _ in range(others):  # other users' addresses are not read
        personal_calendar.issue_token(UserFactory())
    personal_calendar.issue_token(world.member)
    client.force_login(world.member)
    with django_assert_num_queries(5):  # session, user, the viewer's roles and seats, the token
        response = client.get("/calendar/")
    assert response.status_code == 200
