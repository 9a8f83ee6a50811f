import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from october.core.publishing import Status as PublishStatus
from reviews.models import MAX_REVIEW_LENGTH, Book, ReadingStatus, Review
from reviews.services import (
    book_counters_recount,
    book_shelve,
    review_approve,
    review_reject,
)
from tests.people.factories import make_person
from tests.reviews.factories import (
    make_book,
    make_editor,
    make_moderator,
    make_reader,
    make_review,
)

pytestmark = pytest.mark.django_db

SEED_REVIEWS = [
    (5, "An introduction to revolutionary history and theory."),
    (5, "Capitalism has outlived itself as a world system."),
    (5, "A really incredible introduction to historic conditions."),
    (4, "An excellent transcript of a speech."),
]


def make_seed_book():
    """The seed page's book: 35/13/1/1/1 ratings, four written reviews,
    2 readers currently reading and 62 wanting to read."""
    trotsky = make_person(display_name="Leon Trotsky", slug="leon-trotsky")
    book = make_book(
        title="In Defence of the October Revolution",
        slug="in-defence-of-the-october-revolution",
        subtitle="Lecture given by Leon Trotsky in Copenhagen, 27 November 1932",
        description="<p>Trotsky's speech on the <em>meaning</em> of 1917.</p>",
        pages=32,
        first_published_year=1932,
        original_language="ru",
        authors=[trotsky],
    )
    moderator = make_moderator()
    for rating, text in SEED_REVIEWS:
        make_review(book=book, rating=rating, text=text, moderator=moderator)
    for rating, count in ((5, 32), (4, 12), (3, 1), (2, 1), (1, 1)):
        for _ in range(count):
            make_review(book=book, rating=rating)
    for shelf, count in (("currently_reading", 2), ("want_to_read", 62)):
        for _ in range(count):
            book_shelve(reader=make_reader(), book=book, status=shelf)
    book.refresh_from_db()
    return book


def text_of(response):
    """The page's visible text with tags removed and spaces collapsed."""
    html = re.sub(
        r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# The book list


def test_book_list_shows_live_books_with_average_and_ratings_count(client):
    book = make_book(title="Terrorism and Communism")
    make_review(book=book, rating=4)
    make_review(book=book, rating=5)
    make_book(title="Unpublished", status=PublishStatus.DRAFT)

    response = client.get(reverse("reviews:list"))

    assert response.status_code == 200
    text = text_of(response)
    assert "Terrorism and Communism" in text
    assert "4.50 · 2 ratings" in text
    assert "Unpublished" not in text


def test_book_list_query_count_does_not_grow_with_books(
    client, django_assert_num_queries
):
    author = make_person()
    make_book(authors=[author])
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("reviews:list"))
    for _ in range(29):
        make_book(authors=[author, make_person()])
    with django_assert_num_queries(len(one)):
        response = client.get(reverse("reviews:list"))
    assert len(response.context["book_list"]) == 24


@pytest.mark.parametrize("page", ["abc", "99999", "0", "-1"])
def test_book_list_bad_page_is_404(client, page):
    make_book()
    assert client.get(reverse("reviews:list"), {"page": page}).status_code == 404


def test_book_list_shows_covers_with_the_books(client):
    from tests.core.image_helpers import make_image_file

    make_book(cover=make_image_file("cover.jpg", size=(200, 300)), cover_alt="Red")
    html = client.get(reverse("reviews:list")).content.decode()
    assert "<picture>" in html


# One book


def test_seed_book_shows_its_figures_with_percentages_adding_up_to_100(client):
    book = make_seed_book()
    response = client.get(book.get_absolute_url())

    assert response.status_code == 200
    text = text_of(response)
    assert "51 ratings" in text
    assert "4 reviews" in text
    assert "4.57" in text
    rows = re.findall(r"(\d) stars? (\d+) \((\d+)%\)", text)
    assert rows == [
        ("5", "35", "69"),
        ("4", "13", "25"),
        ("3", "1", "2"),
        ("2", "1", "2"),
        ("1", "1", "2"),
    ]
    assert sum(int(percent) for _, _, percent in rows) == 100
    assert "2 people are currently reading" in text
    assert "62 people want to read" in text
    assert "32 pages · First published 1932 · Original language: Russian" in text


