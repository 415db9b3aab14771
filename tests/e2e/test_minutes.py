"""Browser tests of live minutes: the minute-taker's page, concurrent editing, round the table."""

import datetime as dt

import pytest
from django.utils import translation
from playwright.sync_api import expect

from e2e.conftest import login
from factories import ItemFactory, OrganizationFactory
from motebok.followup.models import Task
from motebok.meetings.enums import ItemKind
from motebok.meetings.models import Attendance, Contribution
from motebok.orgs.models import Seat

pytestmark = pytest.mark.e2e


def _t(msgid, **params):
    """The text as the (Norwegian) interface shows it, translated or not yet."""
    with translation.override("nb"):
        text = translation.gettext(msgid)
    return text % params if params else text


SAVED = _t("Saved at %(time)s", time="").strip()
CONFLICT = "Someone else saved this item"


@pytest.fixture
def org(world):
    org = OrganizationFactory(name="Asker og Bærum IPR")
    Seat.objects.filter(person__user=world.member).update(organization=org)
    return org


@pytest.fixture
def round_item(world):
    return ItemFactory(
        meeting=world.notice_sent, number="3", title="Runde rundt bordet", kind=ItemKind.ROUND_TABLE
    )


def _minutes_url(live_server, meeting):
    return f"{live_server.url}/meetings/{meeting.pk}/minutes/"


def test_secretariat_takes_minutes(
    transactional_db, world, org, round_item, live_server, page, axe_check
):
    item = world.notice_sent.items.get(number="1")
    login(page, live_server, "sekretariat")
    page.goto(_minutes_url(live_server, world.notice_sent))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        _t("Minutes of %(body)s, %(date)s", body="Koordineringsgruppen", date="").rstrip(", ")
    )
    axe_check(page)

    person = world.member.person
    page.get_by_label(_t("Attendance of %(name)s", name="Medlem")).focus()
    page.get_by_label(_t("Attendance of %(name)s", name="Medlem")).select_option("absent")
    expect(page.locator(f"#att-{person.pk}").get_by_role("status")).to_have_text(_t("Saved"))
    expect(page.get_by_label(_t("Attendance of %(name)s", name="Medlem"))).to_be_focused()
    assert Attendance.objects.get(person=person).status == "absent"

    conclusion = page.locator(f"#{item.anchor}-conclusion")
    conclusion.fill("")
    conclusion.press_sequentially("Tatt til orientering. Frist 1. mars.")
    expect(page.locator(f"#{item.anchor}-status")).to_contain_text(SAVED)
    item.refresh_from_db()
    assert item.conclusion == "Tatt til orientering. Frist 1. mars."
    expect(page.locator(f"#{item.anchor}-version")).to_have_value(str(item.version))

    tasks = page.locator(f"#{item.anchor}-tasks")
    tasks.get_by_text(_t("Add a task or deadline")).click()
    tasks.get_by_label(_t("Task"), exact=True).fill("Send innspill")
    tasks.get_by_label(_t("Due date")).fill("2025-03-01")
    tasks.get_by_label(_t("Responsible organization")).select_option(label="Asker og Bærum IPR")
    # Submitted from the keyboard: a click could land while the opened panel still moves.
    with page.expect_response(lambda r: r.request.method == "POST" and "/task" in r.url):
        tasks.get_by_label(_t("Task"), exact=True).press("Enter")
    expect(tasks.get_by_role("listitem")).to_have_text(
        "1. mars 2025: Send innspill (Asker og Bærum IPR)"
    )
    task = Task.objects.get()
    assert (task.text, task.due, task.responsible_organization) == (
        "Send innspill",
        dt.date(2025, 3, 1),
        org,
    )
    axe_check(page)


