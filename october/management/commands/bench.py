"""Throughput and latency of every page type against a minimal baseline.

Starts the production-like server (`make serve`), then measures with wrk, in
the same run, `/healthz` (no database, no template: the baseline) and one page
of each type, with one connection and with many. Each measurement is repeated
in alternating order and the medians are reported, because a shared machine is
noisy; ratios to the baseline are what compare across machines.
"""

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import time
import urllib.request
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def page_urls():
    """One URL per page type, taken from the live content in the database."""
    from articles.models import Article
    from guides.models import ReadingGuide
    from people.models import Person
    from reviews.models import Book
    from timeline.models import Event

    def first(queryset):
        item = queryset.first()
        return item.get_absolute_url() if item else None

    pages = {
        "home": "/",
        "timeline": "/timeline/",
        "event": first(Event.objects.live().order_by("pk")),
        "people": "/people/",
        "person": first(Person.objects.live().order_by("pk")),
        "articles": "/articles/",
        "article": first(
            Article.objects.live().exclude(kind="interview").order_by("pk")
        ),
        "interview": first(
            Article.objects.live().filter(kind="interview").order_by("pk")
        ),
        "books": "/books/",
        "book": first(Book.objects.live().order_by("-ratings_count", "pk")),
        "guides": "/guides/",
        "guide": first(ReadingGuide.objects.live().order_by("pk")),
        "search": "/search/?q=lenin",
    }
    return {name: url for name, url in pages.items() if url}


def parse_wrk(output):
    def latency(percentile):
        match = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(match.group(1)) * UNITS[match.group(2)] if match else None

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Command(BaseCommand):
    help = "Benchmark every page type against the /healthz baseline (needs wrk)."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--duration", type=int, default=3, help="seconds per run")
        parser.add_argument("--connections", default="1,32")
        parser.add_argument("--label", default="demo", help="name of the data set")
        parser.add_argument("--output", default="bench-results")
        parser.add_argument(
            "--modes",
            default="uncached,cached",
            help="uncached: no page cache; cached: anonymous page cache on (Redis)",
        )

    def handle(
        self, *args, rounds, duration, connections, label, output, modes, **options
    ):
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (Debian: apt-get install wrk).")
        targets = {"baseline": "/healthz", **page_urls()}
        connection_counts = [int(n) for n in connections.split(",")]
        results = []
        for mode in modes.split(","):
            port = free_port()
            server = self._start_server(port, cached=mode == "cached")
            try:
                self._warm_up(port, targets)
                samples = self._measure(
                    port, targets, connection_counts, rounds, duration
                )
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
            results += self._summarise(mode, targets, connection_counts, samples)
        self._print(results, label)
        self._write(results, label, output, rounds, duration)

    def _start_server(self, port, *, cached):
        env = {
            **os.environ,
            "PORT": str(port),
            "DJANGO_PAGE_CACHE_SECONDS": "300" if cached else "0",
        }
        server = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                return server
            except OSError:
                time.sleep(0.5)
        os.killpg(server.pid, signal.SIGTERM)
        raise CommandError("`make serve` did not answer on /healthz within 2 minutes.")

    def _warm_up(self, port, targets):
        for name, path in targets.items():
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}{path}", timeout=30
            ) as r:
                if r.status != 200:
                    raise CommandError(f"{name} ({path}) answered {r.status}")

    def _measure(self, port, targets, connection_counts, rounds, duration):
        samples = {}
        for round_number in range(rounds):
            # Alternate the order so a slow patch of the machine hits every target.
            order = list(targets.items())
            if round_number % 2:
                order.reverse()
            for name, path in order:
                for connections in connection_counts:
                    result = self._wrk(port, path, connections, duration)
                    samples.setdefault((name, connections), []).append(result)
                    self.stderr.write(
                        f"round {round_number + 1}/{rounds} {name:<10} "
                        f"c={connections:<3} {result['rps']:9.1f} req/s"
                    )
        return samples

    def _wrk(self, port, path, connections, duration):
        threads = min(2, connections)
        completed = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--latency",
                f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return parse_wrk(completed.stdout)

    def _summarise(self, mode, targets, connection_counts, samples):
        results = []
        for connections in connection_counts:
            base_rps = statistics.median(
                s["rps"] for s in samples[("baseline", connections)]
            )
            for name, path in targets.items():
                runs = samples[(name, connections)]
                rps = statistics.median(s["rps"] for s in runs)
                results.append(
                    {
                        "mode": mode,
                        "page": name,
                        "path": path,
                        "connections": connections,
                        "rps": round(rps, 1),
                        "p50_ms": round(
                            statistics.median(s["p50_ms"] for s in runs), 2
                        ),
                        "p99_ms": round(
                            statistics.median(s["p99_ms"] for s in runs), 2
                        ),
                        "ratio": round(rps / base_rps, 3) if base_rps else None,
                        "errors": sum(s["errors"] for s in runs),
                    }
                )
        return results

    def _print(self, results, label):
        self.stdout.write(f"\nData set: {label}. Medians; ratio = page / baseline.")
        columns = (
            "mode",
            "page",
            "conns",
            "req/s",
            "p50 ms",
            "p99 ms",
            "ratio",
            "non-2xx",
        )
        header = "{:<9} {:<10} {:>5} {:>9} {:>8} {:>8} {:>6} {:>7}".format(*columns)
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        row_format = "{:<9} {:<10} {:>5} {:>9.1f} {:>8.2f} {:>8.2f} {:>6.3f} {:>7}"
        for row in results:
            self.stdout.write(
                row_format.format(
                    row["mode"],
                    row["page"],
                    row["connections"],
                    row["rps"],
                    row["p50_ms"],
                    row["p99_ms"],
                    row["ratio"],
                    row["errors"],
                )
            )
        self.stdout.write(
            "Targets: uncached page ratio >= 0.10; cached anonymous page >= 0.60."
        )

    def _write(self, results, label, output, rounds, duration):
        directory = Path(settings.BASE_DIR, output)
        directory.mkdir(exist_ok=True)
        stamp = datetime.now(tz=timezone.get_current_timezone()).strftime(
            "%Y%m%d-%H%M%S"
        )
        path = directory / f"bench-{label}-{stamp}.json"
        path.write_text(
            json.dumps(
                {
                    "label": label,
                    "rounds": rounds,
                    "duration_s": duration,
                    "results": results,
                },
                indent=2,
            )
        )
        self.stdout.write(f"Written to {path}")
