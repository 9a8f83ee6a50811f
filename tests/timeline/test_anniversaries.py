"""The anniversaries feed, /timeline/anniversaries.ics, read back with the
icalendar library as a calendar application would."""

import datetime

import pytest
from icalendar import Calendar

from october.core.publishing import Status
from tests.timeline.factories import make_event, make_period

pytestmark = pytest.mark.django_db


def get_feed(client):
    response = client.get("/timeline/anniversaries.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def anniversaries(calendar):
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_each_dated_event_is_a_yearly_all_day_event_on_its_new_style_date(client):
    october = make_period(title="The October Revolution")
    revolution = make_event(
        title="The October Revolution",
        start=datetime.date(1917, 11, 7),
        start_calendar="julian",
        end=datetime.date(1917, 11, 8),
        end_calendar="julian",
        place="Petrograd",
        period=october,
        summary="The Provisional Government is overthrown.",
    )
    calendar = get_feed(client)
    assert calendar["version"] == "2.0"
    assert "In Defence of October" in str(calendar["prodid"])
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "The October Revolution (25 October 1917 O.S.)"
    assert event.decoded("dtstart") == datetime.date(1917, 11, 7)
    assert event.decoded("dtend") == datetime.date(1917, 11, 8)
    assert event["dtstart"].params.get("VALUE") == "DATE"
    assert event["rrule"]["FREQ"] == ["YEARLY"]
    assert str(event["location"]) == "Petrograd"
    assert str(event["url"]) == f"http://testserver{revolution.get_absolute_url()}"
    description = str(event["description"])
    assert description.startswith("25–26 October (7–8 November) 1917, Petrograd")
    assert "The Provisional Government is overthrown." in description
    assert event["categories"].cats == ["The October Revolution"]


def test_a_new_style_event_gives_its_own_date(client):
    make_event(title="The Treaty of Brest-Litovsk", start=datetime.date(1918, 3, 3))
    (event,) = get_feed(client).walk("VEVENT")
    assert str(event["summary"]) == "The Treaty of Brest-Litovsk (3 March 1918)"
    assert event.decoded("dtstart") == datetime.date(1918, 3, 3)


def test_only_live_events_dated_to_the_day_are_in_the_feed(client):
    make_event(title="Live", start=datetime.date(1917, 3, 8))
    make_event(title="Draft", status=Status.DRAFT)
    make_event(
        title="A month", start=datetime.date(1917, 5, 1), start_precision="month"
    )
    assert [summary.split(" (")[0] for summary in anniversaries(get_feed(client))] == [
        "Live"
    ]


def test_uids_are_unique_and_survive_an_edit(client):
    first = make_event(title="First")
    make_event(title="Second")
    before = {str(e["summary"]): str(e["uid"]) for e in get_feed(client).walk("VEVENT")}
    assert len(set(before.values())) == 2
    first.title = "First, renamed"
    first.slug = "first-renamed"
    first.save()
    after = {str(e["summary"]): str(e["uid"]) for e in get_feed(client).walk("VEVENT")}
    assert after["First, renamed (1 June 1917)"] == before["First (1 June 1917)"]


def test_a_leap_day_anniversary_falls_on_the_last_day_of_february(client):
    make_event(title="Leap", start=datetime.date(1916, 2, 29))
    (event,) = get_feed(client).walk("VEVENT")
    assert event["rrule"]["BYMONTH"] == [2]
    assert event["rrule"]["BYMONTHDAY"] == [-1]


def test_the_timeline_page_links_the_feed(client):
    make_event()
    html = client.get("/timeline/").content.decode()
    assert 'href="/timeline/anniversaries.ics"' in html
    assert '<link rel="alternate" type="text/calendar"' in html


def test_feed_queries_do_not_grow_with_events(client, django_assert_max_num_queries):
    def count():
        with django_assert_max_num_queries(12) as captured:
            get_feed(client)
        return len(captured)

    make_event(period=make_period())
    one = count()
    for _ in range(29):
        make_event(period=make_period())
    assert count() == one
