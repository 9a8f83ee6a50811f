"""Many visitors and readers at once: pages, searches, reviews and shelves.

Starts the production-like server (``make serve``, the way ``manage.py bench``
does) unless ``--url`` names one already running on this command's database.
It makes readers with confirmed addresses and a few books for them to review,
then runs ``--clients`` concurrent clients for ``--duration`` seconds. Each
client is a small browser (cookies, the CSRF token) that mixes page views,
searches, review submissions and shelving, signed in as one reader after
another so that no reader goes past the review rate limit.

It reports requests per second and latency percentiles for each kind of
request and counts every 5xx, then checks that every book's stored figures
equal a recount of the rows. Any 5xx, failed connection or drifted figure
makes the command fail. The readers and books it made are deleted at the end.

Behind the started server each reader and visitor has an address of their own
(``DJANGO_BEHIND_PROXY`` and X-Forwarded-For), as real ones would, so the
per-address throttles see many people rather than one.
"""

import http.client
import os
import random
import secrets
import signal
import statistics
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from october.accounts.models import EmailConfirmation
from october.core.publishing import Status
from october.tools.management.commands.bench import Command as BenchCommand
from october.tools.management.commands.bench import free_port, page_urls
from reviews.models import Book, Shelf
from reviews.services import book_counters_recount
from reviews.views import REVIEW_SUBMISSION_RATE

# How often each kind of request is picked; sign-ins happen as readers need them.
MIX = {"page": 60, "search": 20, "review": 15, "shelve": 5}
EXPECTED_STATUS = {
    "page": 200,
    "search": 200,
    "review": 302,
    "shelve": 302,
    "login": 302,
}
SEARCHES = [
    "lenin",
    "trotsky",
    "trotski",
    "revolution",
    "october",
    "kornilov",
    "petrograd",
    "soviet",
    "bolsheviks",
    "july days",
    "history of the russian revolution",
    "лев троцкий",
    "revolución",
]
REVIEW_TEXTS = [
    "",
    "",
    "A clear account of the year, well worth the time.",
    "Dense in places, but the chapters on the soviets are excellent.",
]
# A reader moves on before the per-reader review limit would refuse them.
REVIEWS_PER_READER = int(REVIEW_SUBMISSION_RATE.split("/")[0])
PREFIX = "loadtest"


@dataclass
class Response:
    status: int
    body: bytes
    headers: http.client.HTTPMessage


class SiteClient:
    """One browser: keeps its cookies and sends the CSRF token with each POST.

    ``address`` is sent as X-Forwarded-For, which a server behind a proxy
    (``DJANGO_BEHIND_PROXY``) takes as the client's address.
    """

    def __init__(self, base_url: str, *, address: str = "", timeout: float = 30):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.address = address
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: dict) -> Response:
        token = self.cookies.get(settings.CSRF_COOKIE_NAME, "")
        return self.request("POST", path, {"csrfmiddlewaretoken": token, **fields})

    def request(self, method: str, path: str, fields: dict | None = None) -> Response:
        headers = {"User-Agent": "october-loadtest"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.address:
            headers["X-Forwarded-For"] = self.address
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=self.timeout
        )
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        self._keep_cookies(response.headers)
        return Response(response.status, content, response.headers)

    def _keep_cookies(self, headers):
        for header in headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def log_in(self, username: str, password: str) -> Response:
        self.get("/accounts/login/")
        return self.post(
            "/accounts/login/", {"username": username, "password": password}
        )

    @property
    def signed_in(self) -> bool:
        return settings.SESSION_COOKIE_NAME in self.cookies


@dataclass
class Plan:
    """What the clients share: the server, the pages, the readers to sign in as."""

    base_url: str
    pages: list[str]
    book_slugs: list[str]
    readers: list[str]
    password: str
    spoof_addresses: bool
    readers_taken: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take_reader(self) -> tuple[int, str] | None:
        with self._lock:
            index = self.readers_taken
            self.readers_taken += 1
        return (index, self.readers[index]) if index < len(self.readers) else None

    def address(self, number: int) -> str:
        # 10.0.0.0/8 has room for every reader and visitor of a run.
        if not self.spoof_addresses:
            return ""
        return f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


