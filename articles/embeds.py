"""Video embeds: only YouTube (privacy-enhanced) and Vimeo players.

Editors paste whatever address their browser shows (a YouTube watch page, a
youtu.be short link, a Vimeo page); ``normalise_embed_url`` turns it into the
provider's player address, which is what is stored and what the page puts in
an ``<iframe>``. Anything else is refused: the site's Content-Security-Policy
allows frames from these two hosts only, so any other address would show an
empty box. ``EMBED_URL_REGEX`` is the shape of every stored address; the
database checks it.
"""

import re
from urllib.parse import parse_qs, urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

YOUTUBE_PLAYER = "https://www.youtube-nocookie.com/embed/"
VIMEO_PLAYER = "https://player.vimeo.com/video/"

# Everything the database accepts in Article.embed_url (besides "").
EMBED_URL_REGEX = (
    r"^https://(www\.youtube-nocookie\.com/embed/[A-Za-z0-9_-]{11}"
    r"|player\.vimeo\.com/video/[0-9]{1,12}(\?h=[0-9a-f]{1,20})?)$"
)

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_VIMEO_ID = re.compile(r"[0-9]{1,12}")
_VIMEO_HASH = re.compile(r"[0-9a-f]{1,20}")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}
_YOUTUBE_NOCOOKIE_HOSTS = {"youtube-nocookie.com", "www.youtube-nocookie.com"}
# Paths of YouTube pages whose second segment is the video's id.
_YOUTUBE_ID_PATHS = {"embed", "shorts", "live", "v"}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com"}
MAX_LENGTH = 500

INVALID_MESSAGE = _(
    "Paste the address of a YouTube or Vimeo video, such as "
    "https://www.youtube.com/watch?v=… or https://vimeo.com/…. "
    "Videos from other sites cannot be embedded."
)


def normalise_embed_url(url: str) -> str:
    """Return the player address for a YouTube or Vimeo ``url``.

    YouTube addresses become ``https://www.youtube-nocookie.com/embed/<id>``
    (the privacy-enhanced player) and Vimeo ones
    ``https://player.vimeo.com/video/<id>``, keeping an unlisted video's
    ``h`` key. Other query parameters (playlists, start times, tracking) are
    dropped. Raises ``ValidationError`` for any other address.
    """
    url = (url or "").strip()
    if not url or len(url) > MAX_LENGTH:
        raise _invalid()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise _invalid() from error
    if (
        parts.scheme.lower() not in ("http", "https")
        or parts.username is not None
        or parts.password is not None
        or port not in (None, 80, 443)
    ):
        raise _invalid()
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    query = parse_qs(parts.query)

    if host in _YOUTUBE_HOSTS | _YOUTUBE_NOCOOKIE_HOSTS:
        if segments == ["watch"] and host in _YOUTUBE_HOSTS:
            video_id = (query.get("v") or [""])[0]
        elif len(segments) == 2 and segments[0] in _YOUTUBE_ID_PATHS:
            video_id = segments[1]
        else:
            video_id = ""
        if _YOUTUBE_ID.fullmatch(video_id):
            return f"{YOUTUBE_PLAYER}{video_id}"
    elif host == "youtu.be":
        if len(segments) == 1 and _YOUTUBE_ID.fullmatch(segments[0]):
            return f"{YOUTUBE_PLAYER}{segments[0]}"
    elif host == "player.vimeo.com":
        if len(segments) == 2 and segments[0] == "video":
            return _vimeo(segments[1], (query.get("h") or [""])[0])
    elif host in _VIMEO_HOSTS:
        if len(segments) == 1:
            return _vimeo(segments[0], "")
        if len(segments) == 2 and _VIMEO_HASH.fullmatch(segments[1]):
            return _vimeo(segments[0], segments[1])
    raise _invalid()


def _vimeo(video_id: str, key: str) -> str:
    if not _VIMEO_ID.fullmatch(video_id) or (key and not _VIMEO_HASH.fullmatch(key)):
        raise _invalid()
    return f"{VIMEO_PLAYER}{video_id}" + (f"?h={key}" if key else "")


def _invalid() -> ValidationError:
    return ValidationError(INVALID_MESSAGE, code="embed_url_not_allowed")


def video_url_at(embed_url: str, seconds: int) -> str:
    """The player address ``embed_url`` starting at ``seconds`` and playing."""
    seconds = max(int(seconds), 0)
    if embed_url.startswith(VIMEO_PLAYER):
        separator = "&" if "?" in embed_url else "?"
        return f"{embed_url}{separator}autoplay=1#t={seconds}s"
    return f"{embed_url}?start={seconds}&autoplay=1"


def video_poster_url(embed_url: str) -> str:
    """The still YouTube shows for the video at ``embed_url``; "" for Vimeo,
    whose stills only its API knows."""
    if embed_url.startswith(YOUTUBE_PLAYER):
        video_id = embed_url.removeprefix(YOUTUBE_PLAYER)
        return f"https://i.ytimg.com/vi/{video_id}/hqdefault.jpg"
    return ""


validate_embed_url = RegexValidator(
    EMBED_URL_REGEX, message=INVALID_MESSAGE, code="embed_url_not_allowed"
)


class EmbedURLFormField(forms.CharField):
    """A text box that accepts a YouTube or Vimeo address and cleans it to
    the player address."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_embed_url(value) if value else value

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "url"}


class EmbedURLField(models.CharField):
    """A player address from ``normalise_embed_url``; forms accept any
    YouTube or Vimeo address and store its player address."""

    default_validators = [validate_embed_url]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(
            **{**kwargs, "form_class": EmbedURLFormField, "max_length": MAX_LENGTH}
        )
