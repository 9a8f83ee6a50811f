"""Everyone the site talks about: historical figures, authors and interviewees.

One ``Person`` model serves them all, told apart by ``kind``. Quotes about a
person hang off it; at most one of them is featured on cards and lists.
"""

from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from october.core.citations import Citation
from october.core.dates import dual_date_fields
from october.core.history import ContentHistory
from october.core.images import alt_text_required, check_alt_text, image_fields
from october.core.publishing import Publishable, PublishableQuerySet
from october.core.richtext import RichTextField
from october.core.search_fields import (
    Part,
    search_text_field,
    search_vector_field,
    search_vector_index,
    trigram_index,
)


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# Caps on the free text typed line by line, and on a quote: generous (the
# longest on the demo site are under 400 characters), but a bound. A text
# field's max_length only sizes the form's box: the validator enforces it.
FREE_TEXT_MAX_LENGTH = 2000
QUOTE_MAX_LENGTH = 5000

# Every spelling of a person's name, for site search.
NAME_FIELDS = (
    "display_name",
    "full_name",
    "birth_name",
    "native_name",
    "alternative_names",
)


class PersonQuerySet(PublishableQuerySet):
    def with_featured_quote(self):
        """Fetch each person's featured quote in one extra query for the lot.

        ``Person.featured_quote`` then reads it without touching the database.
        """
        return self.prefetch_related(
            Prefetch(
                "quotes",
                queryset=Quote.objects.filter(is_featured=True).select_related(
                    "said_by_person"
                ),
                to_attr="featured_quotes",
            )
        )


