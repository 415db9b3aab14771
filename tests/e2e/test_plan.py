"""The secretariat plans a meeting, moves it, cancels it, and reads what the members were sent."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from e2e.conftest import login
from factories import PersonFactory, SeatFactory
from motebok.core.models import OutboxMessage
from motebok.meetings.models import Meeting

pytestmark = pytest.mark.e2e


def test_secretariat_plans_moves_and_cancels_a_meeting(
    transactional_db, world, live_server, page, axe_check
):
    world.member.email = "medlem@example.org"
    world.member.save()
    SeatFactory(body=world.kg, person=PersonFactory(name="Ada", email="ada@example.org"))
    refused = []  # what the Content-Security-Policy blocked (inline script or style)
    page.on("console", lambda msg: refused.append(msg.text) if "Refused" in msg.text else None)
    login(page, live_server, "sekretariat")
    plan_url = f"{live_server.url}{reverse('plan_year', args=['kg', 2025])}"
    page.goto(plan_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Møteplan 2025")
    expect(page.locator("#plan-meetings tbody tr")).to_have_count(4)
    axe_check(page)

    page.locator("#id_date").fill("2025-03-11")
    page.locator("#id_start_time").fill("12:00")
    page.locator("#id_end_time").fill("10:00")
    page.locator("#add-meeting button[type=submit]").click()
    expect(page.locator(".ds-error-summary")).to_be_focused()
    expect(page.locator("#id_end_time")).to_have_attribute("aria-invalid", "true")
    axe_check(page)
    page.locator(".ds-error-summary a").click()
    expect(page.locator("#id_end_time")).to_be_focused()
    page.locator("#id_start_time").fill("10:00")
    page.locator("#id_end_time").fill("12:00")
    page.locator("#id_place").fill("Oslo rådhus")
    page.locator("#id_kind").select_option("meeting")
    page.locator("#add-meeting button[type=submit]").click()
    page.wait_for_url(plan_url)
    meeting = Meeting.objects.get(body=world.kg, start__month=3)
    row = page.locator(f'tr[data-meeting="{meeting.pk}"]')
    expect(row).to_have_attribute("data-status", "planned")
    expect(row.get_by_role("link", name="11. mars 2025", exact=True)).to_be_visible()
    axe_check(page)

    row.locator(f'a[href="{reverse("plan_move", args=[meeting.pk])}"]').click()
    expect(page.locator("#id_date")).to_have_value("2025-03-11")
    axe_check(page)
    page.locator("#id_date").fill("2025-03-18")
    page.locator("#move-meeting button[type=submit]").click()
    page.wait_for_url(plan_url)
    expect(row.get_by_role("link", name="18. mars 2025", exact=True)).to_be_visible()
    expect(row).to_contain_text("flyttet fra 11. mars 2025")

    row.locator(f'a[href="{reverse("plan_cancel", args=[meeting.pk])}"]').click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("18. mars 2025")
    axe_check(page)
    meeting.refresh_from_db()
    assert meeting.status == "planned"  # nothing happens before the confirmation
    page.locator("#cancel-meeting button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(plan_url)
    expect(row).to_have_attribute("data-status", "cancelled")
    expect(row).to_contain_text("Avlyst")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == ("cancelled", 2)

    page.goto(f"{live_server.url}{reverse('outbox')}")
    sent = list(OutboxMessage.objects.order_by("-created_at", "-pk"))
    assert [m.to for m in sent] == [["medlem@example.org"], ["ada@example.org"]] * 3
    expect(page.locator("#outbox-messages tbody tr")).to_have_count(6)
    for message in sent:
        message_row = page.locator(f'tr[data-message="{message.pk}"]')
        expect(message_row.get_by_role("link", name=message.subject)).to_be_visible()
        expect(message_row.get_by_role("link", name=f"motebok-{meeting.pk}.ics")).to_be_visible()
    axe_check(page)
    page.locator(f'tr[data-message="{sent[0].pk}"]').get_by_role("link").first.click()
    expect(page.locator("#message-text")).to_contain_text(re.compile("Medlem"))
    axe_check(page)
    assert refused == []
