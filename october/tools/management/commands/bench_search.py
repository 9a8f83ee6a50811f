"""How fast site search answers on a large site.

Runs a fixed set of queries (common words, a name in several spellings and
scripts, a misspelling, a Spanish word, a phrase, a rare word) many times
each through ``october.core.search.search``, the function the search page calls,
and prints the median and 95th percentile per query and overall. It then
times the whole page the same way (``--pages``: the view, its middleware
and template, through Django's test client) and, with ``--url``, real HTTP
requests to a running server.

On a database without a large site it first runs ``generate_large_site``.
Not a test: the figures depend on the machine and on what else it is doing,
so the load average is printed with them.
"""

import os
import statistics
import time
import urllib.parse
import urllib.request

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from articles.models import Article
from october.core.search import search

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


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Time site search on a large site: p50 and p95 per query and overall."

    def add_arguments(self, parser):
        parser.add_argument(
            "--runs", type=int, default=50, help="Timed runs of each query."
        )
        parser.add_argument(
            "--pages",
            type=int,
            default=10,
            help="Timed runs of each query's whole page through the test client.",
        )
        parser.add_argument(
            "--url",
            default="",
            help="Also time real HTTP requests, e.g. http://127.0.0.1:8150",
        )
        parser.add_argument(
            "--no-generate",
            action="store_true",
            help="Do not generate a large site when the database has none.",
        )

    def handle(self, *args, runs, pages, url, no_generate, **options):
        self.found = {}
        articles = Article.objects.live().count()
        if articles < LARGE_SITE_ARTICLES:
            if no_generate:
                raise CommandError(
                    f"Only {articles:,} live articles; run generate_large_site first."
                )
            call_command("generate_large_site", verbosity=options["verbosity"])
            articles = Article.objects.live().count()
        self.stdout.write(
            f"{articles:,} live articles; load average "
            f"{', '.join(f'{load:.2f}' for load in os.getloadavg())} "
            f"on {os.cpu_count()} CPUs.\n"
        )
        self.report(
            f"search() × {runs}",
            {query: self.time_search(query, runs) for _label, query in QUERIES},
        )
        if pages:
            client = Client()
            self.report(
                f"/search/ page through the test client × {pages}",
                {
                    query: self.time_get(client.get, query, pages)
                    for _label, query in QUERIES
                },
            )
        if url:
            self.report(
                f"HTTP GET {url}/search/ × {pages or 10}",
                {
                    query: self.time_get(self.http_get(url), query, pages or 10)
                    for _label, query in QUERIES
                },
            )

    def time_search(self, query, runs):
        search(query)  # the first run also compiles the statement
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            results = search(query)
            timings.append((time.perf_counter() - started) * 1000)
        self.found[query] = results.total
        return timings

    def time_get(self, get, query, runs):
        get("/search/", {"q": query})
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            response = get("/search/", {"q": query})
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(
                    f"/search/?q={query} answered {response.status_code}"
                )
        return timings

    def http_get(self, base):
        class Response:
            def __init__(self, status_code):
                self.status_code = status_code

        def get(path, params):
            address = f"{base.rstrip('/')}{path}?{urllib.parse.urlencode(params)}"
            with urllib.request.urlopen(address, timeout=30) as response:
                response.read()
                return Response(response.status)

        return get

    def report(self, title, timings):
        self.stdout.write(title)
        self.stdout.write(
            f"  {'query':<22} {'hits':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
        )
        everything = []
        for label, query in QUERIES:
            values = timings[query]
            everything += values
            self.stdout.write(
                f"  {label + ': ' + query:<22.22} {self.found.get(query, ''):>6} "
                f"{statistics.median(values):8.1f} {percentile(values, 0.95):8.1f} "
                f"{max(values):8.1f}"
            )
        p95 = percentile(everything, 0.95)
        verdict = "within" if p95 <= TARGET_P95_MS else "above"
        self.stdout.write(
            f"  {'overall':<22} {'':>6} {statistics.median(everything):8.1f} "
            f"{p95:8.1f} {max(everything):8.1f}  ({verdict} the {TARGET_P95_MS} ms "
            "p95 target)\n"
        )
