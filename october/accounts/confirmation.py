"""Confirming a reader's e-mail address with a signed link.

The link carries a signed token (``django.core.signing``) naming the account
and the address; it expires after ``CONFIRMATION_MAX_AGE`` and stops working
if the account's address changes. When another account already uses the
address, its owner is told instead (see ``send_confirmation``).

Changing the address works the same way: the new address is mailed a signed
link naming the account, the address it had when the change was asked for
and the new one; nothing changes until the link is followed (and its page's
button pressed), and then the old address is told. The link dies when the
account's address or its confirmation changes, so it works once.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from october.accounts.models import EmailConfirmation
from october.core.addresses import absolute_url
from october.core.mail import queue_email

CONFIRMATION_SALT = "october.accounts.email-confirmation"
CONFIRMATION_MAX_AGE = timedelta(days=3)
EMAIL_CHANGE_SALT = "october.accounts.email-change"


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
    """Queue the mail with the link that confirms ``user``'s address, to
    go once the row is saved (``october.core.mail``).

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
        "confirm_url": absolute_url(
            reverse("email_confirm", args=[make_confirmation_token(user)])
        ),
        "login_url": absolute_url(reverse("login")),
        "password_reset_url": absolute_url(reverse("password_reset")),
        "existing_usernames": [other.get_username() for other in others],
        "max_age_days": CONFIRMATION_MAX_AGE.days,
    }
    template = "existing_account" if context["existing_usernames"] else "confirm"
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
    body = render_to_string(f"accounts/email/{template}_body.txt", context)
    mail_on_commit(subject, body, user.email)


def mail_on_commit(subject: str, body: str, address: str) -> None:
    """Queue one message to ``address`` for the task worker, to go once the
    transaction commits (``october.core.mail``)."""
    queue_email(subject, body, [address])


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


def email_in_use(email: str, *, exclude: AbstractBaseUser | None = None) -> bool:
    """Whether another account has ``email`` (in any case), or has confirmed it."""
    accounts = get_user_model().objects.filter(email__iexact=email)
    confirmations = EmailConfirmation.objects.filter(email__iexact=email)
    if exclude is not None:
        accounts = accounts.exclude(pk=exclude.pk)
        confirmations = confirmations.exclude(user=exclude)
    return accounts.exists() or confirmations.exists()


def _confirmation_stamp(user) -> str:
    """When ``user`` last confirmed an address: a change link dies with it."""
    confirmation = EmailConfirmation.objects.filter(user=user).first()
    return confirmation.confirmed_at.isoformat() if confirmation else ""


def make_email_change_token(user, new_email: str) -> str:
    return signing.dumps(
        {
            "user": user.pk,
            "old": user.email,
            "new": new_email,
            "stamp": _confirmation_stamp(user),
        },
        salt=EMAIL_CHANGE_SALT,
    )


def read_email_change_token(token: str) -> tuple[str, dict | None]:
    """("ok", data), ("expired", None) or ("invalid", None)."""
    try:
        data = signing.loads(
            token, salt=EMAIL_CHANGE_SALT, max_age=CONFIRMATION_MAX_AGE
        )
    except signing.SignatureExpired:
        return "expired", None
    except signing.BadSignature:
        return "invalid", None
    return "ok", data


def send_email_change(request, user, new_email: str) -> None:
    """Mail ``new_email`` the link that moves ``user``'s account to it."""
    context = {
        "user": user,
        "site_name": gettext(settings.SITE_NAME),
        "new_email": new_email,
        "confirm_url": absolute_url(
            reverse(
                "email_change_confirm",
                args=[make_email_change_token(user, new_email)],
            )
        ),
        "max_age_days": CONFIRMATION_MAX_AGE.days,
    }
    subject = render_to_string("accounts/email/email_change_subject.txt", context)
    body = render_to_string("accounts/email/email_change_body.txt", context)
    mail_on_commit(subject, body, new_email)


def email_change_apply(
    *, token: str, request=None, dry_run: bool = False
) -> tuple[str, AbstractBaseUser | None]:
    """Move an account to the address its change link names.

    Returns the outcome and the account: "changed"; "expired" or "invalid"
    (a bad or old link); "used" (the account's address or confirmation has
    changed since the link was made, e.g. by this very link); "taken" (another
    account has the address by now). Only "changed" changes anything: the
    account's address becomes the new one, confirmed, and the old address is
    told once the change is committed. With ``dry_run``, "ready" stands for
    "changed" and nothing changes.
    """
    outcome, data = read_email_change_token(token)
    if data is None:
        return outcome, None
    with transaction.atomic():
        user = (
            get_user_model()
            .objects.select_for_update()
            .filter(pk=data["user"], is_active=True)
            .first()
        )
        if user is None:
            return "invalid", None
        if (
            user.email.lower() != data["old"].lower()
            or _confirmation_stamp(user) != data["stamp"]
        ):
            return "used", user
        new_email = data["new"]
        if email_in_use(new_email, exclude=user):
            return "taken", user
        if dry_run:
            return "ready", user
        old_email = user.email
        user.email = new_email
        user.save(update_fields=["email"])
        if not confirm_email(user, new_email):
            transaction.set_rollback(True)
            return "taken", user
        if old_email:
            context = {
                "user": user,
                "site_name": gettext(settings.SITE_NAME),
                "new_email": new_email,
                "contact_url": absolute_url(reverse("about")),
            }
            mail_on_commit(
                render_to_string("accounts/email/email_changed_subject.txt", context),
                render_to_string("accounts/email/email_changed_body.txt", context),
                old_email,
            )
    return "changed", user
