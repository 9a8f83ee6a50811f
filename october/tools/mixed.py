"""Reads spread like real traffic, with and without readers' writes
(``make bench``'s mixed workload; ``october/tools/mixed_locustfile.py``).

For each data set, one production-like server with the page cache on, and
locust as the client. Each round measures, in alternating order:

- the floor: ``/healthz`` alone, by the same client with as many users;
- reads alone: anonymous visitors choosing pages by category (``SHARES``)
  and, within a category, by a Zipf law (``ZIPF``) over up to thousands of
  items in a fixed random order (``MAX_ITEMS``);
- reads with writes: the same, while signed-in readers rate, shelve and
  review books at ``writes_per_second`` (popular books more often).

Before each measurement the page cache is dropped and the visitors warm it
for ``warm_up`` seconds; then reads' requests/s, p50/p99 and the site-wide
hit ratio (the share of ``X-Cache: HIT`` among reads) are counted for
``seconds``. Medians over the rounds are reported, with the targets: with
writes, a hit ratio within ``HIT_RATIO_POINTS`` of the write-free run's, and
reads at least ``READS_OVER_FLOOR`` × the floor.

The readers who write are made for the run and removed afterwards through
the services (``review_withdraw``, ``book_shelve``), so every book's figures
are as they were.
"""

import json
import os
import random
import secrets
import statistics
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.urls import reverse

from articles.models import Article
from guides.models import ReadingGuide
from october.tools.loadtest import REVIEWS_PER_READER, locust_command, make_readers
from october.tools.server import manage, start_server
from people.models import Person
from reviews.models import Book, ReadingStatus, Review
from reviews.services import book_shelve, review_withdraw
from timeline.models import Event

LOCUSTFILE = Path(__file__).with_name("mixed_locustfile.py")
# How reads divide among kinds of page.
SHARES = {
    "home": 0.12,
    "lists": 0.13,
    "articles": 0.33,
    "people": 0.12,
    "books": 0.12,
    "events": 0.12,
    "guides": 0.06,
}
MAX_ITEMS = {
    "articles": 5000,
    "people": 2000,
    "books": 2000,
    "events": 2000,
    "guides": 1000,
}
# The list pages, by how often they are read: each list's first pages and
# a few filters, as far as the site has pages for them.
LIST_PAGES = [
    ("/articles/", Article, 1),
    ("/timeline/", Event, 1),
    ("/people/", Person, 1),
    ("/books/", Book, 1),
    ("/guides/", ReadingGuide, 1),
    ("/articles/?kind=video", None, 1),
    ("/articles/?page=2", Article, 2),
    ("/people/?kind=author", None, 1),
    ("/books/?page=2", Book, 2),
    ("/articles/?page=3", Article, 3),
]
PER_PAGE = {Article: 20, Event: 100, Person: 24, Book: 24, ReadingGuide: 12}
ZIPF = 1.0
SEED = 1917
HIT_RATIO_POINTS = 0.10
READS_OVER_FLOOR = 0.5
PHASES = ("floor", "reads", "reads+writes")
LOCUST_GRACE_SECONDS = 90


