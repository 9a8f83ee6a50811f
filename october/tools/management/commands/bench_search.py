from django.core.management.base import BaseCommand
from django.test import Client

from october.tools import search_bench


class Command(BaseCommand):
    help = (
        "Time site search on a large site: p50 and p95 per query and overall. "
        "Generates a large site first on a database without one. See "
        "october/tools/search_bench.py."
    )

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

    def handle(self, *args, runs, pages, url, no_generate, verbosity, **options):
        articles = search_bench.ensure_large_site(
            generate=not no_generate, show_progress=verbosity > 0
        )
        self.stdout.write(f"{articles:,} live articles; {search_bench.machine()}.\n")
        timings, found = search_bench.time_searches(runs)
        self.write(search_bench.report(f"search() × {runs}", timings, found))
        if pages:
            self.write(
                search_bench.report(
                    f"/search/ page through the test client × {pages}",
                    search_bench.time_pages(Client().get, pages),
                    found,
                )
            )
        if url:
            self.write(
                search_bench.report(
                    f"HTTP GET {url}/search/ × {pages or 10}",
                    search_bench.time_pages(search_bench.http_get(url), pages or 10),
                    found,
                )
            )

    def write(self, lines):
        for line in lines:
            self.stdout.write(line)
