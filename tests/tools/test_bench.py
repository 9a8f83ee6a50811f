import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from following.models import Follow
from october.tools.bench import (
    BENCH_READER,
    compare,
    compare_signed_in,
    parse_wrk,
    reader_session_key,
    sibling_database_url,
    signed_in_page_urls,
)
from reviews.models import ReadingStatus
from tests.reviews.factories import make_book, make_review

WRK_OUTPUT = """\
Running 3s test @ http://127.0.0.1:8000/books/in-defence/
  2 threads and 32 connections
  Latency Distribution
     50%  844.00us
     75%    1.02ms
     90%    1.31ms
     99%    1.20s
  9866 requests in 3.00s, 17.68MB read
  Non-2xx or 3xx responses: 12
Requests/sec:   3288.51
Transfer/sec:      5.89MB
"""


def test_wrk_figures_are_read_in_milliseconds():
    figures = parse_wrk(WRK_OUTPUT)
    assert figures["rps"] == 3288.51
    assert figures["p50_ms"] == 0.844
    assert figures["p99_ms"] == 1200.0
    assert figures["errors"] == 12


def test_the_large_site_lives_in_a_database_beside_the_sites_own():
    assert (
        sibling_database_url("postgresql://postgres@127.0.0.1:5432/october", "_large")
        == "postgresql://postgres@127.0.0.1:5432/october_large"
    )
    assert (
        sibling_database_url("postgresql://postgres@/october?host=/run/pg", "_large")
        == "postgresql://postgres@/october_large?host=/run/pg"
    )


def _row(site, page, rps, mode="uncached"):
    return {"site": site, "mode": mode, "page": page, "connections": 1, "rps": rps}


def test_the_large_site_is_compared_page_by_page_with_the_demo_content():
    results = [
        _row("demo", "home", 100.0),
        _row("large", "home", 80.0),
        _row("demo", "book", 50.0),
        _row("large", "book", 50.0),
        # Measured on one site only: nothing to compare.
        _row("large", "guide", 70.0),
    ]
    comparisons = compare(results)
    assert [(c["page"], c["large_over_demo"], c["met"]) for c in comparisons] == [
        ("home", 1.25, False),
        ("book", 1.0, True),
    ]


@pytest.mark.django_db
def test_the_signed_in_benchmark_is_served_as_its_reader(client):
    client.cookies[settings.SESSION_COOKIE_NAME] = reader_session_key()
    page = client.get("/").content.decode()
    assert BENCH_READER in page
    assert "Sign in" not in page
    # A second session is for the same reader, not a new one.
    reader_session_key()
    assert get_user_model().objects.filter(username=BENCH_READER).count() == 1


def test_signed_in_pages_are_compared_with_the_anonymous_uncached_book():
    results = [
        _row("demo", "book", 100.0),
        _row("demo", "book", 90.0, mode="signed-in"),
        _row("demo", "following", 50.0, mode="signed-in"),
        _row("demo", "home", 10.0, mode="signed-in"),
    ]
    rows = compare_signed_in(results)
    assert [(r["page"], r["over_anonymous_book"], r["met"]) for r in rows] == [
        ("book", 1.11, True),
        ("following", 2.0, False),
    ]


@pytest.mark.django_db
def test_the_bench_reader_follows_a_thousand_readers_those_who_rated_first():
    book = make_book()
    rater = make_review(book=book, rating=5).reader
    reader_session_key()
    reader = get_user_model().objects.get(username=BENCH_READER)
    follows = Follow.objects.filter(follower=reader)
    assert follows.count() == 1000
    assert follows.filter(reader=rater).exists()
    assert ReadingStatus.objects.filter(reader=reader, book=book).exists()
    reader_session_key()
    assert follows.count() == 1000
    assert ReadingStatus.objects.filter(reader=reader).count() == 1
    assert "following" in signed_in_page_urls()
