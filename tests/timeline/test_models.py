import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from october.core.publishing import Status
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


def test_period_links_to_its_own_page():
    period = make_period(slug="july-days")
    assert period.get_absolute_url() == "/timeline/periods/july-days/"


def test_period_dates_show_both_calendars_until_the_switch():
    february = make_period(
        start=datetime.date(1917, 3, 8), end=datetime.date(1917, 4, 15)
    )
    assert str(february.dates) == "23 February – 2 April (8 March – 15 April) 1917"
    brest = make_period(start=datetime.date(1918, 1, 20), end=datetime.date(1918, 3, 3))
    assert str(brest.dates) == "7 January (20 January) 1918 – 3 March 1918"
    assert make_period().dates is None


def test_source_reads_as_one_citation():
    event = make_event()
    full = event.sources.create(
        author="Leon Trotsky",
        title="The History of the Russian Revolution",
        year=1930,
        locator="vol. 1, ch. 7",
    )
    assert str(full) == (
        "Leon Trotsky, The History of the Russian Revolution (1930), vol. 1, ch. 7"
    )
    bare = event.sources.create(title="Izvestia, 2 March 1917")
    assert str(bare) == "Izvestia, 2 March 1917"


def test_a_source_year_must_be_plausible():
    event = make_event()
    with pytest.raises(IntegrityError), transaction.atomic():
        event.sources.create(title="A book", year=9999)


def test_events_know_their_neighbours_and_place_in_timeline_order():
    first = make_event(title="B", start=datetime.date(1917, 3, 8))
    same_day = make_event(title="A", start=datetime.date(1917, 3, 8))
    draft = make_event(
        title="Draft", start=datetime.date(1917, 5, 1), status=Status.DRAFT
    )
    last = make_event(title="C", start=datetime.date(1917, 11, 7))
    placed = {event.title: event for event in Event.objects.live().with_neighbours()}
    assert placed["A"].position == 1 and placed["A"].previous_slug is None
    assert placed["A"].next_slug == first.slug
    assert placed["B"].position == 2
    assert (placed["B"].previous_title, placed["B"].next_title) == ("A", "C")
    assert placed["C"].position == 3 and placed["C"].next_slug is None
    assert Event.objects.live().placement(first) == {
        "position": 2,
        "previous_slug": same_day.slug,
        "previous_title": "A",
        "next_slug": last.slug,
        "next_title": "C",
    }
    assert Event.objects.live().placement(draft) is None


def test_on_day_matches_either_calendar_and_day_precision_only():
    revolution = make_event(start=datetime.date(1917, 11, 7), start_calendar="julian")
    make_event(start=datetime.date(1917, 10, 1), start_precision="month")
    gregorian = make_event(start=datetime.date(1918, 10, 25))
    assert set(Event.objects.on_day(10, 25)) == {revolution, gregorian}
    assert set(Event.objects.on_day(11, 7)) == {revolution}


def test_on_date_finds_events_under_way_that_day():
    july = make_event(start=datetime.date(1917, 7, 16), end=datetime.date(1917, 7, 20))
    make_event(start=datetime.date(1917, 7, 21))
    assert list(Event.objects.on_date(datetime.date(1917, 7, 18))) == [july]
    assert list(Event.objects.on_date(datetime.date(1917, 7, 16))) == [july]


@pytest.mark.django_db
@pytest.mark.parametrize("country", ["ru", "RUS", "Russia", "R1"])
def test_an_events_country_is_a_two_letter_code(country):
    event = make_event(place="Petrograd", country="RU")
    event.country = country
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "country" in error.value.message_dict
    if len(country) == 2:
        with pytest.raises(IntegrityError), transaction.atomic():
            Event.objects.filter(pk=event.pk).update(country=country)
