"""The dated events of 1917 and the periods they fall into.

``Period`` is the one shared list of stages of the revolution, used by the
timeline, reading guides and article filters. ``Event`` dates are stored in
the Gregorian calendar, with the calendar the source used and the precision.
"""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from october.images import SafeImageField, alt_text_required, check_alt_text
from october.publishing import Publishable, PublishableQuerySet
from october.richtext import RichTextField

CALENDAR_CHOICES = [
    ("gregorian", _("Gregorian (New Style)")),
    ("julian", _("Julian (Old Style)")),
]
PRECISION_CHOICES = [("day", _("Day")), ("month", _("Month")), ("year", _("Year"))]


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
        return f"{reverse('timeline:list')}?period={self.slug}"


class EventQuerySet(PublishableQuerySet):
    pass


class Event(Publishable):
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("One or two sentences of plain text, shown on the timeline."),
    )
    body = RichTextField(_("body"), blank=True)

    start = models.DateField(
        _("start date"), help_text=_("Stored in the Gregorian calendar (New Style).")
    )
    start_calendar = models.CharField(
        _("start date calendar"),
        max_length=10,
        choices=CALENDAR_CHOICES,
        default="gregorian",
        help_text=_("The calendar the source gives the date in."),
    )
    start_precision = models.CharField(
        _("start date precision"),
        max_length=5,
        choices=PRECISION_CHOICES,
        default="day",
        help_text=_("How much of the date is known."),
    )
    end = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Stored in the Gregorian calendar (New Style)."),
    )
    end_calendar = models.CharField(
        _("end date calendar"),
        max_length=10,
        choices=CALENDAR_CHOICES,
        default="gregorian",
        help_text=_("The calendar the source gives the date in."),
    )
    end_precision = models.CharField(
        _("end date precision"),
        max_length=5,
        choices=PRECISION_CHOICES,
        default="day",
        help_text=_("How much of the date is known."),
    )
    date_note = models.CharField(
        _("note on the date"),
        max_length=300,
        blank=True,
        help_text=_("When sources disagree on the date, say how and why."),
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_('e.g. "Petrograd".')
    )
    image = SafeImageField(
        _("image"),
        upload_to="events",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text=_("A JPEG, PNG or WebP image."),
    )
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    period = models.ForeignKey(
        "timeline.Period",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("period"),
    )
    people = models.ManyToManyField(
        "people.Person",
        blank=True,
        related_name="events",
        verbose_name=_("people"),
        help_text=_("The people who took part or are discussed."),
    )

    objects = EventQuerySet.as_manager()

    class Meta(Publishable.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "title"]
        indexes = [
            *Publishable.Meta.indexes,
            models.Index(fields=["start", "title"], name="timeline_event_order"),
        ]
        constraints = [
            alt_text_required("image"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="timeline_event_end_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("timeline:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        check_alt_text(self, "image")


class Source(models.Model):
    event = models.ForeignKey(
        "timeline.Event",
        on_delete=models.CASCADE,
        related_name="sources",
        verbose_name=_("event"),
    )
    citation = models.CharField(
        _("citation"),
        max_length=500,
        help_text=_(
            'Author, title, publisher, year and page, e.g. "L. Trotsky, '
            'History of the Russian Revolution, vol. 3, ch. 10".'
        ),
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.citation

    def get_absolute_url(self):
        return self.event.get_absolute_url()
