"""Mail goes through the task queue: never sent inside a request, retried
when the mail server fails, and never the cause of a lost decision or a 500.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from october.accounts.models import EmailConfirmation
from october.core.mail import retry_delay
from reviews.models import Review
from tests.accounts.test_signup import PASSWORD, signup_data
from tests.reviews.factories import make_moderator, make_reader, make_review

pytestmark = pytest.mark.django_db

User = get_user_model()
CHANGELIST = "/admin/reviews/review/"
SEND_EMAIL = "october.core.mail.send_email"


def pending_review():
    return make_review(
        text="Words.", status=Review.Status.PENDING, reader=make_reader()
    )


def approve_in_admin(client, review):
    return client.post(
        CHANGELIST,
        {"action": "approve_reviews", "_selected_action": [review.pk], "index": 0},
    )


# A mail server that is down costs no request a 500 and no data


@pytest.mark.usefixtures("mail_server_down")
def test_signup_with_the_mail_server_down_signs_the_reader_in(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("signup"),
            signup_data(),
        )

    assert response.status_code == 302
    user = User.objects.get(username="natalia")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert mail.outbox == []


@pytest.mark.usefixtures("mail_server_down")
def test_resend_link_with_the_mail_server_down_answers_normally(
    client, django_capture_on_commit_callbacks
):
    client.force_login(User.objects.create_user("natalia", "n@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("email_confirm_resend"), {"next": "/books/"})
    assert response.status_code == 302
    assert response["Location"] == "/books/"


@pytest.mark.usefixtures("mail_server_down")
def test_password_reset_with_the_mail_server_down_answers_normally(
    client, django_capture_on_commit_callbacks
):
    User.objects.create_user("natalia", "natalia@example.org", PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("password_reset"), {"email": "natalia@example.org"}
        )
    assert response.status_code == 302


@pytest.mark.usefixtures("mail_server_down")
def test_approving_with_the_mail_server_down_keeps_the_decision(
    client, django_capture_on_commit_callbacks
):
    review = pending_review()
    client.force_login(make_moderator())
    with django_capture_on_commit_callbacks(execute=True):
        response = approve_in_admin(client, review)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.Status.APPROVED


@pytest.mark.usefixtures("mail_server_down")
def test_rejecting_with_the_mail_server_down_keeps_the_decision(
    client, django_capture_on_commit_callbacks
):
    review = pending_review()
    client.force_login(make_moderator())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST,
            {
                "action": "reject_reviews",
                "_selected_action": [review.pk],
                "index": 0,
                "apply": "1",
                "reason": "spam",
                "note": "",
            },
        )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Review.Status.REJECTED


# The worker sends, and tries again later


def test_the_request_only_queues_the_mail_and_the_worker_sends_it(
    client, task_worker, django_capture_on_commit_callbacks
):
    review = pending_review()
    client.force_login(make_moderator())
    with django_capture_on_commit_callbacks(execute=True):
        approve_in_admin(client, review)

    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == SEND_EMAIL
    assert queued.args_kwargs["args"][2] == [review.reader.email]

    task_worker()

    assert len(mail.outbox) == 1
    assert "is published" in mail.outbox[0].subject
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"


def test_a_failed_send_keeps_the_decision_and_is_tried_again_later(
    client, task_worker, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.conftest.FailingMailBackend"
    review = pending_review()
    client.force_login(make_moderator())
    with django_capture_on_commit_callbacks(execute=True):
        approve_in_admin(client, review)

    task_worker()

    review.refresh_from_db()
    assert review.status == Review.Status.APPROVED
    first = DBTaskResult.objects.get(status="FAILED")
    assert first.exception_class_path == "builtins.ConnectionRefusedError"
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after >= timezone.now() + retry_delay(1) - timedelta(seconds=5)

    # Not before its time, even with the mail server back...
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    task_worker()
    assert mail.outbox == []
    # ...then once it has come.
    with time_machine.travel(retry.run_after + timedelta(seconds=1)):
        task_worker()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [review.reader.email]
    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL"


def test_a_send_that_keeps_failing_is_given_up_after_the_set_attempts(
    client, task_worker, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.conftest.FailingMailBackend"
    settings.MAIL_ATTEMPTS = 3
    review = pending_review()
    client.force_login(make_moderator())
    with django_capture_on_commit_callbacks(execute=True):
        approve_in_admin(client, review)

    moment = timezone.now()
    for _ in range(5):
        with time_machine.travel(moment):
            task_worker()
        moment += timedelta(days=1)

    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    assert not DBTaskResult.objects.filter(status="READY").exists()
    delays = [retry_delay(attempt).total_seconds() for attempt in range(1, 4)]
    assert delays == [60, 240, 960]


def test_password_reset_link_is_made_by_the_worker_and_never_stored(
    client, task_worker, django_capture_on_commit_callbacks
):
    User.objects.create_user("natalia", "natalia@example.org", PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "natalia@example.org"})

    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert "token" not in str(queued.args_kwargs)
    assert "/reset/" not in str(queued.args_kwargs)

    task_worker()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/reset/\S+", mail.outbox[0].body).group()
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = client.get(path, follow=True)
    assert b"Choose a new password" in response.content


def test_password_reset_asked_in_spanish_is_mailed_in_spanish(
    client, task_worker, django_capture_on_commit_callbacks
):
    User.objects.create_user("natalia", "natalia@example.org", PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/es" + reverse("password_reset"), {"email": "natalia@example.org"})
    task_worker()
    assert "contraseña" in mail.outbox[0].subject.lower()


def test_signup_confirmation_is_sent_by_the_worker(
    client, task_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("signup"),
            signup_data(),
        )
    assert mail.outbox == []
    task_worker()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/confirm/\S+", mail.outbox[0].body).group()
    client.get("/" + link.split("://", 1)[1].split("/", 1)[1])
    assert EmailConfirmation.objects.is_confirmed(User.objects.get())


def test_finished_tasks_are_pruned_after_the_set_days(
    client, task_worker, settings, django_capture_on_commit_callbacks
):
    from october.core.tasks import prune_finished_tasks

    settings.TASK_RESULTS_KEEP_DAYS = 7
    review = pending_review()
    client.force_login(make_moderator())
    with django_capture_on_commit_callbacks(execute=True):
        approve_in_admin(client, review)
    task_worker()
    sent = DBTaskResult.objects.get()

    prune_finished_tasks.enqueue()
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        task_worker()
    assert DBTaskResult.objects.filter(pk=sent.pk).exists()

    prune_finished_tasks.enqueue()
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        task_worker()
    assert not DBTaskResult.objects.filter(pk=sent.pk).exists()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").exists()  # the pruning