def test_seed_book_shows_its_four_written_reviews_with_readers_and_stars(client):
    book = make_seed_book()
    html = client.get(book.get_absolute_url()).content.decode()
    for _rating, review_text in SEED_REVIEWS:
        assert review_text in html
    assert "Showing 1–4 of 4 reviews" in text_of(client.get(book.get_absolute_url()))
    assert html.count('aria-label="5 out of 5 stars"') == 3
    assert 'aria-label="4.57 out of 5 stars"' in html
    for review in Review.objects.approved().written().filter(book=book):
        profile = reverse("readers:profile", args=[review.reader.username])
        name = review.reader.reader_profile.display_name
        assert f'<a href="{profile}">{name}</a>' in html
        day = timezone.localtime(review.created_at).date().isoformat()
        assert f'datetime="{day}"' in html


def test_book_page_links_live_authors_to_their_pages(client):
    live = make_person(display_name="Leon Trotsky")
    draft = make_person(display_name="Unpublished Author", status=PublishStatus.DRAFT)
    book = make_book(authors=[live, draft])
    html = client.get(book.get_absolute_url()).content.decode()
    assert f'<a href="{live.get_absolute_url()}">Leon Trotsky</a>' in html
    assert "Unpublished Author" in html
    assert draft.get_absolute_url() not in html


def test_book_page_shows_the_reader_count_of_reviews_of_each_reviewer(client):
    reader = make_reader()
    book = make_book()
    make_review(book=book, reader=reader, text="Here.")
    make_review(reader=reader, text="Elsewhere.")
    make_review(reader=reader, text="Not yet.", status=Review.Status.PENDING)
    assert "2 reviews" in text_of(client.get(book.get_absolute_url()))


def test_book_page_query_count_is_the_same_with_1_and_1000_reviews(
    client, django_assert_num_queries
):
    book = make_book(authors=[make_person()])
    make_review(book=book, rating=5, text="The first.")
    reader = make_reader()
    signed_in = Client()
    signed_in.force_login(reader)
    make_review(book=book, reader=reader, text="Mine.", status=Review.Status.PENDING)

    with CaptureQueriesContext(connection) as anonymous_one:
        client.get(book.get_absolute_url())
    with CaptureQueriesContext(connection) as signed_in_one:
        signed_in.get(book.get_absolute_url())

    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bulk-{n}", email=f"bulk-{n}@example.org")
        for n in range(999)
    )
    Review.objects.bulk_create(
        Review(
            book=book,
            reader=user,
            rating=n % 5 + 1,
            text="Bulk review." if n % 2 else "",
            status=Review.Status.APPROVED,
            rating_counted=True,
            decided_at=book.created_at,
        )
        for n, user in enumerate(users)
    )
    book_counters_recount(fix=True)
    book.refresh_from_db()
    # 999 and the first, plus the reader's own: its words wait, its stars count.
    assert book.ratings_count == 1001

    with django_assert_num_queries(len(anonymous_one)):
        response = client.get(book.get_absolute_url())
    assert "1001 ratings" in text_of(response)
    with django_assert_num_queries(len(signed_in_one)):
        signed_in.get(book.get_absolute_url())


@pytest.mark.parametrize("page", ["abc", "99999", "0"])
def test_book_page_bad_review_page_is_404(client, page):
    book = make_book()
    make_review(book=book, text="One.")
    response = client.get(book.get_absolute_url(), {"page": page})
    assert response.status_code == 404


def test_book_page_paginates_reviews(client):
    book = make_book()
    for number in range(12):
        make_review(book=book, text=f"Review number {number}.")
    first = text_of(client.get(book.get_absolute_url()))
    second = text_of(client.get(book.get_absolute_url(), {"page": 2}))
    assert "Showing 1–10 of 12 reviews" in first
    assert "Showing 11–12 of 12 reviews" in second
    assert "Review number 0." in second
    assert "Review number 0." not in first


