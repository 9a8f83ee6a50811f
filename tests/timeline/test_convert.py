"""The calendar converter: /timeline/convert/?date=…&calendar=julian|gregorian."""

import datetime

import pytest

from tests.timeline.factories import make_event

pytestmark = pytest.mark.django_db


def convert(client, date, calendar):
    return client.get("/timeline/convert/", {"date": date, "calendar": calendar})


def result(response):
    return response.context["conversion"]


def test_the_form_alone_asks_for_a_date_without_needing_javascript(client):
    response = client.get("/timeline/convert/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form class="form converter-form" method="get"' in html
    assert 'name="date"' in html
    assert 'value="julian"' in html and 'value="gregorian"' in html
    assert "<script" not in html.split('<main id="main"')[1].split("</main>")[0]


def test_an_old_style_date_is_given_in_the_new_style_with_weekday_and_gap(client):
    response = convert(client, "1917-10-25", "julian")
    assert response.status_code == 200
    conversion = result(response)
    assert conversion.gregorian == datetime.date(1917, 11, 7)
    assert conversion.gap == 13
    html = response.content.decode()
    assert "7 November 1917" in html
    assert "Wednesday" in html
    assert "13 days" in html
    assert "13 from 1 March 1900" in html


def test_a_new_style_date_is_given_in_the_old_style(client):
    response = convert(client, "1918-03-03", "gregorian")
    assert result(response).julian == (1918, 2, 18)
    html = response.content.decode()
    assert "18 February 1918" in html
    assert "Sunday" in html
    assert "Russia used the Gregorian calendar" in html


def test_the_nineteenth_century_gap_is_twelve_days(client):
    response = convert(client, "1879-10-26", "julian")  # Trotsky's birth
    assert result(response).gregorian == datetime.date(1879, 11, 7)
    assert "12 days" in response.content.decode()


def test_29_february_1900_exists_in_the_julian_calendar_only(client):
    julian = convert(client, "1900-02-29", "julian")
    assert julian.status_code == 200
    assert result(julian).gregorian == datetime.date(1900, 3, 13)
    assert result(julian).gap == 12
    gregorian = convert(client, "1900-02-29", "gregorian")
    assert gregorian.status_code == 400
    assert (
        "29 February 1900 does not exist in the Gregorian calendar"
        in gregorian.content.decode()
    )
    assert "It does exist in the Julian calendar" in gregorian.content.decode()


@pytest.mark.parametrize("calendar", ["julian", "gregorian"])
def test_30_february_is_a_clear_error_in_either_calendar(client, calendar):
    response = convert(client, "1917-02-30", calendar)
    assert response.status_code == 400
    assert "February has at most 29 days" in response.content.decode()


@pytest.mark.parametrize(
    ("date", "calendar", "message"),
    [
        ("yesterday", "julian", "Write the date as year-month-day"),
        ("1917-1O-25", "julian", "Write the date as year-month-day"),
        ("0000-01-01", "julian", "The year must be between 1 and 9999."),
        ("99999-01-01", "gregorian", "Write the date as year-month-day"),
        ("9999-12-31", "julian", "The date is too late to convert."),
        ("0001-01-01", "julian", "The date is too early to convert."),
        ("1917-13-01", "gregorian", "The month must be between 1 and 12."),
        ("1917-04-31", "julian", "April has 30 days"),
        ("1917-10-25", "hebrew", "Select a valid choice."),
        ("1917-10-25", "", "This field is required."),
        ("", "julian", "This field is required."),
        ("1" * 5000, "julian", "Ensure this value has at most 20 characters"),
        ("<b>1917</b>", "julian", "Write the date as year-month-day"),
    ],
)
def test_hostile_or_impossible_input_is_a_form_error_not_a_failure(
    client, date, calendar, message
):
    response = convert(client, date, calendar)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "<b>1917</b>" not in html


def test_repeated_or_odd_parameters_are_still_a_form_error(client):
    response = client.get("/timeline/convert/?date=1917-10-25&date=x&calendar[]=julian")
    assert response.status_code == 400


def test_the_events_of_that_day_are_listed(client):
    make_event(
        title="The October Revolution",
        start=datetime.date(1917, 11, 7),
        start_calendar="julian",
        end=datetime.date(1917, 11, 8),
        end_calendar="julian",
    )
    make_event(
        title="The July Days",
        start=datetime.date(1917, 7, 16),
        start_calendar="julian",
        end=datetime.date(1917, 7, 20),
        end_calendar="julian",
    )
    html = convert(client, "1917-10-26", "julian").content.decode()
    assert "The October Revolution" in html
    assert "The July Days" not in html
    assert "The July Days" in convert(client, "1917-07-05", "julian").content.decode()
    assert (
        "Nothing on the timeline happened on this day."
        in convert(client, "1917-01-01", "julian").content.decode()
    )


def test_links_convert_back_and_to_that_day_in_other_years(client):
    html = convert(client, "1917-10-25", "julian").content.decode()
    assert 'href="/timeline/convert/?date=1917-11-07&amp;calendar=gregorian"' in html
    assert 'href="/timeline/on-this-day/?month=10&amp;day=25"' in html
    back = convert(client, "1917-11-07", "gregorian").content.decode()
    assert 'href="/timeline/convert/?date=1917-10-25&amp;calendar=julian"' in back


def test_converter_queries_do_not_grow_with_events(
    client, django_assert_max_num_queries
):
    def count():
        with django_assert_max_num_queries(12) as captured:
            convert(client, "1917-10-25", "julian")
        return len(captured)

    make_event(start=datetime.date(1917, 11, 7), start_calendar="julian")
    one = count()
    for _ in range(29):
        make_event(start=datetime.date(1917, 11, 7), start_calendar="julian")
    assert count() == one
