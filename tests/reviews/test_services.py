from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from october.core.publishing import Status as PublishStatus
from reviews.models import MAX_REVIEW_LENGTH, Book, ReadingStatus, Review
from reviews.services import (
    book_counters_recount,
    book_shelve,
    review_approve,
    review_reject,
    review_submit,
    review_withdraw,
)
from tests.reviews.factories import (
    make_book,
    make_editor,
    make_moderator,
    make_reader,
    make_review,
)

pytestmark = pytest.mark.django_db

Shelf = ReadingStatus.Shelf


def figures(book):
    book.refresh_from_db()
    return {
        "ratings": book.ratings_count,
        "sum": book.rating_sum,
        "reviews": book.reviews_count,
        "stars": [book.stars_1, book.stars_2, book.stars_3, book.stars_4, book.stars_5],
    }


def assert_no_drift():
    assert book_counters_recount() == []


# Rating and reviewing


def test_bare_rating_is_approved_and_counted_at_once():
    book = make_book()
    review = review_submit(reader=make_reader(), book=book, rating=4)

    assert review.status == Review.Status.APPROVED
    assert review.decided_at is not None
    assert review.decided_by is None
    assert figures(book) == {
        "ratings": 1,
        "sum": 4,
        "reviews": 0,
        "stars": [0, 0, 0, 1, 0],
    }
    assert_no_drift()


def test_written_review_counts_its_stars_at_once_and_its_words_once_approved():
    book = make_book()
    review = review_submit(reader=make_reader(), book=book, rating=5, text="A classic.")

    assert review.status == Review.Status.PENDING
    assert review.rating_counted
    assert figures(book) == {
        "ratings": 1,
        "sum": 5,
        "reviews": 0,
        "stars": [0, 0, 0, 0, 1],
    }
    assert_no_drift()

    assert review_approve(review=review, moderator=make_moderator())
    assert review.status == Review.Status.APPROVED
    assert figures(book) == {
        "ratings": 1,
        "sum": 5,
        "reviews": 1,
        "stars": [0, 0, 0, 0, 1],
    }
    assert_no_drift()


def test_submitting_the_same_thing_twice_changes_nothing():
    book, reader = make_book(), make_reader()
    first = review_submit(reader=reader, book=book, rating=3)
    again = review_submit(reader=reader, book=book, rating=3)
    assert again.pk == first.pk
    assert again.edited_at == first.edited_at
    assert figures(book)["ratings"] == 1


def test_changing_the_stars_of_a_bare_rating_moves_the_figures():
    book, reader = make_book(), make_reader()
    review_submit(reader=reader, book=book, rating=2)
    review = review_submit(reader=reader, book=book, rating=5)
    assert review.status == Review.Status.APPROVED
    assert figures(book) == {
        "ratings": 1,
        "sum": 5,
        "reviews": 0,
        "stars": [0, 0, 0, 0, 1],
    }
    assert Review.objects.count() == 1


def test_changing_only_the_stars_of_an_approved_review_keeps_it_approved():
    review = make_review(rating=3, text="Good.")
    edited = review_submit(
        reader=review.reader, book=review.book, rating=5, text="Good."
    )
    assert edited.status == Review.Status.APPROVED
    assert figures(review.book) == {
        "ratings": 1,
        "sum": 5,
        "reviews": 1,
        "stars": [0, 0, 0, 0, 1],
    }
    assert_no_drift()


def test_editing_approved_text_sends_only_the_text_back_to_the_queue():
    review = make_review(rating=4, text="First thoughts.")
    assert figures(review.book)["ratings"] == 1

    edited = review_submit(
        reader=review.reader, book=review.book, rating=4, text="Second thoughts."
    )

    assert edited.status == Review.Status.PENDING
    assert edited.decided_by is None
    assert figures(review.book) == {
        "ratings": 1,
        "sum": 4,
        "reviews": 0,
        "stars": [0, 0, 0, 1, 0],
    }
    assert_no_drift()
    review_approve(review=edited, moderator=make_moderator())
    assert figures(review.book) == {
        "ratings": 1,
        "sum": 4,
        "reviews": 1,
        "stars": [0, 0, 0, 1, 0],
    }
    assert_no_drift()


def test_adding_text_to_a_bare_rating_keeps_the_rating_counting():
    """The issue's 51 → 52 → 51: adding words must not take the stars out."""
    book, reader = make_book(), make_reader()
    for _ in range(51):
        make_review(book=book, rating=5)
    review_submit(reader=reader, book=book, rating=4)
    assert figures(book)["ratings"] == 52
    review = review_submit(reader=reader, book=book, rating=4, text="Now in words.")
    assert review.status == Review.Status.PENDING
    assert figures(book)["ratings"] == 52
    assert figures(book)["reviews"] == 0
    assert_no_drift()


