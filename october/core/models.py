"""The kernel's own model: preview links to unpublished items."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        """Links that still open their item: not revoked and not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def for_item(self, item):
        return self.filter(
            content_type=ContentType.objects.get_for_model(item), object_id=item.pk
        )


class PreviewLink(models.Model):
    """A link that shows one unpublished item to someone without an account.

    The address carries a signed copy of the random ``token`` and the expiry
    (``october.core.preview``); the row is what makes a link revocable.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of item")
    )
    object_id = models.PositiveBigIntegerField(_("item number"))
    item = GenericForeignKey("content_type", "object_id")
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(
        _("expires"), help_text=_("After this the link shows nothing.")
    )
    revoked_at = models.DateTimeField(
        _("revoked"),
        null=True,
        blank=True,
        help_text=_("When someone stopped the link working before it expired."),
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id"], name="october_previewlink_item"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="october_previewlink_expires_after_creation",
            ),
        ]

    def __str__(self):
        return _("Preview of %(item)s") % {"item": self.item}

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()
