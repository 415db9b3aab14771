"""A programme and themes of the ``world``'s cooperation."""

import datetime as dt

import pytest

from factories import ContributionFactory, MembershipFactory, OrganizationFactory
from motebok.programme.models import Activity, Programme, Theme


@pytest.fixture
def programme(world):
    programme = Programme.objects.create(
        cooperation=world.coop,
        title="Handlingsprogram 2025",
        year=2025,
        adopted_on=dt.date(2024, 12, 18),
    )
    for n, title in enumerate(["Foresight", "Påvirkningsarbeid overfor storting og regjering"]):
        Activity.objects.create(programme=programme, title=title, position=n)
    return programme


@pytest.fixture
def themes(world):
    return {
        slug: Theme.objects.create(
            cooperation=world.coop, name=name, slug=slug, priority_year=2025, words=words
        )
        for name, slug, words in (
            ("Jernbane", "jernbane", "jernbane\nbane"),
            ("Kraft og energi", "kraft-og-energi", "bioenergi\nenergistrategi"),
        )
    }


@pytest.fixture
def round_table(world):
    """Two member regions' points on the approved meeting's item."""
    item = world.approved.items.get()
    regions = []
    for name, points in (
        ("Ringeriksregionen IPR", "Bioenergi og sirkulære varestrømmer\nBergensbanen"),
        ("Kongsvingerregionen IPR", "Regional energistrategi"),
    ):
        org = OrganizationFactory(name=name)
        MembershipFactory(organization=org, cooperation=world.coop)
        regions.append(ContributionFactory(item=item, organization=org, points=points))
    return regions
