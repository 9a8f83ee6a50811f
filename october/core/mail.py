"""The site's e-mail, sent by the task worker and never inside a request.

A request only queues a message (``queue_email``), once its transaction has
committed: the decision or account that caused it is saved whatever becomes
of the mail, and a slow or absent mail server costs the request nothing. The
worker (``manage.py worker``, started by ``make run`` and ``make serve``)
sends it; a send that fails is queued again, ``MAIL_RETRY_SECONDS`` later and
four times as long after each further failure, up to ``MAIL_ATTEMPTS``
attempts in all, and then given up with an error in the log.

A message is stored in the task table as its subject, body and addresses
until it is sent; nothing that signs a reader in (a password-reset link) is
ever stored there: such mail is built by its own task when it is sent.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after failed attempt number ``attempt`` (from 1)."""
    return timedelta(seconds=settings.MAIL_RETRY_SECONDS * 4 ** (attempt - 1))


def retry_later(mail_task, *args, attempt: int, **kwargs) -> bool:
    """Queue ``mail_task`` again after failed attempt ``attempt``, unless that
    was the last; True when it was queued. Call it from the task's own
    ``except`` block, then re-raise, so the failed run is recorded as failed."""
    if attempt >= settings.MAIL_ATTEMPTS:
        logger.error("Giving up %s after %d attempts", mail_task.module_path, attempt)
        return False
    retry = mail_task
    if mail_task.get_backend().supports_defer:
        retry = mail_task.using(run_after=timezone.now() + retry_delay(attempt))
    logger.warning(
        "%s failed (attempt %d of %d); trying again later",
        mail_task.module_path,
        attempt,
        settings.MAIL_ATTEMPTS,
    )
    retry.enqueue(*args, attempt=attempt + 1, **kwargs)
    return True


@task()
def send_email(subject: str, body: str, to: list[str], attempt: int = 1) -> None:
    """Send one plain-text message from ``DEFAULT_FROM_EMAIL``."""
    try:
        send_mail(subject, body, None, to)
    except Exception:
        retry_later(send_email, subject, body, to, attempt=attempt)
        raise


def queue_email(subject: str, body: str, to: list[str]) -> None:
    """Have the worker send a message once the current transaction commits
    (at once when none is open). ``subject`` is folded onto one line."""
    queue_task(send_email, " ".join(subject.split()), body, list(to))


def queue_task(a_task, *args, **kwargs) -> None:
    """Enqueue ``a_task`` once the current transaction commits. A failure to
    enqueue is logged, never raised: what was committed stays committed, and
    the request that committed it does not answer 500."""

    def enqueue():
        a_task.enqueue(*args, **kwargs)

    # A function of our own: robust on_commit logs its callback's __qualname__.
    transaction.on_commit(enqueue, robust=True)
