"""Throughput and latency of every page type, on the demo content and on a
large site, against a minimal baseline (``manage.py bench``, ``make bench``).

Starts one production-like server (``october.tools.server``) for each data
set and each mode (page cache off, page cache on, and on request a signed-in
reader, whose pages only fragment caching serves) and measures them all with
wrk in the same run: ``/healthz`` (no database, no template: the baseline)
and one page of each type, with one connection and with many. The
measurements go round every server and page in alternating order, several
times, and the medians are reported, because a shared machine is noisy;
ratios to the baseline are what compare across machines.

The large site is the demo content plus ``generate_large_site`` (100,000
articles, 1,000,000 ratings, ...) in a database of its own beside the site's,
named ``<database>_large``. The first run creates it, which takes a few
minutes; later runs reuse it.
"""

import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.core.management.base import CommandError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from tqdm import tqdm

from articles.models import Article
from following.models import Follow
from guides.models import ReadingGuide
from october.accounts.models import ReaderProfile, public_readers
from october.database import local_database_url
from october.tools.server import Server, database_url_named, manage, start_server
from people.models import Person
from reviews.models import Book, ReadingStatus
from reviews.services import book_shelve
from timeline.models import Event

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
MODES = ("uncached", "cached", "signed-in")
DEFAULT_MODES = ("uncached", "cached")
SITES = ("demo", "large")
# Targets: a page's requests/s as a share of the baseline's, by mode, and the
# large site's time per request as a multiple of the demo content's.
TARGET_RATIO = {"uncached": 0.10, "cached": 0.60, "signed-in": None}
BENCH_READER = "bench-reader"
TARGET_LARGE_OVER_DEMO = 1.2
# The signed-in reader follows this many readers, so that the pages which
# show what they follow are measured at a size where a per-follow cost shows.
BENCH_FOLLOWS = 1000
FOLLOWED_PREFIX = "bench-followed-"
# Books on the bench reader's "read" shelf (fewer on a site with fewer).
BENCH_SHELF = 24
# Signed-in pages against the anonymous uncached book page: time per request.
SIGNED_IN_PAGES = ("book", "following", "shelf")
TARGET_SIGNED_IN_OVER_ANONYMOUS_BOOK = 1.2


def page_urls() -> dict[str, str]:
    """One URL per page type, taken from the live content in the database."""

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


def signed_in_page_urls() -> dict[str, str]:
    """The pages only a signed-in reader has: what the readers they follow
    read, and their own shelf (where the site has shelf pages)."""
    pages = {"following": reverse("following:index")}
    for name in ("readers:shelf", "readers:shelves"):
        try:
            pages["shelf"] = reverse(name, args=[BENCH_READER, "read"])
            break
        except NoReverseMatch:
            try:
                pages["shelf"] = reverse(name, args=[BENCH_READER])
                break
            except NoReverseMatch:
                continue
    return pages


def bench_reader():
    """The bench's reader, following ``BENCH_FOLLOWS`` readers, with the
    most rated books (up to ``BENCH_SHELF``) on their "read" shelf.

    It follows the readers who rated the most rated book first (so that
    "Friends & Following" on the book measured has something to show), then
    any other readers; on a site with fewer readers it makes inert accounts
    (``bench-followed-N``, no password, nothing written) to make up the
    number. Run again, it changes nothing.
    """
    User = get_user_model()
    reader, created = User.objects.get_or_create(username=BENCH_READER)
    if created:
        reader.set_unusable_password()
        reader.save()
    if not ReadingStatus.objects.filter(reader=reader).exists():
        # Something on the shelf page measured; through the service, so
        # the books' figures stay exact.
        for book in Book.objects.live().order_by("-ratings_count", "pk")[:BENCH_SHELF]:
            book_shelve(reader=reader, book=book, status=ReadingStatus.Shelf.READ)
    missing = BENCH_FOLLOWS - Follow.objects.filter(follower=reader).count()
    if missing <= 0:
        return reader
    already = Follow.objects.filter(follower=reader).values("reader")
    candidates = public_readers().exclude(pk=reader.pk).exclude(pk__in=already)
    book = Book.objects.live().order_by("-ratings_count", "pk").first()
    chosen = []
    if book is not None:
        chosen = list(
            candidates.filter(book_reviews__book=book)
            .order_by("pk")
            .values_list("pk", flat=True)[:missing]
        )
    chosen += list(
        candidates.exclude(pk__in=chosen)
        .order_by("pk")
        .values_list("pk", flat=True)[: missing - len(chosen)]
    )
    if len(chosen) < missing:
        start = User.objects.filter(username__startswith=FOLLOWED_PREFIX).count()
        made = User.objects.bulk_create(
            User(
                username=f"{FOLLOWED_PREFIX}{start + n}",
                password="!",  # unusable: nobody signs in as them
            )
            for n in range(missing - len(chosen))
        )
        ReaderProfile.objects.ensure_for(made)
        chosen += [user.pk for user in made]
    Follow.objects.bulk_create(
        [Follow(follower=reader, reader_id=pk) for pk in chosen],
        ignore_conflicts=True,
    )
    return reader


