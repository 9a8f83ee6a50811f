"""What changes a reader's profile, and what the site shows of it."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from october.accounts.models import ReaderProfile
from october.core import caching
from october.core.cache_tags import item_tag


def reader_profile_update(
    *, user: AbstractBaseUser, display_name: str, shelves_public: bool
) -> ReaderProfile:
    """Set the name others see and whether they may see ``user``'s shelves.

    Every cached page that showed the reader (their reviews, their profile)
    depends on the account's tag, which this moves: the profile is not a
    content row of its own.
    """
    with transaction.atomic():
        ReaderProfile.objects.ensure_for([user])
        profile = ReaderProfile.objects.select_for_update().get(user=user)
        profile.display_name = display_name
        profile.shelves_public = shelves_public
        profile.save(update_fields=["display_name", "shelves_public"])
        caching.invalidate({item_tag(user)})
    return profile
