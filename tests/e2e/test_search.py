"""An anonymous visitor searches the archive in the browser."""

import pytest
from playwright.sync_api import expect

from archive.conftest import load_demo
from motebok.meetings.models import AgendaItem

pytestmark = pytest.mark.e2e


def test_anonymous_finds_the_bioenergy_contributions(
    transactional_db, live_server, page, axe_check
):
    load_demo()
    item = AgendaItem.objects.get(title="Runde rundt bordet – Hva er nytt i delregionene?")
    page.goto(f"{live_server.url}/search/")
    axe_check(page)
    page.get_by_role("searchbox").fill("bioenergi")
    page.get_by_role("searchbox").press("Enter")
    hits = page.locator(".search-hit")
    expect(hits).to_have_count(3)
    expect(hits.locator("h3")).to_have_text(
        [
            f"{org}: 3. Runde rundt bordet – Hva er nytt i delregionene?"
            for org in ("Hadelandsregionen IPR", "Ringeriksregionen IPR", "Gjøvikregionen IPR")
        ]
    )
    expect(hits.locator("mark")).to_have_count(4)
    axe_check(page)
    page.get_by_role("link", name="Gjøvikregionen IPR: 3. Runde rundt bordet").click()
    page.wait_for_url(f"{live_server.url}{item.meeting.get_absolute_url()}#item-{item.pk}")
    expect(page.locator(f"#item-{item.pk}")).to_be_in_viewport()


def test_the_draft_item_is_not_found_by_the_public(transactional_db, live_server, page):
    load_demo()
    page.goto(f"{live_server.url}/search/?q=Energistasjonsprosjektet")
    expect(page.locator("#results-heading")).to_be_visible()
    expect(page.locator(".search-hit")).to_have_count(0)