def test_two_browsers_editing_one_item_see_both_versions(
    transactional_db, world, live_server, browser, axe_check
):
    item = world.notice_sent.items.get()
    pages = []
    for username in ("sekretariat", "admin"):
        context = browser.new_context(locale="nb-NO")
        page = context.new_page()
        login(page, live_server, username)
        page.goto(_minutes_url(live_server, world.notice_sent))
        pages.append(page)
    first, second = pages
    notes = f"#{item.anchor}-text"
    status = f"#{item.anchor}-status"

    first.locator(notes).fill("Notat fra første")
    first.locator(notes).press("End")
    expect(first.locator(status)).to_contain_text(SAVED)
    second.locator(notes).fill("Notat fra andre")
    second.locator(notes).press("End")
    alert = second.locator(status).get_by_role("alert")
    expect(alert).to_contain_text(_t(CONFLICT))
    expect(second.locator(f'{status} [data-conflict="theirs"]').first).to_have_text(
        "Notat fra første"
    )
    expect(second.locator(f'{status} [data-conflict="yours"]').first).to_have_text(
        "Notat fra andre"
    )
    axe_check(second)
    item.refresh_from_db()
    assert item.text == "Notat fra første"

    second.get_by_role("button", name=_t("Overwrite with yours")).click()
    expect(second.locator(status)).to_contain_text(SAVED)
    item.refresh_from_db()
    assert (item.text, item.version) == ("Notat fra andre", 3)

    # The first writer is now behind: told too, and may keep the other text.
    first.locator(notes).press_sequentially(" og mer")
    expect(first.locator(status).get_by_role("alert")).to_contain_text(_t(CONFLICT))
    first.get_by_role("link", name=_t("Keep theirs")).click()
    expect(first.locator(notes)).to_have_value("Notat fra andre")
    expect(first.locator(notes)).to_be_focused()
    expect(first.locator(f"#{item.anchor}-version")).to_have_value("3")
    for page in pages:
        page.context.close()


def test_member_writes_round_the_table_points(
    transactional_db, world, org, round_item, live_server, page, axe_check
):
    login(page, live_server, "medlem")
    page.goto(f"{live_server.url}/meetings/{world.notice_sent.pk}/minutes/round/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(_t("Round the table"))
    axe_check(page)
    points = page.get_by_label(_t("Points of %(org)s", org="Asker og Bærum IPR"))
    points.press_sequentially("Nytt renseanlegg på VEAS")
    points.press("Enter")
    points.press_sequentially("- mulighetsstudie")
    expect(page.locator(f"#contrib-{org.pk}-status")).to_contain_text(SAVED)
    contribution = Contribution.objects.get()
    assert contribution.points == "Nytt renseanlegg på VEAS\n- mulighetsstudie"
    assert contribution.written_by == world.member


def test_secretariat_sees_points_per_organization_and_corrects_approved_minutes(
    transactional_db, world, org, round_item, live_server, page, axe_check
):
    Contribution.objects.create(item=round_item, organization=org, points="Fra medlem")
    login(page, live_server, "sekretariat")
    page.goto(f"{live_server.url}/meetings/{world.notice_sent.pk}/minutes/round/")
    expect(page.get_by_label(_t("Points of %(org)s", org="Asker og Bærum IPR"))).to_have_value(
        "Fra medlem"
    )
    axe_check(page)
    item = world.approved.items.get()
    page.goto(_minutes_url(live_server, world.approved))
    page.get_by_text(_t("Correct the conclusion")).click()
    form = page.locator(f"#{item.anchor}").locator("form").nth(1)
    form.get_by_label(_t("Corrected text")).fill("Rettet konklusjon")
    form.get_by_label(_t("Reason for the correction")).fill("Skrivefeil")
    form.get_by_role("button", name=_t("Record the correction")).click()
    corrections = page.locator("#corrections")
    expect(corrections.get_by_role("cell", name="Skrivefeil")).to_be_visible()
    expect(corrections.get_by_role("cell", name="Rettet konklusjon")).to_be_visible()
    axe_check(page)
