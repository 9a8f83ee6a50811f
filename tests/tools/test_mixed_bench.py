"""The benchmark's mixed workload: reads spread like real traffic, with and
without readers' writes (``october/tools/mixed.py``)."""

import pytest

from october.tools import mixed
from reviews.models import Book
from reviews.services import book_counters_recount
from tests.articles.factories import make_article
from tests.guides.factories import make_guide
from tests.people.factories import make_person
from tests.reviews.factories import make_book, make_review
from tests.timeline.factories import make_event


def run(phase, reads=0.0, hits=0, misses=0, writes=0.0, statuses=None):
    kinds = {"floor": {"rps": 1000.0}} if phase == "floor" else {}
    if phase != "floor":
        kinds["read"] = {"rps": reads, "p50_ms": 5, "p99_ms": 40, "failures": 0}
    if writes:
        kinds["write"] = {"rps": writes, "p50_ms": 30, "p99_ms": 90}
    return {
        "kinds": kinds,
        "cache": {"HIT": hits, "MISS": misses},
        "statuses": statuses or {},
    }


def test_the_targets_are_the_hit_ratio_without_writes_and_half_the_floor():
    samples = {
        ("large", "floor"): [run("floor")],
        ("large", "reads"): [run("reads", reads=700, hits=90, misses=10)],
        ("large", "reads+writes"): [
            run("reads+writes", reads=480, hits=79, misses=21, writes=2.0)
        ],
    }

    written = {row["phase"]: row for row in mixed.summarise(samples, 2.0)}[
        "reads+writes"
    ]

    assert written["reads_over_floor"] == 0.48
    assert written["reads_met"] is False
    assert written["hit_ratio_drop"] == 0.11
    assert written["hit_ratio_met"] is False
    report = "\n".join(mixed.report(list(mixed.summarise(samples, 2.0))))
    assert "0.480 × floor (target >= 0.5: NO)" in report


def test_medians_are_taken_over_the_rounds():
    samples = {
        ("demo", "floor"): [run("floor")] * 3,
        ("demo", "reads"): [
            run("reads", reads=rps, hits=hits, misses=100 - hits)
            for rps, hits in ((600, 80), (900, 95), (650, 90))
        ],
    }

    (row,) = mixed.summarise(samples, 2.0)

    assert row["reads_rps"] == 650
    assert row["hit_ratio"] == 0.9


def test_pages_follow_a_long_tail_over_every_kind_of_content(db):
    person = make_person()
    make_event(people=[person])
    make_article(authors=[person])
    make_guide()
    book = make_book()

    plan = mixed.mixed_urls()

    assert plan["urls"]["home"] == ["/"]
    assert plan["urls"]["people"] == [person.get_absolute_url()]
    assert plan["urls"]["books"] == [book.get_absolute_url()]
    assert plan["books"] == [book.slug]
    assert all(plan["urls"][kind] for kind in mixed.SHARES)
    # Only list pages the site has: one book fills no second page.
    assert "/books/" in plan["urls"]["lists"]
    assert "/books/?page=2" not in plan["urls"]["lists"]
    assert mixed.mixed_urls() == plan  # the same order every run


@pytest.mark.django_db(transaction=True)
def test_a_short_mixed_run_counts_hits_and_writes_then_takes_them_back(
    live_server, settings, tmp_path
):
    settings.PAGE_CACHE_SECONDS = 300
    settings.FRAGMENT_CACHE_SECONDS = 300
    # The readers' passwords are hashed as the production settings hash them.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    person = make_person()
    make_event(people=[person])
    make_article(authors=[person])
    make_guide()
    book = make_book(authors=[person])
    make_review(book=book, rating=3)
    before = Book.objects.values().get(pk=book.pk)
    plan = mixed.prepare("mixed-test", readers=4)
    phases = {}
    try:
        for phase in mixed.PHASES:
            phases[phase] = mixed.run_phase(
                live_server.url,
                plan,
                phase=phase,
                seconds=3,
                warm_up=0 if phase == "floor" else 1,
                writes_per_second=2,
                visitors=2,
                writers=1,
                directory=tmp_path,
            )
    finally:
        mixed.clean_up("mixed-test")

    (alone, written) = mixed.summarise(
        {("demo", phase): [result] for phase, result in phases.items()}, 2
    )
    assert phases["floor"]["kinds"]["floor"]["requests"] > 0
    assert alone["reads_rps"] > 0 and alone["read_failures"] == 0
    assert alone["hit_ratio"] > 0.5
    assert written["writes_per_s"] > 0
    assert written["write_statuses"]
    assert all(key.endswith(" 302") for key in written["write_statuses"])
    # What the readers wrote is taken back: the book is as it was.
    assert Book.objects.values().get(pk=book.pk) == before
    assert book_counters_recount() == []