def mixed_urls(seed: int = SEED) -> dict:
    """The pages visitors choose from and the books writers write about, from
    this database: up to ``MAX_ITEMS`` of each kind, in a fixed random order
    (the first is the most read)."""
    rng = random.Random(seed)

    def sample(queryset, limit, name):
        ids = list(queryset.order_by("pk").values_list("pk", flat=True))
        chosen = rng.sample(ids, min(limit, len(ids)))
        slugs = dict(queryset.filter(pk__in=chosen).values_list("pk", "slug"))
        return [reverse(name, kwargs={"slug": slugs[pk]}) for pk in chosen]

    books = sample(Book.objects.live(), MAX_ITEMS["books"], "reviews:detail")
    counts = {model: model.objects.live().count() for model in PER_PAGE}
    lists = [
        url
        for url, model, page in LIST_PAGES
        if model is None or counts[model] > (page - 1) * PER_PAGE[model]
    ]
    return {
        "urls": {
            "home": ["/"],
            "lists": lists,
            "articles": sample(
                Article.objects.live(), MAX_ITEMS["articles"], "articles:detail"
            ),
            "people": sample(
                Person.objects.live(), MAX_ITEMS["people"], "people:detail"
            ),
            "books": books,
            "events": sample(
                Event.objects.live(), MAX_ITEMS["events"], "timeline:detail"
            ),
            "guides": sample(
                ReadingGuide.objects.live(), MAX_ITEMS["guides"], "guides:detail"
            ),
        },
        "books": [url.rstrip("/").rsplit("/", 1)[-1] for url in books],
    }


def prepare(run: str, readers: int) -> dict:
    """The plan's pages and books, and ``readers`` readers to write with."""
    password = secrets.token_urlsafe(16)
    return {
        **mixed_urls(),
        "readers": make_readers(run, readers, password),
        "password": password,
    }


def clean_up(run: str) -> None:
    """Take back every rating, review and shelf of the run's readers through
    the services, so the books' figures are as before, then the readers."""
    readers = get_user_model().objects.filter(username__startswith=f"{run}-")
    for review in Review.objects.filter(reader__in=readers).select_related("book"):
        review_withdraw(review=review)
    for status in ReadingStatus.objects.filter(reader__in=readers).select_related(
        "book", "reader"
    ):
        book_shelve(reader=status.reader, book=status.book, status=None)
    readers.delete()


def run_mixed(
    *,
    sites: dict[str, str],
    rounds: int,
    seconds: int,
    warm_up: int,
    writes_per_second: float,
    visitors: int,
    writers: int,
    redis_url: str,
    output: Path,
    show_progress: bool = True,
) -> list[dict]:
    """Every phase of every round on every data set; a row per data set and
    phase with the medians (see the module's docstring)."""
    output.mkdir(parents=True, exist_ok=True)
    secret_key = secrets.token_urlsafe(50)
    samples: dict[tuple[str, str], list[dict]] = {}
    for site, url in sites.items():
        run = f"mixed-{secrets.token_hex(3)}"
        cache_env = {
            "REDIS_URL": redis_url,
            # Each data set's own cached pages and tags.
            "DJANGO_CACHE_KEY_PREFIX": f"bench-mixed-{site}",
        }
        submissions = writes_per_second * seconds * rounds
        plan = json.loads(
            manage(
                url,
                "bench",
                "--mixed-prepare",
                run,
                "--mixed-readers",
                str(int(submissions / REVIEWS_PER_READER) + writers * 2 + 2),
                capture=True,
            )
        )
        server = None
        try:
            server = start_server(
                url,
                log=output / f"serve-{site}-mixed.log",
                env={
                    **cache_env,
                    "DJANGO_SECRET_KEY": secret_key,
                    "DJANGO_PAGE_CACHE_SECONDS": "300",
                    "DJANGO_BEHIND_PROXY": "1",
                },
            )
            for round_number in range(rounds):
                order = PHASES if round_number % 2 == 0 else PHASES[::-1]
                for phase in order:
                    if phase != "floor":
                        manage(url, "drop_cached_pages", env=cache_env, capture=True)
                    result = run_phase(
                        server.url,
                        plan,
                        phase=phase,
                        seconds=seconds,
                        warm_up=0 if phase == "floor" else warm_up,
                        writes_per_second=writes_per_second,
                        visitors=visitors,
                        writers=writers,
                        directory=output,
                    )
                    samples.setdefault((site, phase), []).append(result)
                    if show_progress:
                        sys.stderr.write(
                            f"mixed round {round_number + 1}/{rounds} {site} {phase}: "
                            f"{_summary(result)}\n"
                        )
        finally:
            if server is not None:
                server.stop()
            manage(url, "bench", "--mixed-clean-up", run, capture=True)
    return summarise(samples, writes_per_second)


