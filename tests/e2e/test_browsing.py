"""A visitor finds their way: search in Russian, a translation, a guide."""

import pytest
from playwright.sync_api import expect

from tests.e2e.site_pages import make_site

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visitor_searches_reads_a_translation_and_follows_a_guide(
    live_server, screenshot_on_failure
):
    site = make_site()
    page = screenshot_on_failure
    page.goto(live_server.url + "/")

    search = page.get_by_role("searchbox", name="Search the site")
    search.fill("Троцкий")
    search.press("Enter")
    expect(page.get_by_role("searchbox", name="Search for")).to_have_value("Троцкий")
    page.locator("main").get_by_role("link", name="L. Trotsky").first.click()
    expect(page).to_have_url(live_server.url + site.trotsky.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("L. Trotsky")

    page.goto(live_server.url + site.article.get_absolute_url())
    translations = page.get_by_role("navigation", name="Translations")
    translations.get_by_role("link", name="Español").click()
    expect(page).to_have_url(live_server.url + site.translation.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Lenin y la insurrección")
    # Reading the Spanish version changes the content, not the interface.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "es")

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Reading guides"
    ).click()
    page.get_by_role("link", name="The October Insurrection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The October Insurrection"
    )
    page.locator("main").get_by_role("link", name="Lenin and the insurrection").click()
    expect(page).to_have_url(live_server.url + site.article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lenin and the insurrection"
    )
