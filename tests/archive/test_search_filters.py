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
