"""Test data for people: ``make_person`` and ``make_quote``.

Both save to the database and accept any model field as a keyword override.
People are published and live by default, with unique display names and
slugs, so other apps' tests can call ``make_person()`` with no arguments.
"""

import itertools
from datetime import timedelta

from django.utils import timezone

from october.publishing import Status
from people.models import Person, Quote

_numbers = itertools.count(1)


def make_person(**overrides):
    """A live historical figure named "Person N" unless overridden."""
    number = next(_numbers)
    fields = {
        "display_name": f"Person {number}",
        "slug": f"person-{number}",
        "kind": Person.Kind.HISTORICAL_FIGURE,
        "summary": f"Summary of person {number}.",
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(days=1),
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
