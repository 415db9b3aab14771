import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from e2e.conftest import login

pytestmark = pytest.mark.e2e

SEED = (
    Path(__file__).resolve().parents[2]
    / "src/motebok/core/demo_data/osloregionen-kg-2025-01-21.txt"
)


def test_secretariat_uploads_reviews_corrects_and_imports(
    transactional_db, world, live_server, page, axe_check
):
    blocked = []  # what the Content-Security-Policy refused (the favicon's 404 is not ours)
    page.on("console", lambda msg: blocked.append(msg.text) if "Refused" in msg.text else None)
    login(page, live_server, "sekretariat")
    page.goto(f"{live_server.url}/import/")
    axe_check(page)

    page.locator("#id_file").set_input_files(SEED)
    page.locator("#upload-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"{re.escape(live_server.url)}/import/[\w-]+/$"))
    expect(page.locator("#id_title")).to_have_value(
        "Referat fra møte i administrativ koordineringsgruppe"
    )
    expect(page.locator("#review-form fieldset")).to_have_count(12)
    expect(page.locator("#warnings li")).to_have_count(2)
    expect(page.locator("mark#warning-1")).to_have_text(
        "Det er nå en høring med frist i mars før saken deretter går til departementet."
    )
    axe_check(page)

    page.locator("#id_title").fill("Koordineringsgruppen 21. januar 2025")
    page.locator("#id_body").select_option(label="Koordineringsgruppen")
    page.locator("#review-form button[name=import]").click()
    page.wait_for_url(re.compile(rf"{re.escape(live_server.url)}/meetings/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Koordineringsgruppen 21. januar 2025"
    )
    expect(page.locator(".ds-alert[data-color=success]")).to_contain_text(
        "Møtet ble importert med 12 saker."
    )
    axe_check(page)
    assert blocked == []


def test_discard_is_confirmed_with_the_keyboard(
    transactional_db, world, live_server, page, axe_check
):
    login(page, live_server, "sekretariat")
    page.goto(f"{live_server.url}/import/")
    page.locator("#id_file").set_input_files(SEED)
    page.locator("#upload-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"{re.escape(live_server.url)}/import/[\w-]+/$"))
    page.locator("#review-form a.ds-button[data-color=danger]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/discard/$"))
    axe_check(page)
    page.locator("main form button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/import/")
    expect(page.locator(".ds-alert[data-color=info]")).to_have_text(
        "Den opplastede filen ble forkastet."
    )