def reader_session_key() -> str:
    """A stored session signing in the bench's reader, created if missing."""
    reader = bench_reader()
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(reader.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = reader.get_session_auth_hash()
    session.save()
    return session.session_key


def parse_wrk(output: str) -> dict:
    """wrk's figures, latencies in milliseconds."""

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


def sibling_database_url(url: str, suffix: str) -> str:
    """``url`` with ``suffix`` added to its database name."""
    name = urllib.parse.urlsplit(url).path.lstrip("/") or "october"
    return database_url_named(url, f"{name}{suffix}")


def database_urls(sites: list[str], large_url: str = "") -> dict[str, str]:
    """The database of each data set named in ``sites``, in a fixed order."""
    if unknown := set(sites) - set(SITES):
        raise CommandError(f"Unknown data set: {', '.join(sorted(unknown))}.")
    demo_url = os.environ.get("DATABASE_URL") or local_database_url()
    urls = {
        "demo": demo_url,
        "large": large_url or sibling_database_url(demo_url, "_large"),
    }
    return {name: urls[name] for name in SITES if name in sites}


def prepare_large_site(url: str) -> None:
    """The demo content and a generated large site in ``url``'s database;
    each step leaves what is already there as it is."""
    subprocess.run(
        [sys.executable, "-m", "october.database"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": url},
        check=True,
    )
    manage(url, "migrate", "--noinput", "-v", "0")
    manage(url, "load_demo")
    manage(url, "generate_large_site")


@dataclass
class Target:
    """One server: one data set in one mode, and the pages measured on it."""

    site: str
    mode: str
    server: Server
    pages: dict[str, str]
    cookie: str = ""


def run_bench(
    *,
    sites: dict[str, str],
    modes: list[str],
    connection_counts: list[int],
    rounds: int,
    duration: int,
    output: Path,
    show_progress: bool = True,
) -> tuple[list[dict], list[dict]]:
    """Measure every page of every data set in every mode; return a row per
    page, mode and connection count, and the large site against the demo."""
    if unknown := set(modes) - set(MODES):
        raise CommandError(f"Unknown mode: {', '.join(sorted(unknown))}.")
    output.mkdir(parents=True, exist_ok=True)
    # The servers' own secret key, so a session signed here is theirs too.
    secret_key = secrets.token_urlsafe(50)
    targets = []
    try:
        for site, url in sites.items():
            pages = {
                "baseline": "/healthz",
                **json.loads(manage(url, "bench", "--list-pages", capture=True)),
            }
            for mode in modes:
                mode_pages = pages
                if mode == "signed-in":
                    mode_pages = {
                        **pages,
                        **json.loads(
                            manage(url, "bench", "--list-signed-in-pages", capture=True)
                        ),
                    }
                targets.append(
                    _start_target(site, mode, url, mode_pages, output, secret_key)
                )
        for target in targets:
            _warm_up(target)
        samples = _measure(targets, connection_counts, rounds, duration, show_progress)
    finally:
        for target in targets:
            target.server.stop()
    results = summarise(targets, connection_counts, samples)
    return results, compare(results) + compare_signed_in(results)


def _start_target(site, mode, url, pages, output, secret_key) -> Target:
    # One at a time: each `make serve` collects the static files first.
    server = start_server(
        url,
        log=output / f"serve-{site}-{mode}.log",
        env={
            "DJANGO_SECRET_KEY": secret_key,
            "DJANGO_PAGE_CACHE_SECONDS": "0" if mode == "uncached" else "300",
        },
    )
    target = Target(site, mode, server, pages)
    if mode == "signed-in":
        session_key = manage(
            url,
            "bench",
            "--reader-session",
            capture=True,
            env={"DJANGO_SECRET_KEY": secret_key},
        )
        target.cookie = f"{settings.SESSION_COOKIE_NAME}={session_key.strip()}"
    return target


def _warm_up(target: Target) -> None:
    # Twice: the first request of a page also makes its image renditions.
    for _ in range(2):
        for name, path in target.pages.items():
            request = urllib.request.Request(
                f"{target.server.url}{path}",
                headers={"Cookie": target.cookie} if target.cookie else {},
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                if response.status != 200:
                    raise CommandError(
                        f"{target.site} {name} ({path}) answered {response.status}"
                    )
                page = response.read().decode()
            if target.cookie and name == "home" and BENCH_READER not in page:
                raise CommandError(
                    f"{target.site} home is not signed in as {BENCH_READER}."
                )


def _measure(targets, connection_counts, rounds, duration, show_progress):
    names = list(dict.fromkeys(name for t in targets for name in t.pages))
    runs = rounds * len(connection_counts) * sum(len(t.pages) for t in targets)
    samples = {}
    with tqdm(total=runs, desc="bench", unit="runs", disable=not show_progress) as bar:
        for round_number in range(rounds):
            # Alternate the order so a slow patch of the machine hits every
            # page, and measure each page on every server back to back.
            order = names if round_number % 2 == 0 else names[::-1]
            for name in order:
                for target in targets:
                    if name not in target.pages:
                        continue
                    for connections in connection_counts:
                        result = _wrk(target, target.pages[name], connections, duration)
                        key = (target.site, target.mode, name, connections)
                        samples.setdefault(key, []).append(result)
                        bar.set_postfix_str(
                            f"round {round_number + 1} {target.site} {target.mode} "
                            f"{name} c={connections} {result['rps']:.0f} req/s"
                        )
                        bar.update()
    return samples


def _wrk(target, path, connections, duration):
    threads = min(2, connections)
    cookie = ["-H", f"Cookie: {target.cookie}"] if target.cookie else []
    completed = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            *cookie,
            f"{target.server.url}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return parse_wrk(completed.stdout)


def summarise(targets, connection_counts, samples) -> list[dict]:
    """The medians of each page's runs, with its ratio to the baseline."""
    results = []
    for target in targets:
        for connections in connection_counts:
            base_rps = statistics.median(
                s["rps"]
                for s in samples[(target.site, target.mode, "baseline", connections)]
            )
            for name, path in target.pages.items():
                runs = samples[(target.site, target.mode, name, connections)]
                rps = statistics.median(s["rps"] for s in runs)
                p50 = statistics.median(s["p50_ms"] for s in runs)
                p99 = statistics.median(s["p99_ms"] for s in runs)
                ratio = round(rps / base_rps, 3) if base_rps else None
                wanted = None if name == "baseline" else TARGET_RATIO[target.mode]
                results.append(
                    {
                        "site": target.site,
                        "mode": target.mode,
                        "page": name,
                        "path": path,
                        "connections": connections,
                        "rps": round(rps, 1),
                        "p50_ms": round(p50, 2),
                        "p99_ms": round(p99, 2),
                        "ratio": ratio,
                        "target": wanted,
                        "met": None if wanted is None else ratio >= wanted,
                        "errors": sum(s["errors"] for s in runs),
                    }
                )
    return results


def compare(results: list[dict]) -> list[dict]:
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


def compare_signed_in(results: list[dict]) -> list[dict]:
    """The signed-in reader's book, following and shelf pages against the
    anonymous uncached book page: time per request, page over anonymous
    book, on each site and connection count measured in both modes."""
    anonymous_book = {
        (r["site"], r["connections"]): r
        for r in results
        if r["mode"] == "uncached" and r["page"] == "book"
    }
    comparisons = []
    for row in results:
        key = (row["site"], row["connections"])
        if (
            row["mode"] != "signed-in"
            or row["page"] not in SIGNED_IN_PAGES
            or key not in anonymous_book
            or not row["rps"]
        ):
            continue
        times = round(anonymous_book[key]["rps"] / row["rps"], 2)
        comparisons.append(
            {
                "site": row["site"],
                "page": row["page"],
                "connections": row["connections"],
                "anonymous_book_rps": anonymous_book[key]["rps"],
                "rps": row["rps"],
                "over_anonymous_book": times,
                "target": TARGET_SIGNED_IN_OVER_ANONYMOUS_BOOK,
                "met": times <= TARGET_SIGNED_IN_OVER_ANONYMOUS_BOOK,
            }
        )
    return comparisons


def report(results: list[dict], comparisons: list[dict]) -> list[str]:
    """The figures as table lines, for the terminal."""
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
    lines = ["", "Medians; ratio = page req/s / baseline req/s.", header]
    lines.append("-" * len(header))
    for row in results:
        lines.append(
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
    signed_in = [row for row in comparisons if "over_anonymous_book" in row]
    comparisons = [row for row in comparisons if "over_anonymous_book" not in row]
    if signed_in:
        header = "{:<5} {:<10} {:>5} {:>10} {:>10} {:>8} {:>7} {:>4}".format(
            "site", "page", "conns", "anon r/s", "reader r/s", "ratio", "target", "met"
        )
        lines += [
            "",
            f"Signed in, following {BENCH_FOLLOWS} readers, against the anonymous "
            "uncached book page: time per request (anon req/s / reader req/s).",
            header,
            "-" * len(header),
        ]
        for row in signed_in:
            lines.append(
                "{:<5} {:<10} {:>5} {:>10.1f} {:>10.1f} {:>8.2f} {:>7} {:>4}".format(
                    row["site"],
                    row["page"],
                    row["connections"],
                    row["anonymous_book_rps"],
                    row["rps"],
                    row["over_anonymous_book"],
                    f"<={row['target']:.1f}",
                    "yes" if row["met"] else "NO",
                )
            )
    if not comparisons:
        return lines
    header = "{:<9} {:<10} {:>5} {:>10} {:>10} {:>8} {:>7} {:>4}".format(
        "mode", "page", "conns", "demo r/s", "large r/s", "large/d", "target", "met"
    )
    lines += [
        "",
        "Large site against demo content: time per request, large / demo "
        "(demo req/s / large req/s).",
        header,
        "-" * len(header),
    ]
    for row in comparisons:
        lines.append(
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
    return lines


def write_results(
    results: list[dict],
    comparisons: list[dict],
    *,
    directory: Path,
    rounds: int,
    duration: int,
    mixed: list[dict] | None = None,
) -> Path:
    """The figures as JSON in ``directory/bench-<time>.json``."""
    stamp = datetime.now(tz=timezone.get_current_timezone()).strftime("%Y%m%d-%H%M%S")
    path = directory / f"bench-{stamp}.json"
    path.write_text(
        json.dumps(
            {
                "rounds": rounds,
                "duration_s": duration,
                "load_average": os.getloadavg(),
                "cpus": os.cpu_count(),
                "results": results,
                "large_over_demo": [
                    row for row in comparisons if "over_anonymous_book" not in row
                ],
                "signed_in_over_anonymous_book": [
                    row for row in comparisons if "over_anonymous_book" in row
                ],
                "mixed": mixed or [],
            },
            indent=2,
        )
    )
    return path
