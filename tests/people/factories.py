"""Test data for people: ``make_person`` and ``make_quote``.

Both save to the database and accept any model field as a keyword override.
People are published (since ``LONG_AGO``) and so live by default, with
unique display names and slugs, so other apps' tests can call
``make_person()`` with no arguments.
"""

import datetime
import itertools

from october.core.publishing import Status
from people.models import Person, Quote

_numbers = itertools.count(1)
# Fixed rather than relative to now, so that tests which travel in time
# with time_machine still find the item live.
LONG_AGO = datetime.datetime(2017, 11, 7, tzinfo=datetime.UTC)


def make_person(**overrides):
    """A live historical figure named "Person N" unless overridden."""
    number = next(_numbers)
    fields = {
        "display_name": f"Person {number}",
        "slug": f"person-{number}",
        "kind": Person.Kind.HISTORICAL_FIGURE,
        "summary": f"Summary of person {number}.",
        "status": Status.PUBLISHED,
        "publish_at": LONG_AGO,
    }
    fields.update(overrides)
    return Person.objects.create(**fields)


def make_quote(**overrides):
    """A quote about a new person (or ``person=``), attributed to "A Witness"."""
    fields = {
        "text": "He was always to be seen in the front row.",
        "said_by": "A Witness",
        "source_title": "Memoirs",
    }
    fields.update(overrides)
    if "person" not in fields:
        fields["person"] = make_person()
    return Quote.objects.create(**fields)
