from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reviews.models import Book
from reviews.services import book_shelve
from tests.reviews.factories import make_book, make_reader, make_review

pytestmark = pytest.mark.django_db


def recount(*args):
    out = StringIO()
    call_command("recount_book_counters", *args, stdout=out)
    return out.getvalue()


def test_recount_reports_no_drift_when_figures_match_the_rows():
    book = make_book()
    make_review(book=book, rating=5, text="Good.")
    make_review(book=book, rating=2)
    book_shelve(reader=make_reader(), book=book, status="read")
    assert "No drift" in recount()


def test_recount_reports_drift_after_a_manual_corruption_and_fixes_it():
    book = make_book(title="Corrupted")
    make_review(book=book, rating=5)
    Book.objects.filter(pk=book.pk).update(want_to_read_count=40)

    with pytest.raises(CommandError, match="1 book"):
        recount()
    report = recount_output_of_failure()
    assert (
        f"Corrupted (id {book.pk}): want_to_read_count stored 40, counted 0" in report
    )

    assert "Fixed the figures of 1 book" in recount("--fix")
    assert "No drift" in recount()
    book.refresh_from_db()
    assert book.want_to_read_count == 0
    assert book.ratings_count == 1


def recount_output_of_failure():
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("recount_book_counters", stdout=out)
    return out.getvalue()


def test_fixing_figures_refreshes_cached_book_pages(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    book = make_book()
    make_review(book=book, rating=4)
    Book.objects.filter(pk=book.pk).update(ratings_count=7, rating_sum=28, stars_4=7)
    assert "7 ratings" in client.get(book.get_absolute_url()).content.decode()

    with pytest.raises(CommandError):
        recount()
    recount("--fix")

    page = client.get(book.get_absolute_url()).content.decode()
    assert "1 rating" in page
    assert "7 ratings" not in page
