import json
import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from october.tools import bench, mixed


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
        parser.add_argument(
            "--parts",
            default="pages,mixed",
            help="pages: each page type with wrk; mixed: reads spread like real "
            "traffic, with and without writes, with locust",
        )
        parser.add_argument(
            "--mixed-seconds", type=int, default=30, help="seconds measured per run"
        )
        parser.add_argument(
            "--warm-up", type=int, default=20, help="seconds of reads before each"
        )
        parser.add_argument("--writes-per-second", type=float, default=2.0)
        parser.add_argument("--visitors", type=int, default=8)
        parser.add_argument("--writers", type=int, default=4)
        parser.add_argument(
            "--redis-url",
            default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
            help="the Redis of the mixed workload's servers",
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
        parser.add_argument(
            "--list-signed-in-pages",
            action="store_true",
            help="only print the URLs of the pages only a signed-in reader has",
        )
        parser.add_argument(
            "--mixed-prepare",
            metavar="RUN",
            help="only make --mixed-readers readers for RUN and print the mixed "
            "workload's plan as JSON",
        )
        parser.add_argument("--mixed-readers", type=int, default=20)
        parser.add_argument(
            "--mixed-clean-up",
            metavar="RUN",
            help="only take back what RUN's readers wrote, and the readers",
        )

    def handle(self, *args, **options):
        if options["list_pages"]:
            self.stdout.write(json.dumps(bench.page_urls()))
            return
        if options["list_signed_in_pages"]:
            self.stdout.write(json.dumps(bench.signed_in_page_urls()))
            return
        if options["reader_session"]:
            self.stdout.write(bench.reader_session_key())
            return
        if options["mixed_prepare"]:
            plan = mixed.prepare(options["mixed_prepare"], options["mixed_readers"])
            self.stdout.write(json.dumps(plan))
            return
        if options["mixed_clean_up"]:
            mixed.clean_up(options["mixed_clean_up"])
            return
        parts = options["parts"].split(",")
        if unknown := set(parts) - {"pages", "mixed"}:
            raise CommandError(f"Unknown part: {', '.join(sorted(unknown))}.")
        if "pages" in parts and not shutil.which("wrk"):
            raise CommandError("wrk is not installed (Debian: apt-get install wrk).")
        sites = bench.database_urls(
            options["sites"].split(","), options["large_database_url"]
        )
        if "large" in sites:
            self.stderr.write("Preparing the large site (minutes the first time)...")
            bench.prepare_large_site(sites["large"])
        output = Path(settings.BASE_DIR, options["output"])
        results, comparisons, mixed_rows = [], [], []
        if "pages" in parts:
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
        if "mixed" in parts:
            mixed_rows = mixed.run_mixed(
                sites=sites,
                rounds=options["rounds"],
                seconds=options["mixed_seconds"],
                warm_up=options["warm_up"],
                writes_per_second=options["writes_per_second"],
                visitors=options["visitors"],
                writers=options["writers"],
                redis_url=options["redis_url"],
                output=output,
                show_progress=options["verbosity"] > 0,
            )
            for line in mixed.report(mixed_rows):
                self.stdout.write(line)
        path = bench.write_results(
            results,
            comparisons,
            directory=output,
            rounds=options["rounds"],
            duration=options["duration"],
            mixed=mixed_rows,
        )
        self.stdout.write(f"Written to {path}")
