import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article
from october.tools.loadtest import Result, count_statuses, readers_needed, report
from reviews.models import Book, ReadingStatus, Review
from reviews.services import book_counters_recount
from tests.articles.factories import make_article
from tests.guides.factories import make_guide
from tests.people.factories import make_person
from tests.reviews.factories import make_book, make_review
from tests.timeline.factories import make_event

SUMMARY = re.compile(
    r"(?P<readers>\d+) readers signed in and left (?P<ratings>\d+) ratings "
    r"\((?P<reviews>\d+) with a review\) and (?P<shelved>\d+) books on shelves"
)


def row(requests, statuses, **figures):
    return {
        "requests": requests,
        "unexpected": 0,
        "rps": 1.0,
        "p50_ms": 10,
        "p95_ms": 20,
        "p99_ms": 30,
        "statuses": statuses,
        **figures,
    }


def result(kinds, **overrides):
    fields = {
        "url": "http://127.0.0.1:8000",
        "users": 3,
        "seconds": 2.0,
        "kinds": kinds,
        "readers_signed_in": 1,
        "ratings": 2,
        "shelved": 1,
    }
    return Result(**{**fields, **overrides})


@pytest.mark.django_db(transaction=True)
def test_a_short_load_test_on_its_own_server_reviews_shelves_and_cleans_up(tmp_path):
    person = make_person()
    make_event(people=[person])
    make_article(authors=[person])
    make_article(kind=Article.Kind.INTERVIEW, interviewees=[person])
    make_guide()
    book = make_book(authors=[person])
    make_review(book=book, rating=4)
    out = StringIO()

    call_command(
        "loadtest",
        users=4,
        duration=4,
        books=2,
        output=str(tmp_path),
        stdout=out,
        stderr=StringIO(),
    )

    report = out.getvalue()
    assert "No 5xx, every request answered" in report
    rows = {line.split()[0]: line.split() for line in report.splitlines() if line}
    assert rows["all"][-2:] == ["0", "0"]  # 5xx, no answer
    assert int(rows["page"][1]) > 0
    assert int(rows["search"][1]) > 0
    assert int(rows["sign-in"][1]) > 0
    # Readers signed in, and their ratings and shelves reached the database.
    made = SUMMARY.search(report)
    assert int(made["readers"]) > 0
    assert int(made["ratings"]) > 0
    assert int(made["shelved"]) > 0
    assert (tmp_path / "serve.log").exists()
    # What it made is gone; what was there is untouched and still adds up.
    assert list(Book.objects.all()) == [book]
    assert Review.objects.count() == 1
    assert not ReadingStatus.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="loadtest-")
    assert book_counters_recount() == []


def test_any_5xx_or_unanswered_request_is_a_problem():
    kinds = {
        "page": row(3, {"200": 2, "502": 1}),
        "all": row(5, {"200": 2, "302": 1, "502": 1, "0": 1}),
    }
    assert result(kinds).problems == [
        "1 responses were 5xx",
        "1 requests got no answer",
    ]


def test_a_run_whose_readers_stored_nothing_is_a_problem():
    kinds = {
        "review": row(4, {"403": 4}),
        "all": row(4, {"403": 4}),
    }
    assert result(kinds, ratings=0, shelved=0).problems == [
        "no rating, review or shelf was stored"
    ]
    assert result(kinds).problems == []


def test_statuses_are_counted_by_class():
    figures = row(6, {"200": 3, "404": 1, "429": 1, "0": 1})
    assert count_statuses(figures, 400, 500) == 2
    assert count_statuses(figures, 500, 600) == 0
    assert count_statuses(figures, 0, 1) == 1


def test_there_are_readers_to_spare_for_long_and_short_runs():
    assert readers_needed(3, 2) == 12
    assert readers_needed(50, 60) == 750


def test_the_report_lists_kinds_in_a_fixed_order_with_the_total_last():
    kinds = {
        "all": row(3, {"200": 3}),
        "search": row(1, {"200": 1}),
        "page": row(2, {"200": 2}),
    }
    lines = report(result(kinds))
    assert [line.split()[0] for line in lines[-3:]] == ["page", "search", "all"]
