"""A reader reviews a book, a moderator approves it, everyone sees it; and
the book's histogram on a phone."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.test_editing import admin_sign_in
from tests.reviews.factories import make_book, make_moderator, make_review

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def histogram_row(page, stars):
    label = f"{stars} star{'s' if stars > 1 else ''}"
    return (
        page.get_by_role("list", name="Ratings by number of stars")
        .get_by_role("listitem")
        .filter(has_text=re.compile(rf"^\s*{label}\b"))
    )


def test_reader_review_is_seen_by_everyone_once_a_moderator_approves_it(
    live_server, screenshot_on_failure
):
    book = make_book(title="The History of the Russian Revolution")
    make_review(book=book, rating=5)
    make_review(book=book, rating=4)
    book_url = live_server.url + book.get_absolute_url()
    page = screenshot_on_failure

    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Username").fill("krupskaya")
    page.locator("#id_display_name").fill("N. K. Krupskaya")
    page.get_by_label("E-mail address").fill("nadya@example.org")
    page.locator("#id_password1").fill("What is to be done 1902")
    page.locator("#id_password2").fill("What is to be done 1902")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    link = re.search(r"https?://\S+/confirm/\S+", mail.outbox[-1].body).group()
    page.goto(link)
    expect(page.locator("main")).to_contain_text("confirmed")

    page.goto(book_url)
    expect(histogram_row(page, 4)).to_contain_text("1 (50%)")
    page.get_by_role("link", name="Rate or review this book").click()
    page.get_by_label("4 stars — really liked it").check()
    page.get_by_label("Your review (optional)").fill(
        "The best account of 1917 by one who led it."
    )
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(book_url)
    expect(page.locator(".own-review")).to_contain_text(
        "Only you can see this until a moderator approves it."
    )
    # The stars count at once; only the words wait for the moderator.
    expect(histogram_row(page, 4)).to_contain_text("2 (67%)")

    moderator_context = page.context.browser.new_context()
    moderator = moderator_context.new_page()
    admin_sign_in(moderator, live_server.url, make_moderator())
    moderator.goto(f"{live_server.url}/admin/reviews/review/")
    row = moderator.get_by_role("row").filter(has_text="krupskaya")
    row.get_by_role("checkbox").check()
    moderator.locator("select[name=action]").select_option(
        label="Approve selected reviews"
    )
    moderator.get_by_role("button", name="Go").click()
    expect(moderator.locator(".messagelist")).to_contain_text("1 review approved.")
    moderator_context.close()

    page.reload()
    reviews = page.locator("#reviews")
    expect(reviews).to_contain_text("The best account of 1917 by one who led it.")
    expect(page.locator(".own-review")).to_have_count(0)
    expect(histogram_row(page, 4)).to_contain_text("2 (67%)")
    expect(histogram_row(page, 5)).to_contain_text("1 (33%)")

    visitor_context = page.context.browser.new_context()
    visitor = visitor_context.new_page()
    visitor.goto(book_url)
    expect(visitor.locator("#reviews")).to_contain_text(
        "The best account of 1917 by one who led it."
    )
    expect(histogram_row(visitor, 4)).to_contain_text("2 (67%)")
    visitor_context.close()


def test_phone_sized_window_shows_the_histogram_and_opens_the_menu(
    live_server, screenshot_on_failure
):
    book = make_book(title="Terrorism and Communism")
    for rating in (5, 5, 5, 4, 1):
        make_review(book=book, rating=rating)
    page = screenshot_on_failure
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + book.get_absolute_url())

    five = histogram_row(page, 5)
    five.scroll_into_view_if_needed()
    expect(five).to_be_in_viewport()
    expect(five).to_contain_text("3 (60%)")
    bar = five.locator(".histogram__fill")
    width = bar.evaluate("bar => bar.getBoundingClientRect().width")
    track = five.locator(".histogram__bar").evaluate(
        "bar => bar.getBoundingClientRect().width"
    )
    assert track > 0
    assert abs(width / track - 0.6) < 0.02
    # Nothing sticks out sideways on a small screen.
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth"
    )

    page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Books"
    ).click()
    expect(page).to_have_url(f"{live_server.url}/books/")
    expect(page.get_by_role("link", name="Terrorism and Communism")).to_be_visible()


def test_moderation_queue_fits_1280_px_and_a_review_is_approved_on_its_page(
    live_server, screenshot_on_failure
):
    book = make_book(title="The Revolution Betrayed: What Is the Soviet Union")
    for number in range(3):
        make_review(
            book=book,
            text=f"A long review, number {number}, of a long book. " * 6,
            status="pending",
        )
    page = screenshot_on_failure
    page.set_viewport_size({"width": 1280, "height": 800})
    admin_sign_in(page, live_server.url, make_moderator())

    page.goto(f"{live_server.url}/admin/reviews/review/?status=all")
    table = page.locator("#result_list")
    widths = table.evaluate(
        "t => [t.scrollWidth, t.closest('.results').clientWidth,"
        " document.documentElement.scrollWidth]"
    )
    assert widths[0] <= widths[1], widths  # every column shows, none cut off
    assert widths[2] <= 1280
    expect(page.locator("#nav-sidebar")).to_be_hidden()  # one list: no sidebar

    page.goto(f"{live_server.url}/admin/reviews/review/")
    page.get_by_role("link", name="A long review, number 0").click()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".messagelist")).to_contain_text("is approved and published")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)

    page.goto(f"{live_server.url}/admin/reviews/review/")
    page.get_by_role("link", name="A long review, number 1").click()
    page.get_by_label("Another reason (explained in the note)").check()
    page.get_by_role("button", name="Reject").click()  # no note: asked again
    expect(page.locator(".errorlist")).to_contain_text("Explain the reason")
    page.get_by_label("Note to the reader").fill("Please write about the book.")
    page.get_by_role("button", name="Reject").click()
    expect(page.locator(".messagelist")).to_contain_text("is rejected")
    expect(page.locator(".field-rejection_note")).to_contain_text(
        "Please write about the book."
    )
