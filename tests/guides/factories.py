"""Test data for reading guides: ``make_guide`` and ``make_entry``.

Both save to the database and accept any model field as a keyword override.
Guides are live by default (published since ``LONG_AGO``) with unique titles
and slugs. An entry is an external link unless ``article=`` or ``book=`` is
given; its position follows the guide's last entry unless ``position=`` is
given.

    guide = make_guide(period=make_period())
    make_entry(guide=guide, article=make_article(), note="Start here.")
"""

import datetime
import itertools

from django.db.models import Max

from guides.models import GuideEntry, ReadingGuide
from october.core.publishing import Status

_numbers = itertools.count(1)
# Fixed rather than relative to now, so that tests which travel in time
# with time_machine still find the guide live.
LONG_AGO = datetime.datetime(2017, 11, 7, tzinfo=datetime.UTC)


def make_guide(**overrides):
    """A live reading guide "Guide N" with no period and no entries."""
    number = next(_numbers)
    fields = {
        "title": f"Guide {number}",
        "slug": f"guide-{number}",
        "summary": f"What guide {number} covers.",
        "status": Status.PUBLISHED,
        "publish_at": LONG_AGO,
    }
    fields.update(overrides)
    return ReadingGuide.objects.create(**fields)


def make_entry(**overrides):
    """An entry of ``guide`` (a new guide if not given), last in order."""
    number = next(_numbers)
    guide = overrides.pop("guide", None) or make_guide()
    fields = {"guide": guide}
    if not ({"article", "book", "link_url"} & overrides.keys()):
        fields.update(
            link_url=f"https://www.marxists.org/text-{number}/",
            link_title=f"Text {number}",
            link_author="V. I. Lenin",
        )
    if "position" not in overrides:
        last = guide.entries.aggregate(last=Max("position"))["last"] or 0
        fields["position"] = last + 1
    fields.update(overrides)
    return GuideEntry.objects.create(**fields)
