"""Browser tests: Playwright for Python driving the system's Chromium (never a downloaded browser)."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls of the tests themselves
# are still synchronous, so Django's guard against async use does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is needed for the browser tests: apt-get install -y chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def axe_check():
    """Run axe-core (WCAG 2 A and AA) on the page and fail with the violations, if any."""

    def check(page):
        # Loaded from the server itself, as the Content-Security-Policy forbids inline scripts.
        origin = "/".join(page.url.split("/", 3)[:3])
        page.add_script_tag(url=f"{origin}/static/vendor/axe-core/axe.min.js")
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        violations = [
            f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
            for v in result["violations"]
        ]
        assert violations == [], f"{page.url}: " + "; ".join(violations)

    return check


def login(page, live_server, username, password="pw"):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Norwegian user's browser: the interface answers in bokmål."""
    return {**browser_context_args, "locale": "nb-NO"}
