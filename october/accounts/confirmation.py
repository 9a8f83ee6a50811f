"""Confirming a reader's e-mail address with a signed link.

The link carries a signed token (``django.core.signing``) naming the account
and the address; it expires after ``CONFIRMATION_MAX_AGE`` and stops working
if the account's address changes. When another account already uses the
address, its owner is told instead (see ``send_confirmation``).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from october.accounts.models import EmailConfirmation

CONFIRMATION_SALT = "october.accounts.email-confirmation"
CONFIRMATION_MAX_AGE = timedelta(days=3)


def make_confirmation_token(user) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=CONFIRMATION_SALT)


def read_confirmation_token(token: str) -> tuple[int, str] | None:
    """The (user id, address) a token vouches for, or None if bad or expired."""
    try:
        data = signing.loads(
            token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE
        )
    except signing.BadSignature:
        return None
    return data["user"], data["email"]


def send_confirmation(request, user) -> None:
    """Mail ``user`` the link that confirms their address, once the row is saved.

    When another account already uses the address, its owner gets a notice
    naming that account instead: the link would let whoever made this one
    borrow an address that is not theirs.
    """
    others = (
        get_user_model()
        .objects.filter(email__iexact=user.email)
        .exclude(pk=user.pk)
        .order_by("pk")
    )
    context = {
        "user": user,
        "site_name": gettext(settings.SITE_NAME),
        "confirm_url": request.build_absolute_uri(
            reverse("email_confirm", args=[make_confirmation_token(user)])
        ),
        "login_url": request.build_absolute_uri(reverse("login")),
        "password_reset_url": request.build_absolute_uri(reverse("password_reset")),
        "existing_usernames": [other.get_username() for other in others],
        "max_age_days": CONFIRMATION_MAX_AGE.days,
    }
    template = "existing_account" if context["existing_usernames"] else "confirm"
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
    body = render_to_string(f"accounts/email/{template}_body.txt", context)
    address = user.email
    transaction.on_commit(
        lambda: send_mail(" ".join(subject.split()), body, None, [address])
    )


def confirm_email(user, email: str) -> bool:
    """Record that ``user`` receives mail at ``email``; False if another
    account confirmed that address first."""
    try:
        with transaction.atomic():
            EmailConfirmation.objects.update_or_create(
                user=user, defaults={"email": email, "confirmed_at": timezone.now()}
            )
    except IntegrityError:
        return False
    return True