class Person(Publishable):
    class Kind(models.TextChoices):
        HISTORICAL_FIGURE = "historical", _("Historical figure")
        AUTHOR = "author", _("Author")
        HISTORIAN = "historian", _("Historian or interviewee")

    display_name = models.CharField(
        _("display name"),
        max_length=120,
        help_text=_('The name as the site shows it, e.g. "V. I. Lenin".'),
    )
    sort_name = models.CharField(
        _("sort name"),
        max_length=120,
        blank=True,
        help_text=_(
            'Used to put people in order, e.g. "Lenin". Left empty, the last '
            "word of the display name is used."
        ),
    )
    full_name = models.CharField(
        _("full name"),
        max_length=200,
        blank=True,
        help_text=_('e.g. "Vladimir Ilyich Ulyanov (Lenin)".'),
    )
    birth_name = models.CharField(
        _("birth name"),
        max_length=200,
        blank=True,
        help_text=_('The name given at birth, e.g. "Lev Davidovich Bronstein".'),
    )
    native_name = models.CharField(
        _("native spelling"),
        max_length=200,
        blank=True,
        help_text=_('The name in Russian (Cyrillic), e.g. "Лев Троцкий".'),
    )
    alternative_names = models.TextField(
        _("other spellings"),
        max_length=FREE_TEXT_MAX_LENGTH,
        validators=[MaxLengthValidator(FREE_TEXT_MAX_LENGTH)],
        blank=True,
        help_text=_(
            "One per line: other spellings and names the person is known by, "
            'e.g. "Trotskii", "Trotzki", "Bronstein". Site search finds them all.'
        ),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.HISTORICAL_FIGURE,
        help_text=_("Historical figures, authors of articles or books, historians."),
    )
    roles = models.TextField(
        _("roles"),
        max_length=FREE_TEXT_MAX_LENGTH,
        validators=[MaxLengthValidator(FREE_TEXT_MAX_LENGTH)],
        blank=True,
        help_text=_('One per line, e.g. "People\'s Commissar for Foreign Affairs".'),
    )

    birth, birth_calendar, birth_precision = dual_date_fields(_("born"), blank=True)
    birth_place = models.CharField(
        _("place of birth"),
        max_length=200,
        blank=True,
        help_text=_(
            'Town and region as the sources name them, e.g. "Yanovka, Kherson".'
        ),
    )
    death, death_calendar, death_precision = dual_date_fields(_("died"), blank=True)
    death_place = models.CharField(
        _("place of death"),
        max_length=200,
        blank=True,
        help_text=_('e.g. "Coyoacán, Mexico City".'),
    )

    portrait, portrait_alt, portrait_width, portrait_height = image_fields(
        "portrait",
        verbose_name=_("portrait"),
        upload_to="people",
        # Cards, and the person's own page.
        renditions=[("160 320", "1:1"), ("240 480", "1:1")],
        help_text=_("A JPEG, PNG or WebP image, ideally square."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences of plain text for cards and search."),
    )
    biography = RichTextField(
        _("biography"),
        blank=True,
        help_text=_("The life story, shown in full on the person's page."),
    )
    # Site search: every spelling of the name, stemmed and as written.
    search_vector = search_vector_field(
        Part(NAME_FIELDS, "A", "simple"),
        Part(NAME_FIELDS, "A"),
        Part(("summary",), "B"),
        Part(("biography",), "C"),
    )
    search_names = search_text_field(*NAME_FIELDS)
    # The names alone, also stemmed as Russian (any declension of "Троцкий"
    # finds him): people named by a query, and their works (a book's, an
    # article's author), are looked up here.
    name_vector = search_vector_field(
        Part(NAME_FIELDS, "A", "simple"),
        Part(NAME_FIELDS, "A"),
        Part(NAME_FIELDS, "A", "russian"),
    )

    objects = PersonQuerySet.as_manager()
    history = ContentHistory()

    slug_source = "display_name"

    class Meta(Publishable.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_name", "display_name"]
        indexes = [
            *Publishable.Meta.indexes,
            models.Index(
                fields=["sort_name", "display_name"], name="people_person_order"
            ),
            models.Index(
                fields=["kind", "sort_name", "display_name"],
                name="people_person_kind_order",
            ),
            search_vector_index("people_person"),
            GinIndex(fields=["name_vector"], name="people_person_name_search"),
            trigram_index("search_names", "people_person_names_trgm", siglen=256),
        ]
        constraints = [
            alt_text_required("portrait"),
            models.CheckConstraint(
                condition=Q(death__isnull=True)
                | Q(birth__isnull=True)
                | Q(death__gte=models.F("birth")),
                name="people_person_death_after_birth",
            ),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if not self.sort_name:
            self.sort_name = (self.display_name.split() or [""])[-1][:120]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("people:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        check_alt_text(self, "portrait")
        if self.birth and self.death and self.death < self.birth:
            raise ValidationError(
                {"death": _("The date of death is before the date of birth.")},
                code="death_before_birth",
            )

    @property
    def alternative_name_list(self):
        return _lines(self.alternative_names)

    @property
    def role_list(self):
        return _lines(self.roles)

    @property
    def featured_quote(self):
        """The featured quote, from ``with_featured_quote()`` when prefetched."""
        if hasattr(self, "featured_quotes"):
            return self.featured_quotes[0] if self.featured_quotes else None
        return (
            self.quotes.filter(is_featured=True)
            .select_related("said_by_person")
            .first()
        )


class Quote(models.Model):
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="quotes",
        verbose_name=_("about"),
        help_text=_("The person the quote is about."),
    )
    text = models.TextField(
        _("text"),
        max_length=QUOTE_MAX_LENGTH,
        validators=[MaxLengthValidator(QUOTE_MAX_LENGTH)],
        help_text=_("The words quoted, without quotation marks."),
    )
    said_by = models.CharField(
        _("said or written by"),
        max_length=200,
        blank=True,
        help_text=_("Who said or wrote it, if they have no page on the site."),
    )
    said_by_person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes_said",
        verbose_name=_("said or written by (person on the site)"),
        help_text=_("Choose this instead when the speaker has a page on the site."),
    )
    source_title = models.CharField(
        _("source"),
        max_length=250,
        blank=True,
        help_text=_('The book, speech or article, e.g. "My Life".'),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        help_text=_("When it was said or written, if known."),
    )
    is_featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_(
            "Shown with the person on lists and the home page. One per person."
        ),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Quotes are shown from low to high.")
    )

    history = ContentHistory()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-is_featured", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(is_featured=True),
                name="people_quote_one_featured_per_person",
                violation_error_message=_("This person already has a featured quote."),
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.text[:60]}"

    def get_absolute_url(self):
        return f"{self.person.get_absolute_url()}#quote-{self.pk}"

    @property
    def attribution(self):
        """Who said it: the linked person's name, else the free text."""
        if self.said_by_person_id:
            return self.said_by_person.display_name
        return self.said_by


class BiographySource(Citation):
    """A work a biography draws on, listed under it."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="sources",
        verbose_name=_("person"),
    )

    history = ContentHistory()

    class Meta(Citation.Meta):
        verbose_name = _("biography source")
        verbose_name_plural = _("biography sources")

    def get_absolute_url(self):
        return f"{self.person.get_absolute_url()}#sources-heading"
