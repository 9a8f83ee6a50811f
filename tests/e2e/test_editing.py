"""An editor adds a person and an event in the admin and finds them on the
public site, dated in both calendars."""

import pytest
from playwright.sync_api import expect

from tests.reviews.factories import make_editor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def admin_sign_in(page, base_url, user):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Editing the site")).to_be_visible()


def choose_in_autocomplete(page, field_id, text):
    """Pick ``text`` in the admin's autocomplete (select2) widget for a field."""
    page.locator(f"#{field_id} + .select2").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).click()


def test_editor_publishes_a_person_and_a_julian_dated_event(
    live_server, screenshot_on_failure
):
    editor_context = screenshot_on_failure.context.browser.new_context()
    page = editor_context.new_page()
    admin_sign_in(page, live_server.url, make_editor())

    page.goto(f"{live_server.url}/admin/people/person/add/")
    page.get_by_label("Display name").fill("N. I. Podvoisky")
    page.get_by_label("Summary").fill("Led the Military Revolutionary Committee.")
    page.locator("#id_birth_0").fill("1880-02-04")
    page.locator("#id_birth_1").select_option("julian")
    expect(page.locator("#id_birth_0 ~ output")).to_have_text(
        "= 16 February 1880 (New Style)"
    )
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.goto(f"{live_server.url}/admin/timeline/event/add/")
    page.get_by_label("Title").fill("The storming of the Winter Palace")
    page.get_by_label("Summary").fill("Red Guards take the seat of the government.")
    page.locator("#id_start_0").fill("1917-10-25")
    page.locator("#id_start_1").select_option("julian")
    expect(page.locator("#id_start_0 ~ output")).to_have_text(
        "= 7 November 1917 (New Style)"
    )
    page.get_by_label("Place").fill("Petrograd")
    choose_in_autocomplete(page, "id_people", "Podvoisky")
    expect(page.locator("#id_people option:checked")).to_have_text("N. I. Podvoisky")
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    editor_context.close()

    # A visitor, not signed in, finds both on the public site.
    page = screenshot_on_failure
    page.goto(f"{live_server.url}/timeline/")
    event = page.get_by_role("link", name="The storming of the Winter Palace")
    expect(event).to_be_visible()
    expect(
        page.locator(".timeline__date").get_by_text("25 October (7 November) 1917")
    ).to_be_visible()
    event.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The storming of the Winter Palace"
    )
    expect(page.locator(".event__when")).to_contain_text("25 October (7 November) 1917")
    page.get_by_role("link", name="N. I. Podvoisky").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("N. I. Podvoisky")
    expect(page.locator("main")).to_contain_text("4 February (16 February) 1880")
