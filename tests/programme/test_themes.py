"""Theme suggestions from Norwegian word stems, on small texts and on the seed minutes."""

import datetime as dt

import pytest

from motebok.programme.themes import Matcher, stems_of_entry, words_of

RAIL, FJORD, ENERGY = 1, 2, 3


@pytest.fixture
def matcher():
    return Matcher(
        {
            RAIL: ["jernbane", "bane", "togstopp"],
            FJORD: ["oslofjorden", "renseanlegg"],
            ENERGY: ["bioenergi", "energistrategi", "strømnett"],
        }
    )


def test_inflected_forms_match(matcher):
    assert matcher.match("Jernbanen og jernbanene") == {RAIL: ["jernbanen", "jernbanene"]}
    assert matcher.match("Bioenergien i regionen") == {ENERGY: ["bioenergien"]}
    assert matcher.match("Oslofjordens vannkvalitet") == {FJORD: ["oslofjordens"]}


def test_hyphenated_and_slashed_words_match(matcher):
    assert words_of("strøm-nettet, Jernbane/buss") == [
        "strøm", "nettet", "strømnettet", "jernbane", "buss",
    ]  # fmt: skip
    assert matcher.match("fjernvarme avlaster strøm-nettet") == {ENERGY: ["strømnettet"]}
    assert matcher.match("Jernbane/buss") == {RAIL: ["jernbane"]}


def test_unrelated_words_do_not_match(matcher):
    assert matcher.match("Banan, energiminister og togfri dag") == {}
    assert stems_of_entry("  ") == frozenset()


SEED_POINTS = {
    "Kraft og energi": {"Ringeriksregionen IPR", "Hadelandsregionen IPR", "Gjøvikregionen IPR"},
    "Oslofjorden": {"Asker og Bærum IPR", "Oslo kommune"},
    "Jernbane": {"Drammensregionen IPR", "Ringeriksregionen IPR", "Kongsvingerregionen IPR"},
}


def test_seed_round_the_table_points_land_on_the_priorities(db):
    from motebok.core import demo
    from motebok.meetings.models import Meeting
    from motebok.programme.models import ThemeSuggestion
    from motebok.programme.services import suggest_themes

    demo.load(today=dt.date(2026, 11, 30))
    seed = Meeting.objects.get(body__slug="koordineringsgruppen", start__date=dt.date(2025, 1, 21))
    suggest_themes(seed)
    suggested = {}
    for s in ThemeSuggestion.objects.filter(contribution__item__meeting=seed).select_related(
        "theme", "contribution__organization"
    ):
        suggested.setdefault(s.theme.name, {})[s.contribution.organization.name] = s.words
    assert {theme: set(orgs) for theme, orgs in suggested.items()} == {
        "Kraft og energi": SEED_POINTS["Kraft og energi"]
        | {
            "Drammensregionen IPR",  # regional kraftstrategi
            "Samarbeidsrådet for Nedre Romerike",  # "Kraft og energi er et annet viktig hovedtema"
            "Gardermoregionen IPR",  # mangel på energi
            "Kongsvingerregionen IPR",  # regional energistrategi
        },
        "Oslofjorden": SEED_POINTS["Oslofjorden"],
        "Jernbane": SEED_POINTS["Jernbane"] | {"Gjøvikregionen IPR"},  # "Vei og bane"
    }
    energy = suggested["Kraft og energi"]
    assert energy["Ringeriksregionen IPR"] == "bioenergi"
    assert energy["Hadelandsregionen IPR"] == "bioenergi, biogass, fjernvarme, strømnettet"
    assert energy["Gjøvikregionen IPR"] == "bioenergi"
    assert suggested["Oslofjorden"] == {
        "Asker og Bærum IPR": "oslofjorden, oslofjord, renseanlegg",
        "Oslo kommune": "oslofjorden, trålfiske, renseanlegg",
    }
    assert (
        suggested["Jernbane"]["Kongsvingerregionen IPR"] == "jernbane, kongsvingerbanen, jernbanen"
    )
    items = ThemeSuggestion.objects.filter(item__meeting=seed).select_related("theme", "item")
    assert sorted((s.item.number, s.theme.name) for s in items) == [
        ("7", "Jernbane"), ("7", "Kraft og energi"), ("7", "Oslofjorden"),
    ]  # fmt: skip
    assert suggest_themes(seed) == []  # nothing new the second time
