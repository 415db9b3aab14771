"""The theme and kind-of-item filters of the search, on the demo archive: the bioenergy points
of 21 Jan 2025 are round-the-table contributions tagged "Kraft og energi"."""

import pytest
from django.test import Client

from motebok.archive.search import search
from motebok.meetings.enums import ItemKind
from motebok.orgs.rules import ANONYMOUS
from motebok.programme.models import Theme

pytestmark = pytest.mark.usefixtures("demo_db")


def _orgs(page):
    return sorted(hit.entry.organization.name for hit in page.hits)


BIOENERGY = ["Gjøvikregionen IPR", "Hadelandsregionen IPR", "Ringeriksregionen IPR"]


def test_the_theme_filter_keeps_the_entries_tagged_with_it():
    energy = Theme.objects.get(name="Kraft og energi")
    fjord = Theme.objects.get(name="Oslofjorden")
    rail = Theme.objects.get(name="Jernbane")
    assert _orgs(search(ANONYMOUS, "bioenergi", theme=energy)) == BIOENERGY
    assert search(ANONYMOUS, "bioenergi", theme=fjord).total == 0
    # Two of the three bioenergy points speak of the railway too, and are tagged with both.
    assert _orgs(search(ANONYMOUS, "bioenergi", theme=rail)) == [
        "Gjøvikregionen IPR",
        "Ringeriksregionen IPR",
    ]
    assert search(ANONYMOUS, "bioenergi").total == 3


def test_the_kind_of_item_filter():
    assert _orgs(search(ANONYMOUS, "bioenergi", item_kind=ItemKind.ROUND_TABLE)) == BIOENERGY
    assert search(ANONYMOUS, "bioenergi", item_kind=ItemKind.DECISION).total == 0


def test_both_filters_on_the_page_and_in_the_api():
    energy = Theme.objects.get(name="Kraft og energi")
    client = Client()
    page = client.get(
        "/search/", {"q": "bioenergi", "theme": energy.pk, "item_kind": "round_table"}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<option value="{energy.pk}" selected>Kraft og energi (Osloregionen)</option>' in html
    answer = client.get("/api/v1/search/", {"q": "bioenergi", "theme": energy.pk}).json()
    assert answer["count"] == 3
    assert client.get("/api/v1/search/", {"q": "bioenergi", "theme": 999_999}).json() == {
        "count": 0,
        "items": [],
    }
    assert (
        client.get("/api/v1/search/", {"q": "bioenergi", "item_kind": "decision"}).json()["count"]
        == 0
    )


def test_long_lists_hold_the_chosen_cooperations_choices_only(monkeypatch):
    """A national installation has hundreds of bodies: past LONG_LIST a list holds the chosen
    cooperation's, or with none chosen only what is chosen, and says so."""
    from motebok.archive import forms
    from motebok.orgs.models import Body, Organization

    monkeypatch.setattr(forms, "LONG_LIST", 2)
    client = Client()
    html = client.get("/search/", {"q": "bioenergi"}).content.decode()
    assert html.count("Velg et samarbeid først for å se valgene der.") == 3
    body_select = html[
        html.index('name="body"') : html.index("</select>", html.index('name="body"'))
    ]
    assert body_select.count("<option") == 1  # "All bodies" only
    osloregionen = Organization.objects.get(slug="osloregionen")
    html = client.get("/search/", {"q": "bioenergi", "cooperation": osloregionen.pk}).content
    html = html.decode()
    body_select = html[
        html.index('name="body"') : html.index("</select>", html.index('name="body"'))
    ]
    expected = Body.objects.filter(cooperation=osloregionen).count()
    assert body_select.count("<option") == expected + 1
    assert "Demoregionen" not in body_select
