import pytest

from motebok.orgs import rules
from motebok.orgs.rules import ANONYMOUS, viewer_for

# role -> may see drafts (agenda of a planned meeting, minutes of a draft) and exempt papers
INSIDERS = {
    "anonymous": False,
    "other_cooperation": False,
    "member_of_other_body": False,
    "member": True,
    "secretariat": True,
    "admin": True,
}


@pytest.mark.parametrize("role", sorted(INSIDERS))
def test_drafts_and_exempt_papers_are_for_insiders_only(world, role):
    viewer = viewer_for(world.users()[role])
    expected = INSIDERS[role]
    assert rules.can_see_agenda(viewer, world.planned) is expected
    assert rules.can_see_minutes(viewer, world.draft) is expected
    assert rules.can_see_minutes(viewer, world.notice_sent) is expected
    assert rules.can_see_document(viewer, world.exempt_doc) is expected


@pytest.mark.parametrize("role", sorted(INSIDERS))
def test_published_parts_are_for_everyone(world, role):
    viewer = viewer_for(world.users()[role])
    assert rules.can_see_agenda(viewer, world.notice_sent) is True
    assert rules.can_see_minutes(viewer, world.approved) is True
    assert rules.can_see_document(viewer, world.public_doc) is True


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", False),
        ("other_cooperation", False),
        ("member_of_other_body", False),
        ("member", False),
        ("secretariat", True),
        ("admin", True),
    ],
)
def test_only_the_secretariat_edits(world, role, expected):
    assert rules.can_edit_meeting(viewer_for(world.users()[role]), world.planned) is expected


def test_viewer_of_member_knows_seats_and_roles(world, django_assert_num_queries):
    with django_assert_num_queries(2):
        viewer = viewer_for(world.member)
    assert viewer.member_of == frozenset({world.coop.pk})
    assert viewer.secretariat_of == frozenset()
    assert viewer.body_ids == frozenset({world.kg.pk})
    assert viewer.is_authenticated is True


def test_anonymous_viewer_needs_no_query(db, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert viewer_for(AnonymousUser()) is ANONYMOUS


def test_ended_seat_gives_no_insight(world):
    import datetime as dt

    seat = world.member.person.seats.get()
    seat.end = dt.date(2021, 1, 1)
    seat.save()
    viewer = viewer_for(world.member)
    assert viewer.body_ids == frozenset()
    assert rules.can_see_agenda(viewer, world.planned) is False
