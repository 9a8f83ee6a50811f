import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visitor_can_skip_to_content_with_the_keyboard(
    live_server, screenshot_on_failure
):
    page = screenshot_on_failure
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_phone_sized_window_opens_the_menu(live_server, screenshot_on_failure):
    page = screenshot_on_failure
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/")
    people_link = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="People"
    )
    expect(people_link).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(people_link).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_have_attribute(
        "aria-expanded", "true"
    )
