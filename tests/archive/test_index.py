"""The index follows every save and delete in the same transaction; reindex rebuilds it."""

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from factories import ContributionFactory, DocumentFactory, OrganizationFactory
from motebok.archive import index
from motebok.archive.models import SearchEntry
from motebok.archive.search import search
from motebok.meetings.enums import DocumentKind, MeetingStatus
from motebok.meetings.models import Contribution
from motebok.meetings.services import reschedule, set_status
from motebok.orgs.rules import ANONYMOUS, viewer_for


def found(q, viewer=ANONYMOUS):
    return [(hit.entry.kind, hit.entry.object_id) for hit in search(viewer, q).hits]


def entries(**filters):
    return sorted(SearchEntry.objects.filter(**filters).values_list("kind", "object_id", "level"))


def test_an_item_has_a_title_entry_and_a_minutes_entry(world):
    item = world.approved.items.get()
    assert entries(item=item) == [
        ("item_title", item.pk, "agenda"),
        ("minutes", item.pk, "minutes"),
    ]
    entry = SearchEntry.objects.get(kind="minutes", object_id=item.pk)
    assert (entry.title, entry.text) == (
        "Sak i minutes_approved",
        "Tekst i minutes_approved\n\nKonklusjon i minutes_approved",
    )
    assert (entry.meeting, entry.body, entry.cooperation, entry.date) == (
        world.approved,
        world.kg,
        world.coop,
        dt.date(2025, 1, 9),
    )


def test_saving_new_text_reindexes_in_the_same_transaction(world):
    item = world.approved.items.get()
    assert found("fjordbris") == []
    with pytest.raises(RuntimeError), transaction.atomic():
        item.text = "Fjordbrisen kom tidlig."
        item.save()
        assert found("fjordbris") == [("minutes", item.pk)]
        assert found("Tekst") == []
        raise RuntimeError("roll back")
    assert found("fjordbris") == []  # rolled back with the save
    item.refresh_from_db()
    item.conclusion = "Fjordbris vedtatt."
    item.save()
    assert found("fjordbris") == [("minutes", item.pk)]
    item.delete()
    assert found("fjordbris") == []
    assert entries(meeting=world.approved, kind__in=["item_title", "minutes"]) == []


def test_contributions_follow_create_edit_and_delete(world):
    item = world.approved.items.get()
    contribution = ContributionFactory(item=item, organization=world.coop, points="Ny tunnel")
    assert found("tunnel") == [("contribution", contribution.pk)]
    entry = SearchEntry.objects.get(kind="contribution")
    assert (entry.organization, entry.item, entry.level) == (world.coop, item, "minutes")
    contribution.points = "Ny bro"
    contribution.save()
    assert (found("tunnel"), found("bro")) == ([], [("contribution", contribution.pk)])
    Contribution.objects.filter(pk=contribution.pk).delete()
    assert found("bro") == []
    assert entries(kind="contribution") == []


def test_saves_that_change_no_indexed_field_write_nothing(world, django_assert_num_queries):
    """The save's own UPDATE and nothing from the index (the audit trail, with its read of the
    old row and its entry, is left out here: tests/core/test_audit.py counts it)."""
    from auditlog.context import disable_auditlog

    item = world.approved.items.get()
    item.position = 5
    with disable_auditlog(), django_assert_num_queries(1):
        item.save(update_fields=["position"])
    world.notice_sent.status = MeetingStatus.HELD
    with disable_auditlog(), django_assert_num_queries(1):
        world.notice_sent.save(update_fields=["status", "updated_at"])


def test_status_changes_relevel_nothing_and_visibility_follows(world):
    item = world.draft.items.get()
    before = list(SearchEntry.objects.filter(meeting=world.draft).values_list("pk", "level"))
    assert found("konklusjon") == [("minutes", world.approved.items.get().pk)]
    set_status(world.draft, MeetingStatus.MINUTES_APPROVED)
    after = list(SearchEntry.objects.filter(meeting=world.draft).values_list("pk", "level"))
    assert before == after
    assert ("minutes", item.pk) in found("konklusjon")


