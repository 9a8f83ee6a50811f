"""The timeline in TimelineJS 3's JSON format.

TimelineJS (https://timeline.knightlab.com/docs/json-format.html) reads a
``title`` slide, ``events`` and ``eras``. It refuses the whole timeline,
showing only an error message, when an era has no end after its start, so
every era here spans at least a day. Events are grouped by their period,
which TimelineJS draws as one row per group; periods are also the eras, the
shaded bands behind the markers.

Text goes in as HTML: TimelineJS inserts ``headline`` and ``text`` as
markup, so everything editors typed is escaped here.
"""

from datetime import timedelta

from django.db.models import Max, Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _

from october.core.dates import DualDate, Precision, dual_date, dual_date_range
from october.core.publishing import Status
from timeline.models import Event, Period


def timeline_data(build_url) -> dict:
    """The whole live timeline; ``build_url`` makes a site path absolute."""
    events = Event.objects.live().select_related("period")
    data = {
        "title": {
            "unique_id": "timeline-title",
            "text": {
                "headline": escape(_("The Russian Revolution, 1917–1918")),
                "text": format_html(
                    "<p>{}</p>",
                    _(
                        "Russia kept the Julian calendar (Old Style) until "
                        "31 January 1918; the next day was 14 February. Dates "
                        "before then give the Old Style first and the New "
                        "Style, as used everywhere else, in brackets."
                    ),
                ),
            },
        },
        "events": [event_slide(event, build_url) for event in events],
        "eras": period_eras(),
        "scale": "human",
    }
    return data


def event_slide(event: Event, build_url) -> dict:
    """One event as a TimelineJS slide, its dates in both calendars."""
    url = build_url(event.get_absolute_url())
    text = format_html("<p>{}</p>", event.summary)
    if event.place:
        text += format_html('<p class="tl-place">{}</p>', event.place)
    text += format_html('<p><a href="{}">{}</a></p>', url, _("Read more"))
    slide = {
        "unique_id": event.slug,
        "start_date": timelinejs_date(dual_date(event, "start")),
        "display_date": escape(str(dual_date_range(event, "start", "end"))),
        "text": {"headline": escape(event.title), "text": text},
    }
    if event.end:
        slide["end_date"] = timelinejs_date(dual_date(event, "end"))
    if event.period:
        slide["group"] = escape(event.period.title)
    if event.image:
        slide["media"] = {
            "url": build_url(event.image.url),
            # Set as the image's alt property, not as markup. No "link": the
            # slide's text links the event, and TimelineJS's linked image is
            # a link without a name until the image has loaded.
            "alt": event.image_alt,
        }
        if event.image_credit:
            slide["media"]["credit"] = escape(event.image_credit)
    return slide


def period_eras() -> list[dict]:
    """Each period as an era spanning its own dates or, failing those, its
    live events; periods with neither are left out."""
    live = Q(events__status=Status.PUBLISHED, events__publish_at__lte=timezone.now())
    periods = Period.objects.annotate(
        first_event=Min("events__start", filter=live),
        last_event=Max(Coalesce("events__end", "events__start"), filter=live),
    ).order_by(*Period._meta.ordering)
    eras = []
    for period in periods:
        start = period.start or period.first_event
        if start is None:
            continue
        end = max(period.end or period.last_event or start, start)
        if end == start:
            # TimelineJS takes an era that ends where it starts for one
            # without an end, and then draws nothing at all.
            end = start + timedelta(days=1)
        eras.append(
            {
                "start_date": timelinejs_date(DualDate(start)),
                "end_date": timelinejs_date(DualDate(end)),
                "text": {"headline": escape(period.title)},
            }
        )
    return eras


def timelinejs_date(value: DualDate) -> dict:
    """A TimelineJS date object with only the parts the precision vouches for.

    A known day is placed by its Gregorian date. A month or a year is the one
    the source named, in its own calendar: "December 1916" (O.S.) stays in
    December 1916 even though its first day was in January 1917 (N.S.).
    """
    if value.precision == Precision.DAY:
        g = value.gregorian
        return {"year": g.year, "month": g.month, "day": g.day}
    year, month, _day = value.in_source_calendar
    if value.precision == Precision.MONTH:
        return {"year": year, "month": month}
    return {"year": year}
