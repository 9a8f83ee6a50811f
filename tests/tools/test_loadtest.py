import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from october.tools.management.commands.loadtest import Sample, percentile, summarise
from reviews.models import Book, Review
from tests.reviews.factories import make_book


@pytest.mark.django_db(transaction=True)
def test_a_short_load_test_reviews_and_shelves_and_leaves_exact_figures(
    live_server, capsys
):
    demo_book = make_book()
    call_command(
        "loadtest",
        url=live_server.url,
        clients=3,
        duration=2,
        readers=6,
        books=2,
    )
    out = capsys.readouterr().out
    assert "No 5xx, every request answered" in out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line}
    assert int(rows["review"][1]) > 0
    assert int(rows["login"][1]) > 0
    # What it made is gone; what was there is untouched.
    assert list(Book.objects.all()) == [demo_book]
    assert not Review.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="loadtest-")


def test_percentiles_are_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.50) == 50
    assert percentile(values, 0.99) == 99
    assert percentile([7.0], 0.95) == 7
    assert percentile([], 0.5) == 0


def test_summary_counts_5xx_and_failed_connections():
    samples = [
        Sample("page", 200, 0.01),
        Sample("page", 503, 0.02),
        Sample("review", 302, 0.05),
        Sample("review", 0, 30.0),
    ]
    rows = {row["kind"]: row for row in summarise(samples, seconds=2)}
    assert rows["page"]["expected"] == 1
    assert rows["all"]["status_5xx"] == 1
    assert rows["all"]["failed"] == 1
    assert rows["all"]["rps"] == 2
