import pytest
from django.core.management.base import CommandError

from october.tools.search_bench import (
    QUERIES,
    ensure_large_site,
    percentile,
    report,
    time_searches,
)
from tests.people.factories import make_person


def timings_of(milliseconds):
    return {query: [milliseconds] * 5 for _label, query in QUERIES}


def test_the_report_says_whether_the_overall_p95_is_within_the_target():
    within = report("search()", timings_of(4.0), {"Trotsky": 3})
    above = report("search()", timings_of(80.0), {})
    assert "within the 50 ms p95 target" in within[-1]
    assert "above the 50 ms p95 target" in above[-1]
    assert len(within) == len(QUERIES) + 3


def test_percentiles_pick_a_measured_value():
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.5) == 51
    assert percentile(values, 0.95) == 95
    assert percentile([7.0], 0.95) == 7


@pytest.mark.django_db
def test_every_query_is_timed_and_its_hits_counted():
    make_person(display_name="Leon Trotsky", native_name="Лев Троцкий")

    timings, found = time_searches(runs=2)

    assert {len(values) for values in timings.values()} == {2}
    assert found["Trotsky"] == 1
    assert found["Троцкий"] == 1


@pytest.mark.django_db
def test_a_small_site_is_refused_unless_a_large_one_may_be_generated():
    with pytest.raises(CommandError, match="generate_large_site"):
        ensure_large_site(generate=False)
