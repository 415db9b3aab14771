"""The secretariat's whole cycle, as the demo's users, in the browser: plan a meeting, build its
agenda, send the notice, the members' points, the minutes and a task, approval at the next
meeting, a correction of the locked minutes, and the member completing the task."""

import datetime as dt

import pytest
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.text import slugify
from playwright.sync_api import expect

from e2e.conftest import login
from motebok.core import demo
from motebok.core.models import OutboxMessage
from motebok.followup.enums import TaskStatus
from motebok.followup.models import Task
from motebok.meetings import plan
from motebok.meetings.enums import ItemKind, MeetingStatus
from motebok.meetings.models import Attendance, Contribution, Meeting
from motebok.orgs.models import Body, Organization

pytestmark = pytest.mark.e2e

TOPIC = "Regional kraftstrategi"
TASK = "Sende innspill til kraftstrategien"


def _t(msgid, **params):
    """The text as the Norwegian interface shows it (the msgid itself while untranslated)."""
    with translation.override("nb"):
        text = str(msgid) if isinstance(msgid, Promise) else translation.gettext(msgid)
    return text % params if params else text


def _day(day: dt.date) -> str:
    with translation.override("nb"):
        return formats.date_format(day, "DATE_FORMAT")


def _add_meeting(page, day: dt.date) -> Meeting:
    """On the plan page: add a meeting on ``day``, 10–13 in Oslo rådhus."""
    form = page.locator("#add-meeting")
    form.get_by_label(_t("Date"), exact=True).fill(day.isoformat())
    form.get_by_label(_t("Starts at")).fill("10:00")
    form.get_by_label(_t("Ends at")).fill("13:00")
    form.get_by_label(_t("Place"), exact=True).fill("Oslo rådhus")
    form.get_by_role("button", name=_t("Add meeting")).click()
    row = page.locator("#plan-meetings tr").filter(has=page.get_by_role("link", name=_day(day)))
    expect(row).to_have_attribute("data-status", "planned")
    return Meeting.objects.get(body__slug="koordineringsgruppen", start__date=day)


