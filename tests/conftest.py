import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def pytest_sessionstart(session):
    """Compile the translations the tests read, when a catalogue is newer
    than its compiled file (``make test`` has done it already; a bare
    ``pytest`` after ``make messages`` or a rebase may not have)."""
    msgfmt = shutil.which("msgfmt")
    for po in LOCALE.glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if msgfmt and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
            subprocess.run([msgfmt, "--check-format", "-o", mo, po], check=True)


@pytest.fixture(autouse=True, scope="session")
def fast_isolated_settings(tmp_path_factory):
    """Fast hashing, throwaway media and plain static files for the whole run."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Views are tested uncached; tests/october/test_caching.py turns it on.
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


def _back_to_english(**kwargs):
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True, scope="session")
def english_after_each_request():
    """The test client serves requests in the test's own thread, where a
    request to /es/ or /ru/ would leave its language active: ``reverse()``
    in the test would then give Spanish or Russian addresses. A server's
    requests never share a language; neither do the tests'."""
    from django.core.signals import request_finished

    _back_to_english()
    request_finished.connect(_back_to_english)
    yield
    request_finished.disconnect(_back_to_english)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def pytest_collection_modifyitems(items):
    """Run tests that commit real transactions (browser, concurrency) last.

    Such a test ends by emptying every table, which would take what the
    migrations made (groups, the About page) from the tests after it. Each
    one therefore reloads the migrated rows before it starts (serialized
    rollback), and they all run after the others.
    """

    def commits(item):
        marker = item.get_closest_marker("django_db")
        return bool(marker and marker.kwargs.get("transaction"))

    for item in items:
        if commits(item):
            marker = item.get_closest_marker("django_db")
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)
    items.sort(key=commits)


@pytest.fixture
def task_worker(settings, monkeypatch):
    """The site's database task backend instead of the tests' immediate one,
    and a function that runs what is due through the worker, as
    ``manage.py worker --batch`` would, in the test's transaction."""
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker drops stale connections between tasks; here the test's own
    # connection holds the test's transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run_due_tasks():
        db_worker.Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()

    return run_due_tasks


class FailingMailBackend:
    """A mail server that is down: every send raises, as SMTP's does."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "tests.conftest.FailingMailBackend"