def test_draft_book_is_404_for_the_public_and_a_preview_for_editors(client):
    book = make_book(status=PublishStatus.DRAFT)
    assert client.get(book.get_absolute_url()).status_code == 404
    reader = Client()
    reader.force_login(make_reader())
    assert reader.get(book.get_absolute_url()).status_code == 404
    editor = Client()
    editor.force_login(make_editor())
    response = editor.get(book.get_absolute_url())
    assert response.status_code == 200
    assert response.context["is_preview"]
    assert "no-cache" in response["Cache-Control"]


def test_unknown_book_is_404(client):
    assert client.get("/books/no-such-book/").status_code == 404


# Moderation as readers see it


def test_new_text_review_is_invisible_to_others_until_approved():
    book = make_book()
    author = make_reader()
    review = make_review(
        book=book, reader=author, rating=5, text="My fresh words.", status="pending"
    )
    anonymous, other, own = Client(), Client(), Client()
    other.force_login(make_reader())
    own.force_login(author)

    for client in (anonymous, other):
        page = text_of(client.get(book.get_absolute_url()))
        assert "My fresh words." not in page
        # The stars count at once; only the words wait.
        assert "1 rating · 0 reviews" in page
        assert "5 stars 1 (100%)" in page
    own_page = text_of(own.get(book.get_absolute_url()))
    assert "My fresh words." in own_page
    assert "Pending approval" in own_page

    review_approve(review=review, moderator=make_moderator())

    page = text_of(anonymous.get(book.get_absolute_url()))
    assert "My fresh words." in page
    assert "1 rating · 1 review" in page
    assert "5 stars 1 (100%)" in page
    assert "Pending approval" not in text_of(own.get(book.get_absolute_url()))


def test_reader_sees_why_their_review_was_rejected(client):
    review = make_review(text="Off topic words.", status="rejected")
    client.force_login(review.reader)
    text = text_of(client.get(review.book.get_absolute_url()))
    assert "Not published: not about the book" in text


@pytest.mark.parametrize("note", ["Cite the pages.", "Cite the pages"])
def test_the_moderators_note_ends_with_one_full_stop(client, note):
    review = make_review(text="Words.", status="pending")
    review_reject(review=review, moderator=make_moderator(), reason="other", note=note)
    client.force_login(review.reader)
    for url in (review.book.get_absolute_url(), review_url(review.book)):
        text = text_of(client.get(url))
        assert "— Cite the pages. " in text
        assert ".." not in text


def test_a_rejection_without_a_note_ends_with_one_full_stop(client):
    review = make_review(text="Off topic words.", status="rejected")
    client.force_login(review.reader)
    text = text_of(client.get(review_url(review.book)))
    assert "Reason: Not about the book. Edit it" in text


# The review form


def review_url(book):
    return reverse("reviews:review", args=[book.slug])


def test_review_form_needs_a_signed_in_reader(client):
    book = make_book()
    response = client.get(review_url(book))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_reader_rates_a_book_and_the_rating_counts_at_once(client):
    book = make_book()
    client.force_login(make_reader())
    response = client.post(review_url(book), {"rating": "4", "text": ""})
    assert response.status_code == 302
    assert response["Location"] == book.get_absolute_url()
    book.refresh_from_db()
    assert book.ratings_count == 1
    assert "Your rating is saved." in text_of(client.get(book.get_absolute_url()))


def test_reader_writes_a_review_that_waits_for_a_moderator(client):
    book = make_book()
    client.force_login(make_reader())
    client.post(review_url(book), {"rating": "5", "text": "Read it twice."})
    review = Review.objects.get()
    assert review.status == Review.Status.PENDING
    assert review.text == "Read it twice."
    page = text_of(client.get(book.get_absolute_url()))
    assert "Your rating counts now; a moderator will read your words" in page
    book.refresh_from_db()
    assert (book.ratings_count, book.reviews_count) == (1, 0)


def test_review_form_is_filled_with_the_readers_review(client):
    review = make_review(rating=2, text="Not convinced.")
    client.force_login(review.reader)
    response = client.get(review_url(review.book))
    assert response.context["form"].initial == {"rating": 2, "text": "Not convinced."}
    assert "Edit your review" in text_of(response)


