"""How a reader appears in public: their display name, never their username.

::

    {% load readers %}
    {% reader_name review.reader %}      → Connor B.
    {% reader_link review.reader %}      → <a href="/readers/Connor_B/">Connor B.</a>
    {% reader_avatar review.reader %}    → a coloured circle with "CB"
    {% reader_url review.reader as url %}

Load readers with ``select_related("reader__reader_profile")`` (or
``"reader_profile"``) so that a page of reviews costs no query per reader.
Staff have no public page: ``reader_link`` gives their name without a link
and ``reader_url`` nothing.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from october.accounts.models import default_display_name

register = template.Library()

# Dark enough for white initials to pass WCAG AA (contrast ≥ 4.5:1).
AVATAR_COLOURS = (
    "#8b1a1a",
    "#1f4e79",
    "#2e6b30",
    "#5b3a8c",
    "#7a4208",
    "#00666a",
    "#9b1b55",
    "#4a4a4a",
)


def display_name(user) -> str:
    """The name the public sees for ``user``."""
    profile = getattr(user, "reader_profile", None)
    if profile is not None and profile.display_name:
        name = profile.display_name
        # An account made staff after choosing its username as its name.
        if not (is_staff(user) and name.casefold() == user.get_username().casefold()):
            return name
    return default_display_name(user)


def is_staff(user) -> bool:
    return bool(user.is_staff or user.is_superuser)


def has_public_page(user) -> bool:
    return bool(user.is_active and not is_staff(user))


def initials(name: str) -> str:
    """Up to two initials: "Gilly Singh" → "GS", "zach" → "Z"."""
    letters = [word[0] for word in name.split() if word[:1].isalpha()]
    if not letters:
        letters = [char for char in name if char.isalnum()][:1] or ["?"]
    if len(letters) > 2:
        letters = [letters[0], letters[-1]]
    return "".join(letters).upper()


@register.simple_tag
def reader_name(user) -> str:
    return display_name(user)


@register.simple_tag
def reader_url(user) -> str:
    """The reader's public page, or "" for staff and closed accounts."""
    if not has_public_page(user):
        return ""
    return reverse("readers:profile", args=[user.get_username()])


@register.simple_tag
def reader_link(user):
    url = reader_url(user)
    if not url:
        return display_name(user)
    return format_html('<a href="{}">{}</a>', url, display_name(user))


@register.simple_tag
def reader_avatar(user, size="small", label=False):
    """Initials in a coloured circle. Decorative beside the name (the
    default); with ``label=True`` it names the reader to screen readers."""
    name = display_name(user)
    colour = AVATAR_COLOURS[(user.pk or 0) % len(AVATAR_COLOURS)]
    if label:
        accessibility = format_html('role="img" aria-label="{}"', name)
    else:
        accessibility = mark_safe('aria-hidden="true"')
    return format_html(
        '<span class="avatar avatar--{}" style="--avatar-colour: {}" {}>{}</span>',
        size,
        colour,
        accessibility,
        initials(name),
    )
