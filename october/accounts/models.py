"""Readers' confirmed e-mail addresses, and messages sent through "Join us"."""

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