@dataclass
class Sample:
    kind: str
    status: int  # 0: the connection failed or timed out
    seconds: float


class LoadClient:
    """One simulated person: browses anonymously, signs in when they want to
    review or shelve, and hands over to a fresh reader near the review limit."""

    def __init__(self, plan: Plan, number: int):
        self.plan = plan
        self.random = random.Random(number)
        self.visitor = SiteClient(
            plan.base_url, address=plan.address(len(plan.readers) + number)
        )
        self.reader: SiteClient | None = None
        self.reviews_left = 0
        self.samples: list[Sample] = []

    def run(self, deadline: float):
        kinds, weights = list(MIX), list(MIX.values())
        while time.monotonic() < deadline:
            kind = self.random.choices(kinds, weights)[0]
            if kind in ("review", "shelve") and not self._ensure_reader():
                kind = "page"
            if kind == "page":
                browser = (
                    self.reader
                    if self.reader and self.random.random() < 0.5
                    else self.visitor
                )
                self._timed("page", browser.get, self.random.choice(self.plan.pages))
            elif kind == "search":
                words = quote(self.random.choice(SEARCHES))
                self._timed("search", self.visitor.get, f"/search/?q={words}")
            elif kind == "review":
                self.reviews_left -= 1
                self._timed(
                    "review",
                    self.reader.post,
                    f"/books/{self._book()}/review/",
                    {
                        "rating": self.random.randint(1, 5),
                        "text": self.random.choice(REVIEW_TEXTS),
                        "website": "",
                    },
                )
            else:
                self._timed(
                    "shelve",
                    self.reader.post,
                    f"/books/{self._book()}/shelve/",
                    {"status": self.random.choice(["", *Shelf.values])},
                )

    def _book(self):
        return self.random.choice(self.plan.book_slugs)

    def _ensure_reader(self) -> bool:
        if self.reader is not None and self.reviews_left > 0:
            return True
        taken = self.plan.take_reader()
        if taken is None:
            self.reader = None
            return False
        number, username = taken
        self.reader = SiteClient(self.plan.base_url, address=self.plan.address(number))
        self._timed("page", self.reader.get, "/accounts/login/")
        self._timed(
            "login",
            self.reader.post,
            "/accounts/login/",
            {"username": username, "password": self.plan.password},
        )
        self.reviews_left = REVIEWS_PER_READER
        return self.reader.signed_in

    def _timed(self, kind, method, *args):
        start = time.perf_counter()
        try:
            status = method(*args).status
        except (OSError, http.client.HTTPException):
            status = 0
        self.samples.append(Sample(kind, status, time.perf_counter() - start))


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return 0.0
    rank = max(1, round(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def summarise(samples: list[Sample], seconds: float) -> list[dict]:
    """One row per kind of request, then one for all of them."""
    rows = []
    groups = {kind: [s for s in samples if s.kind == kind] for kind in EXPECTED_STATUS}
    groups["all"] = samples
    for kind, group in groups.items():
        if not group:
            continue
        times = sorted(s.seconds * 1000 for s in group)
        expected = [s for s in group if s.status == EXPECTED_STATUS.get(kind)]
        rows.append(
            {
                "kind": kind,
                "requests": len(group),
                "rps": len(group) / seconds,
                "p50_ms": percentile(times, 0.50),
                "p95_ms": percentile(times, 0.95),
                "p99_ms": percentile(times, 0.99),
                "mean_ms": statistics.fmean(times),
                "expected": len(expected) if kind != "all" else None,
                "status_4xx": sum(400 <= s.status < 500 for s in group),
                "status_5xx": sum(s.status >= 500 for s in group),
                "failed": sum(s.status == 0 for s in group),
            }
        )
    return rows


@contextmanager
def environment(**values):
    """``os.environ`` with ``values`` set, for a child process started inside."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class Command(BaseCommand):
    help = (
        "Load-test the site: concurrent clients viewing pages, searching, "
        "reviewing and shelving; no 5xx allowed, book figures must match a "
        "recount afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=50)
        parser.add_argument("--duration", type=float, default=60, help="seconds")
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
            "--keep", action="store_true", help="keep the readers and books made"
        )

    def handle(
        self, *args, clients, duration, readers, books, url, workers, keep, **options
    ):
        run = f"{PREFIX}-{secrets.token_hex(3)}"
        password = secrets.token_urlsafe(16)
        reader_count = readers or max(clients * 4, int(clients * duration / 4))
        book_slugs = self._make_books(run, books)
        usernames = self._make_readers(run, reader_count, password)
        server = None
        try:
            if not url:
                port = free_port()
                env = {"DJANGO_BEHIND_PROXY": "1"}
                if workers:
                    env["WEB_CONCURRENCY"] = str(workers)
                with environment(**env):
                    server = BenchCommand(
                        stdout=self.stdout, stderr=self.stderr
                    )._start_server(port, cached=True)
                url = f"http://127.0.0.1:{port}"
            pages = [
                *page_urls().values(),
                *(f"/books/{slug}/" for slug in book_slugs),
                *(f"/readers/{name}/" for name in usernames[:20]),
            ]
            plan = Plan(
                base_url=url.rstrip("/"),
                pages=pages,
                book_slugs=book_slugs,
                readers=usernames,
                password=password,
                spoof_addresses=server is not None,
            )
            samples, seconds = self._run(plan, clients, duration)
        finally:
            if server is not None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
        rows = summarise(samples, seconds)
        self._print(rows, clients, seconds, plan)
        drifted = book_counters_recount()
        if not keep:
            self._clean_up(run)
        self._verdict(rows, drifted)

    def _make_books(self, run, count):
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

    def _make_readers(self, run, count, password):
        # One hash for all: hashing is slow on purpose, and this is setup.
        hashed = make_password(password)
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

    def _run(self, plan, clients, duration):
        load_clients = [LoadClient(plan, number) for number in range(clients)]
        started = time.monotonic()
        deadline = started + duration
        threads = [
            threading.Thread(target=client.run, args=(deadline,), daemon=True)
            for client in load_clients
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.monotonic() - started
        return [s for client in load_clients for s in client.samples], seconds

    def _clean_up(self, run):
        # Deleting the books takes their reviews and shelves with them, so no
        # other book's figures are touched.
        Book.objects.filter(slug__startswith=f"{run}-").delete()
        get_user_model().objects.filter(username__startswith=f"{run}-").delete()

    def _print(self, rows, clients, seconds, plan):
        used = min(plan.readers_taken, len(plan.readers))
        self.stdout.write(
            f"\n{clients} clients for {seconds:.1f} s against {plan.base_url}; "
            f"{used} readers signed in."
        )
        header = "{:<7} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>5} {:>5} {:>6}".format(
            "kind",
            "requests",
            "req/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "expected",
            "4xx",
            "5xx",
            "failed",
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in rows:
            expected = "" if row["expected"] is None else row["expected"]
            self.stdout.write(
                f"{row['kind']:<7} {row['requests']:>8} {row['rps']:>8.1f} "
                f"{row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['p99_ms']:>8.1f} "
                f"{expected:>9} {row['status_4xx']:>5} {row['status_5xx']:>5} "
                f"{row['failed']:>6}"
            )

    def _verdict(self, rows, drifted):
        total = rows[-1] if rows else {"status_5xx": 0, "failed": 0}
        for book, differences in drifted:
            self.stdout.write(f"Drifted: {book} {differences}")
        problems = []
        if total["status_5xx"]:
            problems.append(f"{total['status_5xx']} responses were 5xx")
        if total["failed"]:
            problems.append(f"{total['failed']} requests got no response")
        if drifted:
            problems.append(f"{len(drifted)} book(s) have figures that drifted")
        if problems:
            raise CommandError("; ".join(problems) + ".")
        self.stdout.write(
            self.style.SUCCESS(
                "No 5xx, every request answered, and every book's figures "
                "equal a recount."
            )
        )
