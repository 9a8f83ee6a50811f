import datetime
import zoneinfo

import pytest
import time_machine

from october.core.publishing import Status
from tests.timeline.factories import make_event
from timeline.models import Event

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at_noon(year, month, day):
    return time_machine.travel(
        datetime.datetime(year, month, day, 12, tzinfo=LONDON), tick=False
    )


def make_october_revolution(**overrides):
    return make_event(
        title="The October Revolution",
        start=datetime.date(1917, 11, 7),
        start_calendar="julian",
        **overrides,
    )


def test_finds_a_julian_dated_event_on_its_new_style_day(client):
    make_october_revolution()
    with at_noon(2025, 11, 7):
        html = client.get("/timeline/on-this-day/").content.decode()
    assert "The October Revolution" in html
    assert "108 years ago" in html
    assert "25 October (7 November) 1917" in html


def test_finds_a_julian_dated_event_on_its_old_style_day(client):
    make_october_revolution()
    with at_noon(2025, 10, 25):
        html = client.get("/timeline/on-this-day/").content.decode()
    assert "The October Revolution" in html
    assert "108 years ago" in html


def test_a_gregorian_dated_event_is_found_on_its_gregorian_day_only(client):
    make_event(title="Comintern founded", start=datetime.date(1919, 3, 2))
    with at_noon(2025, 3, 2):
        assert (
            "Comintern founded" in client.get("/timeline/on-this-day/").content.decode()
        )
    with at_noon(2025, 2, 17):
        assert (
            "Comintern founded"
            not in client.get("/timeline/on-this-day/").context["events"]
        )


def test_events_known_only_to_the_month_never_match(client):
    make_event(
        title="Sometime in July",
        start=datetime.date(1917, 7, 1),
        start_precision="month",
    )
    with at_noon(2025, 7, 1):
        response = client.get("/timeline/on-this-day/")
    assert response.context["events"] == []


def test_drafts_are_not_found(client):
    make_october_revolution(status=Status.DRAFT)
    with at_noon(2025, 11, 7):
        html = client.get("/timeline/on-this-day/").content.decode()
    assert "The October Revolution" not in html


def test_a_day_without_events_says_so_and_offers_the_nearest(client):
    make_event(title="Lenin returns", start=datetime.date(1917, 4, 16))
    make_event(title="Women's Day", start=datetime.date(1917, 3, 8))
    make_event(title="Far away", start=datetime.date(1917, 9, 30))
    make_event(
        title="Only a year", start=datetime.date(1917, 3, 1), start_precision="year"
    )
    with at_noon(2025, 3, 20):
        response = client.get("/timeline/on-this-day/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing on our timeline happened on 20 March" in html
    nearest = [event.title for event in response.context["nearest"]]
    assert nearest == ["Women's Day", "Lenin returns", "Far away"]


def test_nearest_events_wrap_round_new_year():
    make_event(title="New Year's Eve", start=datetime.date(1916, 12, 31))
    make_event(title="Midsummer", start=datetime.date(1917, 6, 21))
    nearest = Event.objects.live().nearest_to_day(datetime.date(2025, 1, 2))
    assert [event.title for event in nearest] == ["New Year's Eve", "Midsummer"]


def test_page_names_today_in_both_calendars(client):
    with at_noon(2025, 11, 7):
        html = client.get("/timeline/on-this-day/").content.decode()
    assert '<time datetime="2025-11-07">7 November</time>' in html
    assert "25 October" in html


def test_on_this_day_queries_do_not_grow_with_events(
    client, django_assert_max_num_queries
):
    counts = []
    for count in (1, 29):
        for _ in range(count):
            make_october_revolution()
        with at_noon(2025, 11, 7), django_assert_max_num_queries(20) as captured:
            client.get("/timeline/on-this-day/")
        counts.append(len(captured))
    assert counts[0] == counts[1]


# A chosen day: /timeline/on-this-day/?month=10&day=25


def test_a_chosen_day_finds_events_by_their_old_style_date(client):
    make_october_revolution()
    response = client.get("/timeline/on-this-day/", {"month": 10, "day": 25})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>On 25 October</h1>" in html
    assert "The October Revolution" in html
    assert "Old Style date" in html


def test_a_chosen_day_finds_events_by_their_new_style_date(client):
    make_october_revolution()
    html = client.get(
        "/timeline/on-this-day/", {"month": 11, "day": 7}
    ).content.decode()
    assert "The October Revolution" in html
    assert "New Style date" in html


def test_a_chosen_day_offers_the_nearest_events_when_nothing_happened(client):
    make_october_revolution()
    html = client.get(
        "/timeline/on-this-day/", {"month": 11, "day": 9}
    ).content.decode()
    assert "Nothing on our timeline happened on 9 November" in html
    assert "The October Revolution" in html


def test_29_february_can_be_chosen(client):
    make_event(title="Leap day", start=datetime.date(1916, 2, 29))
    response = client.get("/timeline/on-this-day/", {"month": 2, "day": 29})
    assert response.status_code == 200
    assert "Leap day" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"month": 2, "day": 30}, "February has at most 29 days"),
        ({"month": 4, "day": 31}, "April has 30 days"),
        ({"month": 13, "day": 1}, "Select a valid choice."),
        ({"month": "October", "day": 25}, "Select a valid choice."),
        ({"month": 10}, "This field is required."),
        ({"month": 10, "day": "-1"}, "Select a valid choice."),
    ],
)
def test_a_day_that_does_not_exist_is_a_form_error(client, query, message):
    response = client.get("/timeline/on-this-day/", query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_page_offers_a_form_to_choose_another_day(client):
    with at_noon(2025, 11, 7):
        html = client.get("/timeline/on-this-day/").content.decode()
    assert '<select name="month"' in html
    assert '<option value="11" selected>November</option>' in html
    assert '<option value="7" selected>7</option>' in html
