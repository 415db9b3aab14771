import signal

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # A fast hasher: the real one is slow by design and would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _replica_only_where_named(request):
    """With MOTEBOK_DATABASE_REPLICA_URL set, the test run's ``replica`` mirrors the test
    database; only a test naming it in ``django_db(databases=...)`` is routed to it."""
    from django.conf import settings
    from django.test.utils import override_settings

    marker = request.node.get_closest_marker("django_db")
    named = (marker.kwargs.get("databases") or ()) if marker else ()
    if "replica" not in settings.DATABASES or "replica" in named or named == "__all__":
        yield
        return
    with override_settings(DATABASE_ROUTERS=[]):
        yield


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language: a request in another language made by an
    earlier test (the test client leaves it active in the thread) must not leak."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def keep_signals():
    """For tests that run ``db_worker`` in-process (``motebok worker --batch``): it installs
    its own signal handlers; give the test process its own back."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for s, handler in saved.items():
        signal.signal(s, handler)


class World:
    """One cooperation with two bodies, meetings in every state, and a user for every role."""

    def __init__(self) -> None:
        import datetime as dt

        from django.utils import timezone

        from factories import (
            BodyFactory,
            CooperationFactory,
            DocumentFactory,
            ItemFactory,
            MeetingFactory,
            PersonFactory,
            RoleFactory,
            SeatFactory,
            UserFactory,
        )
        from motebok.meetings.enums import MeetingStatus
        from motebok.orgs.enums import AccessRole

        self.coop = CooperationFactory(name="Osloregionen", slug="osloregionen")
        self.other_coop = CooperationFactory(name="Annenregionen", slug="annenregionen")
        self.kg = BodyFactory(cooperation=self.coop, name="Koordineringsgruppen", slug="kg")
        self.board = BodyFactory(cooperation=self.coop, name="Styret", slug="styret")
        self.other_body = BodyFactory(
            cooperation=self.other_coop, name="Annet styre", slug="annet-styre"
        )

        def user(name, coop=None, role=None, body=None):
            u = UserFactory(username=name)
            if coop is not None:
                RoleFactory(user=u, cooperation=coop, role=role)
            if body is not None:
                SeatFactory(person=PersonFactory(name=name.title(), user=u), body=body)
            return u

        self.admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
        self.secretariat = user("sekretariat", self.coop, AccessRole.SECRETARIAT)
        self.member = user("medlem", self.coop, AccessRole.MEMBER, self.kg)
        self.board_member = user("styremedlem", self.coop, AccessRole.MEMBER, self.board)
        self.other = user("annen", self.other_coop, AccessRole.SECRETARIAT, self.other_body)

        def meeting(status, day):
            m = MeetingFactory(
                body=self.kg,
                status=status,
                start=timezone.make_aware(dt.datetime(2025, 1, day, 10, 0)),
            )
            ItemFactory(
                meeting=m,
                number="1",
                title=f"Sak i {status}",
                text=f"Tekst i {status}",
                conclusion=f"Konklusjon i {status}",
            )
            return m

        self.planned = meeting(MeetingStatus.PLANNED, 6)
        self.notice_sent = meeting(MeetingStatus.NOTICE_SENT, 7)
        self.draft = meeting(MeetingStatus.MINUTES_DRAFT, 8)
        self.approved = meeting(MeetingStatus.MINUTES_APPROVED, 9)
        self.public_doc = DocumentFactory(meeting=self.approved, title="Offentlig vedlegg")
        self.exempt_doc = DocumentFactory(
            meeting=self.approved, title="Unntatt vedlegg", public=False, legal_basis="Offl. § 14"
        )

    def users(self):
        return {
            "anonymous": None,
            "other_cooperation": self.other,
            "member_of_other_body": self.board_member,
            "member": self.member,
            "secretariat": self.secretariat,
            "admin": self.admin,
        }


@pytest.fixture
def world(db):
    return World()
