"""Reading guides: an introduction and an ordered list of things to read.

Each ``GuideEntry`` points at exactly one target: an article on the site, a
book on the site, or an external text (title, author, address). The database
enforces "exactly one"; ``GuideEntry.clean()`` only words it for editors.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from october.core.history import ContentHistory
from october.core.images import alt_text_required, check_alt_text, image_fields
from october.core.publishing import Publishable, PublishableQuerySet
from october.core.richtext import RichTextField
from october.core.search_fields import (
    Part,
    search_vector_field,
    search_vector_index,
    trigram_index,
)


class ReadingGuideQuerySet(PublishableQuerySet):
    pass


class ReadingGuide(Publishable):
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Two or three sentences of plain text for cards and search."),
    )
    introduction = RichTextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown above the list of texts: what the guide covers and why."),
    )
    cover, cover_alt, cover_width, cover_height = image_fields(
        "cover",
        verbose_name=_("cover"),
        upload_to="guides",
        # Cards, and the guide's own page.
        renditions=[("320 640", "3:2"), ("640 960 1280", "3:2")],
        help_text=_("A JPEG, PNG or WebP image, ideally landscape (3:2)."),
    )
    period = models.ForeignKey(
        "timeline.Period",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reading_guides",
        verbose_name=_("period"),
        help_text=_("The period of 1917 the guide is about, if any."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_("Guides are listed from low to high, e.g. in the order of 1917."),
    )
    search_vector = search_vector_field(
        Part(("title",), "A"),
        Part(("summary",), "B"),
        Part(("introduction",), "C"),
    )

    objects = ReadingGuideQuerySet.as_manager()
    history = ContentHistory()

    class Meta(Publishable.Meta):
        verbose_name = _("reading guide")
        verbose_name_plural = _("reading guides")
        ordering = ["order", "title", "pk"]
        indexes = [
            *Publishable.Meta.indexes,
            models.Index(fields=["order", "title", "id"], name="guides_guide_order"),
            search_vector_index("guides_readingguide"),
            trigram_index("title", "guides_readingguide_title_trgm"),
        ]
        constraints = [alt_text_required("cover")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guides:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        check_alt_text(self, "cover")


_ARTICLE = Q(article__isnull=False)
_BOOK = Q(book__isnull=False)
_LINK = ~Q(link_url="")


class GuideEntry(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        BOOK = "book", _("Book")
        LINK = "link", _("External text")

    guide = models.ForeignKey(
        "guides.ReadingGuide",
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("reading guide"),
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        help_text=_(
            "Entries are listed from low to high. Numbering 10, 20, 30 leaves "
            "room to add entries in between later."
        ),
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guide_entries",
        verbose_name=_("article"),
        help_text=_("An article, video or interview on this site…"),
    )
    book = models.ForeignKey(
        "reviews.Book",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guide_entries",
        verbose_name=_("book"),
        help_text=_("…or a book on this site…"),
    )
    link_url = models.URLField(
        _("external address"),
        max_length=500,
        blank=True,
        help_text=_("…or the address of a text on another site."),
    )
    link_title = models.CharField(
        _("external title"),
        max_length=250,
        blank=True,
        help_text=_("The title of the external text."),
    )
    link_author = models.CharField(
        _("external author"),
        max_length=200,
        blank=True,
        help_text=_('Who wrote it, e.g. "V. I. Lenin".'),
    )
    note = models.TextField(
        _("note"),
        max_length=600,
        blank=True,
        help_text=_("A sentence or two on why to read it."),
    )

    history = ContentHistory()

    class Meta:
        verbose_name = _("guide entry")
        verbose_name_plural = _("guide entries")
        ordering = ["guide", "position"]
        constraints = [
            # Deferred, so that editors can swap two positions in one save.
            models.UniqueConstraint(
                fields=["guide", "position"],
                name="guides_guideentry_unique_position",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=(_ARTICLE & ~_BOOK & ~_LINK)
                | (~_ARTICLE & _BOOK & ~_LINK)
                | (~_ARTICLE & ~_BOOK & _LINK),
                name="guides_guideentry_exactly_one_target",
                violation_error_message=_(
                    "Choose exactly one of an article, a book or an external address."
                ),
            ),
            models.CheckConstraint(
                condition=Q(link_url="") | ~Q(link_title=""),
                name="guides_guideentry_link_has_title",
                violation_error_message=_("Give the external text's title."),
            ),
        ]

    def __str__(self):
        return f"{self.guide}: {self.position}. {self.title}"

    def get_absolute_url(self):
        return f"{self.guide.get_absolute_url()}#entry-{self.pk}"

    def clean(self):
        super().clean()
        self.link_title = self.link_title.strip()
        self.link_author = self.link_author.strip()
        chosen = [
            name
            for name, present in (
                ("article", self.article_id),
                ("book", self.book_id),
                ("link_url", self.link_url),
            )
            if present
        ]
        if not chosen:
            raise ValidationError(
                _("Choose an article or a book, or give an external address."),
                code="no_target",
            )
        if len(chosen) > 1:
            message = _(
                "An entry is one text: choose an article, a book or an external "
                "address, not several."
            )
            raise ValidationError(dict.fromkeys(chosen, message))
        if self.link_url and not self.link_title:
            raise ValidationError({"link_title": _("Give the external text's title.")})
        if not self.link_url and (self.link_title or self.link_author):
            raise ValidationError(
                {
                    "link_url": _(
                        "Title and author are for external texts: give the "
                        "address too, or clear them."
                    )
                }
            )

    def validate_constraints(self, exclude=None):
        # Positions are unique at commit (the constraint is deferred); the
        # admin's entry formset compares the submitted positions with each
        # other, so checking each row against the stored ones would refuse
        # a swap.
        super().validate_constraints(exclude={*(exclude or ()), "position"})

    @property
    def kind(self) -> str:
        if self.article_id:
            return self.Kind.ARTICLE
        if self.book_id:
            return self.Kind.BOOK
        return self.Kind.LINK

    @property
    def target(self):
        """The article or book, or None for an external text."""
        return self.article if self.article_id else self.book if self.book_id else None

    @property
    def title(self) -> str:
        target = self.target
        return target.title if target is not None else self.link_title

    @property
    def url(self) -> str | None:
        """Where the entry leads, or None while its article or book is not live."""
        target = self.target
        if target is None:
            return self.link_url
        return target.get_absolute_url() if target.is_live else None
