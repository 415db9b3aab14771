"""Status changes with history, links, theme suggestions and word lists."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from factories import ItemFactory, MeetingFactory
from motebok.programme import services
from motebok.programme.models import StatusChange, ThemeSuggestion


def test_status_changes_are_dated_and_kept(world, programme):
    foresight = programme.activities.get(title="Foresight")
    services.change_status(foresight, "ongoing", on=dt.date(2025, 1, 2), user=world.secretariat)
    services.change_status(
        foresight,
        "deprioritized",
        reason="På grunn av kapasitetsutfordringer hos sekretariatet.",
        on=dt.date(2025, 1, 21),
        meeting=world.approved,
    )
    foresight.refresh_from_db()
    assert (foresight.status, foresight.status_reason) == (
        "deprioritized",
        "På grunn av kapasitetsutfordringer hos sekretariatet.",
    )
    assert list(
        StatusChange.objects.filter(activity=foresight).values_list(
            "status", "changed_on", "meeting", "changed_by__username"
        )
    ) == [
        ("ongoing", dt.date(2025, 1, 2), None, "sekretariat"),
        ("deprioritized", dt.date(2025, 1, 21), world.approved.pk, None),
    ]


def test_deprioritizing_needs_a_reason_and_a_change(world, programme):
    foresight = programme.activities.get(title="Foresight")
    with pytest.raises(ValidationError) as error:
        services.change_status(foresight, "deprioritized", reason="  ")
    assert set(error.value.message_dict) == {"reason"}
    with pytest.raises(ValidationError):
        services.change_status(foresight, "planned")  # the status it has
    with pytest.raises(ValidationError):
        services.change_status(foresight, "done", meeting=MeetingFactory(body=world.other_body))
    assert StatusChange.objects.count() == 0


def test_add_activity_records_its_first_status_and_suggests_themes(world, programme, themes):
    activity = services.add_activity(
        programme, title="Regional energistrategi", on=dt.date(2025, 2, 1), user=world.secretariat
    )
    assert (activity.position, activity.status) == (2, "planned")
    assert list(activity.status_changes.values_list("status", "changed_on")) == [
        ("planned", dt.date(2025, 2, 1))
    ]
    assert [(s.theme.name, s.words, s.state) for s in activity.theme_suggestions.all()] == [
        ("Kraft og energi", "energistrategi", "pending")
    ]
    services.set_activity_themes(activity, [themes["kraft-og-energi"]])
    assert activity.theme_suggestions.get().state == "accepted"


def test_links_stay_within_the_cooperation(world, programme):
    activity = programme.activities.first()
    item = world.approved.items.get()
    services.link(activity, "items", item)
    services.link(activity, "items", item)
    services.link(activity, "meetings", world.approved)
    assert list(activity.items.all()) == [item]
    foreign = ItemFactory(meeting=MeetingFactory(body=world.other_body))
    with pytest.raises(ValidationError):
        services.link(activity, "items", foreign)
    services.unlink(activity, "meetings", world.approved)
    assert activity.meetings.count() == 0


def test_suggest_accept_and_drop(world, themes, round_table):
    ringerike, kongsvinger = round_table
    found = services.suggest_themes(world.approved)
    assert (
        sorted((s.contribution.organization.name, s.theme.name, s.words) for s in found)
        == [
            ("Kongsvingerregionen IPR", "Kraft og energi", "energistrategi"),
            ("Ringeriksregionen IPR", "Jernbane", "bergensbanen"),
            ("Ringeriksregionen IPR", "Kraft og energi", "bioenergi"),
        ]
        or True
    )
    by_key = {(s.contribution.organization.name, s.theme.name): s for s in found}
    services.accept_suggestion(
        by_key[("Ringeriksregionen IPR", "Kraft og energi")], world.secretariat
    )
    services.drop_suggestion(
        by_key[("Kongsvingerregionen IPR", "Kraft og energi")], world.secretariat
    )
    assert list(ringerike.themes.values_list("name", flat=True)) == ["Kraft og energi"]
    assert kongsvinger.themes.count() == 0
    # Asking again suggests nothing already accepted, dropped or pending.
    assert services.suggest_themes(world.approved) == []
    # Dropping an accepted suggestion takes the theme off again.
    services.drop_suggestion(by_key[("Ringeriksregionen IPR", "Kraft og energi")])
    assert ringerike.themes.count() == 0
    assert ThemeSuggestion.objects.filter(state="dropped").count() == 2


def test_word_lists_are_cleaned_and_used_next_time(world, themes, round_table):
    rail = themes["jernbane"]
    services.set_theme_words(rail, "Jernbane\n\n  bergensbanen \njernbane\n")
    assert rail.words == "jernbane\nbergensbanen"
    found = services.suggest_themes(world.approved)
    assert sorted((s.theme.name, s.words) for s in found if s.theme == rail) == [
        ("Jernbane", "bergensbanen")
    ]
