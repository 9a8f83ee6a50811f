"""Many visitors and readers at once: pages, searches, ratings, reviews and
shelves (``manage.py loadtest``, ``make loadtest``).

``run_loadtest`` makes readers with confirmed addresses and a few books for
them to review, starts the production-like server (``october.tools.server``,
behind a proxy so that each simulated person has an address of their own)
unless given the URL of one already running on this database, and runs
locust headless for a bounded time with the users of
``october/tools/locustfile.py``. Locust patches the standard library with
gevent when it is imported, so it runs in a process of its own and this
module never imports it; the two share a plan and a results file.

Afterwards it checks that every book's stored figures equal a recount of the
rows, reports requests/s and p50/p95/p99 per kind of request with the count
of each status, and deletes the readers and books it made. Any 5xx, any
request left without an answer and any drifted figure is a problem.
"""

import json
import math
import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from october.accounts.models import EmailConfirmation
from october.core.publishing import Status
from october.tools.bench import page_urls
from october.tools.server import current_database_url, start_server
from reviews.models import Book, ReadingStatus, Review, Shelf
from reviews.services import book_counters_recount
from reviews.views import REVIEW_SUBMISSION_RATE

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
PREFIX = "loadtest"
# A reader moves on before the per-reader limit of ratings and reviews
# (10 an hour) would refuse them.
REVIEWS_PER_READER = int(REVIEW_SUBMISSION_RATE.split("/")[0])
# At the end of the run each user finishes what it is doing (signing in,
# say), which may take as long as gunicorn's 30 s timeout on a busy machine;
# locust gets a little more to start and to write its results.
STOP_TIMEOUT_SECONDS = 30
LOCUST_GRACE_SECONDS = 60
# The kinds of request the locustfile names, in the order of the report.
KINDS = ("page", "search", "sign-in", "reader page", "rate", "review", "shelve")
WRITES = ("rate", "review", "shelve")


@dataclass
class Result:
    """What a run did and found."""

    url: str
    users: int
    seconds: float
    kinds: dict[str, dict]
    readers_signed_in: int
    ratings: int = 0
    written_reviews: int = 0
    shelved: int = 0
    drifted: list = field(default_factory=list)

    @property
    def status_5xx(self) -> int:
        return count_statuses(self.kinds.get("all", {}), 500, 600)

    @property
    def unanswered(self) -> int:
        return count_statuses(self.kinds.get("all", {}), 0, 1)

    @property
    def problems(self) -> list[str]:
        problems = []
        if self.status_5xx:
            problems.append(f"{self.status_5xx} responses were 5xx")
        if self.unanswered:
            problems.append(f"{self.unanswered} requests got no answer")
        if self.drifted:
            problems.append(f"{len(self.drifted)} book(s) have figures that drifted")
        tried = sum(self.kinds.get(kind, {}).get("requests", 0) for kind in WRITES)
        if tried and not self.ratings + self.shelved:
            problems.append("no rating, review or shelf was stored")
        return problems


def count_statuses(row: dict, low: int, high: int) -> int:
    """How many of a row's requests answered with a status in [low, high)."""
    return sum(
        count
        for status, count in row.get("statuses", {}).items()
        if low <= int(status) < high
    )


def readers_needed(users: int, seconds: int) -> int:
    """Readers enough for the run, with room to spare: a signed-in user may
    go through one every few seconds."""
    return max(users * 4, math.ceil(users * seconds / 4))


def make_books(run: str, count: int) -> list[str]:
    now = timezone.now()
    return [
        Book.objects.create(
            title=f"Load test book {number} ({run})",
            slug=f"{run}-book-{number}",
            status=Status.PUBLISHED,
            publish_at=now,
        ).slug
        for number in range(1, count + 1)
    ]


def make_readers(run: str, count: int, password: str) -> list[str]:
    """``count`` readers with confirmed addresses, signing in with ``password``."""
    # One hash for all: hashing is slow on purpose, and this is setup. PBKDF2,
    # which the server knows, even where this process hashes faster (tests).
    hasher = PBKDF2PasswordHasher()
    hashed = hasher.encode(password, hasher.salt())
    User = get_user_model()
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(
                username=f"{run}-{number}",
                email=f"{run}-{number}@example.org",
                password=hashed,
            )
            for number in range(count)
        )
        EmailConfirmation.objects.bulk_create(
            EmailConfirmation(user=user, email=user.email) for user in users
        )
    return [user.username for user in users]


def clean_up(run: str) -> None:
    # Deleting the books takes their reviews and shelves with them, so no
    # other book's figures are touched.
    Book.objects.filter(slug__startswith=f"{run}-").delete()
    get_user_model().objects.filter(username__startswith=f"{run}-").delete()


def run_locust(
    *,
    url: str,
    plan: dict,
    users: int,
    seconds: int,
    directory: Path,
    show_progress: bool = True,
) -> dict:
    """Run the locustfile's users against ``url`` for ``seconds`` in a locust
    process of its own; return the figures it wrote."""
    plan_path, results_path = directory / "plan.json", directory / "results.json"
    results_path.unlink(missing_ok=True)
    plan_path.write_text(json.dumps({**plan, "results": str(results_path)}))
    plan_path.chmod(0o600)  # it holds the readers' password
    command = locust_command(
        LOCUSTFILE, url, users=users, seconds=seconds, stop_timeout=STOP_TIMEOUT_SECONDS
    )
    log = directory / "locust.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env={**os.environ, "LOADTEST_PLAN": str(plan_path)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait(process, seconds, show_progress)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        plan_path.unlink()
    if process.returncode or not results_path.exists():
        raise CommandError(f"locust failed (exit {process.returncode}); see {log}.")
    return json.loads(results_path.read_text())


