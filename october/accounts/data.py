"""What the site keeps about a reader: "download my data" and "delete my account".

Reader accounts import no content app, so each app that keeps rows about a
reader says so from its ``AppConfig.ready()``::

    from october.accounts.data import register_account_data

    register_account_data(
        "shelves", export=export_shelves, delete=reader_shelves_delete, order=30
    )

``export(user)`` returns something ``DjangoJSONEncoder`` can write (a list of
dicts, say); ``delete(user)`` removes the app's rows about ``user`` through
the app's own services, so that whatever they move (a book's figures) moves
with them. Every deleter runs in the one transaction that then deletes the
account, so either all of it goes or none of it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from october.accounts.models import EmailConfirmation, JoinRequest, ReaderProfile
from october.core import caching
from october.core.cache_tags import item_tag


@dataclass(frozen=True)
class AccountData:
    key: str
    export: Callable[[AbstractBaseUser], object]
    delete: Callable[[AbstractBaseUser], None] | None
    order: int


_registry: dict[str, AccountData] = {}


def register_account_data(
    key: str,
    *,
    export: Callable[[AbstractBaseUser], object],
    delete: Callable[[AbstractBaseUser], None] | None = None,
    order: int = 100,
) -> None:
    """Put ``export(user)`` in the download under ``key``, and run
    ``delete(user)`` when the account is deleted (None when the rows go with
    the account by ``on_delete=CASCADE`` and move nothing else)."""
    _registry[key] = AccountData(key=key, export=export, delete=delete, order=order)


def registered() -> list[AccountData]:
    return sorted(_registry.values(), key=lambda entry: (entry.order, entry.key))


def account_export(*, user: AbstractBaseUser) -> dict:
    """Everything the site keeps about ``user``, ready for ``json.dumps``."""
    confirmation = EmailConfirmation.objects.filter(user=user).first()
    data = {
        "exported_at": timezone.now(),
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "email_confirmed": EmailConfirmation.objects.is_confirmed(user),
            "email_confirmed_at": confirmation.confirmed_at if confirmation else None,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
    }
    profile = ReaderProfile.objects.filter(user=user).first()
    if profile is not None:
        data["profile"] = {
            "display_name": profile.display_name,
            "shelves_public": profile.shelves_public,
        }
    # Messages sent through "Join us" from the reader's address, only once
    # the reader has proved the address is theirs: anyone can sign up with
    # someone else's.
    data["join_requests"] = (
        [
            {
                "name": join.name,
                "country": join.country,
                "message": join.message,
                "sent_at": join.created_at,
            }
            for join in JoinRequest.objects.filter(email__iexact=user.email).order_by(
                "created_at", "pk"
            )
        ]
        if data["account"]["email_confirmed"]
        else []
    )
    for entry in registered():
        data[entry.key] = entry.export(user)
    return data


def account_delete(*, user: AbstractBaseUser) -> None:
    """Delete ``user`` and everything kept about them, in one transaction.

    Each app's deleter runs first (in the order registered), then the account
    row, which takes with it what cascades (its confirmed address, profile).
    """
    with transaction.atomic():
        for entry in registered():
            if entry.delete is not None:
                entry.delete(user)
        # Pages that showed the reader (their profile) are dropped with them.
        caching.invalidate({item_tag(user)})
        user.delete()
