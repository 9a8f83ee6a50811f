"""Following and unfollowing readers and authors, and removing a follower.

Each change is one row; the unique constraints make a follow sent twice
(a double click, a retried POST) leave one row, and the service says so.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from following.models import Follow, reader_name
from people.models import Person


def follow_reader(*, follower: AbstractBaseUser, reader: AbstractBaseUser) -> Follow:
    """Make ``follower`` follow ``reader``.

    Raises ``ValidationError`` with code ``self`` or ``already_following``,
    changing nothing. The caller checks that ``reader`` may be followed.
    """
    if follower.pk == reader.pk:
        raise ValidationError(_("You cannot follow yourself."), code="self")
    return _create(follower=follower, reader=reader)


def follow_person(*, follower: AbstractBaseUser, person: Person) -> Follow:
    """Make ``follower`` follow the author ``person`` (code ``already_following``
    when they do)."""
    return _create(follower=follower, person=person)


def unfollow(
    *,
    follower: AbstractBaseUser,
    reader: AbstractBaseUser | None = None,
    person: Person | None = None,
) -> bool:
    """Stop ``follower`` following ``reader`` or ``person``; False when they
    did not."""
    if (reader is None) == (person is None):
        raise TypeError("unfollow() takes a reader or a person")
    follows = Follow.objects.filter(follower=follower)
    follows = follows.filter(reader=reader) if reader else follows.filter(person=person)
    deleted, _rows = follows.delete()
    return bool(deleted)


def follower_remove(*, reader: AbstractBaseUser, follower: AbstractBaseUser) -> bool:
    """Take ``follower`` off ``reader``'s followers; False when they were not
    one. Nothing stops them following again, as on every site that lets
    readers follow without asking."""
    deleted, _rows = Follow.objects.filter(reader=reader, follower=follower).delete()
    return bool(deleted)


def _create(**fields) -> Follow:
    try:
        with transaction.atomic():
            return Follow.objects.create(**fields)
    except IntegrityError as error:
        raise ValidationError(
            _("You already follow %(name)s.")
            % {"name": _display_name(fields.get("reader") or fields.get("person"))},
            code="already_following",
        ) from error


def _display_name(followed) -> str:
    if isinstance(followed, Person):
        return followed.display_name
    return reader_name(followed)
