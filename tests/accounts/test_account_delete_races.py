"""Readers deleting their accounts while others rate the same books and
moderators decide on their reviews: the figures must equal a recount."""

import pytest

from october.accounts.data import account_delete
from reviews.models import Review
from reviews.services import (
    book_counters_recount,
    book_shelve,
    review_approve,
    review_submit,
)
from tests.reviews.factories import make_book, make_moderator, make_reader, make_review
from tests.reviews.test_concurrency import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_accounts_deleted_while_others_rate_and_moderators_approve():
    books = [make_book() for _ in range(3)]
    leaving = [make_reader() for _ in range(6)]
    staying = [make_reader() for _ in range(6)]
    moderator = make_moderator()
    pending = []
    for number, reader in enumerate(leaving):
        for offset, book in enumerate(books):
            if (number + offset) % 2:
                pending.append(
                    make_review(
                        book=book,
                        reader=reader,
                        rating=offset + 1,
                        text="Waiting for a moderator.",
                        status=Review.Status.PENDING,
                    )
                )
            else:
                make_review(book=book, reader=reader, rating=number % 5 + 1)
            book_shelve(reader=reader, book=book, status="read")

    leaving_ids = [reader.pk for reader in leaving]

    def leave(reader):
        return lambda: account_delete(user=reader)

    def approve(review):
        return lambda: review_approve(review=review, moderator=moderator)

    def rate(reader, number):
        def job():
            for book in reversed(books):
                review_submit(reader=reader, book=book, rating=number % 5 + 1)
                book_shelve(reader=reader, book=book, status="want_to_read")

        return job

    errors = run_at_once(
        [leave(reader) for reader in leaving]
        + [approve(review) for review in pending]
        + [rate(reader, number) for number, reader in enumerate(staying)]
    )

    assert errors == []
    assert book_counters_recount() == []
    assert not Review.objects.filter(reader_id__in=leaving_ids).exists()
    for book in books:
        book.refresh_from_db()
        assert book.ratings_count == len(staying)
        assert book.want_to_read_count == len(staying)
        assert book.read_count == 0
