"""Test data for books, readers and reviews.

    from tests.reviews.factories import make_book, make_reader, make_review

    book = make_book(title="History of the Russian Revolution")
    make_review(book=book, rating=5, text="Essential.")   # approved, counted

Books are live by default with unique titles and slugs. Readers have a
confirmed e-mail address unless ``confirmed=False``. Reviews go through
``reviews.services``, so every book's stored figures stay exactly right;
``make_review`` approves written reviews unless ``status="pending"`` (or
``"rejected"``) is asked for.
"""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from october.accounts.models import EmailConfirmation
from october.core.publishing import Status
from october.core.roles import EDITORS, MODERATORS, grant_role_permissions
from reviews.models import Book, Review
from reviews.services import review_approve, review_reject, review_submit

_numbers = itertools.count(1)


def make_book(*, authors=(), **overrides):
    """A live book called "Book N", with ``authors`` (Person objects) if given."""
    number = next(_numbers)
    fields = {
        "title": f"Book {number}",
        "slug": f"book-{number}",
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(days=1),
    }
    fields.update(overrides)
    book = Book.objects.create(**fields)
    if authors:
        book.authors.set(authors)
    return book


def make_reader(*, confirmed=True, **overrides):
    """A reader "reader-N" with password "password"; e-mail confirmed unless
    ``confirmed=False``."""
    number = next(_numbers)
    fields = {"username": f"reader-{number}", "email": f"reader-{number}@example.org"}
    fields.update(overrides)
    reader = get_user_model().objects.create_user(password="password", **fields)
    if confirmed:
        EmailConfirmation.objects.create(user=reader, email=reader.email)
    return reader


def make_moderator(**overrides):
    """A staff member in the Moderators group."""
    return _make_staff(MODERATORS, overrides)


def make_editor(**overrides):
    """A staff member in the Editors group."""
    return _make_staff(EDITORS, overrides)


def _make_staff(group_name, overrides):
    number = next(_numbers)
    fields = {
        "username": f"{group_name.lower()}-{number}",
        "email": f"{group_name.lower()}-{number}@example.org",
        "is_staff": True,
    }
    fields.update(overrides)
    user = get_user_model().objects.create_user(password="password", **fields)
    # Transactional tests flush the groups the data migration made, and
    # permissions of apps migrated after october may not be granted yet.
    group = Group.objects.get_or_create(name=group_name)[0]
    grant_role_permissions()
    user.groups.add(group)
    return user


def make_review(
    *,
    book=None,
    reader=None,
    rating=4,
    text="",
    status=None,
    reason=Review.RejectionReason.OFF_TOPIC,
    moderator=None,
):
    """A review submitted through the services.

    A bare rating is approved at once (unless the reader is held). A written
    review is approved by ``moderator`` (a new one if not given) unless
    ``status`` is ``Review.Status.PENDING`` or ``REJECTED`` (with ``reason``).
    """
    book = book or make_book()
    reader = reader or make_reader()
    review = review_submit(reader=reader, book=book, rating=rating, text=text)
    wanted = status or Review.Status.APPROVED
    if review.status != wanted and wanted != Review.Status.PENDING:
        moderator = moderator or make_moderator()
        if wanted == Review.Status.APPROVED:
            review_approve(review=review, moderator=moderator)
        else:
            review_reject(review=review, moderator=moderator, reason=reason)
    review.refresh_from_db()
    return review
