"""A member signs in, finds a task on /tasks/ and marks it done with a comment."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import login
from factories import ItemFactory
from motebok.followup.enums import TaskStatus
from motebok.followup.models import Task

pytestmark = pytest.mark.e2e


def test_member_marks_own_task_done_with_a_comment(
    transactional_db, world, live_server, page, axe_check
):
    item = ItemFactory(meeting=world.approved, number="3", title="Jernbane")
    task = Task.objects.create(
        cooperation=world.coop,
        item=item,
        text="Sende innspill til jernbanestrategien",
        due=timezone.localdate() + dt.timedelta(days=5),
        responsible_person=world.member.person,
    )
    Task.objects.create(
        cooperation=world.coop,
        text="Styrets egen oppgave",
        due=timezone.localdate() - dt.timedelta(days=1),
        responsible_person=world.board_member.person,
    )
    login(page, live_server, "medlem")
    # The new strings are translated after the fact; English shows their msgids as they are.
    page.get_by_role("button", name="English").click()
    page.goto(f"{live_server.url}/tasks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My tasks")
    row = page.locator(f"#task-{task.pk}")
    expect(page.locator("#soon")).to_contain_text("Sende innspill til jernbanestrategien")
    expect(page.get_by_text("Styrets egen oppgave")).to_have_count(0)
    expect(row.get_by_role("link")).to_have_attribute(
        "href", f"/meetings/{world.approved.pk}/#item-{item.pk}"
    )
    axe_check(page)

    # Keyboard only: open the disclosure, write the comment, submit.
    row.locator("summary").focus()
    page.keyboard.press("Enter")
    row.get_by_label("Comment (optional)").fill("Sendt 3. mars.")
    axe_check(page)
    row.get_by_role("button", name="Save as done").press("Enter")

    expect(page.get_by_role("status")).to_have_text(
        "Marked as done: Sende innspill til jernbanestrategien"
    )
    done = page.locator("#done")
    expect(done).to_contain_text("Sende innspill til jernbanestrategien")
    expect(done).to_contain_text("Sendt 3. mars.")
    expect(page.locator("#soon")).to_contain_text("No tasks.")
    axe_check(page)
    task.refresh_from_db()
    assert (task.status, task.done_by, task.done_comment) == (
        TaskStatus.DONE,
        world.member,
        "Sendt 3. mars.",
    )


def test_secretariat_filters_by_body_and_reopens(
    transactional_db, world, live_server, page, axe_check
):
    kg_task = Task.objects.create(
        cooperation=world.coop,
        text="KG forbereder saken",
        due=timezone.localdate() + dt.timedelta(days=30),
        responsible_body=world.kg,
    )
    board_task = Task.objects.create(
        cooperation=world.coop,
        text="Styret behandler saken",
        status=TaskStatus.DONE,
        done_at=timezone.now(),
        responsible_body=world.board,
    )
    login(page, live_server, "sekretariat")
    page.get_by_role("button", name="English").click()
    page.goto(f"{live_server.url}/tasks/")
    page.get_by_label("Show").select_option("all")
    page.get_by_label("Body").select_option(str(world.board.pk))
    page.get_by_role("button", name="Show tasks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("All tasks")
    expect(page.get_by_text("KG forbereder saken")).to_have_count(0)
    expect(page.locator("#done")).to_contain_text("Styret behandler saken")
    axe_check(page)
    page.locator(f"#task-{board_task.pk}").get_by_role("button", name="Reopen").click()
    expect(page.get_by_role("status")).to_have_text("Reopened: Styret behandler saken")
    expect(page.locator("#later")).to_contain_text("Styret behandler saken")
    board_task.refresh_from_db()
    kg_task.refresh_from_db()
    assert (board_task.status, kg_task.status) == (TaskStatus.OPEN, TaskStatus.OPEN)
