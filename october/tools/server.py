"""The production-like server the benchmark and the load test measure.

``start_server`` runs ``make serve`` (gunicorn, ``DJANGO_DEBUG`` off,
whitenoise, Redis when it answers) on a free port against a given database,
in a process group of its own so that ``Server.stop`` ends gunicorn's
workers with it.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections

from october.database import local_database_url

START_SECONDS = 120


@dataclass
class Server:
    """One running ``make serve``."""

    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_named(url: str, name: str) -> str:
    """``url`` pointing at the database ``name`` on the same server."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def current_database_url() -> str:
    """The URL of the database this process works on: under pytest, the test
    database, so that a server started from a test sees the test's rows."""
    url = os.environ.get("DATABASE_URL") or local_database_url()
    return database_url_named(url, connections["default"].settings_dict["NAME"])


def start_server(
    database_url: str, *, log: Path, env: dict | None = None, prepared: bool = False
) -> Server:
    """``make serve`` on a free port against ``database_url``, once it answers
    on /healthz; its output goes to ``log``, to look into any 5xx.

    ``env`` adds to the environment: ``DJANGO_PAGE_CACHE_SECONDS``,
    ``DJANGO_SECRET_KEY``, ``WEB_CONCURRENCY``, ``DJANGO_BEHIND_PROXY``...
    ``prepared``: another server of this checkout has migrated the database
    and collected the static files already, so this one only starts gunicorn.
    """
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "serve"]
            + (["SERVE_SETUP="] if prepared else []),
            cwd=settings.BASE_DIR,
            env={
                **os.environ,
                **(env or {}),
                "DATABASE_URL": database_url,
                "PORT": str(port),
            },
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(port, process)
    # `make serve` migrates and collects the static files first.
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(f"{server.url}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.5)
    server.stop()
    raise CommandError(
        f"`make serve` did not answer on /healthz within {START_SECONDS} s; see {log}."
    )


def manage(url: str, *args: str, capture=False, env=None) -> str:
    """Run a management command against the database at ``url``."""
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**os.environ, **(env or {}), "DATABASE_URL": url},
        capture_output=capture,
        text=True,
    )
    if completed.returncode:
        raise CommandError(
            f"manage.py {' '.join(args)} failed: {completed.stderr or ''}"
        )
    return completed.stdout
