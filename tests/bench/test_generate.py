"""The synthetic national archive at a tiny scale: exact sizes, the same search entries a
rebuild of the index makes, and a search that finds a generated word."""

import pytest
from bench.national.generate import Size, generate
from django.apps import apps
from django.contrib.auth import get_user_model

from motebok.archive import index
from motebok.archive.models import SearchEntry
from motebok.archive.search import search
from motebok.meetings.enums import MeetingStatus
from motebok.meetings.models import Meeting
from motebok.orgs.rules import ANONYMOUS, viewer_for

pytestmark = pytest.mark.django_db

# Seed 1 at scale 0.001: one cooperation with six members and five bodies, for 2026.
EXPECTED = {
    "archive.SearchEntry": 1522,
    "auth.User": 2,
    "calls.Call": 1,
    "calls.Criterion": 3,
    "calls.Score": 18,
    "calls.Submission": 6,
    "followup.Task": 25,
    "meetings.AgendaItem": 605,
    "meetings.Attendance": 228,
    "meetings.Contribution": 205,
    "meetings.Document": 115,
    "meetings.Meeting": 40,
    "orgs.Body": 5,
    "orgs.CooperationRole": 2,
    "orgs.Membership": 6,
    "orgs.Organization": 7,
    "orgs.Person": 13,
    "orgs.Seat": 32,
}


def _entries():
    return set(
        SearchEntry.objects.values_list(
            "kind",
            "object_id",
            "meeting_id",
            "cooperation_id",
            "body_id",
            "organization_id",
            "item_id",
            "date",
            "title",
            "text",
            "stemmed",
            "level",
        )
    )


def test_size_of_a_scale():
    assert Size.of(1) == Size(cooperations=60, years=20)
    assert Size.of(0.5) == Size(cooperations=30, years=20)
    assert Size.of(0.01) == Size(cooperations=1, years=12)
    assert Size.of(0.001) == Size(cooperations=1, years=1)
    with pytest.raises(ValueError, match="0 < scale"):
        Size.of(0)
    with pytest.raises(ValueError, match="0 < scale"):
        Size.of(1.5)


def _visible_matches(viewer, terms):
    """Entries the viewer may see whose words hold every term's stem as a prefix (as the
    search's prefix match does), counted in Python."""
    from motebok.archive import analysis
    from motebok.archive.search import visible_q

    stems = [analysis.stem(t) for t in terms]
    found = 0
    for text in SearchEntry.objects.filter(visible_q(viewer)).values_list("text", flat=True):
        words = {analysis.stem(w) for w in analysis.words(text) if w not in analysis.STOP_WORDS}
        if all(any(w.startswith(s) for w in words) for s in stems):
            found += 1
    return found


def test_tiny_archive_has_exact_sizes_and_the_entries_a_rebuild_makes():
    result = generate(0.001, seed=1)
    assert result.counts == EXPECTED
    for label, count in EXPECTED.items():
        assert apps.get_model(label).objects.count() == count, label
    statuses = {s: Meeting.objects.filter(status=s).count() for s in MeetingStatus.values}
    assert statuses == {
        MeetingStatus.PLANNED: 0,
        MeetingStatus.NOTICE_SENT: 0,
        MeetingStatus.HELD: 2,
        MeetingStatus.MINUTES_DRAFT: 3,
        MeetingStatus.MINUTES_APPROVED: 33,
        MeetingStatus.CANCELLED: 2,
    }
    generated = _entries()
    assert len(generated) == EXPECTED["archive.SearchEntry"]
    assert index.rebuild() == EXPECTED["archive.SearchEntry"]
    assert _entries() == generated


def test_search_finds_generated_words_with_the_visibility_rules():
    result = generate(0.001, seed=1)
    # An inflected form finds the generated compound "renseanlegg".
    page = search(ANONYMOUS, "renseanlegget", limit=100)
    assert page.total == _visible_matches(ANONYMOUS, ["renseanlegget"]) > 0
    assert all("renseanlegg" in hit.entry.text.lower() for hit in page.hits)
    # Papers, some of them exempt, and minutes not yet approved: the secretariat sees more.
    public = search(ANONYMOUS, "saksframlegg")
    secretariat = viewer_for(get_user_model().objects.get(pk=result.secretariat_users[0]))
    inside = search(secretariat, "saksframlegg")
    assert public.total == _visible_matches(ANONYMOUS, ["saksframlegg"]) > 0
    assert inside.total == _visible_matches(secretariat, ["saksframlegg"]) > public.total
