"""Calls: opening, answers and deadlines, extensions, reminders, scores and decisions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from calls.conftest import make_call
from factories import ItemFactory, MeetingFactory, PersonFactory, SeatFactory
from motebok.calls import matrix, services
from motebok.calls.models import Score, Submission
from motebok.core.models import OutboxMessage
from motebok.meetings.enums import DocumentKind, ItemKind
from motebok.orgs.rules import viewer_for

OSLO = timezone.get_default_timezone()
DEADLINE = dt.datetime(2025, 3, 1, 23, 59, tzinfo=OSLO)
OPENS = dt.datetime(2025, 1, 21, 14, 0, tzinfo=OSLO)


@pytest.fixture
def host_call(world, regions):
    return make_call(
        world,
        opens=OPENS,
        deadline=DEADLINE,
        criteria=[("Møtelokaler", "2"), ("Overnatting", "1")],
        reminder_days=3,
    )


def _answer(call, org, user, text, now):
    return services.save_submission(call, org, text, viewer=viewer_for(user), user=user, now=now)


def test_answer_is_taken_until_the_deadline_and_edited_in_place(world, regions, host_call):
    before = DEADLINE - dt.timedelta(minutes=1)
    first = _answer(host_call, regions.follo, world.member, "Vi vil gjerne.", before)
    again = _answer(host_call, regions.follo, world.member, "Vi vil gjerne, i Ski.", DEADLINE)
    assert again.pk == first.pk
    assert list(Submission.objects.values_list("organization__name", "text")) == [
        ("Folloregionen IPR", "Vi vil gjerne, i Ski.")
    ]


def test_late_answer_is_refused_with_a_clear_message(world, regions, host_call):
    late = DEADLINE + dt.timedelta(seconds=1)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _answer(host_call, regions.follo, world.member, "For sent.", late)
    assert refused.value.messages == [
        "The deadline of this call was March 1, 2025 23:59. Answers can no longer be given or "
        "changed unless the secretariat extends the deadline."
    ]
    assert Submission.objects.count() == 0


def test_answer_before_the_call_opens_is_refused(world, regions, host_call):
    with pytest.raises(ValidationError):
        _answer(host_call, regions.follo, world.member, "Tidlig.", OPENS - dt.timedelta(hours=1))


def test_extension_lets_late_answers_in_and_tells_who_has_not_answered(world, regions, host_call):
    _answer(
        host_call, regions.ringerike, world.board_member, "Ja.", DEADLINE - dt.timedelta(days=1)
    )
    extended = DEADLINE + dt.timedelta(days=7)
    late = DEADLINE + dt.timedelta(days=2)
    services.extend_deadline(host_call, extended, now=late)
    assert host_call.closes_at == extended
    assert host_call.deadline == DEADLINE  # the original deadline is kept
    answer = _answer(host_call, regions.follo, world.member, "Sent, men innenfor.", late)
    assert answer.text == "Sent, men innenfor."
    told = OutboxMessage.objects.filter(dedup_key__startswith=f"call:{host_call.pk}:extended:")
    assert [m.to for m in told] == [["medlem@example.org"]]  # Ringerike had answered
    with pytest.raises(ValidationError):
        _answer(
            host_call, regions.follo, world.member, "For sent.", extended + dt.timedelta(seconds=1)
        )


def test_extension_must_be_later_than_the_deadline_and_now(world, regions, host_call):
    with pytest.raises(ValidationError):
        services.extend_deadline(host_call, DEADLINE, now=OPENS)
    with pytest.raises(ValidationError):
        services.extend_deadline(
            host_call, DEADLINE + dt.timedelta(days=1), now=DEADLINE + dt.timedelta(days=2)
        )
    host_call.refresh_from_db()
    assert host_call.extended_until is None


def test_only_for_an_organization_one_sits_for(world, regions, host_call):
    now = DEADLINE - dt.timedelta(days=1)
    with pytest.raises(PermissionDenied):
        _answer(host_call, regions.ringerike, world.member, "Ikke min.", now)
    with pytest.raises(PermissionDenied):
        _answer(host_call, regions.outside, world.member, "Utmeldt.", now)
    with pytest.raises(PermissionDenied):
        _answer(host_call, regions.follo, world.other, "Annen.", now)
    # The secretariat may enter an answer for any organization that is asked.
    answer = _answer(host_call, regions.ringerike, world.secretariat, "Per e-post.", now)
    assert answer.submitted_by == world.secretariat


def test_body_audience_asks_only_that_body_s_seat_holders(world, regions):
    call = make_call(world, opens=OPENS, deadline=DEADLINE, audience_body=world.board)
    now = DEADLINE - dt.timedelta(days=1)
    with pytest.raises(PermissionDenied):
        _answer(call, regions.follo, world.member, "KG er ikke spurt.", now)
    assert _answer(call, regions.ringerike, world.board_member, "Styret svarer.", now).pk


def test_opening_a_call_emails_the_members_once(world, regions):
    call = services.create_call(
        world.coop,
        title="Tema til magasinet",
        text="Send forslag.",
        opens=OPENS,
        deadline=dt.datetime(2025, 1, 27, 23, 59, tzinfo=OSLO),
        criteria=[("Relevans", Decimal(1))],
        now=OPENS,
    )
    assert call.announced_at == OPENS
    assert list(call.criteria.values_list("title", "weight")) == [("Relevans", Decimal("1.00"))]
    sent = OutboxMessage.objects.filter(dedup_key__startswith=f"call:{call.pk}:opened:")
    assert sorted(m.to[0] for m in sent) == ["medlem@example.org", "styre@example.org"]
    assert services.announce(call, now=OPENS) == 0
    assert sent.count() == 2


def test_a_call_opening_later_is_announced_by_the_task(world, regions):
    call = services.create_call(
        world.coop, title="Senere", opens=OPENS, deadline=DEADLINE, now=OPENS - dt.timedelta(days=1)
    )
    assert OutboxMessage.objects.count() == 0
    assert services.announce_opened_calls(now=OPENS - dt.timedelta(hours=1)) == 0
    assert services.announce_opened_calls(now=OPENS + dt.timedelta(hours=1)) == 1
    assert services.announce_opened_calls(now=OPENS + dt.timedelta(hours=2)) == 0
    call.refresh_from_db()
    assert call.announced_at == OPENS + dt.timedelta(hours=1)
    assert OutboxMessage.objects.count() == 2


def test_reminders_go_to_those_who_have_not_answered_once(world, regions, host_call):
    assert services.send_due_reminders(now=DEADLINE - dt.timedelta(days=3, minutes=1)) == 0
    _answer(
        host_call, regions.ringerike, world.board_member, "Ja.", DEADLINE - dt.timedelta(days=4)
    )
    assert services.send_due_reminders(now=DEADLINE - dt.timedelta(days=2)) == 1
    assert services.send_due_reminders(now=DEADLINE - dt.timedelta(days=1)) == 0
    (reminder,) = OutboxMessage.objects.filter(dedup_key__contains=":reminder:")
    assert reminder.to == ["medlem@example.org"]
    assert "Folloregionen IPR" in reminder.body
    assert services.send_due_reminders(now=DEADLINE + dt.timedelta(minutes=1)) == 0


def test_an_extension_brings_a_new_reminder(world, regions, host_call):
    services.send_due_reminders(now=DEADLINE - dt.timedelta(days=1))
    services.extend_deadline(host_call, DEADLINE + dt.timedelta(days=10), now=DEADLINE)
    assert services.send_due_reminders(now=DEADLINE + dt.timedelta(days=8)) == 2
    assert OutboxMessage.objects.filter(dedup_key__contains=":reminder:").count() == 4


def test_reminder_days_are_per_call(world, regions, host_call):
    host_call.reminder_days = 10
    host_call.save()
    assert services.send_due_reminders(now=DEADLINE - dt.timedelta(days=9)) == 2


def _scored_call(world, regions, host_call):
    after = DEADLINE - dt.timedelta(days=2)
    follo = _answer(host_call, regions.follo, world.member, "Ski.", after)
    ringerike = _answer(host_call, regions.ringerike, world.board_member, "Hønefoss.", after)
    rooms, beds = host_call.criteria.order_by("position")
    now = DEADLINE + dt.timedelta(days=1)
    services.score_submission(
        follo, world.secretariat, {rooms.pk: (4, "Bra"), beds.pk: (2, "")}, now=now
    )
    services.score_submission(follo, world.admin, {rooms.pk: (5, ""), beds.pk: (None, "")}, now=now)
    services.score_submission(
        ringerike, world.secretariat, {rooms.pk: (3, ""), beds.pk: (4, "")}, now=now
    )
    return follo, ringerike, rooms, beds


def test_scores_make_the_matrix(world, regions, host_call):
    follo, ringerike, rooms, beds = _scored_call(world, regions, host_call)
    built = matrix.build(host_call)
    assert [(r.submission.organization.name, r.total, r.spread) for r in built.rows] == [
        ("Folloregionen IPR", Decimal("3.67"), Decimal("1.67")),  # (2 × 4.5 + 2) / 3
        ("Ringeriksregionen IPR", Decimal("3.33"), Decimal("0.00")),  # (2 × 3 + 4) / 3
    ]
    assert [e.evaluator for e in built.rows[0].evaluator_totals] == ["admin", "sekretariat"]
    follo_row = next(r for r in built.rows if r.submission == follo)
    assert follo_row.row.missing() == [(beds.pk, world.admin.pk)]
    assert [e.value for _, entries in follo_row.details for e in entries] == [5, 4, None, 2]


def test_scoring_before_the_deadline_or_off_the_scale_is_refused(world, regions, host_call):
    follo = _answer(host_call, regions.follo, world.member, "Ski.", DEADLINE - dt.timedelta(days=1))
    rooms = host_call.criteria.get(title="Møtelokaler")
    with pytest.raises(ValidationError):
        services.score_submission(follo, world.secretariat, {rooms.pk: (4, "")}, now=DEADLINE)
    with pytest.raises(ValidationError):
        services.score_submission(
            follo, world.secretariat, {rooms.pk: (6, "")}, now=DEADLINE + dt.timedelta(days=1)
        )
    assert Score.objects.count() == 0


def test_leaving_a_criterion_unscored_removes_the_score(world, regions, host_call):
    follo, _ringerike, rooms, _beds = _scored_call(world, regions, host_call)
    services.score_submission(
        follo, world.secretariat, {rooms.pk: (None, "")}, now=DEADLINE + dt.timedelta(days=2)
    )
    assert sorted(
        Score.objects.filter(submission=follo).values_list("evaluator__username", "value")
    ) == [
        ("admin", 5),
        ("sekretariat", 2),
    ]


def test_criteria_are_fixed_once_scored(world, regions, host_call):
    _scored_call(world, regions, host_call)
    with pytest.raises(ValidationError):
        services.update_call(
            host_call, criteria=[("Noe annet", Decimal(1))], now=DEADLINE + dt.timedelta(days=3)
        )


def test_recommendation_goes_on_an_agenda_with_the_matrix(world, regions, host_call, settings):
    settings.LANGUAGE_CODE = "en"  # the paper is written in the installation's language
    follo, *_ = _scored_call(world, regions, host_call)
    future = timezone.now() + dt.timedelta(days=20)
    meeting = MeetingFactory(body=world.board, start=future)
    ItemFactory(
        meeting=meeting,
        number="1",
        position=0,
        title="Godkjenning",
        kind=ItemKind.APPROVAL_OF_NOTICE,
    )
    with pytest.raises(ValidationError):
        services.place_on_agenda(host_call, meeting)  # no recommendation yet
    services.record_recommendation(host_call, "Folloregionen får vertskapet.", follo)
    services.place_on_agenda(host_call, meeting)
    item = host_call.decision_item
    assert (item.meeting, item.number, item.kind, item.title) == (
        meeting,
        "2",
        ItemKind.DECISION,
        "Vertskap for felles fagsamling",
    )
    assert item.proposed_conclusion == "Folloregionen får vertskapet."
    assert item.case.title == "Vertskap for felles fagsamling"
    (paper,) = item.documents.all()
    assert (paper.kind, paper.public, paper.content_type) == (
        DocumentKind.PAPER,
        True,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    from docx import Document

    with paper.file.open("rb") as handle:
        table = Document(handle).tables[0]
    assert [[c.text for c in row.cells][:1] for row in table.rows] == [
        ["Answer"],
        ["Folloregionen IPR"],
        ["Ringeriksregionen IPR"],
    ]
    assert [c.text for c in table.rows[1].cells][1:] == ["4.50", "2.00 (1 missing)", "3.67", "1.67"]
    with pytest.raises(ValidationError):
        services.place_on_agenda(host_call, meeting)  # once


def test_attachments_are_checked_and_only_while_open(world, regions, host_call):
    viewer = viewer_for(world.member)
    now = DEADLINE - dt.timedelta(days=1)
    answer = _answer(host_call, regions.follo, world.member, "Se vedlegg.", now)
    upload = SimpleUploadedFile("Program for samlingen.txt", b"Dag 1: Ski", "text/plain")
    attachment = services.add_attachment(answer, upload, viewer=viewer, now=now)
    assert (attachment.filename, attachment.content_type, attachment.size) == (
        "Program_for_samlingen.txt",
        "text/plain",
        10,
    )
    fake = SimpleUploadedFile("bilde.png", b"not a png", "image/png")
    with pytest.raises(ValidationError):
        services.add_attachment(answer, fake, viewer=viewer, now=now)
    with pytest.raises(ValidationError):
        services.delete_attachment(attachment, viewer=viewer, now=DEADLINE + dt.timedelta(days=1))
    services.delete_attachment(attachment, viewer=viewer, now=now)
    assert answer.attachments.count() == 0


def test_seat_holder_without_address_is_skipped(world, regions, host_call):
    SeatFactory(
        person=PersonFactory(name="Uten adresse"), body=world.kg, organization=regions.follo
    )
    assert services.announce(host_call, now=OPENS) == 2
