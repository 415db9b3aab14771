import datetime as dt

from django.utils import timezone

from factories import BodyFactory, MeetingFactory, SeatFactory
from motebok.meetings.enums import MeetingStatus


def _add_bodies(cooperation, n, now):
    for i in range(n):
        body = BodyFactory(cooperation=cooperation)
        MeetingFactory(
            body=body, status=MeetingStatus.MINUTES_APPROVED, start=now - dt.timedelta(days=30 + i)
        )
        MeetingFactory(body=body, start=now + dt.timedelta(days=3 + i))


def test_front_page_lists_upcoming_and_latest_minutes(client, world):
    now = timezone.now()
    upcoming = MeetingFactory(body=world.board, start=now + dt.timedelta(days=2), place="Møterom Ø")
    html = client.get("/").content.decode()
    assert "Møterom Ø" in html
    assert f'href="{upcoming.get_absolute_url()}"' in html
    assert f'href="/meetings/{world.approved.pk}/"' in html  # the KG's latest approved minutes


def test_front_page_query_count_is_fixed(client, world, django_assert_num_queries):
    now = timezone.now()
    _add_bodies(world.coop, 2, now)
    with django_assert_num_queries(2):
        client.get("/")
    _add_bodies(world.coop, 20, now)
    with django_assert_num_queries(2):
        html = client.get("/").content.decode()
    assert html.count('class="ds-card"') == 23


def test_body_page_shows_members_and_plan(client, world):
    seat = SeatFactory(
        body=world.kg, organization=world.coop, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)
    )
    html = client.get("/bodies/kg/?year=2025").content.decode()
    assert "Medlem" in html
    assert seat.person.name in html  # a former member, under "Tidligere medlemmer"
    assert "Tidligere medlemmer (1)" in html
    assert html.count('href="/meetings/') == 4 + 0  # the four KG meetings of January 2025


def test_body_page_query_count_is_fixed(client, world, django_assert_num_queries):
    with django_assert_num_queries(4):
        client.get("/bodies/kg/?year=2025")
    for day in range(10, 28):
        MeetingFactory(body=world.kg, start=timezone.make_aware(dt.datetime(2025, 2, day, 10)))
        SeatFactory(body=world.kg)
    with django_assert_num_queries(4):
        client.get("/bodies/kg/?year=2025")


def test_body_page_ignores_a_bad_year(client, world):
    assert client.get("/bodies/kg/?year=abc").status_code == 200
    assert client.get("/bodies/kg/?year=99999").status_code == 200
    assert client.get("/bodies/no-such-body/").status_code == 404