def test_changing_the_stars_of_pending_words_moves_the_figures_and_keeps_them_queued():
    review = make_review(rating=2, text="Hmm.", status=Review.Status.PENDING)
    edited = review_submit(
        reader=review.reader, book=review.book, rating=5, text="Hmm."
    )
    assert edited.status == Review.Status.PENDING
    assert figures(review.book) == {
        "ratings": 1,
        "sum": 5,
        "reviews": 0,
        "stars": [0, 0, 0, 0, 1],
    }
    assert_no_drift()


def test_removing_the_text_of_a_pending_review_makes_it_a_counted_rating():
    review = make_review(rating=2, text="Hmm.", status=Review.Status.PENDING)
    bare = review_submit(reader=review.reader, book=review.book, rating=2, text="")
    assert bare.status == Review.Status.APPROVED
    assert figures(review.book)["ratings"] == 1
    assert figures(review.book)["reviews"] == 0


def test_editing_a_rejected_review_sends_it_back_for_reading():
    review = make_review(text="Off topic.", status=Review.Status.REJECTED)
    edited = review_submit(
        reader=review.reader, book=review.book, rating=4, text="About the book."
    )
    assert edited.status == Review.Status.PENDING
    assert edited.rejection_reason == ""
    assert figures(review.book)["ratings"] == 1
    assert figures(review.book)["reviews"] == 0
    assert_no_drift()


def test_changing_only_the_stars_of_rejected_words_keeps_them_rejected():
    review = make_review(rating=2, text="Off topic.", status=Review.Status.REJECTED)
    edited = review_submit(
        reader=review.reader, book=review.book, rating=3, text="Off topic."
    )
    assert edited.status == Review.Status.REJECTED
    assert figures(review.book)["sum"] == 3
    assert_no_drift()


def test_text_longer_than_the_limit_is_refused_before_anything_else():
    book = make_book(status=PublishStatus.DRAFT)
    reader = make_reader(confirmed=False)
    with pytest.raises(ValidationError) as error:
        review_submit(
            reader=reader, book=book, rating=9, text="x" * (MAX_REVIEW_LENGTH + 1)
        )
    assert error.value.code == "too_long"
    assert not Review.objects.exists()


def test_text_at_the_limit_is_accepted():
    review = review_submit(
        reader=make_reader(), book=make_book(), rating=3, text="x" * MAX_REVIEW_LENGTH
    )
    assert len(review.text) == MAX_REVIEW_LENGTH


@pytest.mark.parametrize("rating", [0, 6, -1, None, "5", True, 4.5])
def test_rating_outside_one_to_five_is_refused(rating):
    with pytest.raises(ValidationError) as error:
        review_submit(reader=make_reader(), book=make_book(), rating=rating)
    assert error.value.code == "rating"


def test_unconfirmed_reader_may_rate_but_not_write():
    book, reader = make_book(), make_reader(confirmed=False)
    assert review_submit(reader=reader, book=book, rating=5).status == "approved"
    with pytest.raises(ValidationError) as error:
        review_submit(reader=reader, book=book, rating=5, text="My thoughts.")
    assert error.value.code == "email_unconfirmed"
    assert Review.objects.get().text == ""


def test_books_that_are_not_live_cannot_be_rated():
    future = make_book(publish_at=timezone.now() + timedelta(days=1))
    draft = make_book(status=PublishStatus.DRAFT)
    for book in (future, draft):
        with pytest.raises(ValidationError) as error:
            review_submit(reader=make_reader(), book=book, rating=5)
        assert error.value.code == "book_not_live"
    assert not Review.objects.exists()


def test_whitespace_only_text_is_a_bare_rating():
    review = review_submit(
        reader=make_reader(), book=make_book(), rating=3, text="  \n "
    )
    assert review.text == ""
    assert review.status == Review.Status.APPROVED


def test_reader_with_three_rejections_is_held_even_for_bare_ratings():
    reader = make_reader()
    for _ in range(3):
        make_review(reader=reader, text="Spam.", status=Review.Status.REJECTED)
    book = make_book()

    review = review_submit(reader=reader, book=book, rating=5)

    assert review.status == Review.Status.PENDING
    assert not review.rating_counted
    assert figures(book)["ratings"] == 0
    review_approve(review=review, moderator=make_moderator())
    assert figures(book)["ratings"] == 1
    assert_no_drift()


