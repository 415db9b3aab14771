"""Programme and theme pages: who sees and changes what, the map, fixed query counts."""

import pytest
from django.urls import reverse

from factories import ContributionFactory, ItemFactory, MembershipFactory, OrganizationFactory
from motebok.programme import services
from motebok.programme.models import Activity, StatusChange, ThemeSuggestion

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ROLES = ["anonymous", "other_cooperation", "member_of_other_body", "member", "secretariat", "admin"]
READ = {"anonymous": 302, "other_cooperation": 403}
WRITE = {"anonymous": 302, "secretariat": 302, "admin": 302}


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_pages_by_role(client, world, programme, themes, role):
    c = _as(client, world.users()[role])
    activity = programme.activities.first()
    for url in (
        programme.get_absolute_url(),
        activity.get_absolute_url(),
        themes["jernbane"].get_absolute_url(),
        reverse("theme_index", args=["osloregionen"]),
    ):
        response = c.get(url)
        assert response.status_code == READ.get(role, 200), url
    assert c.get(reverse("programme_list")).status_code == (302 if role == "anonymous" else 200)
    expected = {"anonymous": 302, "secretariat": 200, "admin": 200}.get(role, 403)
    assert c.get(reverse("theme_suggestions", args=[world.approved.pk])).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_changes_a_status(client, world, programme, role):
    activity = programme.activities.get(title="Foresight")
    response = _as(client, world.users()[role]).post(
        reverse("activity_status", args=[activity.pk]),
        {
            "status": "deprioritized",
            "reason": "Kapasitet.",
            "changed_on": "2025-01-21",
            "meeting": "",
        },
    )
    assert response.status_code == WRITE.get(role, 403)
    activity.refresh_from_db()
    changed = role in ("secretariat", "admin")
    assert (activity.status == "deprioritized") is changed
    assert StatusChange.objects.count() == (1 if changed else 0)


def test_deprioritizing_without_a_reason_shows_the_error(client, world, programme):
    activity = programme.activities.get(title="Foresight")
    client.force_login(world.secretariat)
    response = client.post(
        reverse("activity_status", args=[activity.pk]),
        {"status": "deprioritized", "reason": "", "changed_on": "2025-01-21"},
        **EN,
    )
    assert response.status_code == 400
    assert response.context["status_form"].errors == {
        "reason": ["Say why the activity is deprioritized."]
    }
    assert (
        'id="id_reason_error">Say why the activity is deprioritized.</p>'
        in response.content.decode()
    )


def test_secretariat_adds_an_activity_links_and_themes(client, world, programme, themes):
    client.force_login(world.secretariat)
    response = client.post(
        reverse("activity_create", args=[programme.pk]),
        {"title": "Jernbane-verksted", "strategy": ""},
    )
    activity = Activity.objects.get(title="Jernbane-verksted")
    assert response["Location"] == activity.get_absolute_url()
    item = world.approved.items.get()
    response = client.post(
        reverse("activity_link", args=[activity.pk]),
        {"items": item.pk, "meetings": world.approved.pk},
    )
    assert response.status_code == 302
    assert (list(activity.items.all()), list(activity.meetings.all())) == ([item], [world.approved])
    client.post(reverse("activity_unlink", args=[activity.pk, "meetings", world.approved.pk]))
    assert activity.meetings.count() == 0
    client.post(reverse("activity_themes", args=[activity.pk]), {"themes": [themes["jernbane"].pk]})
    assert list(activity.themes.values_list("name", flat=True)) == ["Jernbane"]
    assert activity.theme_suggestions.get().state == "accepted"  # "jernbane" in the title


def test_member_cannot_link(client, world, programme):
    activity = programme.activities.first()
    client.force_login(world.member)
    item = world.approved.items.get()
    assert (
        client.post(reverse("activity_link", args=[activity.pk]), {"items": item.pk}).status_code
        == 403
    )
    assert activity.items.count() == 0