def _summary(result: dict) -> str:
    read = result["kinds"].get("read") or result["kinds"].get("floor") or {}
    text = f"{read.get('rps', 0):.0f} req/s"
    cache = result["cache"]
    answered = cache.get("HIT", 0) + cache.get("MISS", 0)
    if answered:
        text += f", hit ratio {cache.get('HIT', 0) / answered:.2f}"
    if "write" in result["kinds"]:
        text += f", {result['kinds']['write']['rps']:.2f} writes/s"
    return text


def run_phase(
    url: str,
    plan: dict,
    *,
    phase: str,
    seconds: int,
    warm_up: int,
    writes_per_second: float,
    visitors: int,
    writers: int,
    directory: Path,
) -> dict:
    """One locust run of ``phase`` against ``url``: what its users did after
    the warm-up (see ``mixed_locustfile.py``)."""
    plan_path = directory / "mixed-plan.json"
    results_path = directory / "mixed-results.json"
    results_path.unlink(missing_ok=True)
    users = {
        "floor": {"Floor": visitors},
        "reads": {"Visitor": visitors},
        "reads+writes": {"Visitor": visitors, "Writer": writers},
    }[phase]
    plan_path.write_text(
        json.dumps(
            {
                **plan,
                "shares": SHARES,
                "zipf": ZIPF,
                "warm_up": warm_up,
                "writes_per_second": writes_per_second,
                "visitors": users.get("Visitor", 0),
                "writers": users.get("Writer", 0),
                "floor_users": users.get("Floor", 0),
                "reviews_per_reader": REVIEWS_PER_READER,
                "csrf_cookie": settings.CSRF_COOKIE_NAME,
                "address_base": secrets.randbelow(1 << 24),
                "results": str(results_path),
            }
        )
    )
    plan_path.chmod(0o600)  # it holds the readers' password
    command = locust_command(
        LOCUSTFILE,
        url,
        users=sum(users.values()),
        seconds=warm_up + seconds,
        stop_timeout=10,
        user_classes=users,
    )
    log = directory / "mixed-locust.log"
    try:
        with log.open("w") as output:
            completed = subprocess.run(
                command,
                cwd=settings.BASE_DIR,
                env={**os.environ, "MIXED_PLAN": str(plan_path)},
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=warm_up + seconds + LOCUST_GRACE_SECONDS,
            )
    finally:
        plan_path.unlink(missing_ok=True)
    if completed.returncode or not results_path.exists():
        raise CommandError(f"locust failed (exit {completed.returncode}); see {log}.")
    return json.loads(results_path.read_text())


