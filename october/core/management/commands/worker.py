"""The task worker: sends the site's mail and runs its periodic tasks.

``python manage.py worker`` is django-tasks-db's ``db_worker`` (it runs what
requests queued in the database, one task at a time, several workers may
share the queue) plus a clock: every task in ``settings.PERIODIC_TASKS``
(dotted path: interval) is queued when the worker starts and again each
interval after. ``make run`` and ``make serve`` start one beside the web
server and stop it with it. A periodic task must be safe to run twice,
since every worker has a clock of its own.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("october.worker")

CLOCK_TICK_SECONDS = 30


def queue_due(due: dict[str, float], now: float) -> None:
    """Queue each periodic task whose time has come; ``due`` maps each dotted
    path to the monotonic time it is next due, and is moved on."""
    for path, interval in settings.PERIODIC_TASKS.items():
        if now < due.get(path, 0):
            continue
        due[path] = now + interval.total_seconds()
        try:
            import_string(path).enqueue()
        except Exception:
            logger.exception("Could not queue the periodic task %s", path)


def run_clock(stop: threading.Event) -> None:
    due: dict[str, float] = {}
    while not stop.is_set():
        queue_due(due, time.monotonic())
        # This thread's own connection: closed between ticks, not left idle.
        connection.close()
        stop.wait(CLOCK_TICK_SECONDS)


class Command(db_worker.Command):
    help = (
        "Run the task worker: the mail requests queue and the periodic tasks "
        "of settings.PERIODIC_TASKS."
    )

    def handle(self, *args, batch=False, **options):
        stop = threading.Event()
        if not batch and settings.PERIODIC_TASKS:
            threading.Thread(
                target=run_clock, args=(stop,), name="periodic-tasks", daemon=True
            ).start()
        try:
            return super().handle(*args, batch=batch, **options)
        finally:
            stop.set()