def locust_command(
    locustfile: Path,
    url: str,
    *,
    users: int,
    seconds: int,
    stop_timeout: int,
    user_classes=(),
) -> list[str]:
    """The command that runs ``locustfile``'s users (all, or ``user_classes``)
    headless against ``url``: ``users`` of them started at once, for
    ``seconds``, then ``stop_timeout`` seconds to finish their last request.
    The figures decide; a non-zero exit means locust itself failed."""
    return [
        sys.executable,
        "-m",
        "locust",
        "--locustfile",
        str(locustfile),
        "--headless",
        "--host",
        url,
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        str(stop_timeout),
        "--only-summary",
        "--exit-code-on-error",
        "0",
        "--loglevel",
        "WARNING",
        *user_classes,
    ]


def _wait(process: subprocess.Popen, seconds: int, show_progress: bool) -> None:
    """Wait for locust, showing the run's seconds with an ETA."""
    started = time.monotonic()
    deadline = started + seconds + LOCUST_GRACE_SECONDS
    with tqdm(
        total=seconds,
        desc="load test",
        bar_format="{desc}: {percentage:3.0f}%|{bar}| {n}/{total} s "
        "[{elapsed}<{remaining}]",
        disable=not show_progress,
    ) as bar:
        while process.poll() is None:
            if time.monotonic() > deadline:
                raise CommandError("locust did not finish in time.")
            bar.update(min(seconds, int(time.monotonic() - started)) - bar.n)
            time.sleep(0.5)
        bar.update(seconds - bar.n)


def run_loadtest(
    *,
    users: int = 50,
    seconds: int = 60,
    readers: int = 0,
    books: int = 3,
    url: str = "",
    workers: int | None = None,
    keep: bool = False,
    output: Path,
    show_progress: bool = True,
) -> Result:
    """Load-test the site: see the module's docstring."""
    output.mkdir(parents=True, exist_ok=True)
    run = f"{PREFIX}-{secrets.token_hex(3)}"
    password = secrets.token_urlsafe(16)
    book_slugs = make_books(run, books)
    usernames = make_readers(run, readers or readers_needed(users, seconds), password)
    try:
        server = None
        try:
            if not url:
                env = {"DJANGO_BEHIND_PROXY": "1"}
                if workers:
                    env["WEB_CONCURRENCY"] = str(workers)
                server = start_server(
                    current_database_url(), log=output / "serve.log", env=env
                )
                url = server.url
            pages = [path for kind, path in page_urls().items() if kind != "search"]
            figures = run_locust(
                url=url.rstrip("/"),
                plan={
                    "pages": [
                        *pages,
                        *(f"/books/{slug}/" for slug in book_slugs),
                        f"/readers/{usernames[0]}/",
                    ],
                    "books": book_slugs,
                    "shelves": list(Shelf.values),
                    "readers": usernames,
                    "password": password,
                    "reviews_per_reader": REVIEWS_PER_READER,
                    "csrf_cookie": settings.CSRF_COOKIE_NAME,
                    "address_base": secrets.randbelow(1 << 24),
                },
                users=users,
                seconds=seconds,
                directory=output,
                show_progress=show_progress,
            )
        finally:
            if server is not None:
                server.stop()
        books_made = Book.objects.filter(slug__startswith=f"{run}-")
        reviews = Review.objects.filter(book__in=books_made)
        return Result(
            url=url,
            users=users,
            seconds=figures["seconds"],
            kinds=figures["kinds"],
            readers_signed_in=figures["readers_signed_in"],
            ratings=reviews.count(),
            written_reviews=reviews.exclude(text="").count(),
            shelved=ReadingStatus.objects.filter(book__in=books_made).count(),
            drifted=book_counters_recount(),
        )
    finally:
        if not keep:
            clean_up(run)


def report(result: Result) -> list[str]:
    """The figures as table lines, for the terminal."""
    lines = [
        "",
        f"{result.users} users for {result.seconds:.1f} s against {result.url}; "
        f"{result.readers_signed_in} readers signed in and left {result.ratings} "
        f"ratings ({result.written_reviews} with a review) and {result.shelved} "
        "books on shelves.",
    ]
    header = "{:<11} {:>8} {:>8} {:>7} {:>7} {:>7} {:>10} {:>5} {:>5} {:>5}".format(
        "kind",
        "requests",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "unexpected",
        "4xx",
        "5xx",
        "none",
    )
    lines += [header, "-" * len(header)]
    for kind in sorted(result.kinds, key=_report_order):
        row = result.kinds[kind]
        lines.append(
            f"{kind:<11} {row['requests']:>8} {row['rps']:>8.1f} "
            f"{row['p50_ms']:>7.0f} {row['p95_ms']:>7.0f} {row['p99_ms']:>7.0f} "
            f"{row['unexpected']:>10} {count_statuses(row, 400, 500):>5} "
            f"{count_statuses(row, 500, 600):>5} {count_statuses(row, 0, 1):>5}"
        )
    for book, differences in result.drifted:
        lines.append(f"Drifted: {book} {differences}")
    return lines


def _report_order(kind: str) -> int:
    return KINDS.index(kind) if kind in KINDS else len(KINDS) + (kind == "all")