def _open_agenda_with_standing_items(page, day: dt.date, axe_check) -> None:
    """From the plan page: the meeting's page, its agenda editor, the standing items added."""
    page.get_by_role("link", name=_day(day), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Administrativ")
    axe_check(page)
    page.get_by_role("link", name=_t("Edit the agenda")).click()
    page.get_by_role("button", name=_t("Add the standing items")).click()
    expect(page.locator("#agenda-items > li h3")).to_have_count(4)
    axe_check(page)


def _saved(page, anchor):
    expect(page.locator(f"#{anchor}-status")).to_contain_text(
        _t("Saved at %(time)s", time="").strip()
    )


def test_the_secretariats_whole_cycle(transactional_db, live_server, page, browser, axe_check):
    today = timezone.localdate()
    demo.load(today=today)
    kg = Body.objects.get(slug="koordineringsgruppen")
    holders = plan.current_seat_holders(kg)
    for person in holders:
        person.email = f"{slugify(person.name)}@example.org"
        person.save(update_fields=["email"])
    first_day, second_day = dt.date(today.year + 1, 3, 12), dt.date(today.year + 1, 4, 16)

    # (1) The secretariat opens next year's plan of the coordination group and adds a meeting.
    page.goto(f"{live_server.url}/login/")
    axe_check(page)
    login(page, live_server, "sekretariat", demo.DEMO_PASSWORD)
    page.goto(f"{live_server.url}{kg.get_absolute_url()}")
    axe_check(page)
    page.get_by_role("link", name=_t("Edit the meeting plan")).click()
    page.get_by_role("navigation", name=_t("Year")).get_by_role(
        "link", name=str(first_day.year)
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _t("Meeting plan %(year)s", year=first_day.year)
    )
    axe_check(page)
    plan_url = page.url
    first = _add_meeting(page, first_day)
    axe_check(page)

    # (2) Its agenda: the standing items and the energy strategy, moved up with the keyboard.
    _open_agenda_with_standing_items(page, first_day, axe_check)
    page.get_by_label(_t("Title"), exact=True).fill(TOPIC)
    page.get_by_label(_t("Kind")).select_option(ItemKind.DECISION)
    page.get_by_label(_t("Proposed conclusion")).fill("Strategien vedtas.")
    page.get_by_role("button", name=_t("Add the item")).click()
    expect(page.get_by_role("heading", name=f"4. {TOPIC}")).to_be_visible()
    page.get_by_role("button", name=f"{_t('Move up')}: {TOPIC}").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"3. {TOPIC}")).to_be_visible()
    topic = first.items.get(title=TOPIC)
    assert (topic.number, topic.proposed_conclusion) == ("3", "Strategien vedtas.")

    page.get_by_role("link", name=_t("Send the notice"), exact=True).click()
    expect(page.locator("main li").filter(has_text="@example.org")).to_have_count(len(holders))
    axe_check(page)
    page.get_by_role("button", name=_t("Send the notice and publish the agenda")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _t("Agenda for %(body)s", body=kg.name)
    )
    first.refresh_from_db()
    assert first.status == MeetingStatus.NOTICE_SENT

    notices = list(
        OutboxMessage.objects.filter(dedup_key__startswith=f"notice:{first.pk}:").prefetch_related(
            "attachments"
        )
    )
    assert sorted(address for m in notices for address in m.to) == sorted(p.email for p in holders)
    assert len(notices) == len(holders) == 13  # one message per seat holder, each to one
    assert all(len(m.to) == 1 for m in notices)
    for message in notices:
        names = [a.filename for a in message.attachments.all()]
        assert [n.rsplit(".", 1)[1] for n in names] == ["pdf", "ics"], names
    page.get_by_role("link", name=_t("Outbox"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(_t("Outbox"))
    rows = page.locator("#outbox-messages tbody tr").filter(has_text=notices[0].subject)
    expect(rows).to_have_count(len(holders))
    for message in notices:
        row = page.locator(f'tr[data-message="{message.pk}"]')
        expect(row).to_contain_text(message.to[0])
        for attachment in message.attachments.all():
            expect(row.get_by_role("link", name=attachment.filename)).to_be_visible()
    axe_check(page)

    # (3) The member writes the round-the-table points of Folloregionen IPR.
    member_context = browser.new_context(locale="nb-NO")
    member = member_context.new_page()
    login(member, live_server, "medlem", demo.DEMO_PASSWORD)
    member.goto(f"{live_server.url}{first.get_absolute_url()}")
    member.get_by_role("link", name=_t("Write your organization's round-the-table points")).click()
    points = member.get_by_label(_t("Points of %(org)s", org="Folloregionen IPR"))
    points.press_sequentially("Ny gang- og sykkelvei i Ås")
    points.press("Enter")
    points.press_sequentially("- åpnes til sommeren")
    folloregionen = Organization.objects.get(name="Folloregionen IPR")
    _saved(member, f"contrib-{folloregionen.pk}")
    axe_check(member)
    contribution = Contribution.objects.get(item__meeting=first)
    assert contribution.organization == folloregionen
    assert contribution.points == "Ny gang- og sykkelvei i Ås\n- åpnes til sommeren"

    # (4) The minutes: an absence, notes and a conclusion, a task for Ola Haave, the draft out.
    page.goto(f"{live_server.url}{first.get_absolute_url()}")
    page.get_by_role("link", name=_t("Take or edit the minutes")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(kg.name)
    expect(page.get_by_text("Ny gang- og sykkelvei i Ås")).to_be_visible()
    axe_check(page)
    absent = page.get_by_label(_t("Attendance of %(name)s", name="Anne Huse"))
    absent.select_option("absent")
    expect(page.locator("tr").filter(has=absent).get_by_role("status")).to_have_text(_t("Saved"))
    assert Attendance.objects.get(meeting=first, person__name="Anne Huse").status == "absent"

    article = page.locator(f"#{topic.anchor}")
    article.get_by_label(_t("Notes")).fill("Sekretariatet la fram utkastet.")
    article.get_by_label(_t("Conclusion"), exact=True).fill("Strategien vedtas med endringer.")
    _saved(page, topic.anchor)
    topic.refresh_from_db()
    assert (topic.text, topic.conclusion) == (
        "Sekretariatet la fram utkastet.",
        "Strategien vedtas med endringer.",
    )

    due = today + dt.timedelta(days=10)
    tasks = page.locator(f"#{topic.anchor}-tasks")
    tasks.get_by_text(_t("Add a task or deadline")).click()
    tasks.get_by_label(_t("Task"), exact=True).fill(TASK)
    tasks.get_by_label(_t("Due date")).fill(due.isoformat())
    tasks.get_by_label(_t("Responsible person")).select_option(label="Ola Haave")
    # Submitted from the keyboard: a click could land while the opened panel still moves.
    with page.expect_response(lambda r: r.request.method == "POST" and "/tasks/" in r.url):
        tasks.get_by_label(_t("Task"), exact=True).press("Enter")
    expect(tasks.get_by_role("listitem")).to_have_text(f"{_day(due)}: {TASK} (Ola Haave)")
    task = Task.objects.get(item=topic)
    assert (task.text, task.due, task.responsible_person.name) == (TASK, due, "Ola Haave")
    axe_check(page)

    page.get_by_role("button", name=_t("Publish draft minutes")).click()
    expect(page.locator("dl.meta .ds-tag")).to_have_text(_t(MeetingStatus.MINUTES_DRAFT.label))
    first.refresh_from_db()
    assert first.status == MeetingStatus.MINUTES_DRAFT

    # (5) The next meeting approves the minutes; they are locked.
    page.goto(plan_url)
    second = _add_meeting(page, second_day)
    _open_agenda_with_standing_items(page, second_day, axe_check)
    approval = second.items.get(kind=ItemKind.APPROVAL_OF_MINUTES)
    assert approval.approves == first
    expect(page.locator(f"#item-{approval.pk}")).to_contain_text(
        _t("approves the minutes of %(date)s", date=_day(first_day))
    )
    page.get_by_role("navigation", name=_t("You are here:")).get_by_role(
        "link", name=_day(second_day)
    ).click()
    page.get_by_role("link", name=_t("Take or edit the minutes")).click()
    axe_check(page)
    page.locator(f"#{approval.anchor}").get_by_role(
        "button", name=_t("Approve these minutes")
    ).click()
    expect(page.locator(f"#{approval.anchor}-approval")).to_contain_text(str(first))
    first.refresh_from_db()
    assert (first.status, first.approved_at_meeting) == (MeetingStatus.MINUTES_APPROVED, second)

    page.goto(f"{live_server.url}{first.get_absolute_url()}")
    expect(page.locator("dl.meta .ds-tag")).to_have_text(_t(MeetingStatus.MINUTES_APPROVED.label))
    axe_check(page)
    page.get_by_role("link", name=_t("Take or edit the minutes")).click()
    locked = "These minutes are approved and locked. A change is recorded as a correction, with "
    expect(page.get_by_text(_t(locked + "its reason, and shown with the minutes."))).to_be_visible()
    expect(page.locator(f"#{topic.anchor}-text")).to_have_count(0)  # no editor any more
    axe_check(page)

    # (6) A correction of the locked minutes, shown on the public meeting page.
    article = page.locator(f"#{topic.anchor}")
    article.get_by_text(_t("Correct the conclusion")).click()
    form = article.locator("details[open] form")
    form.get_by_label(_t("Corrected text")).fill("Strategien vedtas med to endringer.")
    form.get_by_label(_t("Reason for the correction")).fill("Feil i antall endringer")
    form.get_by_role("button", name=_t("Record the correction")).click()
    corrections = page.locator("#corrections")
    expect(corrections.get_by_role("cell", name="Feil i antall endringer")).to_be_visible()
    axe_check(page)
    public = browser.new_context(locale="nb-NO").new_page()
    public.goto(f"{live_server.url}{first.get_absolute_url()}")
    expect(public.locator(f"#{topic.anchor}")).to_contain_text(
        "Strategien vedtas med to endringer."
    )
    public_corrections = public.locator("section").filter(
        has=public.get_by_role("heading", name=_t("Corrections"))
    )
    expect(public_corrections.get_by_role("cell", name="Feil i antall endringer")).to_be_visible()
    axe_check(public)
    public.context.close()

    # (7) The member marks the task done, with the keyboard alone; the secretariat sees it done.
    member.get_by_role("link", name=_t("Tasks"), exact=True).click()
    row = member.locator(f"#task-{task.pk}")
    expect(row).to_contain_text(TASK)
    axe_check(member)
    row.locator("summary").focus()
    member.keyboard.press("Enter")
    # The disclosure's content turns visible (and focusable) as its opening transition starts.
    member.wait_for_function(
        "d => d.open && getComputedStyle(d, '::details-content').contentVisibility === 'visible'",
        arg=row.locator("details").element_handle(),
    )
    member.keyboard.press("Tab")
    expect(row.get_by_label(_t("Comment (optional)"))).to_be_focused()
    member.keyboard.type("Sendt på e-post.")
    member.keyboard.press("Tab")
    expect(row.get_by_role("button", name=_t("Save as done"))).to_be_focused()
    member.keyboard.press("Enter")
    expect(member.get_by_role("status")).to_have_text(_t("Marked as done: %(task)s", task=TASK))
    expect(member.locator("#done")).to_contain_text("Sendt på e-post.")
    axe_check(member)
    task.refresh_from_db()
    assert (task.status, task.done_by.username) == (TaskStatus.DONE, "medlem")
    member_context.close()

    page.get_by_role("link", name=_t("Tasks"), exact=True).click()
    page.get_by_label(_t("Show"), exact=True).select_option("all")
    page.get_by_role("button", name=_t("Show tasks")).click()
    done = page.locator("#done")
    expect(done.locator(f"#task-{task.pk}")).to_contain_text(_t(TaskStatus.DONE.label))
    expect(done).to_contain_text("Sendt på e-post.")
    axe_check(page)
