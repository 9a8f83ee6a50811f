"""The dated events of 1917 and the periods they fall into.

``Period`` is the one shared list of stages of the revolution, used by the
timeline, reading guides and article filters. ``Event`` dates are stored in
the Gregorian calendar, with the calendar the source used and the precision.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models import F, Q, Window
from django.db.models.functions import (
    Abs,
    Extract,
    Lag,
    Lead,
    Least,
    RowNumber,
)
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from october.core.citations import Citation
from october.core.dates import (
    Calendar,
    DualDate,
    DualDateRange,
    Precision,
    dual_date_fields,
    month_day_q,
    on_this_day_q,
)
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

# ISO 3166-1 alpha-2, as schema.org's addressCountry wants it.
COUNTRY_CODE_REGEX = r"^[A-Z]{2}$"


class Period(models.Model):
    title = models.CharField(
        _("title"), max_length=120, help_text=_('e.g. "The July Days".')
    )
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("Used in addresses and filters, e.g. /timeline/?period=july-days."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Periods are listed from low to high.")
    )
    description = models.TextField(
        _("short description"),
        max_length=600,
        blank=True,
        help_text=_("One or two sentences of plain text."),
    )
    start = models.DateField(
        _("starts"), null=True, blank=True, help_text=_("Gregorian (New Style).")
    )
    end = models.DateField(
        _("ends"), null=True, blank=True, help_text=_("Gregorian (New Style).")
    )

    history = ContentHistory()

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["order", "start", "title"]
        indexes = [
            models.Index(
                fields=["order", "start", "title"], name="timeline_period_order"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=F("start")),
                name="timeline_period_end_after_start",
                violation_error_message=_("A period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("timeline:period", kwargs={"slug": self.slug})

    @property
    def dates(self) -> DualDateRange | None:
        """The period's dates, in both calendars where Russia still used the
        Julian one: "23 February – 2 April (8 March – 15 April) 1917"."""
        if self.start is None:
            return None
        end = DualDate(self.end, Calendar.JULIAN) if self.end else None
        return DualDateRange(DualDate(self.start, Calendar.JULIAN), end)


class EventQuerySet(PublishableQuerySet):
    def on_this_day(self, today):
        """Events that started on ``today``'s day and month, in either calendar.

        Only day-precision dates match; a Julian-dated event matches on its
        Old Style anniversary as well as on its New Style one.
        """
        return self.filter(on_this_day_q("start", today))

    def on_day(self, month: int, day: int):
        """Day-precision events that started on ``day`` ``month`` of any year,
        in either calendar: (10, 25) finds the October Revolution by its Old
        Style date, (11, 7) by its New Style one."""
        return self.filter(month_day_q("start", [(month, day)]))

    def on_date(self, value):
        """Day-precision events under way on the Gregorian ``value``: starting
        that day, or starting before it and ending on or after it."""
        return self.filter(start_precision=Precision.DAY).filter(
            Q(start=value) | Q(start__lt=value, end__gte=value)
        )

    def with_neighbours(self):
        """Annotate each event with its place in timeline order (``position``,
        from 1) and the slug and title of the events before and after it
        (``previous_slug``, ``previous_title``, ``next_slug``, ``next_title``;
        ``None`` at either end), counted among the events of this queryset."""
        order = [F("start").asc(), F("title").asc(), F("pk").asc()]

        def window(expression):
            return Window(expression, order_by=order)

        return self.annotate(
            position=window(RowNumber()),
            previous_slug=window(Lag("slug")),
            previous_title=window(Lag("title")),
            next_slug=window(Lead("slug")),
            next_title=window(Lead("title")),
        )

    def placement(self, event) -> dict | None:
        """Where ``event`` stands among this queryset's events, in one query:
        ``position``, ``previous_slug``, ``previous_title``, ``next_slug`` and
        ``next_title`` as in ``with_neighbours()``; ``None`` when it is not
        among them (a draft, for one).

        The window runs over the whole queryset and only then is the event
        picked out, which a plain ``filter(pk=…)`` cannot do: it would narrow
        the rows before the window saw its neighbours.
        """
        columns = [
            "position",
            "previous_slug",
            "previous_title",
            "next_slug",
            "next_title",
        ]
        placed = self.with_neighbours().order_by().values("id", *columns)
        sql, params = placed.query.sql_with_params()
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quoted} FROM ({sql}) AS placed WHERE placed.id = %s",
                [*params, event.pk],
            )
            row = cursor.fetchone()
        return dict(zip(columns, row, strict=True)) if row else None

    def nearest_to_day(self, today):
        """Day-precision events ordered by how close their day of the year is
        to ``today``'s, whatever the year, wrapping round New Year.
        """
        gap = Abs(Extract("start", "doy") - today.timetuple().tm_yday)
        return (
            self.filter(start_precision=Precision.DAY)
            .annotate(days_away=Least(gap, 366 - gap))
            .order_by("days_away", "start")
        )


class Event(Publishable):
    title = models.CharField(
        _("title"), max_length=200, help_text=_('e.g. "The July Days".')
    )
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("One or two sentences of plain text, shown on the timeline."),
    )
    body = RichTextField(
        _("body"),
        blank=True,
        help_text=_("The full account, shown on the event's page."),
    )

    start, start_calendar, start_precision = dual_date_fields(_("start date"))
    end, end_calendar, end_precision = dual_date_fields(_("end date"), blank=True)
    date_note = models.CharField(
        _("note on the date"),
        max_length=300,
        blank=True,
        help_text=_("When sources disagree on the date, say how and why."),
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_('e.g. "Petrograd".')
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[
            RegexValidator(
                COUNTRY_CODE_REGEX,
                _("Two capital letters, such as RU or CH."),
                code="invalid_country",
            )
        ],
        help_text=_(
            "The country the place is in today, as its two-letter code: RU for "
            "Petrograd, CH for Zurich. Search engines read it with the place."
        ),
    )
    image, image_alt, image_width, image_height = image_fields(
        "image",
        verbose_name=_("image"),
        upload_to="events",
        # The event's own page.
        renditions=[("480 960 1440", None)],
        help_text=_("A JPEG, PNG or WebP image."),
    )
    image_credit = models.CharField(
        _("image credit"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who made the image or holds its rights, and where it comes from, e.g. "
            '"Photograph by Karl Bulla, Central State Archive, St Petersburg".'
        ),
    )
    period = models.ForeignKey(
        "timeline.Period",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("period"),
        help_text=_(
            "The stage of 1917 the event belongs to, for the timeline's filters."
        ),
    )
    people = models.ManyToManyField(
        "people.Person",
        blank=True,
        related_name="events",
        verbose_name=_("people"),
        help_text=_("The people who took part or are discussed."),
    )
    search_vector = search_vector_field(
        Part(("title",), "A"),
        Part(("summary", "place"), "B"),
        Part(("body",), "C"),
    )

    objects = EventQuerySet.as_manager()
    history = ContentHistory(m2m_fields=["people"])

    class Meta(Publishable.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "title"]
        indexes = [
            *Publishable.Meta.indexes,
            models.Index(fields=["start", "title"], name="timeline_event_order"),
            search_vector_index("timeline_event"),
            trigram_index("title", "timeline_event_title_trgm"),
        ]
        constraints = [
            alt_text_required("image"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="timeline_event_end_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(country="") | Q(country__regex=COUNTRY_CODE_REGEX),
                name="timeline_event_country_code",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("timeline:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        check_alt_text(self, "image")
        if self.start and self.end and self.end < self.start:
            raise ValidationError(
                {"end": _("The end date is before the start date.")},
                code="end_before_start",
            )


class Source(Citation):
    """A work that backs an event: a book, an article, a document, with where
    in it to look."""

    event = models.ForeignKey(
        "timeline.Event",
        on_delete=models.CASCADE,
        related_name="sources",
        verbose_name=_("event"),
    )

    history = ContentHistory()

    class Meta(Citation.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def get_absolute_url(self):
        return self.event.get_absolute_url()
