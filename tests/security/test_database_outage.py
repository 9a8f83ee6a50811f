"""PostgreSQL stops and starts again under a running site.

A private cluster, a real gunicorn with the production settings, a reader's
review sent before the outage and requests flowing throughout: while the
database is down every page is a 503 with Retry-After within five seconds and
/healthz stays up; once it is back every page is a 200 again from the same
workers, and the review is still there.
"""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from october.database import (
    ensure_database,
    start_private_cluster,
    stop_private_cluster,
)
from october.tools.server import free_port
from tests.security.site_client import SiteClient

BUDGET_SECONDS = 5
SETUP = """
from tests.reviews.factories import make_book, make_reader
make_reader(username="outage-reader")
make_book(slug="ten-days", title="Ten Days That Shook the World")
"""
REVIEW_TEXT = "Written the day before the database went away."


@dataclass
class Hit:
    path: str
    status: int
    retry_after: str | None
    started: float
    finished: float

    @property
    def seconds(self):
        return self.finished - self.started


@pytest.fixture
def cluster():
    # Under /tmp with open permissions: the server runs as an unprivileged user.
    directory = Path(tempfile.mkdtemp(prefix="october-outage-"))
    os.chmod(directory, 0o755)
    port = free_port()
    url = ensure_database(start_private_cluster(directory, port))
    yield directory, port, url
    if (directory / "data" / "postmaster.pid").exists():
        stop_private_cluster(directory)
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def site(cluster):
    """gunicorn with DEBUG off on the private cluster, migrated and seeded."""
    _directory, _port, url = cluster
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tests.security.outage_settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "0",
        "REDIS_URL": "",
        "DJANGO_LOG_LEVEL": "CRITICAL",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "migrate", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
    )
    subprocess.run(
        [*manage, "shell", "-c", SETUP], cwd=settings.BASE_DIR, env=env, check=True
    )
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "october.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "30",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base_url}/healthz", timeout=1)
            break
        except OSError:
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
    yield server, base_url
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def workers(server):
    return sorted(
        Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    )


class Traffic:
    """Clients asking for pages in a loop, each answer noted with its times."""

    def __init__(self, base_url, reader):
        self.base_url = base_url
        self.reader = reader
        self.hits: list[Hit] = []
        self.running = True
        self.threads = [
            threading.Thread(target=self.loop, args=(browser, path), daemon=True)
            for browser, path in (
                (SiteClient(base_url), "/"),
                (SiteClient(base_url), "/books/ten-days/"),
                (reader, "/books/ten-days/review/"),
                (SiteClient(base_url), "/healthz"),
            )
        ]

    def loop(self, browser, path):
        while self.running:
            started = time.monotonic()
            try:
                response = browser.get(path)
                status, retry_after = response.status, response.headers["Retry-After"]
            except OSError:
                status, retry_after = 0, None
            self.hits.append(Hit(path, status, retry_after, started, time.monotonic()))
            time.sleep(0.05)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.running = False
        for thread in self.threads:
            thread.join(timeout=10)

    def between(self, start, end):
        return [
            hit for hit in self.hits if start <= hit.started and hit.finished <= end
        ]


def test_site_answers_503_while_postgresql_is_down_and_recovers_alone(cluster, site):
    directory, port, url = cluster
    server, base_url = site
    reader = SiteClient(base_url, timeout=BUDGET_SECONDS * 2)
    assert reader.log_in("outage-reader", "password").status == 302
    sent = reader.post(
        "/books/ten-days/review/", {"rating": "5", "text": REVIEW_TEXT, "website": ""}
    )
    assert sent.status == 302
    workers_before = workers(server)

    with Traffic(base_url, reader) as traffic:
        time.sleep(1)
        stopping = time.monotonic()
        stop_private_cluster(directory)
        down = time.monotonic()
        time.sleep(3)
        restarting = time.monotonic()
        start_private_cluster(directory, port)
        up = time.monotonic()
        time.sleep(2)
        finished = time.monotonic()

    before = traffic.between(0, stopping)
    outage = traffic.between(down, restarting)
    after = traffic.between(up, finished)
    assert before and outage and after
    assert {hit.status for hit in before} == {200}

    pages = [hit for hit in outage if hit.path != "/healthz"]
    assert {hit.path for hit in pages} == {
        "/",
        "/books/ten-days/",
        "/books/ten-days/review/",
    }
    assert {hit.status for hit in pages} == {503}
    assert {hit.retry_after for hit in pages} == {"30"}
    assert {hit.status for hit in outage if hit.path == "/healthz"} == {200}

    # While the server stops and starts, too: no 500, no hanging.
    assert {hit.status for hit in traffic.hits} <= {200, 503}
    assert max(hit.seconds for hit in traffic.hits) < BUDGET_SECONDS

    assert {hit.status for hit in after} == {200}
    assert server.poll() is None
    assert workers(server) == workers_before

    with psycopg.connect(url, connect_timeout=5) as connection:
        stored = connection.execute(
            "SELECT r.rating, r.text FROM reviews_review r "
            "JOIN auth_user u ON u.id = r.reader_id WHERE u.username = %s",
            ["outage-reader"],
        ).fetchall()
    assert stored == [(5, REVIEW_TEXT)]
    assert REVIEW_TEXT in reader.get("/books/ten-days/review/").body.decode()
