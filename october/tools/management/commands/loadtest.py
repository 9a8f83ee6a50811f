from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from october.tools import loadtest


class Command(BaseCommand):
    help = (
        "Load-test the site with locust: visitors, searchers and signed-in "
        "readers who rate, review and shelve books. No 5xx allowed; book "
        "figures must equal a recount afterwards. See october/tools/loadtest.py."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--duration", type=int, default=60, help="seconds")
        parser.add_argument(
            "--readers", type=int, default=0, help="default: enough for the run"
        )
        parser.add_argument("--books", type=int, default=3)
        parser.add_argument(
            "--url",
            default="",
            help="a server already running on this command's database; by "
            "default `make serve` is started on a free port",
        )
        parser.add_argument("--workers", type=int, help="gunicorn workers to start")
        parser.add_argument(
            "--output",
            default="loadtest-results",
            help="where the plan, the figures and the logs go",
        )
        parser.add_argument(
            "--keep", action="store_true", help="keep the readers and books made"
        )

    def handle(self, *args, **options):
        if options["users"] < 1 or options["duration"] < 1:
            raise CommandError("--users and --duration must be at least 1.")
        result = loadtest.run_loadtest(
            users=options["users"],
            seconds=options["duration"],
            readers=options["readers"],
            books=options["books"],
            url=options["url"],
            workers=options["workers"],
            keep=options["keep"],
            output=Path(settings.BASE_DIR, options["output"]),
            show_progress=options["verbosity"] > 0,
        )
        for line in loadtest.report(result):
            self.stdout.write(line)
        if result.problems:
            raise CommandError("; ".join(result.problems) + ".")
        self.stdout.write(
            self.style.SUCCESS(
                "No 5xx, every request answered, and every book's figures "
                "equal a recount."
            )
        )