def test_too_long_text_is_a_form_error(client):
    book = make_book()
    client.force_login(make_reader())
    response = client.post(
        review_url(book), {"rating": "5", "text": "x" * (MAX_REVIEW_LENGTH + 1)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert not Review.objects.exists()


def test_windows_line_ends_count_as_one_character(client):
    book = make_book()
    client.force_login(make_reader())
    text = "ab\r\n" * (MAX_REVIEW_LENGTH // 3)
    client.post(review_url(book), {"rating": "5", "text": text})
    assert len(Review.objects.get().text) <= MAX_REVIEW_LENGTH


@pytest.mark.parametrize("rating", ["", "0", "6", "five"])
def test_bad_rating_is_a_form_error(client, rating):
    book = make_book()
    client.force_login(make_reader())
    response = client.post(review_url(book), {"rating": rating})
    assert response.status_code == 200
    assert not Review.objects.exists()


def test_unconfirmed_reader_cannot_send_text_and_is_offered_a_new_link(client):
    book = make_book()
    client.force_login(make_reader(confirmed=False))

    page = client.get(review_url(book))
    assert "Please confirm your e-mail address" in text_of(page)
    assert reverse("email_confirm_resend") in page.content.decode()

    response = client.post(review_url(book), {"rating": "5", "text": "My words."})
    assert response.status_code == 200
    assert "Please confirm your e-mail address before sending" in text_of(response)
    assert not Review.objects.exists()

    client.post(review_url(book), {"rating": "5", "text": ""})
    assert Review.objects.get().status == Review.Status.APPROVED


def test_filled_honeypot_saves_nothing(client):
    book = make_book()
    client.force_login(make_reader())
    response = client.post(
        review_url(book),
        {"rating": "5", "text": "Cheap pills", "website": "http://spam.example"},
    )
    assert response.status_code == 302
    assert not Review.objects.exists()


def test_review_submissions_are_rate_limited_per_reader(client):
    book = make_book()
    client.force_login(make_reader())
    for number in range(10):
        response = client.post(review_url(book), {"rating": str(number % 5 + 1)})
        assert response.status_code == 302
    response = client.post(review_url(book), {"rating": "3"})
    assert response.status_code == 429
    assert "Please wait a little" in text_of(response)
    assert Review.objects.get().rating == 5

    other = Client()
    other.force_login(make_reader())
    assert other.post(review_url(book), {"rating": "3"}).status_code == 302


def test_reader_withdraws_their_review(client):
    review = make_review(rating=5, text="Changed my mind.")
    client.force_login(review.reader)
    response = client.post(review_url(review.book), {"withdraw": "1"})
    assert response.status_code == 302
    assert not Review.objects.exists()
    review.book.refresh_from_db()
    assert review.book.ratings_count == 0


def test_draft_book_cannot_be_reviewed(client):
    book = make_book(status=PublishStatus.DRAFT)
    client.force_login(make_reader())
    assert client.get(review_url(book)).status_code == 404
    assert client.post(review_url(book), {"rating": "5"}).status_code == 404


# Shelves


def shelve_url(book):
    return reverse("reviews:shelve", args=[book.slug])


def test_shelf_buttons_put_the_book_on_a_shelf_and_take_it_off(client):
    book = make_book()
    reader = make_reader()
    client.force_login(reader)

    response = client.post(shelve_url(book), {"status": "currently_reading"})
    assert response.status_code == 302
    assert response["Location"] == f"{book.get_absolute_url()}#shelf"
    page = client.get(book.get_absolute_url()).content.decode()
    assert "1 person is currently reading" in text_of(
        client.get(book.get_absolute_url())
    )
    assert 'value="currently_reading" aria-pressed="true"' in page

    client.post(shelve_url(book), {"status": ""})
    assert not ReadingStatus.objects.exists()
    book.refresh_from_db()
    assert book.reading_count == 0


def test_unknown_shelf_is_400(client):
    book = make_book()
    client.force_login(make_reader())
    assert client.post(shelve_url(book), {"status": "burnt"}).status_code == 400


def test_shelving_is_post_only(client):
    book = make_book()
    client.force_login(make_reader())
    assert client.get(shelve_url(book)).status_code == 405


def test_anonymous_shelving_goes_to_sign_in_and_back_to_the_book(client):
    book = make_book()
    response = client.post(shelve_url(book), {"status": "read"})
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('login')}?next={book.get_absolute_url()}%23shelf"
    )
    assert not ReadingStatus.objects.exists()


def test_anonymous_visitors_are_invited_to_sign_in(client):
    book = make_book()
    text = text_of(client.get(book.get_absolute_url()))
    assert "Sign in to rate, review or shelve this book" in text


# CSRF


@pytest.mark.parametrize(
    "url_name, data",
    [("reviews:review", {"rating": "5"}), ("reviews:shelve", {"status": "read"})],
)
def test_forged_posts_without_csrf_token_are_refused(url_name, data):
    book = make_book()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_reader())
    response = client.post(reverse(url_name, args=[book.slug]), data)
    assert response.status_code == 403
    assert not Review.objects.exists()
    assert not ReadingStatus.objects.exists()


