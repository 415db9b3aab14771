"""The secretariat reviews suggested themes, reads a theme's map, and changes an activity."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.conftest import login
from factories import ContributionFactory, MembershipFactory, OrganizationFactory
from motebok.programme.models import Activity, Programme, StatusChange, Theme

pytestmark = pytest.mark.e2e


def _setup(world):
    item = world.approved.items.get()
    for name, points in (
        ("Ringeriksregionen IPR", "Bioenergi og sirkulære varestrømmer\nBergensbanens forkortelse"),
        ("Kongsvingerregionen IPR", "Regional energistrategi\nJernbane - Kongsvingerbanen"),
        ("Folloregionen IPR", "Ny giv i Folloregionen"),
    ):
        org = OrganizationFactory(name=name)
        MembershipFactory(organization=org, cooperation=world.coop)
        ContributionFactory(item=item, organization=org, points=points)
    for name, slug, words in (
        ("Jernbane", "jernbane", "jernbane\nbergensbanen\nkongsvingerbanen"),
        ("Kraft og energi", "kraft-og-energi", "bioenergi\nenergistrategi"),
        ("Oslofjorden", "oslofjorden", "oslofjorden"),
    ):
        Theme.objects.create(
            cooperation=world.coop, name=name, slug=slug, priority_year=2025, words=words
        )
    programme = Programme.objects.create(
        cooperation=world.coop,
        title="Handlingsprogram 2025",
        year=2025,
        adopted_on=dt.date(2024, 12, 18),
    )
    Activity.objects.create(programme=programme, title="Foresight", position=0)
    return programme


def test_secretariat_reviews_themes_and_reads_the_map(
    transactional_db, world, live_server, page, axe_check
):
    _setup(world)
    refused = []
    page.on("console", lambda msg: refused.append(msg.text) if "Refused" in msg.text else None)
    login(page, live_server, "sekretariat")
    url = f"{live_server.url}{reverse('theme_suggestions', args=[world.approved.pk])}"
    page.goto(url)
    expect(page.locator("#pending")).to_have_count(0)
    page.locator("#suggest-form button[type=submit]").click()
    page.wait_for_url(url)
    rows = page.locator("#pending tbody tr")
    expect(rows).to_have_count(4)  # Ringerike: energy, rail; Kongsvinger: energy, rail
    axe_check(page)
    while rows.count():
        rows.first.locator("button[type=submit]").first.click()  # accept
        page.wait_for_url(url)
    expect(page.locator("#decided li")).to_have_count(4)

    page.goto(f"{live_server.url}{reverse('theme_index', args=['osloregionen'])}")
    expect(page.locator("svg.theme-map__svg circle")).to_have_count(4)
    table = page.locator("#map-table")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(
        table.locator("tbody tr").filter(has_text="Folloregionen IPR").locator('td[data-count="0"]')
    ).to_have_count(3)
    axe_check(page)
    page.locator("#themes").get_by_role("link", name="Kraft og energi").click()
    expect(page.locator("#timeline > li")).to_have_count(2)
    axe_check(page)
    page.locator("#id_words").fill("bioenergi\nenergistrategi\nbiogass")
    page.locator("#words-form button[type=submit]").click()
    expect(page.locator("#id_words")).to_have_value("bioenergi\nenergistrategi\nbiogass")
    assert Theme.objects.get(slug="kraft-og-energi").words == "bioenergi\nenergistrategi\nbiogass"
    assert refused == []


def test_secretariat_deprioritizes_an_activity_with_a_reason(
    transactional_db, world, live_server, page, axe_check
):
    programme = _setup(world)
    login(page, live_server, "sekretariat")
    page.goto(f"{live_server.url}{programme.get_absolute_url()}")
    expect(page.locator("#activities tbody tr")).to_have_count(1)
    axe_check(page)
    page.locator("#activities").get_by_role("link", name="Foresight").click()
    axe_check(page)
    page.locator("#id_status").select_option("deprioritized")
    page.locator("#id_changed_on").fill("2025-01-21")
    page.locator("#status-form button[type=submit]").click()
    expect(page.locator("#id_reason")).to_have_attribute("aria-invalid", "true")
    axe_check(page)
    page.locator("#id_reason").fill("På grunn av kapasitetsutfordringer hos sekretariatet.")
    page.locator("#status-form button[type=submit]").click()
    expect(page.locator("#history tbody tr")).to_have_count(1)
    expect(page.locator("#activity-status")).to_contain_text("kapasitetsutfordringer")
    assert list(StatusChange.objects.values_list("status", "changed_on")) == [
        ("deprioritized", dt.date(2025, 1, 21))
    ]
