"""Readers' public profiles and confirmed e-mail addresses, and messages sent
through "Join us"."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailConfirmationQuerySet(models.QuerySet):
    def is_confirmed(self, user) -> bool:
        """Whether ``user`` has proved they receive mail at their current address.

        Changing the address on the account undoes the proof, because the
        confirmed address no longer matches.
        """
        if not user.is_authenticated or not user.email:
            return False
        return self.filter(user=user, email__iexact=user.email).exists()


class EmailConfirmation(models.Model):
    """The address a reader confirmed by following the link mailed to them.

    One row per account, and one account per confirmed address: the database
    refuses a second account confirming an address someone else already has.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="email_confirmation",
        verbose_name=_("user"),
    )
    email = models.EmailField(_("e-mail address"))
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)

    objects = EmailConfirmationQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail confirmation")
        verbose_name_plural = _("e-mail confirmations")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="accounts_emailconfirmation_unique_email"
            ),
        ]

    def __str__(self):
        return self.email


DISPLAY_NAME_MAX = 60


def default_display_name(user) -> str:
    """The public name an account starts with: its full name, else its
    username. Staff sign in with usernames that must stay private, so a staff
    member without a full name is called by number until they choose a name."""
    full_name = f"{user.first_name} {user.last_name}".strip()
    if full_name:
        return full_name[:DISPLAY_NAME_MAX]
    if user.is_staff or user.is_superuser:
        return f"Reader {user.pk}"
    return user.get_username()[:DISPLAY_NAME_MAX]


def public_readers():
    """The accounts that have a public reader page: active, and not staff.

    Staff sign in with usernames that must not be published, so they have no
    reader page (``/readers/<username>/`` is a 404 for them) and nobody can
    follow them; ``{% reader_link %}`` names them without a link.
    """
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True, is_staff=False, is_superuser=False
    )


class ReaderProfileQuerySet(models.QuerySet):
    def ensure_for(self, users) -> None:
        """Give every one of ``users`` that has none a profile with the
        default display name. The one place profiles are made: the
        ``post_save`` signal on users calls it, and so do bulk loaders, whose
        ``bulk_create`` sends no signal."""
        # By id, not ``user=``: that would leave on each user a cached profile
        # with no primary key (bulk_create sets none when ignoring
        # conflicts), which ``user.reader_profile`` would then return.
        self.bulk_create(
            [
                ReaderProfile(user_id=user.pk, display_name=default_display_name(user))
                for user in users
            ],
            ignore_conflicts=True,
        )


class ReaderProfile(models.Model):
    """What the site shows of a reader: the name they chose and whether others
    may see their shelves.

    Shelves are private until the reader makes them public: what someone
    reads can reveal their politics, health or religion, so nobody should
    publish it for them by default.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reader_profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=DISPLAY_NAME_MAX,
        help_text=_(
            "The name shown with your reviews and on your profile. It can differ "
            "from the username you sign in with."
        ),
    )
    shelves_public = models.BooleanField(
        _("shelves are public"),
        default=False,
        help_text=_(
            "Let anyone see the books on your shelves. Off by default: what you "
            "read is your own business."
        ),
    )

    objects = ReaderProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("reader profile")
        verbose_name_plural = _("reader profiles")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(display_name=""),
                name="accounts_readerprofile_display_name_not_empty",
            ),
        ]

    def __str__(self):
        return self.display_name


# The longest message the "Join us" form takes; the database refuses longer.
JOIN_MESSAGE_MAX = 2000


class JoinRequest(models.Model):
    """A message sent through the "Join us" form, for editors to answer."""

    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"), max_length=254)
    country = models.CharField(_("country"), max_length=100)
    message = models.TextField(_("message"), max_length=JOIN_MESSAGE_MAX, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    handled = models.BooleanField(
        _("answered"),
        default=False,
        help_text=_("Tick once someone has got in touch."),
    )

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["-created_at"], name="accounts_joinrequest_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("message"), JOIN_MESSAGE_MAX),
                name="accounts_joinrequest_message_length",
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"
