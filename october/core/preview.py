"""Shareable preview links: an unpublished item's page for someone without
an account.

A link is the item's public address with ``?preview=<value>``, where the
value is the link's random token and its expiry, signed with the site's
secret key (``django.core.signing``, with a salt of its own so no other
signed value of the site can pass for one). A forged or altered value fails
the signature before the database is asked; a genuine one still needs its
``PreviewLink`` row to be unrevoked and unexpired, and opens only the item it
was made for. ``PublishableDetailMixin`` honours it on every detail page.
"""

from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.utils import timezone

from october.core.models import PreviewLink

PREVIEW_PARAMETER = "preview"
PREVIEW_LINK_LIFETIME = timedelta(days=7)
_SALT = "october.core.preview-link"


def signed_value(link: PreviewLink) -> str:
    """The ``?preview=`` value of ``link``: the same every time it is asked."""
    # A plain Signer, not signing.dumps(): that one stamps the time of
    # signing, so the same link would read differently at each look.
    return signing.Signer(salt=_SALT).sign_object(
        {"token": link.token, "expires": int(link.expires_at.timestamp())}
    )


def preview_url(link: PreviewLink) -> str:
    """The item's page as ``link`` opens it (a path; add the host to share)."""
    return f"{link.item.get_absolute_url()}?{PREVIEW_PARAMETER}={signed_value(link)}"


def preview_link_from_value(value: str, model) -> PreviewLink | None:
    """The active link of an item of ``model`` that ``value`` stands for, or
    None when the value is forged, expired, revoked or for another kind of
    item."""
    try:
        payload = signing.Signer(salt=_SALT).unsign_object(value)
        token, expires = str(payload["token"]), int(payload["expires"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if datetime.fromtimestamp(expires, tz=UTC) <= timezone.now():
        return None
    return (
        PreviewLink.objects.active()
        .filter(token=token, content_type=ContentType.objects.get_for_model(model))
        .first()
    )


def preview_link_from_request(request, model) -> PreviewLink | None:
    """The active link the request's ``?preview=`` names, if any (see above)."""
    value = request.GET.get(PREVIEW_PARAMETER)
    if not value:
        return None
    return preview_link_from_value(value, model)
