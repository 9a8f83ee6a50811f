"""WCAG 2.1 A and AA on every page type (axe-core from npm, see package.json),
and the keyboard: skip link, main menu, a form, focus always visible."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.e2e.site_pages import make_site
from tests.reviews.factories import make_reader

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page):
    """axe-core's WCAG 2.1 AA violations on the loaded page, one line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_21_AA,
    )
    assert result["passes"], "axe checked nothing"
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in result["violations"]
    ]


def sign_in(page, base_url, username, password="password"):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_every_page_type_meets_wcag_21_aa(live_server, unrestricted_page):
    page = unrestricted_page
    site = make_site()
    found = {}
    for name, path in site.public:
        page.goto(live_server.url + path)
        found[name] = axe_violations(page)
    # The same pages in Spanish and Russian: other words, other lengths.
    for language in ("es", "ru"):
        for name, path in site.public:
            page.goto(f"{live_server.url}/{language}{path}")
            found[f"{name} ({language})"] = axe_violations(page)
    page.set_viewport_size({"width": 375, "height": 740})
    phone_pages = [
        ("home, phone", "/"),
        ("book, phone", site.book.get_absolute_url()),
        ("home, phone (ru)", "/ru/"),
        ("book, phone (es)", "/es" + site.book.get_absolute_url()),
    ]
    for name, path in phone_pages:
        page.goto(live_server.url + path)
        found[name] = axe_violations(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server.url, site.reader.username)
    for name, path in site.signed_in:
        page.goto(live_server.url + path)
        found[name] = axe_violations(page)
    problems = [f"{name}: {line}" for name, lines in found.items() for line in lines]
    assert not problems, "\n".join(problems)


def test_forms_with_errors_meet_wcag_21_aa(live_server, unrestricted_page):
    page = unrestricted_page
    site = make_site()
    page.goto(f"{live_server.url}/join/")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    problems = axe_violations(page)
    # A reader yet to rate the book, so the form starts empty.
    sign_in(page, live_server.url, make_reader().username)
    page.goto(f"{live_server.url}{site.book.get_absolute_url()}review/")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Choose from 1 to 5 stars.")).to_be_visible()
    problems += axe_violations(page)
    assert not problems, "\n".join(problems)


def focus_is_visible(page):
    """Whether the focused element shows an outline or a focus ring."""
    return page.evaluate(
        """() => {
          const style = getComputedStyle(document.activeElement);
          const outline = style.outlineStyle !== 'none'
            && parseFloat(style.outlineWidth) >= 2;
          return outline || style.boxShadow !== 'none';
        }"""
    )


def focused_name(page):
    return page.evaluate(
        "() => (document.activeElement.innerText || document.activeElement.name"
        " || '').trim()"
    )


def test_keyboard_reaches_every_main_menu_link_with_visible_focus(
    live_server, screenshot_on_failure
):
    page = screenshot_on_failure
    page.goto(live_server.url + "/")
    reached = []
    for _press in range(12):
        page.keyboard.press("Tab")
        assert focus_is_visible(page), focused_name(page)
        reached.append(focused_name(page))
    menu = ["Timeline", "People", "Reading guides", "Articles", "Books", "About us"]
    assert [name for name in reached if name in menu] == menu
    assert reached[0] == "Skip to content"

    people = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="People"
    )
    people.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/people/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_visitor_fills_in_the_join_form_with_the_keyboard_alone(
    live_server, screenshot_on_failure
):
    page = screenshot_on_failure
    page.goto(f"{live_server.url}/join/")
    name = page.get_by_label("Your name")
    # From the top of the page, through the menu, to the form's first field.
    for _press in range(40):
        page.keyboard.press("Tab")
        assert focus_is_visible(page), focused_name(page)
        if name.evaluate("field => field === document.activeElement"):
            break
    expect(name).to_be_focused()
    page.keyboard.type("Nadezhda Krupskaya")
    for label, text in (
        ("Your e-mail address", "nadya@example.org"),
        ("Country", "Russia"),
        ("Message (optional)", "I would like to join."),
    ):
        page.keyboard.press("Tab")
        expect(page.get_by_label(label)).to_be_focused()
        assert focus_is_visible(page)
        page.keyboard.type(text)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send")).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()


def test_reader_signs_in_with_the_keyboard_alone(live_server, screenshot_on_failure):
    page = screenshot_on_failure
    reader = make_reader(username="tabber")
    page.goto(f"{live_server.url}/accounts/login/")
    # The sign-in form puts the cursor in its first field.
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type(reader.username)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.type("password")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