def test_a_held_reader_editing_an_approved_review_takes_the_stars_out_until_approved():
    reader = make_reader()
    review = make_review(reader=reader, rating=4, text="Fine.")
    for _ in range(3):
        make_review(reader=reader, text="Spam.", status=Review.Status.REJECTED)
    assert figures(review.book)["ratings"] == 1
    edited = review_submit(reader=reader, book=review.book, rating=5, text="Fine.")
    assert edited.status == Review.Status.PENDING
    assert figures(review.book)["ratings"] == 0
    assert_no_drift()


def test_reader_with_two_rejections_is_not_held():
    reader = make_reader()
    for _ in range(2):
        make_review(reader=reader, text="Spam.", status=Review.Status.REJECTED)
    review = review_submit(reader=reader, book=make_book(), rating=5)
    assert review.status == Review.Status.APPROVED


# Withdrawing


def test_withdrawing_an_approved_review_takes_it_out_of_the_figures():
    review = make_review(rating=5, text="Great.")
    review_withdraw(review=review)
    assert not Review.objects.exists()
    assert figures(review.book) == {
        "ratings": 0,
        "sum": 0,
        "reviews": 0,
        "stars": [0, 0, 0, 0, 0],
    }


def test_withdrawing_a_pending_review_takes_its_counted_stars_out():
    counted = make_review(rating=3)
    pending = make_review(book=counted.book, text="Hm.", status=Review.Status.PENDING)
    assert figures(counted.book)["ratings"] == 2
    review_withdraw(review=pending)
    assert figures(counted.book)["ratings"] == 1
    assert figures(counted.book)["sum"] == 3
    assert_no_drift()


def test_withdrawing_twice_is_harmless():
    review = make_review(rating=5)
    review_withdraw(review=review)
    review_withdraw(review=review)
    assert figures(review.book)["ratings"] == 0


# Decisions


def test_approving_twice_counts_once():
    review = make_review(text="Fine.", status=Review.Status.PENDING)
    moderator = make_moderator()
    assert review_approve(review=review, moderator=moderator) is True
    assert review_approve(review=review, moderator=moderator) is False
    assert figures(review.book)["ratings"] == 1


def test_approval_records_who_and_when():
    review = make_review(text="Fine.", status=Review.Status.PENDING)
    moderator = make_moderator()
    review_approve(review=review, moderator=moderator)
    review.refresh_from_db()
    assert review.decided_by == moderator
    assert timezone.now() - review.decided_at < timedelta(seconds=5)


def test_rejection_records_the_reason_and_mails_the_reader(
    django_capture_on_commit_callbacks,
):
    review = make_review(text="Buy my book!", status=Review.Status.PENDING)
    moderator = make_moderator()
    with django_capture_on_commit_callbacks(execute=True):
        changed = review_reject(
            review=review,
            moderator=moderator,
            reason=Review.RejectionReason.SPAM,
            note="Links to a shop.",
        )

    assert changed
    review.refresh_from_db()
    assert review.status == Review.Status.REJECTED
    assert review.rejection_reason == Review.RejectionReason.SPAM
    assert review.decided_by == moderator
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [review.reader.email]
    assert "was not published" in message.subject
    assert "Spam or advertising" in message.body
    assert "Links to a shop." in message.body
    assert f"/books/{review.book.slug}/review/" in message.body


