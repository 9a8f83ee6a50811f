"""A new reader's whole stay, in a browser: sign up, rate, follow, shelve,
change their address, take their data and leave, with every figure back
where it was."""

import json
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from reviews.services import book_counters_recount
from tests.guides.factories import make_entry, make_guide
from tests.reviews.factories import make_book, make_reader, make_review

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "All power to the soviets 1917"


def link_path(message):
    """The path of the link in ``message`` (mail names the site's address,
    not the test server's)."""
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_a_reader_joins_takes_part_and_leaves_without_a_trace(
    live_server, screenshot_on_failure
):
    book = make_book(title="Ten Days That Shook the World")
    make_review(book=book, rating=3)
    reviewer = make_reader(username="gilly")
    reviewer.reader_profile.display_name = "Gilly Singh"
    reviewer.reader_profile.save()
    make_review(book=book, reader=reviewer, rating=5, text="Reed was there.")
    guide_book = make_book(title="The State and Revolution")
    guide = make_guide(title="Where to start")
    make_entry(guide=guide, book=guide_book)
    site = live_server.url
    page = screenshot_on_failure

    # Sign up, and confirm the address from the mail.
    page.goto(f"{site}/accounts/signup/")
    page.get_by_label("Username").fill("inessa")
    page.locator("#id_display_name").fill("Inessa A.")
    page.get_by_label("E-mail address").fill("inessa@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(site + link_path(mail.outbox[-1]))
    expect(page.locator("main")).to_contain_text("confirmed")

    # Rate with a click: the count moves at once.
    page.goto(site + book.get_absolute_url())
    expect(page.locator("main")).to_contain_text("2 ratings")
    page.get_by_role("button", name="4 stars", exact=True).click()
    expect(page.locator("main")).to_contain_text("3 ratings")
    expect(page.locator("main")).to_contain_text("You rated it 4 stars")

    # Add words: they wait for a moderator, the stars go on counting.
    page.get_by_role("link", name="Edit your rating or review").click()
    page.get_by_label("Your review (optional)").fill("Reed saw it all happen.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text(
        "It counts already; your words wait for a moderator."
    )
    expect(page.locator("main")).to_contain_text("3 ratings")

    # Follow a reviewer: their rating shows under "Friends & Following".
    page.goto(f"{site}/readers/gilly/")
    page.get_by_role("button", name="Follow").click()
    expect(page.get_by_role("button", name=re.compile("^Following"))).to_be_visible()
    page.goto(site + book.get_absolute_url())
    friends = page.locator("#friends")
    expect(friends).to_contain_text("Gilly Singh")
    expect(friends).to_contain_text("Reed was there.")

    # Shelve from a guide.
    page.goto(site + guide.get_absolute_url())
    page.get_by_label("Shelf").select_option(label="Want to read")
    page.get_by_role("button", name="Put them on the shelf").click()
    page.goto(site + guide_book.get_absolute_url())
    expect(page.locator("main")).to_contain_text("1 person wants to read")

    # ...and find it again on "My books", from the header's link to the profile.
    page.locator(".site-account").get_by_role("link", name="Inessa A.").click()
    expect(page.locator("#reader-shelves-heading")).to_have_text("My books")
    page.get_by_role("navigation", name="Shelves").get_by_role(
        "link", name=re.compile("^Want to read")
    ).click()
    expect(page.locator(".shelf-list")).to_contain_text("The State and Revolution")

    # Change the address: nothing changes until the link's button is pressed.
    page.get_by_role("link", name="Settings", exact=True).click()
    page.get_by_label("New e-mail address").fill("inessa.armand@example.org")
    page.locator("#email_change_password").fill(PASSWORD)
    page.get_by_role("button", name="Change my address").click()
    expect(page.locator(".messages")).to_contain_text(
        "We have sent a link to inessa.armand@example.org"
    )
    expect(page.locator("main")).to_contain_text("inessa@example.org")
    change = mail.outbox[-1]
    assert change.to == ["inessa.armand@example.org"]
    page.goto(site + link_path(change))
    page.get_by_role("button", name="Use this address").click()
    expect(page.locator("main")).to_contain_text("Address changed")
    assert mail.outbox[-1].to == ["inessa@example.org"]
    page.get_by_role("link", name="Back to your account settings").click()
    expect(page.locator("main")).to_contain_text("inessa.armand@example.org")

    # Download my data.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["account"]["email"] == "inessa.armand@example.org"
    assert data["profile"]["display_name"] == "Inessa A."
    assert [
        (r["book"], r["rating"], r["text"], r["status"]) for r in data["reviews"]
    ] == [("Ten Days That Shook the World", 4, "Reed saw it all happen.", "pending")]
    assert [s["book"] for s in data["shelves"]] == ["The State and Revolution"]
    assert len(data["follows"]) == 1

    # Delete the account: every figure drops back.
    page.locator("#account_delete_password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator(".messages")).to_contain_text("Your account is deleted")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    page.goto(site + book.get_absolute_url())
    expect(page.locator("main")).to_contain_text("2 ratings")
    expect(page.locator("main")).not_to_contain_text("Inessa A.")
    page.goto(site + guide_book.get_absolute_url())
    expect(page.locator("main")).not_to_contain_text("wants to read")
    page.goto(f"{site}/readers/gilly/")
    expect(page.locator("main")).to_contain_text("0 followers")
    assert book_counters_recount() == []
