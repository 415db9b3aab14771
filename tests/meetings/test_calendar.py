import datetime as dt

from django.utils import timezone
from icalendar import Calendar

from factories import MeetingFactory
from motebok.meetings import services
from motebok.meetings.enums import MeetingStatus


def _events(response):
    calendar = Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}, calendar


def test_body_calendar_round_trips_moves_and_cancellations(
    client, world, django_assert_num_queries
):
    now = timezone.now().replace(second=0, microsecond=0)
    moved = MeetingFactory(
        body=world.kg, start=now + dt.timedelta(days=10), place="Oslo rådhus, møterom 2"
    )
    services.reschedule(moved, now + dt.timedelta(days=12))
    cancelled = MeetingFactory(body=world.kg, start=now + dt.timedelta(days=20))
    services.set_status(cancelled, MeetingStatus.CANCELLED)
    MeetingFactory(
        body=world.board, start=now + dt.timedelta(days=5)
    )  # another body: not in the feed
    with django_assert_num_queries(2):
        response = client.get("/bodies/kg/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events, calendar = _events(response)
    assert str(calendar["x-wr-calname"]) == "Koordineringsgruppen (Osloregionen)"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Oslo"
    assert len(events) == 6  # the four meetings of the world in January 2025, and these two
    event = events[f"meeting-{moved.pk}@motebok"]
    assert (int(event["sequence"]), str(event["status"]), str(event["location"])) == (
        1,
        "CONFIRMED",
        "Oslo rådhus, møterom 2",
    )
    assert event.decoded("dtstart") == moved.start
    assert str(events[f"meeting-{cancelled.pk}@motebok"]["status"]) == "CANCELLED"
    assert int(events[f"meeting-{cancelled.pk}@motebok"]["sequence"]) == 1


def test_body_calendar_of_unknown_body_is_404(client, db):
    assert client.get("/bodies/nobody/calendar.ics").status_code == 404