def test_suggestions_are_made_and_decided_on_the_page(client, world, themes, round_table):
    client.force_login(world.member)
    assert client.post(reverse("theme_suggestions", args=[world.approved.pk])).status_code == 403
    client.force_login(world.secretariat)
    url = reverse("theme_suggestions", args=[world.approved.pk])
    assert client.post(url)["Location"] == url
    pending = client.get(url).context["pending"]
    assert [(s.contribution.organization.name, s.theme.name) for s in pending] == [
        ("Ringeriksregionen IPR", "Kraft og energi"),
        ("Kongsvingerregionen IPR", "Kraft og energi"),
    ]
    ringerike, kongsvinger = pending
    client.force_login(world.member)
    decide = reverse("theme_suggestion_decide", args=[ringerike.pk, "accept"])
    assert client.post(decide).status_code == 403
    client.force_login(world.secretariat)
    assert client.post(decide)["Location"] == url
    assert (
        client.post(reverse("theme_suggestion_decide", args=[kongsvinger.pk, "drop"]))["Location"]
        == url
    )
    assert sorted(ThemeSuggestion.objects.values_list("state", flat=True)) == [
        "accepted",
        "dropped",
    ]
    assert list(round_table[0].themes.values_list("name", flat=True)) == ["Kraft og energi"]


def test_theme_page_timeline_and_map(client, world, themes, round_table):
    energy = themes["kraft-og-energi"]
    for suggestion in services.suggest_themes(world.approved):
        services.accept_suggestion(suggestion)
    # A draft's contribution on the theme stays hidden from those who may not see the draft.
    draft_item = world.draft.items.get()
    hidden = ContributionFactory(
        item=draft_item, organization=round_table[0].organization, points="Bioenergi i utkast"
    )
    hidden.themes.add(energy)
    client.force_login(world.board_member)
    response = client.get(energy.get_absolute_url(), **EN)
    assert [(e.day.isoformat(), e.kind, e.title, e.points, e.more) for e in response.context["timeline"]] == [
        ("2025-01-09", "contribution", "Ringeriksregionen IPR", ["Bioenergi og sirkulære varestrømmer"], 1),
        ("2025-01-09", "contribution", "Kongsvingerregionen IPR", ["Regional energistrategi"], 0),
    ]  # fmt: skip
    table = response.context["table"]
    assert [(r.organization.name, [c[0] for c in r.cells]) for r in table] == [
        ("Kongsvingerregionen IPR", [0, 1]),
        ("Ringeriksregionen IPR", [0, 1]),
    ]
    html = response.content.decode()
    assert html.count('<circle class="theme-map__dot theme-map__dot--') == 2
    assert 'role="img" aria-labelledby="map-title map-desc"' in html
    assert "Bioenergi i utkast" not in html
    client.force_login(world.member)  # sits in KG: sees the draft
    table = client.get(energy.get_absolute_url()).context["table"]
    assert [c[0] for c in table[1].cells] == [0, 2]


def test_secretariat_edits_the_word_list(client, world, themes):
    rail = themes["jernbane"]
    client.force_login(world.member)
    assert client.post(rail.get_absolute_url(), {"words": "tog"}).status_code == 403
    client.force_login(world.secretariat)
    assert client.post(rail.get_absolute_url(), {"words": "Tog\ntogstopp\n"}).status_code == 302
    rail.refresh_from_db()
    assert rail.words == "tog\ntogstopp"


def _grow(world, programme, themes, n):
    item = world.approved.items.order_by("pk").first()
    first = programme.activities.order_by("pk").first()
    for _ in range(n):
        org = OrganizationFactory()
        MembershipFactory(organization=org, cooperation=world.coop)
        contribution = ContributionFactory(item=item, organization=org, points="Bioenergi")
        contribution.themes.add(themes["kraft-og-energi"])
        activity = services.add_activity(programme, title="Aktivitet om jernbane")
        activity.themes.add(*themes.values())
        activity.items.add(item)
        services.change_status(activity, "ongoing")
        services.change_status(first, "done" if first.status != "done" else "ongoing")
        new_item = ItemFactory(meeting=world.approved)
        new_item.themes.add(themes["jernbane"])
        first.items.add(new_item)
        ThemeSuggestion.objects.create(theme=themes["jernbane"], item=new_item, words="bane")


def test_pages_do_a_fixed_number_of_queries(
    client, world, programme, themes, django_assert_num_queries
):
    client.force_login(world.secretariat)
    activity = programme.activities.first()
    pages = {
        programme.get_absolute_url(): 7,
        activity.get_absolute_url(): 18,
        themes["jernbane"].get_absolute_url(): 11,
        reverse("theme_index", args=["osloregionen"]): 8,
        reverse("theme_suggestions", args=[world.approved.pk]): 7,
    }
    for size in (1, 8):
        _grow(world, programme, themes, size)
        for url, count in pages.items():
            with django_assert_num_queries(count):
                assert client.get(url).status_code == 200, url