def test_a_moved_meeting_moves_its_entries(world):
    reschedule(world.notice_sent, timezone.make_aware(dt.datetime(2025, 3, 4, 10, 0)))
    dates = set(
        SearchEntry.objects.filter(meeting=world.notice_sent).values_list("date", flat=True)
    )
    assert dates == {dt.date(2025, 3, 4)}


def test_document_levels_and_text(world):
    assert entries(kind="document") == [
        ("document", world.public_doc.pk, "agenda"),
        ("document", world.exempt_doc.pk, "exempt"),
    ]
    assert SearchEntry.objects.get(object_id=world.exempt_doc.pk, kind="document").text == (
        "Unntatt vedlegg\n\ninnhold"
    )
    minutes = DocumentFactory(
        meeting=world.draft,
        title="Referat",
        kind=DocumentKind.MINUTES,
        file=ContentFile("Protokoll om havnebassenget", name="referat.txt"),
    )
    source = DocumentFactory(meeting=world.draft, kind=DocumentKind.SOURCE, title="import.txt")
    broken = DocumentFactory(
        meeting=world.draft,
        title="Skadet skisse",
        file=ContentFile(b"%PDF-1.4 not really", name="skisse.pdf"),
    )
    assert entries(object_id__in=[minutes.pk, source.pk, broken.pk], kind="document") == [
        ("document", minutes.pk, "minutes"),
        ("document", broken.pk, "agenda"),
    ]
    assert SearchEntry.objects.get(kind="document", object_id=broken.pk).text == "Skadet skisse"
    secretariat = viewer_for(world.secretariat)
    assert found("havnebassenget") == []  # the draft minutes are not public
    assert found("havnebassenget", secretariat) == [("document", minutes.pk)]
    minutes.public, minutes.legal_basis = False, "Offl. § 14"
    minutes.save()
    assert entries(object_id=minutes.pk, kind="document") == [("document", minutes.pk, "exempt")]
    minutes.delete()
    assert found("havnebassenget", secretariat) == []


@pytest.mark.parametrize(
    "role", ["anonymous", "other_cooperation", "member_of_other_body", "member", "secretariat"]
)
def test_exempt_document_text_only_for_insiders(world, role):
    exempt = DocumentFactory(
        meeting=world.approved,
        title="Notat",
        public=False,
        legal_basis="Offl. § 23",
        file=ContentFile("Forhandlinger om tomtekjøp på Fornebu", name="notat.txt"),
    )
    hits = found("tomtekjøp fornebu", viewer_for(world.users()[role]))
    insider = role in {"member", "secretariat"}
    assert hits == ([("document", exempt.pk)] if insider else [])


def test_bulk_writes_need_index_meeting(world):
    item = world.approved.items.get()
    Contribution.objects.bulk_create(
        [Contribution(item=item, organization=OrganizationFactory(), points="Sykkelvei langs E18")]
    )
    assert found("sykkelvei") == []  # bulk_create sends no signals
    assert index.index_meeting(world.approved) == 5
    assert found("sykkelvei") == [("contribution", item.contributions.get().pk)]


def test_reindex_command_rebuilds_everything(world):
    ContributionFactory(item=world.approved.items.get(), points="Felles kollektivplan")
    before = entries()
    assert len(before) == 11  # 4 items × (title, minutes), 2 papers, 1 contribution
    SearchEntry.objects.all().delete()
    assert found("kollektivplan") == []
    out = io.StringIO()
    call_command("reindex", "--batch-size", "2", stdout=out)
    assert entries() == before
    assert out.getvalue().splitlines()[-1] == "Indexed 11 entries."
    assert [k for k, _ in found("kollektivplan")] == ["contribution"]
    call_command("reindex", verbosity=0, stdout=io.StringIO())
    assert entries() == before


def test_import_indexes_contributions(db):
    from motebok.core import demo

    demo.load(today=dt.date(2026, 11, 30))
    assert search(ANONYMOUS, "bioenergi").total == 3


def test_demo_items_are_indexed_through_signals(db):
    from motebok.core import demo

    demo.load(today=dt.date(2026, 11, 30))
    assert [hit.heading for hit in search(ANONYMOUS, "runde rundt bordet").hits] == [
        "3. Runde rundt bordet – Hva er nytt i delregionene?"
    ]
