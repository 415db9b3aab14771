"""Single sign-on in the browser against a real OpenID Connect provider on loopback.

The provider is the `oidc-provider` package from npm (installed once into pytest's cache folder,
``.pytest_cache/d/oidc-provider-<version>``), run by Node with tests/e2e/oidc/provider.mjs.
"""

import os
import re
import selectors
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from playwright.sync_api import expect

from factories import CooperationFactory, RoleFactory, UserFactory
from motebok.core.views_oidc import REFUSALS
from motebok.orgs.enums import AccessRole

pytestmark = pytest.mark.e2e

PROVIDER_VERSION = "8.8.1"
PROVIDER_SCRIPT = Path(__file__).parent / "oidc" / "provider.mjs"
CLIENT_ID = "motebok-e2e"
CLIENT_SECRET = "e2e-client-secret-not-for-production"
PROVIDER_NAME = "Testleverandør"
# The browser talks only to the two loopback servers: the provider's pages import web fonts.
OUTSIDE = re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/])")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def provider_package(request, tmp_path_factory) -> Path:
    """The `oidc-provider` package, installed with npm on the first run and reused after."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.fail("Node.js and npm are needed for the single sign-on browser test")
    cache = getattr(request.config, "cache", None)
    folder = (
        Path(cache.mkdir(f"oidc-provider-{PROVIDER_VERSION}"))
        if cache is not None
        else tmp_path_factory.mktemp("oidc-provider")
    )
    package = folder / "node_modules" / "oidc-provider"
    installed = folder / "installed"  # written last: an interrupted install is redone
    if not installed.exists():
        shutil.rmtree(folder / "node_modules", ignore_errors=True)
        subprocess.run(
            [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(folder)]
            + [f"oidc-provider@{PROVIDER_VERSION}"],
            check=True,
            capture_output=True,
            timeout=300,
        )
        installed.write_text(PROVIDER_VERSION)
    return package


@pytest.fixture(scope="session")
def provider(live_server, provider_package):
    """The running provider's issuer address; the Node process is stopped afterwards."""
    port = _free_port()
    process = subprocess.Popen(
        [shutil.which("node"), str(PROVIDER_SCRIPT)],
        env={
            "PATH": os.environ.get("PATH", ""),
            "OIDC_PROVIDER_MODULE": str(provider_package),
            "PORT": str(port),
            "REDIRECT_URI": f"{live_server.url}/oidc/callback/",
            "POST_LOGOUT_REDIRECT_URI": f"{live_server.url}/",
            "CLIENT_ID": CLIENT_ID,
            "CLIENT_SECRET": CLIENT_SECRET,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        watcher = selectors.DefaultSelector()
        watcher.register(process.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + 30
        line = ""
        while not line.startswith("ready ") and time.monotonic() < deadline:
            if process.poll() is not None:
                break
            if watcher.select(timeout=max(0.0, deadline - time.monotonic())):
                line = process.stdout.readline()
        if not line.startswith("ready "):
            pytest.fail(f"the OpenID Connect provider did not start (exit {process.poll()})")
        yield line.split()[1]
    finally:
        process.stdout.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def sso(settings, provider):
    settings.MOTEBOK_OIDC_ENABLED = True
    settings.MOTEBOK_OIDC_ISSUER = provider
    settings.MOTEBOK_OIDC_PROVIDER_NAME = PROVIDER_NAME
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "motebok.core.oidc.OIDCBackend",
    ]
    return provider


@pytest.fixture
def kari(transactional_db):
    cooperation = CooperationFactory(name="Vestlandssamarbeidet", slug="vestland")
    user = UserFactory(
        username="kari", email="kari.nordmann@example.org", first_name="Kari", last_name="Nordmann"
    )
    RoleFactory(user=user, cooperation=cooperation, role=AccessRole.MEMBER)
    return user


@pytest.fixture
def loopback_page(page):
    page.route(OUTSIDE, lambda route: route.abort())
    return page


def _sign_in_at_provider(page, live_server, provider, login):
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name=f"{PROVIDER_NAME}").click()
    page.wait_for_url(f"{provider}/interaction/**", timeout=15_000)
    page.get_by_placeholder("Enter any login").fill(login)
    page.get_by_placeholder("and password").fill("any-password")
    page.get_by_role("button", name="Sign-in").click()


def test_signs_in_at_the_provider_lands_on_the_cooperation_and_signs_out(
    sso, kari, live_server, loopback_page, axe_check
):
    page = loopback_page
    page.goto(f"{live_server.url}/login/")
    axe_check(page)
    _sign_in_at_provider(page, live_server, sso, "kari")

    page.wait_for_url(f"{live_server.url}/cooperations/vestland/", timeout=15_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vestlandssamarbeidet")
    expect(page.get_by_text("Logget inn som Kari Nordmann")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(f"{sso}/session/end**", timeout=15_000)
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{live_server.url}/", timeout=15_000)
    expect(page.get_by_role("link", name="Logg inn", exact=True)).to_be_visible()
    expect(page.get_by_text("Logget inn som")).to_have_count(0)

    # The provider's session ended too: signing in again asks for the login once more.
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name=f"{PROVIDER_NAME}").click()
    page.wait_for_url(f"{sso}/interaction/**", timeout=15_000)
    expect(page.get_by_placeholder("Enter any login")).to_be_visible()


@pytest.mark.parametrize(
    ("login", "reason", "email"),
    [
        ("ukjent", "unknown", "ukjent@example.org"),
        ("uverifisert", "unverified", "kari.nordmann@example.org"),
    ],
)
def test_refused_sign_in_explains_and_creates_nobody(
    sso, kari, live_server, loopback_page, axe_check, login, reason, email
):
    page = loopback_page
    users_before = list(get_user_model().objects.values_list("username", flat=True))
    _sign_in_at_provider(page, live_server, sso, login)

    page.wait_for_url(f"{live_server.url}/oidc/callback/**", timeout=15_000)
    with translation.override("nb"):
        expected = str(REFUSALS[reason][0]) % {"email": email}
    expect(page.get_by_test_id("oidc-refusal")).to_have_text(expected)
    expect(page.get_by_text("Logget inn som")).to_have_count(0)
    axe_check(page)
    assert list(get_user_model().objects.values_list("username", flat=True)) == users_before
