"""How fast site search answers on a large site (``manage.py bench_search``).

Runs a fixed set of queries (common words, a name in several spellings and
scripts, a misspelling, a Spanish word, a phrase, a rare word) many times
each through ``october.core.search.search``, the function the search page
calls, and reports the median and 95th percentile per query and overall. It
then times the whole page the same way (the view, its middleware and
template, through Django's test client) and, on request, real HTTP requests
to a running server.

Not a test: the figures depend on the machine and on what else it is doing,
so the load average is printed with them.
"""

import os
import statistics
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management.base import CommandError

from articles.models import Article
from october.core.search import search
from october.tools.large_site import generate_large_site, generated_articles

QUERIES = [
    ("common word", "revolution"),
    ("common words", "workers party"),
    ("name", "Trotsky"),
    ("other spelling", "Trotskii"),
    ("birth name", "Bronstein"),
    ("Cyrillic", "Троцкий"),
    ("misspelling", "Trotksy"),
    ("Spanish", "revoluciones"),
    ("phrase", '"soviet power"'),
    ("rare word", "narodnik"),
]
LARGE_SITE_ARTICLES = 50_000
TARGET_P95_MS = 50


@dataclass
class Status:
    status_code: int


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def ensure_large_site(*, generate: bool, show_progress: bool = True) -> int:
    """The number of live articles, after generating a large site if the
    database has too few (and ``generate`` allows it)."""
    articles = Article.objects.live().count()
    if articles < LARGE_SITE_ARTICLES:
        if not generate:
            raise CommandError(
                f"Only {articles:,} live articles; run generate_large_site first."
            )
        if not generated_articles():
            generate_large_site(show_progress=show_progress)
            articles = Article.objects.live().count()
    return articles


def machine() -> str:
    loads = ", ".join(f"{load:.2f}" for load in os.getloadavg())
    return f"load average {loads} on {os.cpu_count()} CPUs"


def time_searches(runs: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Milliseconds of ``runs`` calls of ``search()`` per query, and how many
    results each query found."""
    timings, found = {}, {}
    for _label, query in QUERIES:
        search(query)  # the first run also compiles the statement
        timings[query] = []
        for _ in range(runs):
            started = time.perf_counter()
            results = search(query)
            timings[query].append((time.perf_counter() - started) * 1000)
        found[query] = results.total
    return timings, found


def time_pages(get: Callable, runs: int) -> dict[str, list[float]]:
    """Milliseconds of ``runs`` GETs of each query's search page through
    ``get(path, params)`` (the test client's, or ``http_get``'s)."""
    timings = {}
    for _label, query in QUERIES:
        get("/search/", {"q": query})
        timings[query] = []
        for _ in range(runs):
            started = time.perf_counter()
            response = get("/search/", {"q": query})
            timings[query].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(
                    f"/search/?q={query} answered {response.status_code}"
                )
    return timings


def http_get(base: str) -> Callable:
    """A ``get(path, params)`` making real HTTP requests to ``base``."""

    def get(path, params):
        address = f"{base.rstrip('/')}{path}?{urllib.parse.urlencode(params)}"
        with urllib.request.urlopen(address, timeout=30) as response:
            response.read()
            return Status(response.status)

    return get


def report(
    title: str, timings: dict[str, list[float]], found: dict[str, int]
) -> list[str]:
    """Per query and overall: hits, p50, p95 and the slowest, as lines."""
    lines = [
        title,
        f"  {'query':<22} {'hits':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}",
    ]
    everything = []
    for label, query in QUERIES:
        values = timings[query]
        everything += values
        lines.append(
            f"  {label + ': ' + query:<22.22} {found.get(query, ''):>6} "
            f"{statistics.median(values):8.1f} {percentile(values, 0.95):8.1f} "
            f"{max(values):8.1f}"
        )
    p95 = percentile(everything, 0.95)
    verdict = "within" if p95 <= TARGET_P95_MS else "above"
    lines.append(
        f"  {'overall':<22} {'':>6} {statistics.median(everything):8.1f} "
        f"{p95:8.1f} {max(everything):8.1f}  ({verdict} the {TARGET_P95_MS} ms "
        "p95 target)\n"
    )
    return lines
