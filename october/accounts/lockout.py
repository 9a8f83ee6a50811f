"""django-axes' view of sign-in attempts: which username they count, and the
page a locked-out username and address pair gets (settings.AXES_*)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import render


def axes_username(request, credentials=None):
    """The username django-axes counts failures for, cut to what an account
    can have.

    Django's sign-in forms pass a username of any length on to
    ``authenticate()`` (their ``max_length`` only reaches the widget), and
    axes keeps it in a column of 255 characters.
    """
    source = credentials or getattr(request, "data", request.POST)
    username = source.get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None:
        return None
    limit = get_user_model()._meta.get_field("username").max_length
    return str(username).replace("\x00", "")[:limit]


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a username and address pair that is locked out.

    The same page whether or not the username has an account, so a lockout
    tells a stranger nothing, and no page that would take another password.
    """
    cool_off = settings.AXES_COOLOFF_TIME
    # Rendered at once: Django renders template responses that views return,
    # not those middleware (AxesMiddleware) put in their place.
    response = render(
        request,
        "accounts/locked_out.html",
        {"minutes": int(cool_off.total_seconds() // 60)},
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
