"""Test data for the timeline: ``make_period`` and ``make_event``.

Both save to the database and accept any model field as a keyword override
(``make_event(people=[...])`` sets the many-to-many after saving). Events
are published (since ``LONG_AGO``) and so live by default, dated 1 June 1917
(Gregorian), with unique titles and slugs.
"""

import datetime
import itertools

from october.core.publishing import Status
from timeline.models import Event, Period

_numbers = itertools.count(1)
# Fixed rather than relative to now, so that tests which travel in time
# with time_machine still find the item live.
LONG_AGO = datetime.datetime(2017, 11, 7, tzinfo=datetime.UTC)


def make_period(**overrides):
    """A period "Period N", ordered after the ones made before it."""
    number = next(_numbers)
    fields = {
        "title": f"Period {number}",
        "slug": f"period-{number}",
        "order": number,
        "description": f"What happened in period {number}.",
    }
    fields.update(overrides)
    return Period.objects.create(**fields)


def make_event(*, people=(), **overrides):
    """A live event "Event N" on 1 June 1917 (Gregorian) with no period."""
    number = next(_numbers)
    fields = {
        "title": f"Event {number}",
        "slug": f"event-{number}",
        "summary": f"What happened at event {number}.",
        "start": datetime.date(1917, 6, 1),
        "status": Status.PUBLISHED,
        "publish_at": LONG_AGO,
    }
    fields.update(overrides)
    event = Event.objects.create(**fields)
    if people:
        event.people.set(people)
    return event
