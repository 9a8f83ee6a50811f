"""Download my data, delete my account."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from october.accounts.models import EmailConfirmation
from october.core.publishing import Status as PublishingStatus
from reviews.models import Book, ReadingStatus, Review
from reviews.services import book_counters_recount, book_shelve
from tests.reviews.factories import make_book, make_moderator, make_reader, make_review

pytestmark = pytest.mark.django_db

User = get_user_model()
FIGURES = (
    "ratings_count",
    "rating_sum",
    "reviews_count",
    "stars_1",
    "stars_2",
    "stars_3",
    "stars_4",
    "stars_5",
    "want_to_read_count",
    "reading_count",
    "read_count",
)


def figures(*books):
    return {
        book.pk: {field: getattr(book, field) for field in FIGURES}
        for book in Book.objects.filter(pk__in=[book.pk for book in books])
    }


@pytest.fixture
def books():
    """Four books that others have rated, reviewed and shelved already."""
    made = [make_book() for _ in range(4)]
    for book in made:
        make_review(book=book, rating=3)
        make_review(book=book, rating=5, text="A classic, read it twice.")
        book_shelve(reader=make_reader(), book=book, status="read")
    return made


@pytest.fixture
def reader(books):
    """A reader with one of each: bare rating, approved, pending and rejected
    reviews, and three shelves (one on a book since unpublished)."""
    reader = make_reader(username="natalia")
    first, second, third, fourth = books
    make_review(book=first, reader=reader, rating=1)
    make_review(book=second, reader=reader, rating=2, text="Too long by half.")
    make_review(
        book=third,
        reader=reader,
        rating=4,
        text="Waiting",
        status=Review.Status.PENDING,
    )
    make_review(
        book=fourth, reader=reader, rating=5, text="Spam", status=Review.Status.REJECTED
    )
    book_shelve(reader=reader, book=first, status="read")
    book_shelve(reader=reader, book=second, status="currently_reading")
    book_shelve(reader=reader, book=fourth, status="want_to_read")
    Book.objects.filter(pk=fourth.pk).update(status=PublishingStatus.DRAFT)
    return reader


# Download my data


def test_download_has_the_account_and_every_review_and_shelf(client, reader):
    other = make_reader()
    make_review(reader=other, rating=3, text="Someone else's words")
    client.force_login(reader)

    response = client.post(reverse("account_data"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["username"] == "natalia"
    assert data["account"]["email"] == reader.email
    assert data["account"]["email_confirmed"] is True
    assert data["profile"] == {
        "display_name": reader.reader_profile.display_name,
        "shelves_public": False,
    }
    assert sorted((r["rating"], r["status"]) for r in data["reviews"]) == [
        (1, "approved"),
        (2, "approved"),
        (4, "pending"),
        (5, "rejected"),
    ]
    assert "Waiting" in [r["text"] for r in data["reviews"]]
    assert sorted(s["shelf"] for s in data["shelves"]) == [
        "currently_reading",
        "read",
        "want_to_read",
    ]
    assert "Someone else's words" not in response.content.decode()


def test_download_is_a_throttled_post_for_the_signed_in_reader(client, reader):
    assert client.post(reverse("account_data")).status_code == 302
    client.force_login(reader)
    assert client.get(reverse("account_data")).status_code == 405
    for _ in range(10):
        assert client.post(reverse("account_data")).status_code == 200
    assert client.post(reverse("account_data")).status_code == 429


def test_download_needs_the_csrf_token(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert client.post(reverse("account_data")).status_code == 403


# Delete my account


def delete(client, password="password"):
    return client.post(reverse("account_delete"), {"password": password})


def test_deleting_takes_every_figure_back_to_what_it_was(client, books):
    before = figures(*books)
    reader = make_reader(username="natalia")
    first, second, third, fourth = books
    make_review(book=first, reader=reader, rating=1)
    make_review(book=second, reader=reader, rating=2, text="Too long by half.")
    make_review(
        book=third,
        reader=reader,
        rating=4,
        text="Waiting",
        status=Review.Status.PENDING,
    )
    make_review(
        book=fourth, reader=reader, rating=5, text="Spam", status=Review.Status.REJECTED
    )
    for book, shelf in zip(
        books[:3], ["read", "currently_reading", "want_to_read"], strict=True
    ):
        book_shelve(reader=reader, book=book, status=shelf)
    Book.objects.filter(pk=first.pk).update(status=PublishingStatus.DRAFT)
    assert figures(*books) != before
    client.force_login(reader)

    response = delete(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert figures(*books) == before
    assert book_counters_recount() == []
    assert not User.objects.filter(username="natalia").exists()
    assert not Review.objects.filter(reader_id=reader.pk).exists()
    assert not ReadingStatus.objects.filter(reader_id=reader.pk).exists()
    assert not EmailConfirmation.objects.filter(user_id=reader.pk).exists()
    # Everyone else's ratings and shelves stay.
    assert Review.objects.count() == 8
    assert ReadingStatus.objects.count() == 4


def test_deleting_signs_the_reader_out_and_says_so(client, reader):
    client.force_login(reader)
    response = delete(client)
    page = client.get(response["Location"])
    assert "Your account is deleted" in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("account_settings")).status_code == 302


def test_a_wrong_password_deletes_nothing(client, reader, books):
    before = figures(*books)
    client.force_login(reader)

    response = delete(client, password="not my password")

    assert response.status_code == 200
    assert "That is not your password" in response.content.decode()
    assert User.objects.filter(pk=reader.pk).exists()
    assert Review.objects.filter(reader=reader).count() == 4
    assert figures(*books) == before


def test_deleting_acts_on_the_signed_in_reader_only(client, reader):
    other = make_reader(username="other")
    make_review(reader=other, rating=4)
    client.force_login(other)

    # Naming another account anywhere in the request changes nothing.
    response = client.post(
        reverse("account_delete"),
        {"password": "password", "user": reader.pk, "username": "natalia"},
    )

    assert response.status_code == 302
    assert User.objects.filter(pk=reader.pk).exists()
    assert Review.objects.filter(reader=reader).count() == 4
    assert not User.objects.filter(pk=other.pk).exists()


def test_staff_cannot_delete_their_account_here(client):
    moderator = make_moderator()
    client.force_login(moderator)

    assert (
        b"closed by an administrator" in client.get(reverse("account_settings")).content
    )
    response = delete(client)

    assert response.status_code == 200
    assert "closed by an administrator" in response.content.decode()
    assert User.objects.filter(pk=moderator.pk).exists()


def test_deleting_is_a_throttled_post_with_the_csrf_token(client, reader):
    assert delete(client).status_code == 302
    assert User.objects.filter(pk=reader.pk).exists()

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reader)
    assert delete(strict).status_code == 403

    client.force_login(reader)
    for _ in range(5):
        delete(client, password="wrong")
    assert delete(client).status_code == 429
    assert User.objects.filter(pk=reader.pk).exists()


def test_deleting_takes_the_reader_out_of_follows_both_ways(client, reader):
    from following.models import Follow
    from following.services import follow_reader

    friend, fan = make_reader(), make_reader()
    follow_reader(follower=reader, reader=friend)
    follow_reader(follower=fan, reader=reader)
    follow_reader(follower=fan, reader=friend)
    client.force_login(reader)

    data = json.loads(client.post(reverse("account_data")).content)
    assert len(data["follows"]) == 1
    assert len(data["followers"]) == 1
    delete(client)

    assert list(Follow.objects.values_list("follower", "reader")) == [
        (fan.pk, friend.pk)
    ]


def test_join_requests_from_the_address_are_in_the_download_once_it_is_proved(client):
    from october.accounts.models import JoinRequest

    JoinRequest.objects.create(
        name="Natalia", email="Natalia@Example.org", country="Spain", message="Hola"
    )
    JoinRequest.objects.create(name="Other", email="other@example.org", country="UK")
    unconfirmed = make_reader(email="natalia@example.org", confirmed=False)
    client.force_login(unconfirmed)

    data = json.loads(client.post(reverse("account_data")).content)
    assert data["join_requests"] == []

    EmailConfirmation.objects.create(user=unconfirmed, email=unconfirmed.email)
    data = json.loads(client.post(reverse("account_data")).content)
    assert [join["message"] for join in data["join_requests"]] == ["Hola"]
