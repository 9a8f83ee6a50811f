"""A reader's follows and followers in their "download my data" file
(registered with ``october.accounts.data`` in ``FollowingConfig.ready()``).

Nothing to delete by hand: follows go with either account by
``on_delete=CASCADE`` and move no figure.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

from following.models import Follow, reader_name


def export_follows(reader: AbstractBaseUser) -> list[dict]:
    """The readers and authors ``reader`` follows, oldest first."""
    follows = (
        Follow.objects.filter(follower=reader)
        .select_related("reader__reader_profile", "person")
        .order_by("created_at", "pk")
    )
    return [
        _followed(follow) | {"followed_at": follow.created_at} for follow in follows
    ]


def export_followers(reader: AbstractBaseUser) -> list[dict]:
    """The readers who follow ``reader``, by the names the site shows."""
    follows = (
        Follow.objects.filter(reader=reader)
        .select_related("follower__reader_profile")
        .order_by("created_at", "pk")
    )
    return [
        {"reader": reader_name(follow.follower), "followed_at": follow.created_at}
        for follow in follows
    ]


def _followed(follow: Follow) -> dict:
    if follow.person_id:
        return {
            "author": follow.person.display_name,
            "url": follow.person.get_absolute_url(),
        }
    return {
        "reader": reader_name(follow.reader),
        "url": reverse("readers:profile", args=[follow.reader.get_username()]),
    }
