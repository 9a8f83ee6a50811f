"""Races with real threads, each on its own database connection, committing
real transactions: the stored figures must equal a recount afterwards."""

import threading

import pytest
from django.core import mail
from django.db import connection

from reviews.models import ReadingStatus, Review
from reviews.services import (
    book_counters_recount,
    book_shelve,
    review_approve,
    review_reject,
    review_submit,
)
from tests.reviews.factories import make_book, make_moderator, make_reader, make_review

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(jobs):
    """Run every job in its own thread, all released together; return errors."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def worker(job):
        try:
            barrier.wait(timeout=30)
            job()
        except Exception as error:  # Reported to the test below.
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def test_fifty_readers_and_eight_moderators_at_once_leave_exact_figures():
    book = make_book()
    readers = [make_reader() for _ in range(50)]
    written = make_review(book=book, rating=2, text="Under review.", status="pending")
    moderators = [make_moderator() for _ in range(8)]
    approvals = []
    shelves = list(ReadingStatus.Shelf.values)

    def rate(reader, number):
        def job():
            review_submit(reader=reader, book=book, rating=number % 5 + 1)
            book_shelve(reader=reader, book=book, status=shelves[number % 3])

        return job

    def approve(moderator):
        def job():
            review = Review.objects.get(pk=written.pk)
            approvals.append(review_approve(review=review, moderator=moderator))

        return job

    jobs = [rate(reader, number) for number, reader in enumerate(readers)]
    jobs += [approve(moderator) for moderator in moderators]

    errors = run_at_once(jobs)

    assert errors == []
    assert approvals.count(True) == 1
    assert len(mail.outbox) == 1
    assert book_counters_recount() == []
    book.refresh_from_db()
    assert book.ratings_count == 51
    assert book.reviews_count == 1
    assert [book.stars_1, book.stars_2, book.stars_3, book.stars_4, book.stars_5] == [
        10,
        11,
        10,
        10,
        10,
    ]
    assert book.rating_sum == 10 * (1 + 3 + 4 + 5) + 11 * 2
    assert (book.want_to_read_count, book.reading_count, book.read_count) == (
        17,
        17,
        16,
    )


def test_one_reader_submitting_from_many_tabs_at_once_keeps_one_review():
    book = make_book()
    reader = make_reader()

    def submit(rating):
        return lambda: review_submit(reader=reader, book=book, rating=rating)

    errors = run_at_once([submit(number % 5 + 1) for number in range(10)])

    assert errors == []
    assert Review.objects.filter(book=book, reader=reader).count() == 1
    assert book_counters_recount() == []
    book.refresh_from_db()
    assert book.ratings_count == 1


def test_words_and_stars_racing_with_moderators_leave_exact_figures():
    """Readers add, edit and withdraw words while moderators approve and
    reject them: every rating counts once from the start, the figures equal
    a recount, and only approved words count as reviews."""
    book = make_book()
    writers = [make_reader() for _ in range(20)]
    editors = [make_review(book=book, rating=3, text="First draft.") for _ in range(6)]
    waiting = [
        make_review(book=book, rating=4, text="Waiting.", status="pending")
        for _ in range(4)
    ]
    moderators = [make_moderator() for _ in range(8)]

    def write(reader, number):
        return lambda: review_submit(
            reader=reader, book=book, rating=number % 5 + 1, text=f"Words {number}."
        )

    def edit(review):
        return lambda: review_submit(
            reader=review.reader, book=book, rating=5, text="Second thoughts."
        )

    def decide(moderator, number):
        def job():
            review = Review.objects.get(pk=waiting[number % 4].pk)
            if number % 2:
                review_approve(review=review, moderator=moderator)
            else:
                review_reject(
                    review=review,
                    moderator=moderator,
                    reason=Review.RejectionReason.OFF_TOPIC,
                )

        return job

    jobs = [write(reader, number) for number, reader in enumerate(writers)]
    jobs += [edit(review) for review in editors]
    jobs += [decide(moderator, number) for number, moderator in enumerate(moderators)]

    errors = run_at_once(jobs)

    assert errors == []
    assert book_counters_recount() == []
    book.refresh_from_db()
    # 20 new ratings, 6 edited ones and 4 waiting: none lost or doubled,
    # whichever decision won.
    assert book.ratings_count == 30
    assert book.rating_sum == sum(n % 5 + 1 for n in range(20)) + 6 * 5 + 4 * 4
    assert book.reviews_count == Review.objects.filter(book=book).approved().count()
    assert Review.objects.filter(book=book, text="Second thoughts.").count() == 6
