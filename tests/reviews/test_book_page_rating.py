"""Rating from the book page in one click, seeing your own rating and shelf,
and signing in that comes back to what you were doing."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from october.core.publishing import Status as PublishStatus
from reviews.models import Review
from reviews.services import book_shelve
from tests.reviews.factories import make_book, make_reader, make_review

pytestmark = pytest.mark.django_db

# Session, reader and their profile, book, authors, reviews and their count,
# your review and shelf, Friends & Following: within the budget of 12.
SIGNED_IN_BOOK_PAGE_QUERIES = 11


def rate_url(book):
    return reverse("reviews:rate", args=[book.slug])


def review_url(book):
    return reverse("reviews:review", args=[book.slug])


def text_of(response):
    html = re.sub(
        r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_click_on_a_star_rates_the_book_at_once(client):
    book = make_book()
    client.force_login(make_reader())

    response = client.post(rate_url(book), {"rating": "4"})

    assert response.status_code == 302
    assert response["Location"] == f"{book.get_absolute_url()}#your-rating"
    book.refresh_from_db()
    assert (book.ratings_count, book.rating_sum) == (1, 4)
    page = client.get(book.get_absolute_url())
    text = text_of(page)
    assert "You rated it 4 stars. It counts in the book’s figures now." in text
    assert "1 rating" in text
    html = page.content.decode()
    assert re.search(r'value="4" aria-pressed="true" aria-label="4 stars"', html)
    assert re.search(r'value="5" aria-pressed="false" aria-label="5 stars"', html)
    assert html.count("rate__star rate__star--on") == 4


def test_a_star_keeps_the_words_of_an_existing_review():
    review = make_review(rating=5, text="Essential reading.")
    client = Client()
    client.force_login(review.reader)

    client.post(rate_url(review.book), {"rating": "2"})

    review.refresh_from_db()
    assert (review.rating, review.text) == (2, "Essential reading.")
    assert review.status == Review.Status.APPROVED
    review.book.refresh_from_db()
    assert (review.book.ratings_count, review.book.reviews_count) == (1, 1)
    assert review.book.rating_sum == 2


@pytest.mark.parametrize("rating", ["0", "6", "", "four", "4.5", "-1"])
def test_a_bad_rating_is_a_form_error_and_stores_nothing(client, rating):
    review = make_review(rating=3, text="My words.")
    client.force_login(review.reader)

    response = client.post(rate_url(review.book), {"rating": rating})

    assert response.status_code == 400
    assert "Choose from 1 to 5 stars." in text_of(response)
    # The full form, with the reader's words kept.
    assert "My words." in response.content.decode()
    review.refresh_from_db()
    assert (review.rating, review.text) == (3, "My words.")


def test_stars_without_a_rating_field_store_nothing(client):
    book = make_book()
    client.force_login(make_reader())
    assert client.post(rate_url(book), {}).status_code == 400
    assert not Review.objects.exists()


def test_stars_on_a_draft_or_missing_book_are_404(client):
    draft = make_book(status=PublishStatus.DRAFT)
    client.force_login(make_reader())
    assert client.post(rate_url(draft), {"rating": "5"}).status_code == 404
    missing = reverse("reviews:rate", args=["no-such-book"])
    assert client.post(missing, {"rating": "5"}).status_code == 404
    assert not Review.objects.exists()


def test_rating_by_get_is_not_allowed(client):
    book = make_book()
    client.force_login(make_reader())
    assert client.get(rate_url(book), {"rating": "5"}).status_code == 405
    assert not Review.objects.exists()


def test_stars_need_a_csrf_token():
    book = make_book()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_reader())
    assert client.post(rate_url(book), {"rating": "5"}).status_code == 403
    assert not Review.objects.exists()


def test_stars_share_the_review_forms_allowance(client):
    book = make_book()
    client.force_login(make_reader())
    for number in range(10):
        assert (
            client.post(review_url(book), {"rating": str(number % 5 + 1)}).status_code
            == 302
        )
    assert client.post(rate_url(book), {"rating": "1"}).status_code == 429
    assert Review.objects.get().rating == 5


def test_shelving_is_throttled_too(client):
    book = make_book()
    client.force_login(make_reader())
    shelve = reverse("reviews:shelve", args=[book.slug])
    for number in range(120):
        status = ["want_to_read", "read"][number % 2]
        assert client.post(shelve, {"status": status}).status_code == 302
    assert client.post(shelve, {"status": "want_to_read"}).status_code == 429


# Signing in comes back to what the reader was doing


def test_signed_out_stars_lead_to_sign_in_and_back_to_the_form_with_the_stars(client):
    book = make_book()
    reader = make_reader(username="natalia")
    html = client.get(book.get_absolute_url()).content.decode()
    login = reverse("login")
    link = f"{login}?next={review_url(book)}%3Frating%3D4"
    assert f'href="{link}"' in html
    assert 'aria-label="Sign in to give it 4 stars"' in html

    response = client.post(
        login,
        {
            "username": "natalia",
            "password": "password",
            "next": f"{review_url(book)}?rating=4",
        },
    )
    assert response["Location"] == f"{review_url(book)}?rating=4"
    assert reader.pk == int(client.session["_auth_user_id"])
    form_page = client.get(response["Location"]).content.decode()
    assert re.search(r'<input[^>]*value="4"[^>]*checked', form_page)


def test_a_star_posted_after_the_session_ended_keeps_the_stars_through_sign_in(client):
    book = make_book()
    response = client.post(rate_url(book), {"rating": "2"})
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('login')}?next={review_url(book)}%3Frating%3D2"
    )
    assert not Review.objects.exists()


def test_signed_out_review_link_returns_to_the_review_form(client):
    book = make_book()
    response = client.get(review_url(book))
    assert response["Location"] == (f"{reverse('login')}?next={review_url(book)}")
    html = client.get(book.get_absolute_url()).content.decode()
    assert f'href="{reverse("login")}?next={review_url(book)}"' in html


def test_a_bad_rating_in_the_address_is_ignored(client):
    book = make_book()
    client.force_login(make_reader())
    page = client.get(review_url(book), {"rating": "9"}).content.decode()
    assert page.count("checked") == 0


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/books/", "javascript:alert(1)"],
)
def test_sign_in_never_returns_to_another_site(client, next_url):
    make_reader(username="natalia")
    response = client.post(
        reverse("login"),
        {"username": "natalia", "password": "password", "next": next_url},
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"]
    assert not response["Location"].startswith("javascript")


# Your own rating and shelf on the book page


def test_book_page_shows_your_own_rating_and_shelf(client):
    reader = make_reader()
    book = make_book()
    make_review(book=book, reader=reader, rating=3, text="Waiting.", status="pending")
    book_shelve(reader=reader, book=book, status="currently_reading")
    client.force_login(reader)

    text = text_of(client.get(book.get_absolute_url()))

    assert (
        "You rated it 3 stars. It counts already; your words wait for a moderator."
        in text
    )
    assert "On your shelf: Currently reading" in text


def test_another_readers_rating_is_not_shown_as_yours(client):
    book = make_book()
    make_review(book=book, rating=5)
    client.force_login(make_reader())
    text = text_of(client.get(book.get_absolute_url()))
    assert "You rated it" not in text
    assert "On your shelf" not in text


def test_signed_in_book_page_stays_within_twelve_queries(django_assert_num_queries):
    book = make_book()
    reader = make_reader()
    for _ in range(3):
        make_review(book=book, text="Others' words.")
    make_review(book=book, reader=reader, rating=4, text="Mine.", status="pending")
    book_shelve(reader=reader, book=book, status="read")
    client = Client()
    client.force_login(reader)
    client.get(book.get_absolute_url())
    with django_assert_num_queries(SIGNED_IN_BOOK_PAGE_QUERIES):
        response = client.get(book.get_absolute_url())
    assert "You rated it 4 stars" in text_of(response)
