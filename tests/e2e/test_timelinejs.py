"""The visual timeline in the real TimelineJS, in Chromium.

TimelineJS (npm ``@knight-lab/timelinejs``, pinned in package-lock.json) is
served from this site's static files under the site's own
Content-Security-Policy. It reports a bad timeline only by drawing an error
message in place of the slides, never on the console, so these tests look at
what it drew: one slide and one marker per live event, and no message. They
do so on the demo content and on a site the size of the benchmark's
(2,000 events).
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from october.tools.large_site import generate_timeline
from tests.core.image_helpers import make_image_file
from tests.e2e.test_accessibility import axe_violations
from tests.timeline.factories import make_event
from timeline.models import Event, Period

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Collects what the Content-Security-Policy refused, from the first script on.
WATCH_CSP = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

DRAWN = """() => {
  const slides = [...document.querySelectorAll(".tl-slide:not(.tl-slide-titleslide)")];
  const messages = [...document.querySelectorAll(".tl-message-full")]
    .filter((m) => m.offsetParent !== null)
    .map((m) => m.textContent.trim())
    .filter(Boolean);
  const current = document.querySelector(".tl-slide:not([inert])");
  return {
    slides: slides.map((slide) => slide.id),
    markers: document.querySelectorAll(".tl-timemarker").length,
    eras: document.querySelectorAll(".tl-timeera").length,
    messages: messages,
    current: current && current.id,
    csp: window.cspViolations,
  };
}"""


def open_timeline(page, url, timeout=60_000):
    """Open the timeline page and wait until TimelineJS has drawn its slides
    or given up with a message."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    page.add_init_script(WATCH_CSP)
    page.goto(url)
    # The slides come first, then the markers and eras on the time line; an
    # error message comes instead of all of them.
    page.wait_for_function(
        """() => document.querySelector(".tl-message-full .tl-message-content")
             || document.querySelectorAll(".tl-timemarker").length > 0""",
        timeout=timeout,
    )
    return errors


def assert_drew_every_event(page, errors, slugs):
    drawn = page.evaluate(DRAWN)
    assert drawn["messages"] == []
    assert len(drawn["slides"]) == len(slugs)
    assert set(drawn["slides"]) == set(slugs)
    assert drawn["markers"] == len(slugs)
    assert drawn["csp"] == []
    assert errors == []
    return drawn


def test_timelinejs_draws_the_demo_chronology_and_follows_addresses(live_server, page):
    call_command("load_demo", allow_production=True, stdout=StringIO())
    slugs = list(Event.objects.live().values_list("slug", flat=True))
    assert len(slugs) >= 80
    periods = Period.objects.count()

    errors = open_timeline(
        page, live_server.url + "/timeline/#event-october-revolution"
    )
    drawn = assert_drew_every_event(page, errors, slugs)
    assert drawn["eras"] == periods
    # An address names an event: the visual timeline opens on it.
    expect(page.locator(".tl-slide:not([inert])")).to_have_id("october-revolution")

    # Moving on puts the next event's address in the location bar.
    page.locator(".tl-slidenav-next").click()
    following = slugs[slugs.index("october-revolution") + 1]
    expect(page).to_have_url(f"{live_server.url}/timeline/#event-{following}")
    expect(page.locator(".tl-slide:not([inert])")).to_have_id(following)

    # And a new address moves the timeline.
    page.evaluate("() => { location.hash = '#event-lenin-returns'; }")
    expect(page.locator(".tl-slide:not([inert])")).to_have_id("lenin-returns")
    # The list keeps its anchors, for readers without the visual timeline.
    expect(page.locator("#event-lenin-returns")).to_have_count(1)


def test_the_drawn_visual_timeline_meets_wcag_21_aa(live_server, unrestricted_page):
    page = unrestricted_page
    period = Period.objects.create(
        slug="april",
        title="Lenin Returns",
        start=datetime.date(1917, 4, 16),
        end=datetime.date(1917, 6, 15),
    )
    for day in range(5):
        make_event(
            period=period,
            start=datetime.date(1917, 4, 16 + day),
            start_calendar="julian",
            image=make_image_file("crowd.jpg"),
            image_alt="Workers and soldiers outside the Finland Station",
            image_credit="Photograph, 1917",
        )
    open_timeline(page, live_server.url + "/timeline/")
    assert axe_violations(page) == []
    page.locator(".tl-slidenav-next").click()
    expect(page.locator(".tl-slide:not([inert])")).not_to_have_id("timeline-title")
    assert axe_violations(page) == []


def test_timelinejs_draws_the_large_sites_two_thousand_events(live_server, page):
    # The large site's timeline, made by the benchmark's own generator.
    generated = generate_timeline(events=2000)
    slugs = list(Event.objects.filter(pk__in=generated).values_list("slug", flat=True))
    assert len(slugs) == 2000

    errors = open_timeline(page, live_server.url + "/timeline/", timeout=180_000)
    drawn = assert_drew_every_event(page, errors, slugs)
    assert drawn["eras"] == Period.objects.count() == 8
