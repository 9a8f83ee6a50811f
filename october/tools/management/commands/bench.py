import json
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from october.tools import bench


class Command(BaseCommand):
    help = (
        "Benchmark every page type against the /healthz baseline, on the demo "
        "content and on a large generated site (needs wrk). See "
        "october/tools/bench.py."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--duration", type=int, default=3, help="seconds per run")
        parser.add_argument("--connections", default="1,32")
        parser.add_argument(
            "--sites",
            default=",".join(bench.SITES),
            help="demo: this database; large: <database>_large, generated if empty",
        )
        parser.add_argument(
            "--large-database-url",
            default="",
            help="the large site's database (default: <database>_large)",
        )
        parser.add_argument(
            "--modes",
            default=",".join(bench.DEFAULT_MODES),
            help="uncached: no page cache; cached: anonymous page cache on (Redis); "
            "signed-in: a reader's requests, with fragment caching on",
        )
        parser.add_argument("--output", default="bench-results")
        # For the benchmark itself, run against each data set's database.
        parser.add_argument(
            "--reader-session",
            action="store_true",
            help="only print a session key signing in this database's bench reader",
        )
        parser.add_argument(
            "--list-pages",
            action="store_true",
            help="only print this database's page URLs as JSON",
        )

    def handle(self, *args, **options):
        if options["list_pages"]:
            self.stdout.write(json.dumps(bench.page_urls()))
            return
        if options["reader_session"]:
            self.stdout.write(bench.reader_session_key())
            return
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (Debian: apt-get install wrk).")
        sites = bench.database_urls(
            options["sites"].split(","), options["large_database_url"]
        )
        if "large" in sites:
            self.stderr.write("Preparing the large site (minutes the first time)...")
            bench.prepare_large_site(sites["large"])
        output = Path(settings.BASE_DIR, options["output"])
        results, comparisons = bench.run_bench(
            sites=sites,
            modes=options["modes"].split(","),
            connection_counts=[int(n) for n in options["connections"].split(",")],
            rounds=options["rounds"],
            duration=options["duration"],
            output=output,
            show_progress=options["verbosity"] > 0,
        )
        for line in bench.report(results, comparisons):
            self.stdout.write(line)
        path = bench.write_results(
            results,
            comparisons,
            directory=output,
            rounds=options["rounds"],
            duration=options["duration"],
        )
        self.stdout.write(f"Written to {path}")
