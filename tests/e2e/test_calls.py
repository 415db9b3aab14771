"""A member answers a call for input; the secretariat scores the answers and decides."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import login
from factories import MeetingFactory, MembershipFactory, OrganizationFactory
from motebok.calls.models import Call, Criterion, Score, Submission
from motebok.orgs.models import Seat

pytestmark = pytest.mark.e2e


def _regions(world):
    follo = OrganizationFactory(name="Folloregionen IPR", slug="folloregionen")
    ringerike = OrganizationFactory(name="Ringeriksregionen IPR", slug="ringeriksregionen")
    for org in (follo, ringerike):
        MembershipFactory(organization=org, cooperation=world.coop)
    Seat.objects.filter(person__user=world.member).update(organization=follo)
    Seat.objects.filter(person__user=world.board_member).update(organization=ringerike)
    return follo, ringerike


def _call(world, *, opens, deadline, title="Vertskap for felles faggruppesamling"):
    call = Call.objects.create(
        cooperation=world.coop,
        title=title,
        text="Hvem ønsker å være vertskap 28.–29. august?",
        opens=opens,
        deadline=deadline,
    )
    for n, (name, weight) in enumerate([("Egnede møtelokaler", 2), ("Overnatting", 1)]):
        Criterion.objects.create(call=call, title=name, weight=Decimal(weight), position=n)
    return call


def test_member_answers_a_call(transactional_db, world, live_server, page, axe_check, tmp_path):
    follo, ringerike = _regions(world)
    now = timezone.now()
    call = _call(world, opens=now - dt.timedelta(days=1), deadline=now + dt.timedelta(days=7))
    Submission.objects.create(call=call, organization=ringerike, text="Ringerikes hemmelige tilbud")
    late = _call(
        world,
        opens=now - dt.timedelta(days=9),
        deadline=now - dt.timedelta(days=1),
        title="Tema til magasinet",
    )
    refused = []  # what the Content-Security-Policy blocked (inline script or style)
    page.on("console", lambda msg: refused.append(msg.text) if "Refused" in msg.text else None)
    login(page, live_server, "medlem")

    page.goto(f"{live_server.url}{reverse('call_list')}")
    row = page.locator(f'#calls-open-table tr[data-call="{call.pk}"]')
    expect(row).to_be_visible()
    axe_check(page)
    row.get_by_role("link", name=call.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(call.title)
    expect(page.locator("#call-state")).to_have_attribute("data-state", "open")
    expect(page.locator("#answers")).not_to_contain_text("Ringerikes hemmelige tilbud")
    axe_check(page)

    page.locator(f'#my-answers [data-organization="{follo.pk}"] a.ds-button').click()
    expect(page.locator("#id_text")).to_be_visible()
    axe_check(page)
    page.locator("#answer-form button[type=submit]").click()  # empty: the error is shown
    expect(page.locator(".ds-error-summary")).to_be_visible()
    expect(page.locator("#id_text")).to_have_attribute("aria-invalid", "true")
    axe_check(page)
    page.locator("#id_text").fill("Folloregionen tilbyr Ski: plenum for 70, hotell og middag.")
    attachment = tmp_path / "program.txt"
    attachment.write_text("Dag 1: befaring i Ski sentrum", encoding="utf-8")
    page.locator("#id_file").set_input_files(str(attachment))
    page.locator("#answer-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{call.get_absolute_url()}")
    answer = Submission.objects.get(call=call, organization=follo)
    expect(page.locator(f"#answer-{answer.pk}")).to_contain_text("plenum for 70")
    expect(page.locator(f"#answer-{answer.pk}")).to_contain_text("program.txt")
    axe_check(page)
    assert (answer.submitted_by, [a.filename for a in answer.attachments.all()]) == (
        world.member,
        ["program.txt"],
    )

    page.goto(f"{live_server.url}{reverse('call_answer', args=[late.pk, follo.pk])}")
    expect(page.locator("#answer-refused")).to_be_visible()
    expect(page.locator("#answer-form")).to_have_count(0)
    axe_check(page)
    assert refused == []


def test_secretariat_scores_and_puts_the_recommendation_on_an_agenda(
    transactional_db, world, live_server, page, axe_check
):
    follo, ringerike = _regions(world)
    now = timezone.now()
    call = _call(world, opens=now - dt.timedelta(days=20), deadline=now - dt.timedelta(days=1))
    answers = {
        org: Submission.objects.create(call=call, organization=org, text=f"Tilbud fra {org.name}")
        for org in (follo, ringerike)
    }
    rooms, beds = call.criteria.order_by("position")
    Score.objects.create(
        submission=answers[ringerike], criterion=rooms, evaluator=world.admin, value=3
    )
    board = MeetingFactory(body=world.board, start=now + dt.timedelta(days=30))
    login(page, live_server, "sekretariat")

    page.goto(f"{live_server.url}{reverse('call_evaluation', args=[call.pk])}")
    expect(page.locator("#matrix tbody tr")).to_have_count(2)
    axe_check(page)
    page.locator(f'#matrix tr[data-submission="{answers[follo].pk}"] a').click()
    expect(page.locator("#answer-text")).to_have_text(f"Tilbud fra {follo.name}")
    axe_check(page)
    page.locator(f"#id_score_{rooms.pk}").select_option("5")
    page.locator(f"#id_comment_{rooms.pk}").fill("Gode lokaler i Ski")
    page.locator(f"#id_score_{beds.pk}").select_option("2")
    page.locator("#score-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{reverse('call_evaluation', args=[call.pk])}")

    follo_row = page.locator(f'#matrix tr[data-submission="{answers[follo].pk}"]')
    # Folloregionen: 5 and 2 by the secretariat, nothing by the administrator (missing).
    expect(follo_row.locator(f'td[data-criterion="{rooms.pk}"]')).to_contain_text("5,00")
    expect(follo_row.locator(f'td[data-criterion="{rooms.pk}"] .missing')).to_be_visible()
    expect(follo_row.locator("td.total")).to_contain_text("4,00")  # (2 × 5 + 2) / 3
    ringerike_row = page.locator(f'#matrix tr[data-submission="{answers[ringerike].pk}"]')
    expect(ringerike_row.locator("td.total")).to_contain_text("3,00")
    expect(page.locator("#matrix tbody tr").first).to_have_attribute(
        "data-submission", str(answers[follo].pk)
    )
    axe_check(page)

    page.locator("#id_recommended").select_option(str(answers[follo].pk))
    page.locator("#id_recommendation").fill("Folloregionen anbefales som vertskap.")
    page.locator("#recommendation-form button[type=submit]").click()
    expect(page.locator("#agenda-form")).to_be_visible()
    axe_check(page)
    page.locator("#id_meeting").select_option(str(board.pk))
    page.locator("#agenda-form button[type=submit]").click()
    expect(page.locator("#decision-item a")).to_be_visible()
    call.refresh_from_db()
    item = call.decision_item
    assert (item.meeting, item.proposed_conclusion) == (
        board,
        "Folloregionen anbefales som vertskap.",
    )
    assert [(d.kind, d.public, d.file.name.rsplit("/", 1)[-1]) for d in item.documents.all()] == [
        ("paper", True, f"evaluation-{call.pk}.docx")
    ]
    assert list(
        Score.objects.filter(evaluator=world.secretariat).values_list(
            "criterion__title", "value", "comment"
        )
    ) == [("Egnede møtelokaler", 5, "Gode lokaler i Ski"), ("Overnatting", 2, "")]
