"""The secretariat builds an agenda in the browser, with the keyboard, and sends the notice."""

import io

import pytest
from django.utils import translation
from django.utils.text import slugify
from playwright.sync_api import expect
from pypdf import PdfWriter

from e2e.conftest import login
from factories import PersonFactory, SeatFactory
from motebok.core.models import OutboxMessage
from motebok.meetings.models import AgendaItem

pytestmark = pytest.mark.e2e


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = blank_pdf()


def nb(msgid):
    with translation.override("nb"):
        return translation.gettext(msgid)


def test_secretariat_builds_the_agenda_and_sends_the_notice(
    transactional_db, world, live_server, page, axe_check
):
    SeatFactory(body=world.kg, person=PersonFactory(name="Anne Berg", email="anne@example.org"))
    login(page, live_server, "sekretariat")
    page.goto(f"{live_server.url}/meetings/{world.planned.pk}/agenda/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        nb("Agenda for %(body)s") % {"body": "Koordineringsgruppen"}
    )
    axe_check(page)

    page.get_by_role("button", name=nb("Add the standing items")).click()
    items = page.locator("#agenda-items > li h3")
    expect(items).to_have_count(5)
    expect(items.first).to_have_text(f"1. {nb('Approval of the notice')}")

    page.get_by_label(nb("Title"), exact=True).fill("Energistasjonsprosjektet")
    page.get_by_label(nb("Kind")).select_option("decision")
    page.get_by_label(nb("Proposed conclusion")).fill("Sluttrapporten tas til orientering.")
    page.get_by_role("button", name=nb("Add the item")).click()
    expect(page.get_by_role("heading", name="5. Energistasjonsprosjektet")).to_be_visible()
    item = AgendaItem.objects.get(title="Energistasjonsprosjektet")

    move_up = page.get_by_role("button", name=f"{nb('Move up')}: Energistasjonsprosjektet")
    move_up.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="4. Energistasjonsprosjektet")).to_be_visible()
    expect(page.locator(f"#move-up-{item.pk}")).to_be_focused()  # the keyboard user stays put
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="3. Energistasjonsprosjektet")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Energistasjonsprosjektet")).to_have_count(1)
    assert [i.title for i in world.planned.items.order_by("position")][
        2
    ] == "Energistasjonsprosjektet"

    page.get_by_label(nb("File")).set_input_files(
        files=[{"name": "Sluttrapport fase I.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label(nb("Belongs to")).select_option(str(item.pk))
    page.get_by_role("button", name=nb("Upload"), exact=True).click()
    expect(
        page.locator(f"#item-{item.pk}").get_by_role("link", name="Sluttrapport fase I", exact=True)
    ).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name=nb("Send the notice")).click()
    expect(page.get_by_text("Anne Berg <anne@example.org>")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name=nb("Send the notice and publish the agenda")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        nb("Agenda for %(body)s") % {"body": "Koordineringsgruppen"}
    )
    messages = list(OutboxMessage.objects.all())
    assert [m.to for m in messages] == [["anne@example.org"]]
    assert [a.filename for a in messages[0].attachments.all()] == [
        f"{slugify(nb('notice'))}-kg-2025-01-06.pdf",
        f"{slugify(nb('invitation'))}-kg-2025-01-06.ics",
    ]
    world.planned.refresh_from_db()
    assert world.planned.status == "notice_sent"
