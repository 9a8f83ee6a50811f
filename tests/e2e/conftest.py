"""Browser tests: Playwright driving Debian's Chromium against the live server."""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make to arrange data are synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def site_url_is_the_live_server(request, settings):
    """Links the site writes (a confirmation mail's, say) lead to the server
    the browser is using, as SITE_URL makes them do in production."""
    if "live_server" in request.fixturenames:
        settings.SITE_URL = request.getfixturevalue("live_server").url


@pytest.fixture
def screenshot_on_failure(request, page):
    """Saves a full-page screenshot under test-results/ when the test fails."""
    yield page
    save_screenshot_if_failed(request, page)


@pytest.fixture
def unrestricted_page(request, browser):
    """A page whose context ignores the site's Content-Security-Policy, so
    that the tests can inject axe-core; screenshot on failure as above."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    yield page
    save_screenshot_if_failed(request, page)
    context.close()


def save_screenshot_if_failed(request, page):
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        os.makedirs("test-results", exist_ok=True)
        page.screenshot(path=f"test-results/{request.node.name}.png", full_page=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
