"""Test data for the admin as a whole: one maker per model registered in it.

    from tests.editorial.factories import MAKERS, make_superuser

    obj = MAKERS[Event]()        # a new, distinct event, saved

``MAKERS`` maps every model registered in the admin to a function that makes
one new object of it (each call a distinct one), through the apps' own
factories where they exist. A model registered later needs a maker here:
``test_every_registered_model_has_a_maker`` says which is missing.
``make_superuser`` makes a superuser; editors and moderators come from
``tests.reviews.factories`` (``make_editor``, ``make_moderator``).
"""

import itertools

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db.models import Max
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from taggit.models import Tag

from articles.models import Article, Series
from guides.models import ReadingGuide
from october.accounts.models import JoinRequest
from october.core.mail import send_email
from october.core.models import PreviewLink
from october.core.publishing import Status
from october.core.services import preview_link_create
from people.models import Person
from reviews.models import Book, Review
from tests.articles.factories import make_article, make_series
from tests.guides.factories import make_guide
from tests.people.factories import make_person
from tests.reviews.factories import make_book, make_reader, make_review
from tests.timeline.factories import make_event, make_period
from timeline.models import Event, Period

_numbers = itertools.count(1)


def make_superuser(**overrides):
    """A superuser "root-N" with password "password"."""
    number = next(_numbers)
    fields = {"username": f"root-{number}", "email": f"root-{number}@example.org"}
    fields.update(overrides)
    return get_user_model().objects.create_superuser(password="password", **fields)


def _group():
    return Group.objects.create(name=f"Group {next(_numbers)}")


def _site():
    number = next(_numbers)
    # The site the migrations made has an explicit id the sequence never saw.
    last = Site.objects.aggregate(last=Max("pk"))["last"] or 0
    return Site.objects.create(
        pk=last + 1, domain=f"site-{number}.example.org", name=f"Site {number}"
    )


def _flatpage():
    number = next(_numbers)
    page = FlatPage.objects.create(
        url=f"/page-{number}/", title=f"Page {number}", content="<p>Words.</p>"
    )
    page.sites.add(settings.SITE_ID)
    return page


def _redirect():
    number = next(_numbers)
    return Redirect.objects.create(
        site_id=settings.SITE_ID, old_path=f"/old-{number}/", new_path="/new/"
    )


def _tag():
    return Tag.objects.create(name=f"tag {next(_numbers)}")


def _attempt(model, **extra):
    number = next(_numbers)
    return model.objects.create(
        user_agent="Browser",
        ip_address="203.0.113.1",
        username=f"someone-{number}",
        http_accept="text/html",
        path_info="/admin/login/",
        **extra,
    )


def _join_request():
    number = next(_numbers)
    return JoinRequest.objects.create(
        name=f"Joiner {number}",
        email=f"joiner-{number}@example.org",
        country="Spain",
        message="I would like to help.",
    )


def _preview_link():
    return preview_link_create(item=make_event(status=Status.DRAFT))


def _pending_review():
    return make_review(text="A thoughtful review.", status=Review.Status.PENDING)


def _task_result():
    """A mail queued in the site's database task backend (the tests'
    own backend runs tasks at once and stores nothing)."""
    backend = DatabaseBackend("default", {"OPTIONS": {}})
    result = backend.enqueue(send_email, ["Subject", "Body", ["a@example.org"]], {})
    return DBTaskResult.objects.get(pk=result.id)


MAKERS = {
    Group: _group,
    get_user_model(): make_reader,
    Site: _site,
    FlatPage: _flatpage,
    Redirect: _redirect,
    Tag: _tag,
    AccessAttempt: lambda: _attempt(
        AccessAttempt, get_data="", post_data="", failures_since_start=1
    ),
    AccessLog: lambda: _attempt(AccessLog),
    AccessFailureLog: lambda: _attempt(AccessFailureLog),
    JoinRequest: _join_request,
    PreviewLink: _preview_link,
    Person: make_person,
    Period: make_period,
    Event: make_event,
    Article: lambda: make_article(tags=["soviets"]),
    Series: make_series,
    Book: make_book,
    Review: _pending_review,
    ReadingGuide: make_guide,
    DBTaskResult: _task_result,
}
