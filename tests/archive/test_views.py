"""The search page: form, hits with links to the exact item, visibility, paging, query count."""

import re

import pytest

from archive.conftest import user
from factories import ContributionFactory, ItemFactory, OrganizationFactory
from motebok.meetings.models import AgendaItem, Contribution


@pytest.fixture(autouse=True)
def _english(client):
    """Texts are checked as written in the code, whatever the Norwegian catalogue says."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


HIT = re.compile(
    r'<h3 class="ds-heading" data-size="sm"><a class="ds-link" href="([^"]+)">([^<]+)</a>'
)


def hits(response):
    assert response.status_code == 200
    return HIT.findall(response.content.decode())


def test_empty_page_has_a_labelled_form_and_no_results(client, db):
    html = client.get("/search/").content.decode()
    for name in ("q", "cooperation", "body", "organization", "kind", "date_from", "date_to"):
        assert f'<label class="ds-label" for="id_{name}">' in html
        assert f'id="id_{name}"' in html
    assert '<form method="get" action="/search/" role="search"' in html
    assert 'type="search" name="q"' in html
    assert 'id="results-heading"' not in html


def test_bioenergy_lists_the_three_contributions_with_links_to_the_item(client, demo_db):
    item = AgendaItem.objects.get(title="Runde rundt bordet – Hva er nytt i delregionene?")
    response = client.get("/search/", {"q": "bioenergi"})
    url = f"{item.meeting.get_absolute_url()}#item-{item.pk}"
    heading = "3. Runde rundt bordet – Hva er nytt i delregionene?"
    assert hits(response) == [
        (url, f"Hadelandsregionen IPR: {heading}"),
        (url, f"Ringeriksregionen IPR: {heading}"),
        (url, f"Gjøvikregionen IPR: {heading}"),
    ]
    html = response.content.decode()
    assert html.count('class="search-hit stack"') == 3
    assert html.count("<mark>bioenergi</mark>") == 2  # Hadeland's snippet
    assert html.count("<mark>Bioenergi</mark>") == 2  # Ringerike's and Gjøvik's
    assert (
        "Round the table · Administrativ koordineringsgruppe (Osloregionen) · "
        '<time datetime="2025-01-21">'
    ) in html
    assert 'value="bioenergi"' in html


@pytest.mark.parametrize(
    ("username", "visible"),
    [(None, False), ("annen", False), ("medlem", False), ("sekretariat", True), ("admin", True)],
)
def test_the_draft_item_on_the_page_only_for_insiders(client, demo_db, username, visible):
    if username:
        client.force_login(user(username))
    found = hits(client.get("/search/", {"q": "energistasjonsprosjektet"}))
    item = AgendaItem.objects.get(title__startswith="Sluttrapport Energistasjonsprosjektet")
    expected = [(f"{item.meeting.get_absolute_url()}#item-{item.pk}", str(item))]
    assert found == (expected if visible else [])


def test_filters_narrow_the_hits(client, demo_db):
    from motebok.orgs.models import Organization

    hadeland = Organization.objects.get(name="Hadelandsregionen IPR")
    found = hits(client.get("/search/", {"q": "bioenergi", "organization": hadeland.pk}))
    assert [title.split(":")[0] for _, title in found] == ["Hadelandsregionen IPR"]
    html = client.get("/search/", {"q": "bioenergi", "kind": "minutes"}).content.decode()
    assert hits_in(html) == 0
    assert "Nothing you may see matches every word." in html
    found = hits(client.get("/search/", {"q": "bioenergi", "date_from": "2025-01-22"}))
    assert found == []


def hits_in(html):
    return html.count('class="search-hit stack"')


def test_a_bad_date_range_is_told_and_not_searched(client, demo_db):
    response = client.get(
        "/search/", {"q": "bioenergi", "date_from": "2025-02-01", "date_to": "2025-01-01"}
    )
    html = response.content.decode()
    assert hits_in(html) == 0
    assert '<a href="#id_date_to">To date: The end date is before the start date.</a>' in html
    assert 'aria-describedby="id_date_to_err" aria-invalid="true"' in html


def test_hostile_text_is_a_page_with_no_hits(client, demo_db):
    for q in ['"NEAR(*', "zq:* & !xy", "'); --", "¤%&/()"]:
        html = client.get("/search/", {"q": q}).content.decode()
        assert hits_in(html) == 0


def test_paging(client, world):
    item = world.approved.items.get()
    for n in range(25):
        ContributionFactory(item=item, organization=OrganizationFactory(), points=f"Havn {n}")
    first = client.get("/search/", {"q": "havn"}).content.decode()
    second = client.get("/search/", {"q": "havn", "page": "2"}).content.decode()
    assert (hits_in(first), hits_in(second)) == (20, 5)
    assert (
        '<a class="ds-button" data-variant="tertiary" href="?q=havn&amp;page=2">Next</a>' in first
    )
    assert "Page 2 of 2" in second
    assert '<ol class="search-results stack" start="21">' in second
    assert hits_in(client.get("/search/", {"q": "havn", "page": "x"}).content.decode()) == 20


def _grow(item, n):
    for _ in range(n):
        org = OrganizationFactory()
        ContributionFactory(item=item, organization=org, points="Felles havneplan")
        ItemFactory(meeting=item.meeting, title="Havneplan for regionen")


def test_query_count_is_fixed(client, world, django_assert_num_queries):
    item = world.approved.items.get()
    _grow(item, 2)
    with django_assert_num_queries(6):  # four filter lists, the count and the page
        assert hits_in(client.get("/search/", {"q": "havneplan"}).content.decode()) == 4
    _grow(item, 15)
    with django_assert_num_queries(6):
        assert hits_in(client.get("/search/", {"q": "havneplan"}).content.decode()) == 20
    client.force_login(world.secretariat)
    with django_assert_num_queries(10):  # and the session, the user and the viewer's two
        assert hits_in(client.get("/search/", {"q": "havneplan"}).content.decode()) == 20
    assert Contribution.objects.count() == 17
