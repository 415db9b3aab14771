import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from motebok.core import demo
from motebok.followup.models import Task
from motebok.meetings.enums import AttendanceStatus, ItemKind, MeetingStatus
from motebok.meetings.models import Meeting
from motebok.orgs.models import Body, Membership, Organization
from motebok.programme.models import Activity, Theme

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def loaded(db):
    return demo.load(today=TODAY)


def _seed(cooperation):
    return Meeting.objects.get(body__cooperation=cooperation, start__date=dt.date(2025, 1, 21))


def test_seed_meeting_is_complete(loaded):
    meeting = _seed(loaded)
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    assert meeting.body.slug == "koordineringsgruppen"
    assert timezone.localtime(meeting.start).strftime("%Y-%m-%d %H:%M") == "2025-01-21 10:00"
    assert timezone.localtime(meeting.end).strftime("%H:%M") == "13:00"
    assert meeting.place == "Oslo rådhus, møtesenteret - møterom 2"
    assert meeting.attendances.filter(status=AttendanceStatus.PRESENT).count() == 13
    assert [i.number for i in meeting.items.order_by("position")] == [str(n) for n in range(1, 13)]
    round_table = meeting.items.get(number="3")
    assert round_table.kind == ItemKind.ROUND_TABLE
    assert round_table.contributions.count() == 10
    assert sorted(meeting.items.exclude(conclusion="").values_list("number", flat=True), key=int) == [
        "1", "2", "6", "8", "9", "10", "11", "12",
    ]  # fmt: skip
    tasks = Task.objects.filter(item__meeting=meeting).order_by("due")
    assert [(t.due, t.status) for t in tasks] == [
        (dt.date(2025, 1, 27), "open"),
        (dt.date(2025, 2, 3), "open"),
        (dt.date(2025, 3, 1), "open"),
    ]


def test_contributions_are_matched_to_member_regions(loaded):
    item = _seed(loaded).items.get(number="3")
    names = [c.organization.name for c in item.contributions.order_by("position")]
    assert names == [
        "Asker og Bærum IPR",
        "Drammensregionen IPR",
        "Oslo kommune",
        "Ringeriksregionen IPR",
        "Hadelandsregionen IPR",
        "Folloregionen IPR",
        "Samarbeidsrådet for Nedre Romerike",
        "Gardermoregionen IPR",
        "Gjøvikregionen IPR",
        "Kongsvingerregionen IPR",
    ]


def test_secretariat_sits_for_the_cooperation(loaded):
    attendance = _seed(loaded).attendances.select_related("person", "organization")
    roles = {
        a.person.name: (a.organization.name, a.role) for a in attendance if a.organization == loaded
    }
    assert roles == {
        "Eva Næss Karlsen": ("Osloregionen", "deputy_chair"),
        "Karoline Holmstrøm Ulateig": ("Osloregionen", "secretariat"),
        "Målfrid Baik": ("Osloregionen", "chair"),
    }


def test_meetings_the_minutes_plan_and_move(loaded):
    board = Meeting.objects.get(body__slug="styret", start__date=dt.date(2025, 2, 6))
    assert timezone.localtime(board.start).strftime("%H:%M") == "12:00"
    assert [i.number for i in board.items.order_by("position")] == [str(n) for n in range(13, 22)]
    moves = {
        timezone.localtime(m.start).date(): timezone.localtime(m.rescheduled_from).date()
        for m in Meeting.objects.filter(
            body__slug="koordineringsgruppen", rescheduled_from__isnull=False
        )
    }
    assert moves == {
        dt.date(2025, 4, 29): dt.date(2025, 5, 6),
        dt.date(2025, 9, 9): dt.date(2025, 9, 23),
        dt.date(2025, 11, 4): dt.date(2025, 11, 18),
    }
    assert not Meeting.objects.filter(
        body__slug="koordineringsgruppen", start__date=dt.date(2025, 5, 6)
    ).exists()


def test_withdrawals_programme_and_priorities(loaded):
    withdrawn = Membership.objects.filter(cooperation=loaded, end__isnull=False)
    assert sorted((m.organization.name, m.end) for m in withdrawn) == [
        ("Bærum kommune", dt.date(2025, 12, 31)),
        ("Lørenskog kommune", dt.date(2025, 12, 31)),
    ]
    deprioritized = Activity.objects.filter(
        programme__title="Handlingsprogram 2025", status="deprioritized"
    )
    assert {"Foresight", "Indeks Osloregionen"} <= set(
        deprioritized.values_list("title", flat=True)
    )
    assert sorted(Theme.objects.filter(priority_year=2025).values_list("name", flat=True)) == [
        "Jernbane",
        "Kraft og energi",
        "Oslofjorden",
    ]


SECRETARIAT = ["Eva Næss Karlsen", "Karoline Holmstrøm Ulateig", "Målfrid Baik"]


def test_groups_become_bodies_with_seats(loaded):
    """The named members, and the secretariat that each group is set up "together with"."""
    groups = Body.objects.filter(cooperation=loaded, parent__slug="koordineringsgruppen").order_by(
        "name"
    )
    members = {(b.name, b.kind): sorted(s.person.name for s in b.seats.all()) for b in groups}
    assert members == {
        ("Arbeidsgruppe: Arendalsuken og BEST", "working_group"): sorted(
            ["Dag Aanensen", "Ola Haave", "Svein Håvar Korshavn", *SECRETARIAT]
        ),
        (
            "Arbeidsgruppe: Politiske temaer til diskusjon i politiske organer",
            "working_group",
        ): sorted(["Anne Huse", "Nina Mosseby", "Ola Haave", *SECRETARIAT]),
        ("Programkomite for BEST-konferansen", "programme_committee"): sorted(
            ["Bjarne Haslund", "Nina Mosseby", "Ola Haave", "Svein Frydenlund", *SECRETARIAT]
        ),
    }


def test_a_second_load_changes_nothing(loaded, capsys):
    counts = (Organization.objects.count(), Meeting.objects.count(), Task.objects.count())
    call_command("load_demo")
    assert (Organization.objects.count(), Meeting.objects.count(), Task.objects.count()) == counts
    out = capsys.readouterr().out
    assert "The demo data is already loaded; reusing it." in out
    assert "sekretariat" in out and "medlem" in out and "annen" in out


def test_other_cooperation_cannot_see_osloregionen_drafts(loaded, client):
    board = Meeting.objects.get(body__slug="styret", start__date=dt.date(2025, 2, 6))
    client.login(username="annen", password=demo.DEMO_PASSWORD)
    html = client.get(board.get_absolute_url()).content.decode()
    assert "Sluttrapport Energistasjonsprosjektet" not in html
    client.logout()
    client.login(username="sekretariat", password=demo.DEMO_PASSWORD)
    html = client.get(board.get_absolute_url()).content.decode()
    assert "Sluttrapport Energistasjonsprosjektet fase I og oppstart fase II" in html
