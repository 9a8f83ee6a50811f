import datetime

import pytest
from django.db import IntegrityError, transaction

from tests.timeline.factories import make_event, make_period
from timeline.models import Event, Period

pytestmark = pytest.mark.django_db


def test_event_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(start=datetime.date(1917, 7, 16), end=datetime.date(1917, 7, 15))


def test_event_may_end_the_day_it_starts_or_have_no_end():
    make_event(start=datetime.date(1917, 7, 16), end=datetime.date(1917, 7, 16))
    make_event(start=datetime.date(1917, 7, 16), end=None)


def test_period_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_period(start=datetime.date(1917, 7, 16), end=datetime.date(1917, 3, 1))


def test_events_are_ordered_by_start_date():
    make_event(title="October", start=datetime.date(1917, 11, 7))
    make_event(title="February", start=datetime.date(1917, 3, 8))
    assert [e.title for e in Event.objects.all()] == ["February", "October"]


def test_periods_are_ordered_by_their_order():
    make_period(title="October", order=6)
    make_period(title="February", order=1)
    assert [p.title for p in Period.objects.all()] == ["February", "October"]


def test_event_slug_comes_from_its_title():
    event = make_event(title="The Kornilov Affair", slug="")
    assert event.slug == "the-kornilov-affair"
    assert event.get_absolute_url() == "/timeline/the-kornilov-affair/"


def test_period_links_to_the_timeline_filtered_by_it():
    period = make_period(slug="july-days")
    assert period.get_absolute_url() == "/timeline/?period=july-days"