def summarise(samples: dict, writes_per_second: float) -> list[dict]:
    """Medians per data set and phase, with the ratios and the targets."""
    rows = []
    sites = list(dict.fromkeys(site for site, _phase in samples))
    for site in sites:
        floor = statistics.median(
            run["kinds"].get("floor", {}).get("rps", 0)
            for run in samples[(site, "floor")]
        )
        by_phase = {}
        for phase in PHASES[1:]:
            runs = samples.get((site, phase), [])
            if not runs:
                continue
            reads = [run["kinds"].get("read", {}) for run in runs]
            writes = [run["kinds"].get("write", {}) for run in runs]
            row = {
                "site": site,
                "phase": phase,
                "floor_rps": round(floor, 1),
                "reads_rps": round(
                    statistics.median(r.get("rps", 0) for r in reads), 1
                ),
                "reads_p50_ms": statistics.median(r.get("p50_ms", 0) for r in reads),
                "reads_p99_ms": statistics.median(r.get("p99_ms", 0) for r in reads),
                "hit_ratio": round(
                    statistics.median(_hit_ratio(run) for run in runs), 3
                ),
                "writes_per_s": round(
                    statistics.median(w.get("rps", 0) for w in writes), 2
                ),
                "writes_p50_ms": statistics.median(w.get("p50_ms", 0) for w in writes),
                "writes_p99_ms": statistics.median(w.get("p99_ms", 0) for w in writes),
                "read_failures": sum(r.get("failures", 0) for r in reads),
                "write_statuses": _merge_statuses(
                    runs, prefixes=("rate", "shelve", "review")
                ),
            }
            row["reads_over_floor"] = (
                round(row["reads_rps"] / floor, 3) if floor else None
            )
            by_phase[phase] = row
            rows.append(row)
        written = by_phase.get("reads+writes")
        alone = by_phase.get("reads")
        if written:
            written["target_reads_over_floor"] = READS_OVER_FLOOR
            written["reads_met"] = (
                written["reads_over_floor"] or 0
            ) >= READS_OVER_FLOOR
            written["target_writes_per_s"] = writes_per_second
        if written and alone:
            written["hit_ratio_drop"] = round(
                alone["hit_ratio"] - written["hit_ratio"], 3
            )
            written["hit_ratio_met"] = written["hit_ratio_drop"] <= HIT_RATIO_POINTS
    return rows


def _hit_ratio(run: dict) -> float:
    hits = run["cache"].get("HIT", 0)
    answered = hits + run["cache"].get("MISS", 0)
    return hits / answered if answered else 0.0


def _merge_statuses(runs, *, prefixes) -> dict:
    merged: dict[str, int] = {}
    for run in runs:
        for key, count in run["statuses"].items():
            if key.startswith(prefixes):
                merged[key] = merged.get(key, 0) + count
    return merged


def report(rows: list[dict]) -> list[str]:
    """The mixed workload's figures as table lines."""
    if not rows:
        return []
    header = (
        "{:<5} {:<12} {:>8} {:>8} {:>7} {:>7} {:>6} {:>7} {:>7} {:>8} {:>8}".format(
            "site",
            "phase",
            "floor/s",
            "reads/s",
            "p50 ms",
            "p99 ms",
            "x flr",
            "hits",
            "writes",
            "w p50",
            "w p99",
        )
    )
    lines = [
        "",
        "Mixed workload (locust; medians): reads spread by Zipf over the site, "
        "with and without readers' writes.",
        header,
        "-" * len(header),
    ]
    for row in rows:
        lines.append(
            "{:<5} {:<12} {:>8.1f} {:>8.1f} {:>7.0f} {:>7.0f} {:>6.3f} {:>7.3f} "
            "{:>7.2f} {:>8.0f} {:>8.0f}".format(
                row["site"],
                row["phase"],
                row["floor_rps"],
                row["reads_rps"],
                row["reads_p50_ms"],
                row["reads_p99_ms"],
                row["reads_over_floor"] or 0,
                row["hit_ratio"],
                row["writes_per_s"],
                row["writes_p50_ms"],
                row["writes_p99_ms"],
            )
        )
    for row in rows:
        if row["phase"] != "reads+writes":
            continue
        lines.append(
            f"{row['site']}: at {row['target_writes_per_s']:g} writes/s "
            f"(sent {row['writes_per_s']:.2f}/s), reads "
            f"{row['reads_over_floor']:.3f} × floor (target >= "
            f"{READS_OVER_FLOOR}: {'yes' if row['reads_met'] else 'NO'})"
            + (
                f", hit ratio {row['hit_ratio']:.3f} against "
                f"{row['hit_ratio'] + row['hit_ratio_drop']:.3f} without writes "
                f"(target: at most {HIT_RATIO_POINTS * 100:.0f} points lower: "
                f"{'yes' if row['hit_ratio_met'] else 'NO'})"
                if "hit_ratio_drop" in row
                else ""
            )
            + f"; writes answered {row['write_statuses']}."
        )
    return lines
