"""Housekeeping of the task table itself, a periodic task of the worker.

A finished task keeps its arguments (a mail's subject, body and address) in
the database; ``prune_finished_tasks`` deletes those finished more than
``TASK_RESULTS_KEEP_DAYS`` ago, so the table neither grows for ever nor
keeps readers' mail longer than it takes to look into a failure.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult


@task()
def prune_finished_tasks() -> int:
    """Delete task results finished long enough ago; how many went."""
    if not isinstance(prune_finished_tasks.get_backend(), DatabaseBackend):
        return 0
    cutoff = timezone.now() - timedelta(days=settings.TASK_RESULTS_KEEP_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted
