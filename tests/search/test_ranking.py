"""The ranking set (``tests/search/ranking.py``) on the demo content: what a
reader expects first for each query comes first.

The demo is loaded once for the module inside a transaction that is rolled
back at the end, as in ``tests/tools/test_demo.py``.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from october.core.search import search
from tests.search.ranking import RANKING


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", allow_production=True, stdout=StringIO())
        yield
        transaction.set_rollback(True)


def key(result):
    item = result.object
    if result.kind == "episode":
        return f"episode:{item.article.slug}#{item.number}"
    return f"{result.kind}:{getattr(item, 'slug', item.pk)}"


def first_shown(query, count):
    """The keys of the first ``count`` items the reader is shown: the
    results, else the close matches."""
    results = search(query)
    return [key(result) for result in results.results + results.close_matches][:count]


def test_the_ranking_set_is_large_enough():
    assert len(RANKING) >= 20
    assert len({query for query, _expected in RANKING}) == len(RANKING)


@pytest.mark.parametrize(
    ("query", "expected"), RANKING, ids=[query for query, _expected in RANKING]
)
def test_reader_finds_what_they_expect_first(demo, db, query, expected):
    groups = [group if isinstance(group, set) else {group} for group in expected]
    shown = first_shown(query, sum(len(group) for group in groups))

    start = 0
    for group in groups:
        assert set(shown[start : start + len(group)]) == group, shown
        start += len(group)
