import pytest
from playwright.sync_api import expect

from e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_public_pages_are_accessible_and_hide_drafts(
    transactional_db, world, live_server, page, axe_check
):
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Møter og referater")
    axe_check(page)
    page.get_by_role("link", name="Koordineringsgruppen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Koordineringsgruppen")
    axe_check(page)
    page.goto(f"{live_server.url}{world.planned.get_absolute_url()}")
    expect(page.get_by_text("Sakskartet publiseres når innkallingen er sendt.")).to_be_visible()
    expect(page.get_by_text("Sak i planned")).to_have_count(0)
    axe_check(page)
    page.goto(f"{live_server.url}{world.approved.get_absolute_url()}")
    expect(page.get_by_role("heading", name="1. Sak i minutes_approved")).to_be_visible()
    expect(page.get_by_role("link", name="Unntatt vedlegg")).to_have_count(0)
    axe_check(page)


def test_member_signs_in_and_sees_the_draft_agenda(
    transactional_db, world, live_server, page, axe_check
):
    page.goto(f"{live_server.url}/login/")
    axe_check(page)
    login(page, live_server, "medlem")
    expect(page.get_by_text("Logget inn som medlem")).to_be_visible()
    page.goto(f"{live_server.url}{world.planned.get_absolute_url()}")
    expect(page.get_by_role("heading", name="1. Sak i planned")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Logg ut").click()
    page.goto(f"{live_server.url}{world.planned.get_absolute_url()}")
    expect(page.get_by_text("Sak i planned")).to_have_count(0)


def test_wrong_password_is_told_and_language_switches(
    transactional_db, world, live_server, page, axe_check
):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brukernavn").fill("medlem")
    page.get_by_label("Passord").fill("wrong")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Brukernavnet og passordet stemmer ikke overens. Prøv igjen."
    )
    axe_check(page)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings and minutes")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()


def test_pages_run_under_the_content_security_policy(transactional_db, world, live_server, page):
    """No inline script or style is blocked: the browser reports no CSP violation."""
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    for url in ("/", "/bodies/kg/", world.approved.get_absolute_url(), "/login/"):
        response = page.goto(f"{live_server.url}{url}")
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert errors == []
