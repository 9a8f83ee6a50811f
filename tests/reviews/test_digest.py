"""Moderators are mailed when reviews wait longer than MODERATION_DIGEST_HOURS."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from october.core.management.commands.worker import queue_due
from reviews.models import ModerationDigest, Review
from reviews.tasks import send_moderation_digest
from tests.editorial.factories import make_superuser
from tests.reviews.factories import (
    make_book,
    make_editor,
    make_moderator,
    make_reader,
    make_review,
)

pytestmark = pytest.mark.django_db


def waiting(hours, title="The State and Revolution", **kwargs):
    review = make_review(
        book=make_book(title=title),
        text="Words.",
        status=Review.Status.PENDING,
        **kwargs,
    )
    Review.objects.filter(pk=review.pk).update(
        edited_at=timezone.now() - timedelta(hours=hours)
    )
    return review


def run_digest(capture):
    with capture(execute=True):
        result = send_moderation_digest.enqueue()
    assert result.status == "SUCCESSFUL", result.errors
    return result.return_value


def test_moderators_alone_are_told_of_reviews_waiting_too_long(
    django_capture_on_commit_callbacks, settings
):
    settings.MODERATION_DIGEST_HOURS = 24
    moderator = make_moderator(email="vera@example.org")
    make_moderator(email="")  # no address, nothing to send
    make_editor(email="editor@example.org")
    make_superuser(email="root@example.org")
    reader = make_reader()
    waiting(30, title="History of the Russian Revolution", reader=reader)
    waiting(2, title="Too recent")

    assert run_digest(django_capture_on_commit_callbacks) == 1

    assert [message.to for message in mail.outbox] == [[moderator.email]]
    message = mail.outbox[0]
    assert message.subject == "1 review has waited more than 24 hours"
    assert "“History of the Russian Revolution” by" in message.body
    assert "Too recent" not in message.body
    assert "/admin/reviews/review/" in message.body
    assert message.body.count("http") == 1
    assert ModerationDigest.objects.get().waiting == 1


def test_at_most_one_digest_in_the_set_time(
    django_capture_on_commit_callbacks, settings
):
    settings.MODERATION_DIGEST_HOURS = 24
    make_moderator()
    waiting(30)
    run_digest(django_capture_on_commit_callbacks)
    assert run_digest(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1

    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert run_digest(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 2


def test_nothing_waiting_long_or_digest_off_sends_nothing(
    django_capture_on_commit_callbacks, settings
):
    make_moderator()
    waiting(3)
    settings.MODERATION_DIGEST_HOURS = 24
    assert run_digest(django_capture_on_commit_callbacks) == 0
    settings.MODERATION_DIGEST_HOURS = 0
    waiting(100)
    assert run_digest(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    assert not ModerationDigest.objects.exists()


def test_a_long_queue_is_counted_and_the_oldest_listed(
    django_capture_on_commit_callbacks, settings
):
    settings.MODERATION_DIGEST_HOURS = 24
    make_moderator()
    for number in range(23):
        waiting(48 + number, title=f"Pamphlet {number:02d}")

    run_digest(django_capture_on_commit_callbacks)

    message = mail.outbox[0]
    assert message.subject == "23 reviews have waited more than 24 hours"
    assert "Pamphlet 22" in message.body  # the oldest
    assert "Pamphlet 00" not in message.body  # the newest, past the twenty
    assert "and 3 more" in message.body


def test_the_worker_queues_the_digest_every_hour_and_runs_it(
    task_worker, settings, django_capture_on_commit_callbacks
):
    settings.MODERATION_DIGEST_HOURS = 24
    make_moderator()
    waiting(30)
    due = {}

    queue_due(due, now=1000.0)
    queue_due(due, now=1000.0 + 1800)  # not yet an hour: not queued again

    assert (
        DBTaskResult.objects.filter(
            task_path="reviews.tasks.send_moderation_digest"
        ).count()
        == 1
    )
    with django_capture_on_commit_callbacks(execute=True):
        task_worker()  # runs the digest, which queues the mail on commit
    task_worker()  # sends the mail
    assert len(mail.outbox) == 1
    queue_due(due, now=1000.0 + 3600)
    assert (
        DBTaskResult.objects.filter(
            task_path="reviews.tasks.send_moderation_digest"
        ).count()
        == 2
    )


def test_a_reported_review_waits_from_its_report_not_its_writing(
    django_capture_on_commit_callbacks, settings
):
    from reviews.models import ReviewReport
    from reviews.services import review_report

    settings.MODERATION_DIGEST_HOURS = 24
    make_moderator()
    review = make_review(
        book=make_book(title="Reported lately"), text="Words.", rating=3
    )
    Review.objects.filter(pk=review.pk).update(
        edited_at=timezone.now() - timedelta(days=30)
    )
    review_report(review=review, reporter=make_reader(), reason="spam")

    assert run_digest(django_capture_on_commit_callbacks) == 0

    ReviewReport.objects.update(created_at=timezone.now() - timedelta(hours=30))
    # Two moderators: the factory's, who approved it, and ours.
    assert run_digest(django_capture_on_commit_callbacks) == 2
    assert "“Reported lately” by" in mail.outbox[0].body
