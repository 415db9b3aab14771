"""The demo's calls, programme history, links and themes (``calls.demo`` and ``programme.demo``)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from motebok.calls import demo as calls_demo
from motebok.calls import matrix
from motebok.calls.models import Call, Score
from motebok.core import demo
from motebok.meetings.models import Meeting
from motebok.orgs.rules import ANONYMOUS, viewer_for
from motebok.programme import demo as programme_demo
from motebok.programme import queries
from motebok.programme.models import Activity, StatusChange, ThemeSuggestion


@pytest.fixture
def loaded(db):
    cooperation = demo.load(today=dt.date(2026, 11, 30))
    seed = Meeting.objects.get(body__slug="koordineringsgruppen", start__date=dt.date(2025, 1, 21))
    calls_demo.load(cooperation, seed)
    programme_demo.load(cooperation, seed)
    return cooperation, seed


def test_the_four_calls_of_the_seed(loaded):
    calls = Call.objects.order_by("deadline", "pk")
    assert [
        (c.item.number, c.title, timezone.localtime(c.deadline).date(), c.audience_body_id is None)
        for c in calls
    ] == [
        ("10", "Magasin i DN: temaer og intervjupersoner", dt.date(2025, 1, 27), True),
        (
            "8",
            "Medarrangører på Osloregionens dag i Arendalsuken 12. august",
            dt.date(2025, 2, 3),
            True,
        ),
        (
            "11",
            "Politiske temaer til styremøter og representantskapet i 2025",
            dt.date(2025, 2, 3),
            False,
        ),
        ("9", "Vertskap for felles faggruppesamling 28.–29. august", dt.date(2025, 3, 1), True),
    ]
    host = calls.last()
    assert [(c.title[:22], c.weight) for c in host.criteria.all()] == [
        ("Hva dere ønsker å vise", Decimal("1.00")),
        ("Egnede møtelokaler (pl", Decimal("1.00")),
        ("Muligheter for overnat", Decimal("1.00")),
        ("Middag om kvelden (opp", Decimal("1.00")),
        ("Faglig innhold (temaer", Decimal("2.00")),
    ]
    built = matrix.build(host)
    assert [
        (r.submission.organization.name, r.total, r.row.missing() != []) for r in built.rows
    ] == [
        ("Gjøvikregionen IPR", Decimal("4.50"), False),
        ("Drammensregionen IPR", Decimal("3.67"), False),
        ("Hadelandsregionen IPR", Decimal("3.50"), True),
    ]
    assert host.recommended.organization.name == "Gjøvikregionen IPR"
    assert sorted({s.evaluator.username for s in Score.objects.all()}) == ["eva", "sekretariat"]


def test_programme_history_links_and_themes(loaded):
    cooperation, seed = loaded
    foresight = Activity.objects.get(title="Foresight")
    assert [
        (c.status, c.changed_on, c.meeting.body.slug, c.reason) for c in queries.history(foresight)
    ] == [
        ("planned", dt.date(2024, 12, 18), "representantskapet", ""),
        ("deprioritized", dt.date(2025, 1, 21), "koordineringsgruppen", "På grunn av kapasitetsutfordringer hos sekretariatet."),
    ]  # fmt: skip
    influence = Activity.objects.get(title__startswith="Påvirkningsarbeid")
    links = queries.activity_links(influence, viewer_for(None))
    assert [i.number for i in links["items"]] == ["6", "7", "11"]
    assert [c.title[:22] for c in links["calls"]] == [
        "Medarrangører på Oslor",
        "Politiske temaer til s",
    ]
    assert links["tasks"] == []
    communication = Activity.objects.get(title__startswith="Videreutvikle kommunikasjon")
    assert [t.due for t in communication.tasks.all()] == [dt.date(2025, 1, 27)]
    assert [m.pk for m in links["meetings"]] == [seed.pk]
    assert sorted(influence.themes.values_list("name", flat=True)) == [
        "Jernbane", "Kraft og energi", "Oslofjorden",
    ]  # fmt: skip
    assert influence.programme.adopted_at.body.slug == "representantskapet"
    region_map = queries.region_map(cooperation, ANONYMOUS, dt.date(2026, 11, 30))
    energy = next(t for t in region_map.themes if t.name == "Kraft og energi")
    hadeland = next(o for o in region_map.organizations if o.name == "Hadelandsregionen IPR")
    cell = region_map.cell(hadeland.pk, energy.pk)
    assert (cell.count, cell.last) == (1, dt.date(2025, 1, 21))
    assert ThemeSuggestion.objects.filter(state="pending").count() == 3  # item 7, to review


def test_loading_again_changes_nothing(loaded):
    cooperation, seed = loaded
    counts = (Call.objects.count(), StatusChange.objects.count(), ThemeSuggestion.objects.count())
    calls_demo.load(cooperation, seed)
    programme_demo.load(cooperation, seed)
    assert (
        Call.objects.count(),
        StatusChange.objects.count(),
        ThemeSuggestion.objects.count(),
    ) == counts