def test_posts_with_the_csrf_token_from_the_form_succeed():
    book = make_book()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_reader())
    client.get(review_url(book))
    token = client.cookies["csrftoken"].value
    response = client.post(
        review_url(book), {"rating": "5", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Review.objects.exists()


# Readers' profiles


def test_reader_profile_lists_approved_reviews_and_counts(client):
    reader = make_reader(username="connor")
    make_review(reader=reader, text="Poetic genius.")
    make_review(reader=reader, text="Essential.")
    make_review(reader=reader, rating=3)
    make_review(reader=reader, text="Waiting.", status=Review.Status.PENDING)
    make_review(reader=reader, text="Rejected.", status=Review.Status.REJECTED)

    response = client.get(reverse("readers:profile", args=["connor"]))

    assert response.status_code == 200
    text = text_of(response)
    # Pending and rejected words still leave their stars counted.
    assert "2 reviews · 5 ratings" in text
    assert "Poetic genius." in text
    assert "Waiting." not in text
    assert "Rejected." not in text


def test_reader_profile_hides_reviews_of_books_that_are_not_live(client):
    review = make_review(text="On a withdrawn book.")
    Book.objects.filter(pk=review.book.pk).update(status=PublishStatus.DRAFT)
    response = client.get(reverse("readers:profile", args=[review.reader.username]))
    assert "On a withdrawn book." not in text_of(response)
    assert "0 reviews" in text_of(response)


def test_unknown_or_inactive_reader_is_404(client):
    make_reader(username="gone", is_active=False)
    assert client.get(reverse("readers:profile", args=["nobody"])).status_code == 404
    assert client.get(reverse("readers:profile", args=["gone"])).status_code == 404


@pytest.mark.parametrize("kind", ["moderator", "editor", "superuser", "staff"])
def test_staff_have_no_public_reader_page(client, kind):
    if kind == "moderator":
        staff = make_moderator()
    elif kind == "editor":
        staff = make_editor()
    elif kind == "superuser":
        staff = get_user_model().objects.create_superuser("root", password="x")
    else:
        staff = make_reader(username="helper", is_staff=True)
    response = client.get(reverse("readers:profile", args=[staff.username]))
    assert response.status_code == 404


def test_reader_profile_query_count_does_not_grow_with_reviews(
    client, django_assert_num_queries
):
    reader = make_reader()
    make_review(reader=reader, text="One.")
    url = reverse("readers:profile", args=[reader.username])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in range(29):
        make_review(reader=reader, text=f"Review {number}.")
    with django_assert_num_queries(len(one)):
        client.get(url)


@pytest.mark.parametrize("page", ["abc", "99999"])
def test_reader_profile_bad_page_is_404(client, page):
    reader = make_reader()
    url = reverse("readers:profile", args=[reader.username])
    assert client.get(url, {"page": page}).status_code == 404


def test_cached_book_page_shows_new_ratings_and_shelves_at_once(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    book = make_book()
    assert "No ratings yet" in text_of(client.get(book.get_absolute_url()))

    make_review(book=book, rating=5)
    assert "1 rating" in text_of(client.get(book.get_absolute_url()))

    book_shelve(reader=make_reader(), book=book, status="want_to_read")
    assert "1 person wants to read" in text_of(client.get(book.get_absolute_url()))
