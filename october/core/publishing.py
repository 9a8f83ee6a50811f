"""The one definition of "public" shared by every content model.

Every public model (Event, Person, Article, Book, ReadingGuide) inherits
``Publishable``; every public view, feed, sitemap, search result and count
starts from ``live()``. Scheduling is a future ``publish_at``: no cron job
flips anything, the item simply becomes live when its time comes.
"""

from django.db import models
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from slugify import slugify

from october.core.cache_tags import depends_on, live_tag


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def live(self, *, depends=True):
        """Published items whose publication time has come: what the public may see.

        A page being cached that asks for them depends on which items are
        public (``cache_tags.live_tag``). ``depends=False`` is for a page that
        learns of a change of that another way: a detail page from its own
        item's tag, a list of translations from the foreign key every
        translation has to the original.
        """
        if depends:
            depends_on(live_tag(self.model))
        return self.filter(status=Status.PUBLISHED, publish_at__lte=timezone.now())

    def scheduled(self):
        """Published items whose publication time is still to come."""
        return self.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())

    def visible_to(self, user, *, depends=True):
        """Everything for staff who may change this model, otherwise only live items."""
        if user.is_active and user.is_staff:
            opts = self.model._meta
            if user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
                return self.all()
        return self.live(depends=depends)


class Publishable(models.Model):
    """Abstract base: a unique slug, a status and a publication time."""

    slug = models.SlugField(
        _("slug"),
        max_length=140,
        unique=True,
        help_text=_("The last part of the page's address. Filled in from the title."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Only published items are shown on the site."),
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        default=timezone.now,
        help_text=_(
            "When the item becomes public. A time in the future schedules it; "
            "nothing else needs doing."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    # The field the slug is made from when an editor leaves it empty.
    slug_source = "title"

    class Meta:
        abstract = True
        indexes = [
            models.Index(
                fields=["status", "publish_at"], name="%(app_label)s_%(class)s_live"
            ),
        ]

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Whether it was public as read, for the page cache to tell whether
        # a save publishes or unpublishes it (october.core.caching).
        fields = instance.__dict__
        if "status" in fields and "publish_at" in fields:
            instance._published_as_loaded = (fields["status"], fields["publish_at"])
        return instance

    def _unique_slug(self):
        max_length = self._meta.get_field("slug").max_length
        # Transliterated, so any script gives a readable address: "Лев
        # Троцкий" is "lev-trotskii" (Django's slugify drops Cyrillic).
        base = (
            slugify(
                str(getattr(self, self.slug_source)),
                max_length=max_length - 8,
                word_boundary=True,
            )
            or "item"
        )
        candidate, number = base, 2
        siblings = type(self)._default_manager.exclude(pk=self.pk)
        while siblings.filter(slug=candidate).exists():
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    @property
    def is_live(self):
        return self.status == Status.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and self.publish_at > timezone.now()


class PublishableDetailMixin:
    """For a detail view of a Publishable model.

    The public sees live items only. Staff who may change the model also see
    drafts and scheduled items, and so does anyone whose address carries an
    active preview link for that one item (``october.core.preview``); then
    ``is_preview`` is set for the draft banner, and the page is never cached.
    """

    preview_link = None

    def get_queryset(self):
        # Imported here: this module is loaded while the apps' models load,
        # and october.core.preview needs them loaded.
        from october.core.preview import preview_link_from_request

        queryset = super().get_queryset()
        # The page depends on its own item's tag, not on which others are live.
        visible = queryset.visible_to(self.request.user, depends=False)
        self.preview_link = preview_link_from_request(self.request, queryset.model)
        if self.preview_link is not None:
            return visible | queryset.filter(pk=self.preview_link.object_id)
        return visible

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_live
        link = self.preview_link
        if link is not None and link.object_id == self.object.pk:
            context["preview_link"] = link
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
        return response