def test_approval_mails_the_reader(django_capture_on_commit_callbacks):
    review = make_review(text="Fine.", status=Review.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        review_approve(review=review, moderator=make_moderator())
    assert len(mail.outbox) == 1
    assert "is published" in mail.outbox[0].subject
    assert review.book.get_absolute_url() in mail.outbox[0].body


def test_no_mail_is_sent_if_the_decision_is_rolled_back(
    django_capture_on_commit_callbacks,
):
    review = make_review(text="Fine.", status=Review.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review_approve(review=review, moderator=make_moderator())
    # The test's transaction never commits: nothing has been sent yet, and
    # only the commit would send it.
    assert mail.outbox == []
    # The commit queues the mail (itself on commit), and the task sends it.
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    assert len(mail.outbox) == 1


def test_rejecting_approved_words_takes_out_the_review_but_not_the_rating():
    review = make_review(rating=5, text="Later found abusive.")
    review_reject(
        review=review,
        moderator=make_moderator(),
        reason=Review.RejectionReason.ABUSIVE,
    )
    assert figures(review.book)["ratings"] == 1
    assert figures(review.book)["reviews"] == 0
    assert_no_drift()


def test_rejecting_as_spam_takes_the_rating_out_too():
    review = make_review(rating=1, text="Buy cheap watches.", status="pending")
    assert figures(review.book)["ratings"] == 1
    review_reject(
        review=review, moderator=make_moderator(), reason=Review.RejectionReason.SPAM
    )
    assert figures(review.book)["ratings"] == 0
    assert_no_drift()
    # Approved after all (a mistake): the stars count again.
    review_approve(review=review, moderator=make_moderator())
    assert figures(review.book)["ratings"] == 1
    assert_no_drift()


def test_a_rejected_review_can_be_approved_after_all():
    review = make_review(rating=5, text="Fine.", status=Review.Status.REJECTED)
    assert figures(review.book)["reviews"] == 0
    assert review_approve(review=review, moderator=make_moderator())
    review.refresh_from_db()
    assert review.rejection_reason == ""
    assert figures(review.book)["ratings"] == 1
    assert figures(review.book)["reviews"] == 1
    assert_no_drift()


def test_other_reason_needs_a_note():
    review = make_review(text="Fine.", status=Review.Status.PENDING)
    with pytest.raises(ValidationError):
        review_reject(
            review=review,
            moderator=make_moderator(),
            reason=Review.RejectionReason.OTHER,
        )
    with pytest.raises(ValidationError):
        review_reject(review=review, moderator=make_moderator(), reason="because")
    review.refresh_from_db()
    assert review.status == Review.Status.PENDING


def test_only_moderators_decide():
    review = make_review(text="Fine.", status=Review.Status.PENDING)
    for user in (make_reader(), make_editor(), review.reader):
        with pytest.raises(PermissionDenied):
            review_approve(review=review, moderator=user)
        with pytest.raises(PermissionDenied):
            review_reject(
                review=review, moderator=user, reason=Review.RejectionReason.SPAM
            )
    review.refresh_from_db()
    assert review.status == Review.Status.PENDING


# Shelves


def test_shelving_moves_the_shelf_counts():
    book, reader = make_book(), make_reader()
    book_shelve(reader=reader, book=book, status=Shelf.WANT_TO_READ)
    book.refresh_from_db()
    assert (book.want_to_read_count, book.reading_count, book.read_count) == (1, 0, 0)

    book_shelve(reader=reader, book=book, status=Shelf.CURRENTLY_READING)
    book.refresh_from_db()
    assert (book.want_to_read_count, book.reading_count, book.read_count) == (0, 1, 0)

    book_shelve(reader=reader, book=book, status=None)
    book.refresh_from_db()
    assert (book.want_to_read_count, book.reading_count, book.read_count) == (0, 0, 0)
    assert not ReadingStatus.objects.exists()


def test_shelving_on_the_same_shelf_twice_counts_once():
    book, reader = make_book(), make_reader()
    book_shelve(reader=reader, book=book, status=Shelf.READ)
    book_shelve(reader=reader, book=book, status=Shelf.READ)
    book.refresh_from_db()
    assert book.read_count == 1
    assert_no_drift()


def test_removing_a_book_on_no_shelf_is_harmless():
    book = make_book()
    assert book_shelve(reader=make_reader(), book=book, status=None) is None
    assert_no_drift()


def test_unknown_shelf_is_refused():
    with pytest.raises(ValidationError):
        book_shelve(reader=make_reader(), book=make_book(), status="burnt")


# Recounting


def test_recount_finds_and_fixes_drift():
    review = make_review(rating=4)
    Book.objects.filter(pk=review.book.pk).update(
        ratings_count=7, rating_sum=28, stars_4=7, read_count=2
    )

    drifted = book_counters_recount()
    assert [(book.pk, diff) for book, diff in drifted] == [
        (
            review.book.pk,
            {
                "ratings_count": (7, 1),
                "rating_sum": (28, 4),
                "stars_4": (7, 1),
                "read_count": (2, 0),
            },
        )
    ]
    book_counters_recount(fix=True)
    assert_no_drift()


def test_recount_counts_the_stars_of_pending_words_but_not_the_words():
    book = make_book()
    make_review(book=book, rating=5, text="Waiting.", status="pending")
    make_review(book=book, rating=3, text="Read.")
    Book.objects.filter(pk=book.pk).update(
        ratings_count=0, rating_sum=0, reviews_count=0, stars_3=0, stars_5=0
    )
    book_counters_recount(fix=True)
    assert figures(book) == {
        "ratings": 2,
        "sum": 8,
        "reviews": 1,
        "stars": [0, 0, 1, 0, 1],
    }


def test_recount_checks_books_in_batches_and_reports_each():
    books = [make_review(rating=5).book for _ in range(5)]
    Book.objects.filter(pk__in=[books[1].pk, books[4].pk]).update(read_count=9)
    checked = []

    drifted = book_counters_recount(batch_size=2, progress=checked.append)

    assert [book.pk for book, _diff in drifted] == [books[1].pk, books[4].pk]
    assert checked == [2, 2, 1]
