import pytest
from django.urls import reverse

from factories import AttendanceFactory, ContributionFactory, ItemFactory

ROLES_SEEING_DRAFTS = {"member", "secretariat", "admin"}
ALL_ROLES = [
    "anonymous",
    "other_cooperation",
    "member_of_other_body",
    "member",
    "secretariat",
    "admin",
]


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_planned_meeting_agenda_only_for_insiders(client, world, role):
    response = _get(client, world.users()[role], world.planned.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert ("Sak i planned" in html) is (role in ROLES_SEEING_DRAFTS)
    assert (
        "The agenda is published when the notice is sent." in html
        or "Sakskartet publiseres når innkallingen er sendt." in html
    ) is (role not in ROLES_SEEING_DRAFTS)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_draft_minutes_only_for_insiders(client, world, role):
    html = _get(client, world.users()[role], world.draft.get_absolute_url()).content.decode()
    assert "Sak i minutes_draft" in html  # the agenda is public once the notice has gone out
    assert ("Konklusjon i minutes_draft" in html) is (role in ROLES_SEEING_DRAFTS)
    assert ("Tekst i minutes_draft" in html) is (role in ROLES_SEEING_DRAFTS)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_exempt_document_link_and_download(client, world, role):
    user = world.users()[role]
    html = _get(client, user, world.approved.get_absolute_url()).content.decode()
    assert "Offentlig vedlegg" in html
    assert ("Unntatt vedlegg" in html) is (role in ROLES_SEEING_DRAFTS)
    exempt = client.get(world.exempt_doc.get_absolute_url())
    assert exempt.status_code == (200 if role in ROLES_SEEING_DRAFTS else 404)
    if exempt.status_code == 200:
        assert b"".join(exempt.streaming_content) == b"innhold"
    public = client.get(world.public_doc.get_absolute_url())
    assert public.status_code == 200
    assert b"".join(public.streaming_content) == b"innhold"
    assert public["Content-Disposition"] == 'attachment; filename="vedlegg.txt"'


def test_unknown_meeting_is_404_page_not_traceback(client, db):
    response = client.get("/meetings/999999/")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()


def _grow(meeting, n_items, orgs):
    for _ in range(n_items):
        item = ItemFactory(meeting=meeting)
        for org in orgs:
            ContributionFactory(item=item, organization=org)
    for _ in range(n_items):
        AttendanceFactory(meeting=meeting)


def test_meeting_page_query_count_is_fixed(client, world, django_assert_num_queries):
    from factories import OrganizationFactory

    orgs = [OrganizationFactory() for _ in range(3)]
    url = world.approved.get_absolute_url()
    _grow(world.approved, 2, orgs[:1])
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    _grow(world.approved, 20, orgs)
    with django_assert_num_queries(8):
        html = client.get(url).content.decode()
    assert html.count('class="contribution"') == 2 + 20 * 3


def test_meeting_page_query_count_signed_in(client, world, django_assert_num_queries):
    client.force_login(world.secretariat)
    with django_assert_num_queries(12):
        assert client.get(world.approved.get_absolute_url()).status_code == 200


def test_meeting_page_shows_minutes(client, world):
    ContributionFactory(
        item=world.approved.items.get(), organization=world.coop, points="Punkt én\nPunkt to"
    )
    html = client.get(reverse("meeting_detail", args=[world.approved.pk])).content.decode()
    assert "<li>Punkt én</li>" in html
    assert "<li>Punkt to</li>" in html
    assert "Konklusjon i minutes_approved" in html


def test_meeting_page_carries_metadata_for_link_previews(client, world):
    html = client.get(world.approved.get_absolute_url()).content.decode()
    url = f"http://testserver/meetings/{world.approved.pk}/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="Koordineringsgruppen 9. januar 2025">' in html
    assert '<meta name="description" content="Møte i Koordineringsgruppen 9. januar 2025">' in html
