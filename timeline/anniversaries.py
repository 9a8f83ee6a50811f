"""The anniversaries of the timeline as an iCalendar feed (RFC 5545).

One all-day event a year for each live event dated to the day, on its New
Style date: the October Revolution falls on 7 November every year, which is
how it has been commemorated since Russia changed calendars. Its summary
carries the Old Style date the participants knew, "25 October 1917 O.S.".

UIDs are built from the primary key, so an event keeps its UID when its
title or slug is edited, and calendar applications update it rather than
adding a second one.
"""

from datetime import timedelta

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from october.core.dates import Precision, dual_date, dual_date_range
from timeline.models import Event

PRODUCT_ID = "-//In Defence of October//Anniversaries of 1917//EN"
UID_DOMAIN = "timeline.in-defence-of-october"


def anniversaries_calendar(*, site_name: str, build_url) -> bytes:
    """The feed as bytes; ``build_url`` makes a site path absolute."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("%(site)s: anniversaries") % {"site": site_name})
    calendar.add(
        "x-wr-caldesc",
        _(
            "The anniversaries of the Russian Revolution on their New Style "
            "dates, with the Old Style date Russia used until 1918."
        ),
    )
    events = (
        Event.objects.live()
        .filter(start_precision=Precision.DAY)
        .select_related("period")
        .order_by("start", "title", "pk")
    )
    for event in events:
        calendar.add_component(anniversary(event, build_url))
    return calendar.to_ical()


def anniversary(event: Event, build_url) -> CalendarEvent:
    """One yearly all-day event on ``event``'s New Style start date."""
    start = dual_date(event, "start")
    url = build_url(event.get_absolute_url())
    component = CalendarEvent()
    component.add("uid", f"event-{event.pk}@{UID_DOMAIN}")
    component.add("dtstamp", event.updated_at)
    component.add("summary", f"{event.title} ({source_date(start)})")
    component.add("dtstart", start.gregorian)
    component.add("dtend", start.gregorian + timedelta(days=1))
    if (start.gregorian.month, start.gregorian.day) == (2, 29):
        # On the last day of February in the years without a 29th.
        component.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
    else:
        component.add("rrule", {"freq": "yearly"})
    component.add("transp", "TRANSPARENT")
    description = [str(dual_date_range(event, "start", "end"))]
    if event.place:
        description[0] += f", {event.place}"
    description += [event.summary, url]
    component.add("description", "\n\n".join(description))
    component.add("url", url)
    if event.place:
        component.add("location", event.place)
    if event.period:
        component.add("categories", [event.period.title])
    return component


def source_date(value) -> str:
    """The date as the people of the time wrote it: "25 October 1917 O.S."
    for Russia before the switch, the plain date otherwise."""
    if value.shows_both:
        year, month, day = value.julian
    else:
        year, month, day = value.gregorian.timetuple()[:3]
    text = f"{day} {MONTHS[month]} {year}"
    return _("%(date)s O.S.") % {"date": text} if value.shows_both else text
