"""My books: shelf pages with counts, sorting and pages; progress on
"currently reading"; private shelves stay private."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from october.accounts.models import ReaderProfile
from october.core.publishing import Status as PublishStatus
from reviews.models import Book, ReadingStatus
from reviews.services import book_counters_recount, book_shelve
from tests.reviews.factories import make_book, make_moderator, make_reader, make_review

pytestmark = pytest.mark.django_db

Shelf = ReadingStatus.Shelf


def shelf_url(reader, slug="read"):
    return reverse("readers:shelf", args=[reader.username, slug])


def progress_url(book):
    return reverse("reviews:progress", args=[book.slug])


def text_of(response):
    html = re.sub(
        r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def make_public(reader, public=True):
    ReaderProfile.objects.filter(user=reader).update(shelves_public=public)


def shelve(reader, status, *titles):
    books = [make_book(title=title) for title in titles]
    for book in books:
        book_shelve(reader=reader, book=book, status=status)
    return books


# Who sees what


def test_shelves_are_private_by_default_and_404_to_others(client):
    reader = make_reader()
    shelve(reader, Shelf.READ, "My History of the Russian Revolution")
    other = Client()
    other.force_login(make_reader())
    for slug in ("want-to-read", "currently-reading", "read"):
        assert client.get(shelf_url(reader, slug)).status_code == 404
        assert other.get(shelf_url(reader, slug)).status_code == 404
    profile = text_of(client.get(reverse("readers:profile", args=[reader.username])))
    assert "My History of the Russian Revolution" not in profile
    assert "Currently reading" not in profile


def test_the_owner_sees_private_shelves_with_a_note_on_how_to_share(client):
    reader = make_reader()
    shelve(reader, Shelf.READ, "Ten Days That Shook the World")
    client.force_login(reader)
    response = client.get(shelf_url(reader))
    assert response.status_code == 200
    text = text_of(response)
    assert "Ten Days That Shook the World" in text
    assert "Only you can see your shelves" in text
    assert (
        reverse("account_settings") + "#settings-profile" in response.content.decode()
    )
    assert 'name="robots" content="noindex"' in response.content.decode()


def test_public_shelves_are_seen_by_everyone_without_the_note(client):
    reader = make_reader()
    make_public(reader)
    shelve(reader, Shelf.READ, "The Permanent Revolution")
    response = client.get(shelf_url(reader))
    assert response.status_code == 200
    text = text_of(response)
    assert "The Permanent Revolution" in text
    assert "Only you can see" not in text


def test_staff_shelves_are_404_even_when_public(client):
    moderator = make_moderator()
    make_public(moderator)
    assert client.get(shelf_url(moderator)).status_code == 404


@pytest.mark.parametrize("slug", ["reading", "want_to_read", "READ", "x" * 30])
def test_unknown_shelf_is_404(client, slug):
    reader = make_reader()
    client.force_login(reader)
    path = f"/readers/{reader.username}/shelves/{slug}/"
    assert client.get(path).status_code == 404


def test_shelf_hides_books_that_are_not_live(client):
    reader = make_reader()
    make_public(reader)
    live, withdrawn = shelve(reader, Shelf.READ, "Live book", "Withdrawn book")
    Book.objects.filter(pk=withdrawn.pk).update(status=PublishStatus.DRAFT)
    text = text_of(client.get(shelf_url(reader)))
    assert "Live book" in text
    assert "Withdrawn book" not in text
    assert "Read 1" in text


# Counts, sorting, pages


def test_shelf_page_shows_counts_of_every_shelf(client):
    reader = make_reader()
    shelve(reader, Shelf.WANT_TO_READ, "A", "B", "C")
    shelve(reader, Shelf.CURRENTLY_READING, "D")
    shelve(reader, Shelf.READ, "E", "F")
    client.force_login(reader)
    text = text_of(client.get(shelf_url(reader, "want-to-read")))
    assert "Want to read 3" in text
    assert "Currently reading 1" in text
    assert "Read 2" in text
    assert "Showing 1–3 of 3 books" in text


def test_shelf_sorts_by_date_added_title_and_rating(client):
    reader = make_reader()
    first, second, third = shelve(reader, Shelf.READ, "Beta", "Alpha", "Gamma")
    make_review(book=first, reader=reader, rating=3)
    make_review(book=third, reader=reader, rating=5)
    client.force_login(reader)

    def order(sort=None):
        params = {"sort": sort} if sort else {}
        text = text_of(client.get(shelf_url(reader), params))
        return sorted(["Alpha", "Beta", "Gamma"], key=text.index)

    assert order() == ["Gamma", "Alpha", "Beta"]
    assert order("title") == ["Alpha", "Beta", "Gamma"]
    assert order("rating") == ["Gamma", "Beta", "Alpha"]
    # An unknown sort is ignored, never an error.
    assert order("<script>") == ["Gamma", "Alpha", "Beta"]


def test_shelf_paginates_and_a_bad_page_is_404(client):
    reader = make_reader()
    shelve(reader, Shelf.WANT_TO_READ, *[f"Book {n:02d}" for n in range(25)])
    client.force_login(reader)
    url = shelf_url(reader, "want-to-read")
    assert "Showing 21–25 of 25 books" in text_of(client.get(url, {"page": 2}))
    assert client.get(url, {"page": 3}).status_code == 404
    assert client.get(url, {"page": "x"}).status_code == 404


def test_shelf_page_query_count_is_the_same_for_1_and_30_books(
    django_assert_num_queries,
):
    reader = make_reader()
    shelve(reader, Shelf.READ, "Only one")
    client = Client()
    client.force_login(reader)
    url = shelf_url(reader)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(29):
        book = make_book()
        book_shelve(reader=reader, book=book, status=Shelf.READ)
        make_review(book=book, reader=reader, rating=number % 5 + 1)
    with django_assert_num_queries(len(one)):
        response = client.get(url, {"sort": "rating"})
    assert "Showing 1–20 of 30 books" in text_of(response)
    assert len(one) <= 10


# Progress


def test_progress_by_page_is_shown_on_the_profile():
    reader = make_reader()
    book = make_book(title="My Life", pages=600)
    client = Client()
    client.force_login(reader)

    response = client.post(progress_url(book), {"page": "150"})

    assert response.status_code == 302
    status = ReadingStatus.objects.get(reader=reader, book=book)
    assert (status.status, status.progress_page, status.percent_read) == (
        Shelf.CURRENTLY_READING,
        150,
        25,
    )
    profile = text_of(client.get(reverse("readers:profile", args=[reader.username])))
    assert "My Life Page 150 of 600" in profile
    book.refresh_from_db()
    assert book.reading_count == 1


def test_progress_by_percent_and_of_the_readers_own_edition(client):
    reader = make_reader()
    book = make_book(pages=300)
    client.force_login(reader)
    client.post(progress_url(book), {"percent": "40"})
    assert ReadingStatus.objects.get().progress_percent == 40
    client.post(progress_url(book), {"page": "350", "pages": "420"})
    status = ReadingStatus.objects.get()
    assert (status.progress_page, status.progress_pages, status.progress_percent) == (
        350,
        420,
        None,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"page": "301"}, "Page 301 is past the last page (300)"),
        ({"page": "50", "pages": "40"}, "Page 50 is past the last page (40)"),
        ({"percent": "101"}, "less than or equal to 100"),
        ({"percent": "-1"}, "greater than or equal to 0"),
        ({"page": "-3"}, "greater than or equal to 0"),
        ({"page": "abc"}, "Enter a whole number"),
        ({}, "Give the page you have reached or a percentage"),
        ({"page": "10", "percent": "10"}, "either a page or a percentage"),
    ],
)
def test_impossible_progress_is_a_form_error_and_stores_nothing(client, data, message):
    reader = make_reader()
    book = make_book(pages=300)
    book_shelve(reader=reader, book=book, status=Shelf.CURRENTLY_READING)
    client.force_login(reader)

    response = client.post(progress_url(book), data)

    assert response.status_code == 400
    assert message in text_of(response)
    status = ReadingStatus.objects.get()
    assert (status.progress_page, status.progress_percent) == (None, None)


def test_finishing_moves_the_book_to_read_with_the_date(client):
    reader = make_reader()
    book = make_book(pages=120)
    client.force_login(reader)
    client.post(progress_url(book), {"page": "60"})
    client.post(progress_url(book), {"finished": "1"})
    status = ReadingStatus.objects.get()
    assert status.status == Shelf.READ
    assert status.finished_at is not None
    assert status.progress_page is None
    book.refresh_from_db()
    assert (book.reading_count, book.read_count) == (0, 1)
    assert book_counters_recount() == []
    text = text_of(client.get(shelf_url(reader)))
    assert "finished" in text


def test_reaching_the_last_page_finishes_the_book(client):
    reader = make_reader()
    book = make_book(pages=120)
    client.force_login(reader)
    client.post(progress_url(book), {"page": "120"})
    assert ReadingStatus.objects.get().status == Shelf.READ


def test_progress_on_a_draft_or_missing_book_is_404(client):
    client.force_login(make_reader())
    draft = make_book(status=PublishStatus.DRAFT)
    assert client.post(progress_url(draft), {"page": "1"}).status_code == 404
    missing = reverse("reviews:progress", args=["no-such-book"])
    assert client.post(missing, {"page": "1"}).status_code == 404
    assert (
        client.post(
            reverse("reviews:shelve", args=[draft.slug]), {"status": "read"}
        ).status_code
        == 404
    )
    assert not ReadingStatus.objects.exists()


def test_progress_needs_sign_in_and_csrf():
    book = make_book()
    anonymous = Client()
    response = anonymous.post(progress_url(book), {"page": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_reader())
    assert strict.post(progress_url(book), {"page": "1"}).status_code == 403
    assert not ReadingStatus.objects.exists()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "home", "4", ""]
)
def test_progress_returns_only_to_a_path_on_this_site(client, next_url):
    client.force_login(make_reader())
    book = make_book()
    for data in ({"page": "1"}, {"finished": "1"}):
        response = client.post(progress_url(book), {**data, "next": next_url})
        assert response.status_code == 302
        assert response["Location"] == f"{book.get_absolute_url()}#shelf"


def test_a_reader_changes_only_their_own_progress(client):
    owner, other = make_reader(), make_reader()
    book = make_book(pages=100)
    book_shelve(reader=owner, book=book, status=Shelf.CURRENTLY_READING)
    client.force_login(other)
    client.post(progress_url(book), {"page": "10"})
    owners = ReadingStatus.objects.get(reader=owner)
    assert owners.progress_page is None
    assert ReadingStatus.objects.get(reader=other).progress_page == 10


def test_moving_off_currently_reading_forgets_the_progress(client):
    reader = make_reader()
    book = make_book(pages=100)
    client.force_login(reader)
    client.post(progress_url(book), {"page": "10"})
    book_shelve(reader=reader, book=book, status=Shelf.WANT_TO_READ)
    status = ReadingStatus.objects.get()
    assert (status.progress_page, status.finished_at) == (None, None)


def test_book_page_shows_progress_and_the_shelf_link(client):
    reader = make_reader()
    book = make_book(pages=200)
    client.force_login(reader)
    client.post(progress_url(book), {"page": "50"})
    response = client.get(book.get_absolute_url())
    text = text_of(response)
    assert "On your shelf: Currently reading" in text
    assert "Page 50 of 200" in text
    assert shelf_url(reader, "currently-reading") in response.content.decode()


def test_profile_with_public_shelves_costs_the_same_for_1_and_5_books_being_read(
    django_assert_num_queries,
):
    reader = make_reader()
    make_public(reader)
    shelve(reader, Shelf.CURRENTLY_READING, "First")
    url = reverse("readers:profile", args=[reader.username])
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    shelve(reader, Shelf.CURRENTLY_READING, "Second", "Third", "Fourth", "Fifth")
    with django_assert_num_queries(len(one)):
        response = client.get(url)
    text = text_of(response)
    assert "Currently reading 5" in text
    assert "Fifth" in text
