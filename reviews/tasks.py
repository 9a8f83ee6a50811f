"""The reviews' periodic task: telling moderators that reviews wait.

``send_moderation_digest`` is in ``settings.PERIODIC_TASKS``: the task worker
(``manage.py worker``) queues it every hour. It mails every moderator a list
of the reviews that have waited longer than ``MODERATION_DIGEST_HOURS`` since
their reader last sent them (or a reader reported them), at most once in
that many hours, and nothing when none has. Any number of workers may run it
at once: a database lock lets one decide at a time, and the last digest's
time is in the database.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from october.core.addresses import absolute_url
from october.core.mail import queue_email
from reviews.models import ModerationDigest, ReportResolution, Review

# How many waiting reviews a digest lists by name; it counts them all.
DIGEST_LISTS = 20
# pg_advisory_xact_lock's key for deciding on a digest (any fixed number).
DIGEST_LOCK = 1917_1025


def moderators():
    """Active staff who may decide on reviews and have an address."""
    return (
        get_user_model()
        .objects.with_perm(
            "reviews.change_review",
            include_superusers=False,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .filter(is_staff=True)
        .exclude(email="")
        .order_by("pk")
    )


@task()
def send_moderation_digest() -> int:
    """Queue the digest for every moderator if it is due; how many were told."""
    hours = settings.MODERATION_DIGEST_HOURS
    if not hours:
        return 0
    wait = timedelta(hours=hours)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [DIGEST_LOCK])
        now = timezone.now()
        last = ModerationDigest.objects.first()
        if last is not None and last.sent_at > now - wait:
            return 0
        waiting = (
            Review.objects.pending()
            .annotate(
                # Back in the queue since its reader sent it, or since a
                # reader reported it, whichever came last.
                waiting_since=Greatest(
                    "edited_at",
                    Coalesce(
                        Max(
                            "reports__created_at",
                            filter=Q(reports__resolution=ReportResolution.OPEN),
                        ),
                        "edited_at",
                    ),
                )
            )
            .filter(waiting_since__lte=now - wait)
            .select_related("book", "reader__reader_profile")
            .order_by("waiting_since", "pk")
        )
        count = waiting.count()
        recipients = list(moderators())
        if not count or not recipients:
            return 0
        context = {
            "count": count,
            "hours": hours,
            "reviews": list(waiting[:DIGEST_LISTS]),
            "more": max(count - DIGEST_LISTS, 0),
            "queue_url": absolute_url(reverse("admin:reviews_review_changelist")),
            "site_name": settings.SITE_NAME,
        }
        # Staff keep no language of their own: the site's.
        with translation.override(settings.LANGUAGE_CODE):
            context["site_name"] = translation.gettext(settings.SITE_NAME)
            subject = render_to_string("reviews/email/digest_subject.txt", context)
            body = render_to_string("reviews/email/digest_body.txt", context)
        for moderator in recipients:
            queue_email(subject, body, [moderator.email])
        ModerationDigest.objects.create(
            sent_at=now, waiting=count, recipients=len(recipients)
        )
    return len(recipients)
