"""The bounded search: counting stops at COUNT_LIMIT and hits are ranked among the newest
CANDIDATES matches; below those bounds the hits are the full ranking."""

import sys
from pathlib import Path

import pytest

from motebok.archive import search as search_module
from motebok.archive.search import entries, search
from motebok.orgs.rules import ANONYMOUS

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # bench/ at the repository's top
from bench.national.generate import generate  # noqa: E402

pytestmark = pytest.mark.django_db


def _ids(page):
    return [hit.entry.pk for hit in page.hits]


def test_below_the_bounds_the_hits_are_the_full_ranking():
    generate(0.001, seed=1)
    ranked = list(entries(ANONYMOUS, ["kommune"]).values_list("pk", flat=True))
    assert len(ranked) == 377 < search_module.COUNT_LIMIT
    page = search(ANONYMOUS, "kommune", limit=20, offset=0)
    assert (page.total, page.more) == (377, False)
    # CANDIDATES (500) covers all 377 matches: the order is the full ranking, page by page.
    assert _ids(page) == ranked[:20]
    assert _ids(search(ANONYMOUS, "kommune", limit=100, offset=300)) == ranked[300:377]


def test_a_common_word_is_counted_to_the_limit_and_ranked_among_the_newest(monkeypatch):
    generate(0.001, seed=1)
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 50)
    monkeypatch.setattr(search_module, "CANDIDATES", 30)
    page = search(ANONYMOUS, "kommune", limit=10)
    assert (page.total, page.more) == (50, True)
    newest = list(
        search_module._matching(ANONYMOUS, ["kommune"])
        .order_by("-date", "pk")
        .values_list("pk", flat=True)[:30]
    )
    ranked = [
        pk for pk in entries(ANONYMOUS, ["kommune"]).values_list("pk", flat=True) if pk in newest
    ]
    assert _ids(page) == ranked[:10]
    # A page past the candidates takes as many newest matches as it reaches.
    deep = search(ANONYMOUS, "kommune", limit=10, offset=40)
    newest50 = set(
        search_module._matching(ANONYMOUS, ["kommune"])
        .order_by("-date", "pk")
        .values_list("pk", flat=True)[:50]
    )
    ranked50 = [
        pk for pk in entries(ANONYMOUS, ["kommune"]).values_list("pk", flat=True) if pk in newest50
    ]
    assert _ids(deep) == ranked50[40:50]


def test_the_page_and_the_api_say_the_count_stopped(client, monkeypatch):
    generate(0.001, seed=1)
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 50)
    response = client.get("/search/", {"q": "kommune"})
    assert response.status_code == 200
    results = response.context["results"]
    assert (results.total, results.more, len(results.hits)) == (50, True, 20)
    assert response.context["pages"] == 3
    data = client.get("/api/v1/search/", {"q": "kommune", "limit": 5}).json()
    assert (data["count"], len(data["items"])) == (50, 5)
    # Below the limit the count is exact and nothing says more.
    exact = client.get("/search/", {"q": "renseanlegget"}).context["results"]
    assert (exact.total, exact.more) == (6, False)
