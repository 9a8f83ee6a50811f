"""Who may change what: anonymous visitors, the review's author, another
reader, an editor and a moderator, against every view and admin action that
changes reviews, shelves or books."""

import pytest
from django.test import Client
from django.urls import reverse

from reviews.models import Book, ReadingStatus, Review
from reviews.services import book_counters_recount, book_shelve
from tests.reviews.factories import (
    make_book,
    make_editor,
    make_moderator,
    make_reader,
    make_review,
)

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "author", "other_reader", "editor", "moderator"]
CHANGELIST = reverse("admin:reviews_review_changelist")


@pytest.fixture
def world():
    """A book with the author's pending review, and a client per actor."""
    book = make_book()
    author = make_reader()
    review = make_review(book=book, reader=author, text="Original.", status="pending")
    users = {
        "anonymous": None,
        "author": author,
        "other_reader": make_reader(),
        "editor": make_editor(),
        "moderator": make_moderator(),
    }
    clients = {}
    for name, user in users.items():
        clients[name] = Client()
        if user is not None:
            clients[name].force_login(user)
    return {"book": book, "review": review, "users": users, "clients": clients}


def reload(review):
    return Review.objects.filter(pk=review.pk).first()


# The review form


@pytest.mark.parametrize("actor", ACTORS)
def test_posting_a_review_only_ever_touches_the_senders_own(world, actor):
    book, review = world["book"], world["review"]
    response = world["clients"][actor].post(
        reverse("reviews:review", args=[book.slug]),
        # Forged fields naming the author's review are ignored.
        {"rating": "1", "text": "", "review": review.pk, "reader": review.reader.pk},
    )

    assert response.status_code == 302
    user = world["users"][actor]
    if actor == "author":
        assert (reload(review).rating, reload(review).text) == (1, "")
        return
    assert (reload(review).rating, reload(review).text) == (review.rating, "Original.")
    if user is None:
        assert response["Location"].startswith(reverse("login"))
        assert Review.objects.count() == 1
    else:
        assert Review.objects.get(reader=user).rating == 1


def test_author_can_change_their_own_review(world):
    book, review = world["book"], world["review"]
    world["clients"]["author"].post(
        reverse("reviews:review", args=[book.slug]),
        {"rating": "2", "text": "Revised."},
    )
    assert reload(review).text == "Revised."


@pytest.mark.parametrize("actor", ACTORS)
def test_withdrawing_only_ever_removes_the_senders_own_review(world, actor):
    book, review = world["book"], world["review"]
    world["clients"][actor].post(
        reverse("reviews:review", args=[book.slug]),
        {"withdraw": "1", "review": review.pk},
    )
    assert (reload(review) is None) == (actor == "author")


# Shelves


@pytest.mark.parametrize("actor", ACTORS)
def test_shelving_needs_a_signed_in_user_and_touches_only_their_shelf(world, actor):
    book = world["book"]
    author_shelf = book_shelve(
        reader=world["users"]["author"], book=book, status="read"
    )
    response = world["clients"][actor].post(
        reverse("reviews:shelve", args=[book.slug]),
        {"status": "want_to_read", "reader": world["users"]["author"].pk},
    )
    assert response.status_code == 302
    author_shelf.refresh_from_db()
    if actor == "anonymous":
        assert response["Location"].startswith(reverse("login"))
        assert ReadingStatus.objects.count() == 1
    elif actor == "author":
        assert author_shelf.status == "want_to_read"
    else:
        assert author_shelf.status == "read"
        assert ReadingStatus.objects.get(reader=world["users"][actor]).status == (
            "want_to_read"
        )
    assert book_counters_recount() == []


# Admin actions and pages


def admin_refused(response):
    """Anonymous and non-staff users are sent to the admin login; staff
    without the permission get 403."""
    if response.status_code == 302:
        return response["Location"].startswith(reverse("admin:login"))
    return response.status_code == 403


@pytest.mark.parametrize("actor", ACTORS)
def test_only_moderators_can_approve(world, actor):
    review = world["review"]
    response = world["clients"][actor].post(
        CHANGELIST,
        {"action": "approve_reviews", "_selected_action": [review.pk], "index": 0},
    )
    if actor == "moderator":
        assert response.status_code == 302
        assert reload(review).status == Review.Status.APPROVED
    else:
        assert admin_refused(response)
        assert reload(review).status == Review.Status.PENDING


@pytest.mark.parametrize("actor", ACTORS)
def test_only_moderators_can_reject(world, actor):
    review = world["review"]
    response = world["clients"][actor].post(
        CHANGELIST,
        {
            "action": "reject_reviews",
            "_selected_action": [review.pk],
            "apply": "yes",
            "reason": "spam",
        },
    )
    if actor == "moderator":
        assert reload(review).status == Review.Status.REJECTED
    else:
        assert admin_refused(response)
        assert reload(review).status == Review.Status.PENDING


@pytest.mark.parametrize("actor", ACTORS)
def test_nobody_edits_a_review_in_the_admin(world, actor):
    review = world["review"]
    response = world["clients"][actor].post(
        reverse("admin:reviews_review_change", args=[review.pk]),
        {"text": "Rewritten.", "status": "approved", "rating": "5"},
    )
    assert admin_refused(response)
    assert reload(review).text == "Original."
    assert reload(review).status == Review.Status.PENDING


@pytest.mark.parametrize("actor", ACTORS)
def test_nobody_but_superusers_deletes_a_review_in_the_admin(world, actor):
    review = world["review"]
    response = world["clients"][actor].post(
        reverse("admin:reviews_review_delete", args=[review.pk]), {"post": "yes"}
    )
    assert admin_refused(response)
    assert reload(review) is not None


@pytest.mark.parametrize("actor", ACTORS)
def test_only_editors_change_books(world, actor):
    book = world["book"]
    response = world["clients"][actor].post(
        reverse("admin:reviews_book_change", args=[book.pk]),
        {
            "title": "Changed",
            "slug": book.slug,
            "status": "published",
            "publish_at_0": "2020-01-01",
            "publish_at_1": "12:00:00",
        },
    )
    if actor == "editor":
        assert response.status_code == 302
        assert Book.objects.get(pk=book.pk).title == "Changed"
    else:
        assert admin_refused(response)
        assert Book.objects.get(pk=book.pk).title == book.title
