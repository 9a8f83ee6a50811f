"""Throughput and latency of every page type, on the demo content and on a
large site, against a minimal baseline.

Starts one production-like server (`make serve`) for each data set and each
mode (page cache off, page cache on, and on request a signed-in reader, whose
pages only fragment caching serves) and measures them all with wrk in the
same run: `/healthz` (no database, no template: the baseline) and one page
of each type, with one connection and with many. The measurements go round
every server and page in alternating order, several times, and the medians
are reported, because a shared machine is noisy; ratios to the baseline are
what compare across machines.

The large site is the demo content plus ``generate_large_site`` (100,000
articles, 1,000,000 ratings, ...) in a database of its own beside the site's,
named ``<database>_large``. The first run creates it, which takes a few
minutes; later runs reuse it.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from october.database import local_database_url

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
MODES = ("uncached", "cached", "signed-in")
DEFAULT_MODES = ("uncached", "cached")
SITES = ("demo", "large")
# Targets: a page's requests/s as a share of the baseline's, by mode, and the
# large site's time per request as a multiple of the demo content's.
TARGET_RATIO = {"uncached": 0.10, "cached": 0.60, "signed-in": None}
BENCH_READER = "bench-reader"
TARGET_LARGE_OVER_DEMO = 1.2


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
        # The most rated book: on the large site, the one with most of the
        # million ratings.
        "book": first(Book.objects.live().order_by("-ratings_count", "pk")),
        "guides": "/guides/",
        "guide": first(ReadingGuide.objects.live().order_by("pk")),
        "search": "/search/?q=lenin",
    }
    return {name: url for name, url in pages.items() if url}


def reader_session_key():
    """A stored session signing in the bench's reader, created if missing."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    reader, created = get_user_model().objects.get_or_create(username=BENCH_READER)
    if created:
        reader.set_unusable_password()
        reader.save()
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(reader.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = reader.get_session_auth_hash()
    session.save()
    return session.session_key


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


def sibling_database_url(url, suffix):
    """``url`` with ``suffix`` added to its database name."""
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/") or "october"
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}{suffix}"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """One running `make serve` for one data set in one mode."""

    site: str
    mode: str
    port: int
    process: subprocess.Popen
    targets: dict[str, str]
    cookie: str = ""

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


class Command(BaseCommand):
    help = (
        "Benchmark every page type against the /healthz baseline, on the demo "
        "content and on a large generated site (needs wrk)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--duration", type=int, default=3, help="seconds per run")
        parser.add_argument("--connections", default="1,32")
        parser.add_argument(
            "--sites",
            default=",".join(SITES),
            help="demo: this database; large: <database>_large, generated if empty",
        )
        parser.add_argument(
            "--large-database-url",
            default="",
            help="the large site's database (default: <database>_large)",
        )
        parser.add_argument(
            "--modes",
            default=",".join(DEFAULT_MODES),
            help="uncached: no page cache; cached: anonymous page cache on (Redis); "
            "signed-in: a reader's requests, with fragment caching on",
        )
        parser.add_argument("--output", default="bench-results")
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
            self.stdout.write(json.dumps(page_urls()))
            return
        if options["reader_session"]:
            self.stdout.write(reader_session_key())
            return
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (Debian: apt-get install wrk).")
        sites = self._database_urls(options["sites"], options["large_database_url"])
        modes = options["modes"].split(",")
        if unknown := set(modes) - set(MODES):
            raise CommandError(f"Unknown mode: {', '.join(sorted(unknown))}.")
        connection_counts = [int(n) for n in options["connections"].split(",")]
        if "large" in sites:
            self._prepare_large_site(sites["large"])
        self.secret_key = secrets.token_urlsafe(50)
        output = Path(settings.BASE_DIR, options["output"])
        output.mkdir(exist_ok=True)
        servers = []
        try:
            for site, url in sites.items():
                targets = {"baseline": "/healthz", **self._page_urls(url)}
                for mode in modes:
                    servers.append(self._start_server(site, mode, url, targets, output))
            for server in servers:
                self._warm_up(server)
            samples = self._measure(
                servers, connection_counts, options["rounds"], options["duration"]
            )
        finally:
            for server in servers:
                server.stop()
        results = self._summarise(servers, connection_counts, samples)
        comparisons = self._compare(results)
        self._print(results, comparisons)
        self._write(results, comparisons, options)

    def _database_urls(self, names, large_url):
        unknown = set(names.split(",")) - set(SITES)
        if unknown:
            raise CommandError(f"Unknown data set: {', '.join(sorted(unknown))}.")
        demo_url = os.environ.get("DATABASE_URL") or local_database_url()
        urls = {
            "demo": demo_url,
            "large": large_url or sibling_database_url(demo_url, "_large"),
        }
        return {name: urls[name] for name in SITES if name in names.split(",")}

    def _manage(self, url, *args, capture=False, env=None):
        """Run a management command against the database at ``url``."""
        completed = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env={**os.environ, **(env or {}), "DATABASE_URL": url},
            capture_output=capture,
            text=True,
        )
        if completed.returncode:
            raise CommandError(f"manage.py {' '.join(args)} failed.")
        return completed.stdout

    def _prepare_large_site(self, url):
        """The demo content and a generated large site in ``url``'s database;
        each step leaves what is already there as it is."""
        self.stderr.write("Preparing the large site (minutes the first time)...")
        subprocess.run(
            [sys.executable, "-m", "october.database"],
            cwd=settings.BASE_DIR,
            env={**os.environ, "DATABASE_URL": url},
            check=True,
        )
        self._manage(url, "migrate", "--noinput", "-v", "0")
        self._manage(url, "load_demo")
        self._manage(url, "generate_large_site")

    def _page_urls(self, url):
        return json.loads(self._manage(url, "bench", "--list-pages", capture=True))

    def _start_server(self, site, mode, url, targets, output):
        """`make serve` on a free port; its log goes to ``serve-<site>-<mode>.log``
        in the output directory, to look into any non-2xx answer."""
        port = free_port()
        # The servers' own secret key, so a session signed here is theirs too.
        secret_key = {"DJANGO_SECRET_KEY": self.secret_key}
        env = {
            **os.environ,
            **secret_key,
            "DATABASE_URL": url,
            "PORT": str(port),
            "DJANGO_PAGE_CACHE_SECONDS": "0" if mode == "uncached" else "300",
        }
        with (output / f"serve-{site}-{mode}.log").open("w") as log:
            process = subprocess.Popen(
                ["make", "--no-print-directory", "serve"],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = Server(site, mode, port, process, targets)
        if mode == "signed-in":
            session_key = self._manage(
                url, "bench", "--reader-session", capture=True, env=secret_key
            )
            server.cookie = f"{settings.SESSION_COOKIE_NAME}={session_key.strip()}"
        # One at a time: each `make serve` collects the static files first.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                return server
            except OSError:
                time.sleep(0.5)
        server.stop()
        raise CommandError("`make serve` did not answer on /healthz within 2 minutes.")

    def _warm_up(self, server):
        # Twice: the first request of a page also makes its image renditions.
        for _ in range(2):
            for name, path in server.targets.items():
                request = urllib.request.Request(
                    f"http://127.0.0.1:{server.port}{path}",
                    headers={"Cookie": server.cookie} if server.cookie else {},
                )
                with urllib.request.urlopen(request, timeout=30) as response:
                    if response.status != 200:
                        raise CommandError(
                            f"{server.site} {name} ({path}) answered {response.status}"
                        )
                    page = response.read().decode()
                if server.cookie and name == "home" and BENCH_READER not in page:
                    raise CommandError(
                        f"{server.site} home is not signed in as {BENCH_READER}."
                    )

    def _measure(self, servers, connection_counts, rounds, duration):
        names = list(dict.fromkeys(name for s in servers for name in s.targets))
        samples = {}
        for round_number in range(rounds):
            # Alternate the order so a slow patch of the machine hits every target,
            # and measure each page on every server back to back.
            order = names if round_number % 2 == 0 else names[::-1]
            for name in order:
                for server in servers:
                    if name not in server.targets:
                        continue
                    for connections in connection_counts:
                        result = self._wrk(
                            server, server.targets[name], connections, duration
                        )
                        key = (server.site, server.mode, name, connections)
                        samples.setdefault(key, []).append(result)
                        self.stderr.write(
                            f"round {round_number + 1}/{rounds} {server.site:<5} "
                            f"{server.mode:<8} {name:<10} c={connections:<3} "
                            f"{result['rps']:9.1f} req/s"
                        )
        return samples

    def _wrk(self, server, path, connections, duration):
        threads = min(2, connections)
        cookie = ["-H", f"Cookie: {server.cookie}"] if server.cookie else []
        completed = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--latency",
                *cookie,
                f"http://127.0.0.1:{server.port}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return parse_wrk(completed.stdout)

    def _summarise(self, servers, connection_counts, samples):
        results = []
        for server in servers:
            for connections in connection_counts:
                base_rps = statistics.median(
                    s["rps"]
                    for s in samples[
                        (server.site, server.mode, "baseline", connections)
                    ]
                )
                for name, path in server.targets.items():
                    runs = samples[(server.site, server.mode, name, connections)]
                    rps = statistics.median(s["rps"] for s in runs)
                    ratio = round(rps / base_rps, 3) if base_rps else None
                    target = None if name == "baseline" else TARGET_RATIO[server.mode]
                    results.append(
                        {
                            "site": server.site,
                            "mode": server.mode,
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
                            "ratio": ratio,
                            "target": target,
                            "met": None if target is None else ratio >= target,
                            "errors": sum(s["errors"] for s in runs),
                        }
                    )
        return results

    def _compare(self, results):
        """The large site's time per request over the demo content's, for each
        page, mode and connection count measured on both."""
        demo = {
            (r["mode"], r["page"], r["connections"]): r
            for r in results
            if r["site"] == "demo"
        }
        comparisons = []
        for large in results:
            key = (large["mode"], large["page"], large["connections"])
            if large["site"] != "large" or key not in demo or not large["rps"]:
                continue
            times = round(demo[key]["rps"] / large["rps"], 2)
            comparisons.append(
                {
                    "mode": large["mode"],
                    "page": large["page"],
                    "connections": large["connections"],
                    "demo_rps": demo[key]["rps"],
                    "large_rps": large["rps"],
                    "large_over_demo": times,
                    "target": TARGET_LARGE_OVER_DEMO,
                    "met": times <= TARGET_LARGE_OVER_DEMO,
                }
            )
        return comparisons

    def _print(self, results, comparisons):
        self.stdout.write("\nMedians; ratio = page req/s / baseline req/s.")
        header = (
            "{:<5} {:<9} {:<10} {:>5} {:>9} {:>8} {:>8} {:>6} {:>7} {:>4} {:>7}".format(
                "site",
                "mode",
                "page",
                "conns",
                "req/s",
                "p50 ms",
                "p99 ms",
                "ratio",
                "target",
                "met",
                "non-2xx",
            )
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in results:
            self.stdout.write(
                "{:<5} {:<9} {:<10} {:>5} {:>9.1f} {:>8.2f} {:>8.2f} {:>6.3f} "
                "{:>7} {:>4} {:>7}".format(
                    row["site"],
                    row["mode"],
                    row["page"],
                    row["connections"],
                    row["rps"],
                    row["p50_ms"],
                    row["p99_ms"],
                    row["ratio"],
                    f">={row['target']:.2f}" if row["target"] else "",
                    {True: "yes", False: "NO", None: ""}[row["met"]],
                    row["errors"],
                )
            )
        if not comparisons:
            return
        self.stdout.write(
            "\nLarge site against demo content: time per request, large / demo "
            "(demo req/s / large req/s)."
        )
        header = "{:<9} {:<10} {:>5} {:>10} {:>10} {:>8} {:>7} {:>4}".format(
            "mode", "page", "conns", "demo r/s", "large r/s", "large/d", "target", "met"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in comparisons:
            self.stdout.write(
                "{:<9} {:<10} {:>5} {:>10.1f} {:>10.1f} {:>8.2f} {:>7} {:>4}".format(
                    row["mode"],
                    row["page"],
                    row["connections"],
                    row["demo_rps"],
                    row["large_rps"],
                    row["large_over_demo"],
                    f"<={row['target']:.1f}",
                    "yes" if row["met"] else "NO",
                )
            )

    def _write(self, results, comparisons, options):
        directory = Path(settings.BASE_DIR, options["output"])
        stamp = datetime.now(tz=timezone.get_current_timezone()).strftime(
            "%Y%m%d-%H%M%S"
        )
        path = directory / f"bench-{stamp}.json"
        path.write_text(
            json.dumps(
                {
                    "rounds": options["rounds"],
                    "duration_s": options["duration"],
                    "load_average": os.getloadavg(),
                    "cpus": os.cpu_count(),
                    "results": results,
                    "large_over_demo": comparisons,
                },
                indent=2,
            )
        )
        self.stdout.write(f"Written to {path}")
