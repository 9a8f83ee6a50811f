"""Sources an editor or reader can look up: who, what, when, where in it.

``Citation`` is the abstract model of one source (an event's, a
biography's); ``citation`` reads it as one line. A content app subclasses it
with the foreign key to what it backs::

    class Source(Citation):
        event = models.ForeignKey("timeline.Event", related_name="sources", ...)

        class Meta(Citation.Meta):
            verbose_name = _("source")

``{% include "includes/citation.html" with source=… %}`` renders one with
the title as a ``<cite>`` and, when there is one, a link.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Citation(models.Model):
    author = models.CharField(
        _("author"),
        max_length=200,
        blank=True,
        help_text=_(
            'Who wrote or issued it, e.g. "Leon Trotsky" or "Council of '
            'People’s Commissars".'
        ),
    )
    title = models.CharField(
        _("title"),
        max_length=500,
        help_text=_('e.g. "The History of the Russian Revolution".'),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        help_text=_(
            "When it was first published; leave empty for a web page that is "
            "revised all the time."
        ),
    )
    locator = models.CharField(
        _("where in it"),
        max_length=200,
        blank=True,
        help_text=_('Volume, chapter or pages, e.g. "vol. 1, ch. 7, “Five Days”".'),
    )
    url = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        help_text=_("Where the source can be read online, if anywhere."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Sources are listed from low to high.")
    )

    class Meta:
        abstract = True
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1, year__lte=2100),
                name="%(app_label)s_%(class)s_year_plausible",
                violation_error_message=_("The year must be between 1 and 2100."),
            ),
        ]

    def __str__(self):
        return self.citation

    @property
    def citation(self) -> str:
        """The source as one line: "Leon Trotsky, The History of the Russian
        Revolution (1930), vol. 1, ch. 7"."""
        text = f"{self.author}, {self.title}" if self.author else self.title
        if self.year:
            text += f" ({self.year})"
        if self.locator:
            text += f", {self.locator}"
        return text
