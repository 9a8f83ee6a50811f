from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from october.core.publishing import Status as PublishStatus
from reviews.models import (
    MAX_REVIEW_LENGTH,
    Book,
    ReadingStatus,
    Review,
    StarRow,
    largest_remainder_percentages,
)
from tests.core.image_helpers import make_image_file
from tests.reviews.factories import make_book, make_reader, make_review


def seed_book(**overrides):
    """The seed's distribution: 35/13/1/1/1, 51 ratings (not saved)."""
    return Book(
        title="In Defence of the October Revolution",
        slug="in-defence",
        stars_5=35,
        stars_4=13,
        stars_3=1,
        stars_2=1,
        stars_1=1,
        ratings_count=51,
        rating_sum=35 * 5 + 13 * 4 + 3 + 2 + 1,
        **overrides,
    )


def test_seed_histogram_percentages_add_up_to_100():
    histogram = seed_book().rating_histogram()
    assert histogram == [
        StarRow(stars=5, count=35, percent=69),
        StarRow(stars=4, count=13, percent=25),
        StarRow(stars=3, count=1, percent=2),
        StarRow(stars=2, count=1, percent=2),
        StarRow(stars=1, count=1, percent=2),
    ]
    assert sum(row.percent for row in histogram) == 100


def test_seed_average_is_shown_to_two_decimals():
    assert seed_book().average == Decimal("4.57")


def test_book_without_ratings_has_no_average_and_zero_percentages():
    book = Book(title="New")
    assert book.average is None
    assert [row.percent for row in book.rating_histogram()] == [0, 0, 0, 0, 0]


def test_largest_remainder_gives_ties_to_the_earlier_count():
    assert largest_remainder_percentages([1, 1, 1]) == [34, 33, 33]


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=5))
def test_percentages_always_add_up_to_100_and_stay_within_a_point(counts):
    percentages = largest_remainder_percentages(counts)
    total = sum(counts)
    if total == 0:
        assert percentages == [0] * len(counts)
        return
    assert sum(percentages) == 100
    for count, percent in zip(counts, percentages, strict=True):
        exact = count * 100 / total
        assert exact - 1 < percent < exact + 1


@pytest.mark.django_db
def test_book_str_and_url():
    book = make_book(title="History of the Russian Revolution", slug="history")
    assert str(book) == "History of the Russian Revolution"
    assert book.get_absolute_url() == "/books/history/"


@pytest.mark.django_db
def test_review_url_points_at_the_review_on_the_book_page():
    review = make_review(text="Good.")
    assert review.get_absolute_url() == (
        f"{review.book.get_absolute_url()}#review-{review.pk}"
    )


# Invariants the database enforces


def refused(**kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(**kwargs)


@pytest.mark.django_db
def test_one_review_per_reader_per_book():
    review = make_review()
    refused(book=review.book, reader=review.reader, rating=3, status="approved")


@pytest.mark.django_db
@pytest.mark.parametrize("rating", [0, 6])
def test_rating_must_be_one_to_five(rating):
    refused(book=make_book(), reader=make_reader(), rating=rating)


@pytest.mark.django_db
def test_text_length_is_capped():
    refused(
        book=make_book(),
        reader=make_reader(),
        rating=3,
        text="x" * (MAX_REVIEW_LENGTH + 1),
    )


@pytest.mark.django_db
def test_rejected_review_needs_a_reason_and_a_decision_time():
    refused(
        book=make_book(),
        reader=make_reader(),
        rating=3,
        status=Review.Status.REJECTED,
        decided_at=timezone.now(),
    )
    refused(
        book=make_book(),
        reader=make_reader(),
        rating=3,
        status=Review.Status.REJECTED,
        rejection_reason=Review.RejectionReason.SPAM,
    )


@pytest.mark.django_db
def test_pending_review_cannot_carry_a_decision():
    refused(book=make_book(), reader=make_reader(), rating=3, decided_at=timezone.now())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"want_to_read_count": -1},
        {"ratings_count": 1},  # no star count to match
        {"ratings_count": 1, "stars_5": 1, "rating_sum": 4},
        {"reviews_count": 1},  # more written reviews than ratings
    ],
)
def test_inconsistent_figures_are_refused(changes):
    book = make_book()
    with pytest.raises(IntegrityError), transaction.atomic():
        Book.objects.filter(pk=book.pk).update(**changes)


@pytest.mark.django_db
def test_one_shelf_per_reader_per_book():
    book, reader = make_book(), make_reader()
    ReadingStatus.objects.create(book=book, reader=reader, status="read")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReadingStatus.objects.create(book=book, reader=reader, status="want_to_read")


@pytest.mark.django_db
def test_cover_needs_alt_text():
    book = make_book()
    book.cover = make_image_file("cover.jpg")
    with pytest.raises(ValidationError) as error:
        book.full_clean()
    assert "cover_alt" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        book.save()


# Querysets


@pytest.mark.django_db
def test_public_reviews_are_approved_written_reviews_of_live_books():
    book = make_book()
    shown = make_review(book=book, text="Shown.")
    make_review(book=book, rating=3)
    make_review(book=book, text="Waiting.", status=Review.Status.PENDING)
    make_review(book=book, text="No.", status=Review.Status.REJECTED)
    draft = make_book()
    make_review(book=draft, text="On a draft.")
    Book.objects.filter(pk=draft.pk).update(status=PublishStatus.DRAFT)

    assert list(Review.objects.public()) == [shown]


@pytest.mark.django_db
def test_pending_count_for_the_admin_index():
    make_review(text="One.", status=Review.Status.PENDING)
    make_review(text="Two.", status=Review.Status.PENDING)
    make_review(text="Approved.")
    assert Review.objects.pending().count() == 2


@pytest.mark.django_db
def test_reader_history_counts_approved_and_rejected_reviews():
    reader = make_reader()
    make_review(reader=reader, text="Fine.")
    make_review(reader=reader, rating=2)
    make_review(reader=reader, text="No.", status=Review.Status.REJECTED)
    pending = make_review(reader=reader, text="Hm.", status=Review.Status.PENDING)

    annotated = Review.objects.with_reader_history().get(pk=pending.pk)
    assert annotated.reader_approved_count == 2
    assert annotated.reader_rejected_count == 1
