"""A review's own admin page: Approve and Reject there, through the same
services as the list's actions, and no link a moderator may not follow."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from reviews.models import Review
from tests.reviews.factories import (
    make_book,
    make_editor,
    make_moderator,
    make_reader,
    make_review,
)

pytestmark = pytest.mark.django_db


def page(review):
    return reverse("admin:reviews_review_change", args=[review.pk])


def approve_url(review):
    return reverse("admin:reviews_review_approve", args=[review.pk])


def reject_url(review):
    return reverse("admin:reviews_review_reject", args=[review.pk])


@pytest.fixture
def moderator_client(client):
    client.force_login(make_moderator(username="mod-vera"))
    return client


def pending(**kwargs):
    return make_review(
        text="A careful reading.", status=Review.Status.PENDING, rating=4, **kwargs
    )


def test_a_pending_review_page_offers_approve_and_reject(moderator_client):
    review = pending()
    html = moderator_client.get(page(review)).content.decode()
    assert f'action="{approve_url(review)}"' in html
    assert f'action="{reject_url(review)}"' in html
    assert 'name="reason"' in html and 'name="note"' in html


def test_approve_on_the_page_publishes_counts_and_tells_the_reader(
    moderator_client, django_capture_on_commit_callbacks
):
    review = pending()
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(approve_url(review))

    assert response.status_code == 302
    assert response["Location"] == page(review)
    review.refresh_from_db()
    assert review.status == Review.Status.APPROVED
    assert review.decided_by.username == "mod-vera"
    review.book.refresh_from_db()
    assert review.book.ratings_count == 1
    assert len(mail.outbox) == 1
    assert "is published" in mail.outbox[0].subject
    html = moderator_client.get(response["Location"]).content.decode()
    assert "is approved and published" in html
    # Approved: only Reject is left to do.
    assert f'action="{approve_url(review)}"' not in html
    assert f'action="{reject_url(review)}"' in html


def test_reject_on_the_page_records_the_reason_and_note(
    moderator_client, django_capture_on_commit_callbacks
):
    review = pending()
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reject_url(review),
            {"reason": "off_topic", "note": "It is about another book."},
        )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.Status.REJECTED
    assert review.rejection_reason == "off_topic"
    assert review.rejection_note == "It is about another book."
    assert "Not about the book" in mail.outbox[0].body


def test_another_reason_without_a_note_is_asked_again_and_nothing_changes(
    moderator_client,
):
    review = pending()
    response = moderator_client.post(
        reject_url(review), {"reason": "other", "note": ""}
    )

    assert response.status_code == 200
    assert "Explain the reason to the reader." in response.content.decode()
    assert re.search(r'value="other"[^>]*checked', response.content.decode())
    review.refresh_from_db()
    assert review.status == Review.Status.PENDING


def test_a_second_decision_on_a_decided_review_changes_nothing(moderator_client):
    review = pending()
    moderator_client.post(approve_url(review))
    response = moderator_client.post(approve_url(review), follow=True)
    assert "another moderator decided first" in response.content.decode()


def test_deciding_takes_a_post_and_a_moderator(client):
    review = pending()
    client.force_login(make_moderator())
    assert client.get(approve_url(review)).status_code == 405
    client.force_login(make_editor())
    assert client.post(approve_url(review)).status_code == 403
    review.refresh_from_db()
    assert review.status == Review.Status.PENDING


def test_the_page_names_book_reader_and_moderator_without_admin_links(
    moderator_client,
):
    reader = make_reader()
    review = make_review(
        book=make_book(title="Ten Days That Shook the World"),
        reader=reader,
        text="Vivid.",
        status=Review.Status.REJECTED,
    )
    html = moderator_client.get(page(review)).content.decode()
    assert "Ten Days That Shook the World" in html
    assert f'href="{review.book.get_absolute_url()}"' in html
    assert f'href="{reverse("readers:profile", args=[reader.username])}"' in html
    for forbidden in ("/admin/reviews/book/", "/admin/auth/user/"):
        assert forbidden not in html


def test_every_admin_link_on_a_moderators_pages_opens(moderator_client):
    """Follow every link the moderator is shown, from the index through the
    queue to each kind of review's page and its history."""
    reviews = [
        pending(),
        make_review(text="Approved.", status=Review.Status.APPROVED),
        make_review(text="Rejected.", status=Review.Status.REJECTED),
    ]
    start = [
        reverse("admin:index"),
        reverse("admin:reviews_review_changelist"),
        *[page(review) for review in reviews],
        *[reverse("admin:reviews_review_history", args=[r.pk]) for r in reviews],
    ]
    seen, failures = set(), []
    for url in start:
        html = moderator_client.get(url).content.decode()
        for href in re.findall(r'href="(/admin/[^"#]*)"', html):
            path = href.replace("&amp;", "&")
            if path in seen or "logout" in path:
                continue
            seen.add(path)
            status = moderator_client.get(path).status_code
            if status not in (200, 302):
                failures.append((url, path, status))
    assert len(seen) > 10
    assert not failures
