import os
import signal
import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from october.database import local_database_url
from october.tools.cluster import start_cluster


class Command(BaseCommand):
    help = (
        "Serve the site as several machines would: nginx on --port in front of "
        "--servers production-like app servers sharing this database and one "
        "Redis. Stop it with Ctrl-C. See october/tools/cluster.py."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("PORT", 8000))
        )
        parser.add_argument("--servers", type=int, default=2)
        parser.add_argument("--workers", type=int, default=2, help="per app server")
        parser.add_argument(
            "--redis-url",
            default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
        )
        parser.add_argument("--output", default="cluster-logs")

    def handle(self, *args, **options):
        secret_key = os.environ.get("DJANGO_SECRET_KEY", "")
        if len(secret_key) < 50:
            raise CommandError(
                "Set DJANGO_SECRET_KEY (make cluster does): every server needs "
                "the same one."
            )
        if options["servers"] < 1:
            raise CommandError("--servers must be at least 1.")
        directory = Path(settings.BASE_DIR, options["output"]).resolve()
        cluster = start_cluster(
            os.environ.get("DATABASE_URL") or local_database_url(),
            redis_url=options["redis_url"],
            secret_key=secret_key,
            directory=directory,
            port=options["port"],
            servers=options["servers"],
            workers=options["workers"],
        )
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *args: stop.set())
        try:
            self.stdout.write(f"\n  In Defence of October is running at {cluster.url}/")
            for number, server in enumerate(cluster.servers):
                self.stdout.write(f"  app server {number}: {server.url}/")
            self.stdout.write(f"  nginx in front of them; logs in {directory}/")
            self.stdout.write("  Ctrl-C stops them all.\n")
            while not stop.wait(1):
                if cluster.proxy.poll() is not None:
                    raise CommandError(
                        f"nginx stopped; see {directory}/nginx-error.log."
                    )
        finally:
            cluster.stop()
