import datetime
from datetime import date
from types import SimpleNamespace

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from hypothesis import assume, given
from hypothesis import strategies as st

from october.core.dates import (
    SWITCH_DATE,
    Calendar,
    DualDate,
    DualDateRange,
    Precision,
    anniversary_month_days,
    calendar_gap,
    days_in_month,
    dual_date,
    dual_date_range,
    gregorian_to_julian,
    julian_to_gregorian,
    on_this_day_q,
    shows_both_calendars,
)
from october.core.forms import DualDateFormField, DualDateModelForm, other_calendar_text
from tests.timeline.factories import make_event
from timeline.models import Event


def old_style(year, month=1, day=1, precision=Precision.DAY):
    return DualDate.from_calendar(
        year, month, day, calendar=Calendar.JULIAN, precision=precision
    )


def new_style(year, month=1, day=1, precision=Precision.DAY):
    return DualDate.from_calendar(
        year, month, day, calendar=Calendar.GREGORIAN, precision=precision
    )


# Conversion


@pytest.mark.parametrize(
    ("julian", "gregorian"),
    [
        ((1917, 10, 25), date(1917, 11, 7)),  # the October Revolution
        ((1879, 10, 26), date(1879, 11, 7)),  # Trotsky's birth, a 12-day gap
        ((1900, 2, 28), date(1900, 3, 12)),
        ((1900, 2, 29), date(1900, 3, 13)),  # a day only the Julian calendar has
        ((1900, 3, 1), date(1900, 3, 14)),  # the gap grows to 13 days
        ((1918, 1, 31), date(1918, 2, 13)),  # Russia's last Old Style day
        ((1916, 12, 25), date(1917, 1, 7)),  # the year rolls over
        ((1582, 10, 5), date(1582, 10, 15)),  # a 10-day gap
        ((1700, 2, 29), date(1700, 3, 11)),
        ((2100, 2, 29), date(2100, 3, 14)),
        ((1, 1, 3), date(1, 1, 1)),
    ],
)
def test_julian_dates_convert_to_the_same_day_in_the_gregorian_calendar(
    julian, gregorian
):
    assert julian_to_gregorian(*julian) == gregorian
    assert gregorian_to_julian(gregorian) == julian


def test_julian_19_to_31_december_fall_in_the_next_gregorian_year():
    assert julian_to_gregorian(1916, 12, 18) == date(1916, 12, 31)
    for day in range(19, 32):
        assert julian_to_gregorian(1916, 12, day).year == 1917


def test_every_fourth_julian_year_is_a_leap_year_centuries_included():
    assert days_in_month(1900, 2, calendar=Calendar.JULIAN) == 29
    assert days_in_month(1900, 2, calendar=Calendar.GREGORIAN) == 28
    assert days_in_month(2000, 2, calendar=Calendar.GREGORIAN) == 29


@pytest.mark.parametrize(
    ("julian", "message"),
    [
        ((1917, 2, 29), "29 February 1917 does not exist in the Julian calendar."),
        ((1900, 2, 30), "30 February 1900 does not exist in the Julian calendar."),
        ((1917, 4, 31), "31 April 1917 does not exist in the Julian calendar."),
        ((1917, 13, 1), "The month must be between 1 and 12."),
        ((0, 1, 1), "The year must be between 1 and 9999."),
        ((1, 1, 2), "The date is too early to convert."),
        ((9999, 12, 31), "The date is too late to convert."),
    ],
)
def test_a_day_the_julian_calendar_does_not_have_is_refused(julian, message):
    with pytest.raises(ValueError) as error:
        julian_to_gregorian(*julian)
    assert str(error.value) == message


@st.composite
def julian_days(draw):
    year = draw(st.integers(min_value=1, max_value=3000))
    month = draw(st.integers(min_value=1, max_value=12))
    day = draw(
        st.integers(
            min_value=1, max_value=days_in_month(year, month, calendar="julian")
        )
    )
    # Julian 1 and 2 January of year 1 fall before Python's first date.
    assume((year, month, day) >= (1, 1, 3))
    return year, month, day


@given(julian_days())
def test_julian_to_gregorian_and_back_is_the_same_day(julian):
    assert gregorian_to_julian(julian_to_gregorian(*julian)) == julian


@pytest.mark.parametrize(
    ("julian", "gap"),
    [
        ((1582, 10, 5), 10),
        ((1700, 2, 28), 10),
        ((1700, 3, 1), 11),
        ((1899, 12, 31), 12),
        ((1900, 2, 29), 12),  # still 12: the leap day the Gregorian lacks
        ((1900, 3, 1), 13),
        ((1917, 10, 25), 13),
        ((2100, 3, 1), 14),
    ],
)
def test_the_gap_between_the_calendars_grows_at_dropped_century_leap_days(julian, gap):
    assert calendar_gap(*julian) == gap


@given(julian_days())
def test_the_gap_is_the_difference_between_the_two_dates_of_a_day(julian):
    year, month, day = julian
    assume(not (month == 2 and day == 29))
    assume((year, month, day) <= (9999, 12, 18))
    gap = julian_to_gregorian(*julian) - date(year, month, day)
    assert gap.days == calendar_gap(*julian)


@given(st.dates(max_value=date(3000, 12, 31)))
def test_consecutive_gregorian_days_are_consecutive_julian_days(value):
    assume(value < date(3000, 12, 31))
    year, month, day = gregorian_to_julian(value)
    following = gregorian_to_julian(value + datetime.timedelta(days=1))
    if day < days_in_month(year, month, calendar="julian"):
        assert following == (year, month, day + 1)
    elif month < 12:
        assert following == (year, month + 1, 1)
    else:
        assert following == (year + 1, 1, 1)


# Which dates show both calendars


def test_only_julian_sourced_dates_before_the_switch_show_both_calendars():
    last_old_style_day = date(1918, 2, 13)
    assert shows_both_calendars(last_old_style_day, Calendar.JULIAN)
    assert not shows_both_calendars(SWITCH_DATE, Calendar.JULIAN)
    assert not shows_both_calendars(date(1917, 11, 7), Calendar.GREGORIAN)


# Formatting single dates


def test_old_style_dates_show_both_calendars_in_the_site_style():
    assert old_style(1917, 10, 25).format() == "25 October (7 November) 1917"
    assert str(old_style(1879, 10, 26)) == "26 October (7 November) 1879"


def test_the_month_is_repeated_when_it_is_the_same_in_both_calendars():
    assert old_style(1917, 3, 1).format() == "1 March (14 March) 1917"


def test_a_date_in_different_years_in_the_two_calendars_names_both_years():
    assert old_style(1916, 12, 25).format() == "25 December 1916 (7 January 1917)"


def test_the_last_old_style_day_shows_both_and_the_switch_day_one_date():
    assert old_style(1918, 1, 31).format() == "31 January (13 February) 1918"
    assert old_style(1918, 2, 1).format() == "14 February 1918"
    assert DualDate(SWITCH_DATE, Calendar.GREGORIAN).format() == "14 February 1918"


def test_an_event_of_1919_shows_one_date():
    assert new_style(1919, 11, 7).format() == "7 November 1919"


def test_a_gregorian_sourced_date_before_the_switch_is_shown_as_given():
    assert new_style(1917, 11, 7).format() == "7 November 1917"


def test_month_precision_shows_the_month_and_marks_old_style():
    assert old_style(1917, 2, precision=Precision.MONTH).format() == (
        "February 1917 (O.S.)"
    )
    assert new_style(1917, 10, precision=Precision.MONTH).format() == "October 1917"


def test_year_precision_shows_the_year():
    assert old_style(1870, precision=Precision.YEAR).format() == "1870"
    assert new_style(1891, precision=Precision.YEAR).format() == "1891"


def test_the_machine_date_is_gregorian_at_the_dates_precision():
    assert old_style(1917, 10, 25).iso == "1917-11-07"
    assert old_style(1917, 2, precision=Precision.MONTH).iso == "1917-02"
    assert new_style(1891, precision=Precision.YEAR).iso == "1891"
    assert new_style(800, 5, 3).iso == "0800-05-03"


def test_a_dual_date_gives_the_day_in_either_calendar():
    value = old_style(1917, 10, 25)
    assert value.gregorian == date(1917, 11, 7)
    assert value.julian == (1917, 10, 25)
    assert value.in_source_calendar == (1917, 10, 25)
    assert new_style(1917, 11, 7).in_source_calendar == (1917, 11, 7)


def test_a_dual_date_accepts_the_stored_strings_and_refuses_others():
    value = DualDate(date(1917, 11, 7), "julian", "day")
    assert value == old_style(1917, 10, 25)
    assert value.calendar is Calendar.JULIAN
    with pytest.raises(ValueError):
        DualDate(date(1917, 11, 7), "byzantine")


# Formatting ranges


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((1917, 7, 3), (1917, 7, 7), "3–7 July (16–20 July) 1917"),
        ((1917, 6, 28), (1917, 7, 3), "28 June – 3 July (11–16 July) 1917"),
        # Crosses a month in the Julian calendar only, then in the Gregorian only.
        ((1917, 6, 27), (1917, 7, 2), "27 June – 2 July (10–15 July) 1917"),
        ((1917, 6, 18), (1917, 6, 24), "18–24 June (1–7 July) 1917"),
        ((1917, 2, 23), (1917, 2, 27), "23–27 February (8–12 March) 1917"),
        (
            (1916, 12, 20),
            (1916, 12, 24),
            "20–24 December 1916 (2–6 January 1917)",
        ),
        (
            (1916, 12, 28),
            (1917, 1, 2),
            "28 December 1916 – 2 January 1917 (10–15 January 1917)",
        ),
    ],
)
def test_old_style_ranges_show_both_calendars(start, end, expected):
    assert DualDateRange(old_style(*start), old_style(*end)).format() == expected


def test_new_style_ranges_show_one_calendar():
    assert str(DualDateRange(new_style(1919, 7, 16), new_style(1919, 7, 20))) == (
        "16–20 July 1919"
    )
    assert DualDateRange(new_style(1919, 7, 30), new_style(1919, 8, 2)).format() == (
        "30 July – 2 August 1919"
    )
    assert DualDateRange(new_style(1919, 12, 30), new_style(1920, 1, 2)).format() == (
        "30 December 1919 – 2 January 1920"
    )


def test_a_range_without_an_end_or_ending_on_its_start_is_one_date():
    revolution = old_style(1917, 10, 25)
    assert DualDateRange(revolution).format() == "25 October (7 November) 1917"
    assert DualDateRange(revolution, revolution).format() == (
        "25 October (7 November) 1917"
    )


def test_a_range_across_the_switch_shows_each_end_as_it_is_shown_alone():
    span = DualDateRange(old_style(1918, 1, 30), new_style(1918, 2, 20))
    assert span.format() == "30 January (12 February) 1918 – 20 February 1918"


def test_ranges_of_months_and_years():
    months = DualDateRange(
        old_style(1917, 2, precision=Precision.MONTH),
        old_style(1917, 10, precision=Precision.MONTH),
    )
    assert months.format() == "February – October 1917 (O.S.)"
    years = DualDateRange(
        new_style(1917, precision=Precision.YEAR),
        new_style(1921, precision=Precision.YEAR),
    )
    assert years.format() == "1917–1921"


# Reading the three model fields


def test_dual_date_reads_a_models_three_fields():
    person = SimpleNamespace(
        birth=date(1879, 11, 7),
        birth_calendar="julian",
        birth_precision="day",
        death=None,
        death_calendar="gregorian",
        death_precision="day",
    )
    assert dual_date(person, "birth") == old_style(1879, 10, 26)
    assert dual_date(person, "death") is None
    assert dual_date_range(person, "death", "birth") is None
    assert dual_date_range(person, "birth", "death") == DualDateRange(
        old_style(1879, 10, 26)
    )


# Template tags


def render(template, **context):
    return Template("{% load dual_dates %}" + template).render(Context(context))


def july_days():
    return SimpleNamespace(
        start=date(1917, 7, 16),
        start_calendar="julian",
        start_precision="day",
        end=date(1917, 7, 20),
        end_calendar="julian",
        end_precision="day",
    )


def test_dual_date_tag_renders_a_time_element_with_the_gregorian_date():
    revolution = SimpleNamespace(
        start=date(1917, 11, 7), start_calendar="julian", start_precision="day"
    )
    assert render('{% dual_date event "start" %}', event=revolution) == (
        '<time datetime="1917-11-07">25 October (7 November) 1917</time>'
    )


def test_dual_date_range_tag_renders_the_range_dated_by_its_start():
    assert render('{% dual_date_range event "start" "end" %}', event=july_days()) == (
        '<time datetime="1917-07-16">3–7 July (16–20 July) 1917</time>'
    )


def test_an_empty_date_renders_nothing():
    person = SimpleNamespace(death=None)
    assert render('{% dual_date person "death" %}', person=person) == ""


def test_dual_time_filter_renders_a_dual_date_or_a_range():
    assert render("{{ value|dual_time }}", value=new_style(1891, precision="year")) == (
        '<time datetime="1891">1891</time>'
    )
    assert "3–7 July (16–20 July) 1917" in render(
        "{{ value|dual_time }}", value=dual_date_range(july_days())
    )


# The editors' form field


def clean(text, calendar="julian", precision="day", **kwargs):
    return DualDateFormField(**kwargs).clean([text, calendar, precision])


def clean_error(*args, **kwargs):
    with pytest.raises(ValidationError) as error:
        clean(*args, **kwargs)
    return error.value.messages


def test_form_field_stores_the_gregorian_day_of_a_julian_entry():
    assert clean("1917-10-25") == old_style(1917, 10, 25)
    assert clean("1917-10-25").gregorian == date(1917, 11, 7)
    assert clean("1919-11-07", "gregorian") == new_style(1919, 11, 7)


def test_form_field_takes_julian_29_february_1900_but_not_the_gregorian_one():
    assert clean("1900-02-29").gregorian == date(1900, 3, 13)
    assert clean_error("1900-02-29", "gregorian") == [
        "29 February 1900 does not exist in the Gregorian calendar."
    ]


@pytest.mark.parametrize(
    ("text", "precision", "message"),
    [
        (
            "1917-02-31",
            "day",
            "31 February 1917 does not exist in the Julian calendar.",
        ),
        ("1917-13-01", "day", "The month must be between 1 and 12."),
        ("25 October 1917", "day", "Type the date as YYYY-MM-DD, e.g. 1917-10-25."),
        ("1917-10", "day", "Type the date as YYYY-MM-DD, e.g. 1917-10-25."),
        ("1917-10-25", "month", "Type the month as YYYY-MM, e.g. 1917-10."),
        ("October", "year", "Type the year as YYYY, e.g. 1917."),
    ],
)
def test_form_field_explains_what_is_wrong_with_a_date(text, precision, message):
    assert clean_error(text, "julian", precision) == [message]


def test_form_field_takes_a_month_or_a_year_as_its_first_day():
    assert clean("1917-02", precision="month") == old_style(1917, 2, 1, "month")
    assert clean("1917", "gregorian", "year").gregorian == date(1917, 1, 1)


def test_an_empty_form_field_is_required_unless_optional():
    assert clean_error("") == ["This field is required."]
    assert clean("", required=False) is None


def test_widget_shows_the_date_as_entered_and_the_other_calendar():
    html = DualDateFormField().widget.render(
        "start", old_style(1917, 10, 25), attrs={"id": "id_start"}
    )
    assert 'name="start" value="1917-10-25"' in html
    assert 'name="start_calendar"' in html
    assert '<option value="julian" selected>' in html
    assert 'name="start_precision"' in html
    assert 'for="id_start_0 id_start_1 id_start_2"' in html
    assert "= 7 November 1917 (New Style)</output>" in html
    assert other_calendar_text(new_style(1917, 11, 7)) == (
        "= 25 October 1917 (Old Style)"
    )


def test_widget_loads_its_script_as_a_file():
    assert "october/dual-date.js" in str(DualDateFormField().widget.media)


# The editors' model form


class EventForm(DualDateModelForm):
    class Meta:
        model = Event
        fields = ["title", "start", "end"]


def test_model_form_folds_the_three_fields_into_one():
    form_fields = EventForm.base_fields
    assert isinstance(form_fields["start"], DualDateFormField)
    assert form_fields["start"].required
    assert not form_fields["end"].required
    assert "start_calendar" not in form_fields
    assert EventForm.dual_date_names == ("start", "end")


def test_model_form_with_all_fields_drops_the_calendar_and_precision_fields():
    form_class = forms.modelform_factory(
        Event, form=DualDateModelForm, fields="__all__"
    )
    assert "start_calendar" not in form_class.base_fields
    assert "end_precision" not in form_class.base_fields
    assert isinstance(form_class.base_fields["end"], DualDateFormField)


def test_model_form_opens_a_date_in_the_calendar_it_was_entered_in():
    event = Event(
        start=date(1917, 11, 7), start_calendar="julian", start_precision="day"
    )
    html = str(EventForm(instance=event)["start"])
    assert 'value="1917-10-25"' in html
    assert '<option value="julian" selected>' in html


@pytest.mark.django_db
def test_model_form_writes_the_three_fields_back():
    event = make_event(start=date(1917, 6, 1))
    data = {
        "title": "The October Revolution",
        "start": "1917-10-25",
        "start_calendar": "julian",
        "start_precision": "day",
        "end": "",
        "end_calendar": "gregorian",
        "end_precision": "day",
    }
    form = EventForm(data, instance=event)
    assert form.is_valid(), form.errors
    assert form.cleaned_dual_dates["start"] == old_style(1917, 10, 25)
    form.save()
    event.refresh_from_db()
    assert (event.start, event.start_calendar, event.start_precision) == (
        date(1917, 11, 7),
        "julian",
        "day",
    )
    assert event.end is None


@pytest.mark.django_db
def test_model_form_reports_an_impossible_date_on_the_field():
    form = EventForm(
        {
            "title": "Nowhere",
            "start": "1917-02-30",
            "start_calendar": "julian",
            "start_precision": "day",
            "end_calendar": "gregorian",
            "end_precision": "day",
        }
    )
    assert form.errors["start"] == [
        "30 February 1917 does not exist in the Julian calendar."
    ]


# On this day


def test_anniversaries_fall_on_todays_day_and_on_28_february_for_leap_days():
    assert anniversary_month_days(date(2026, 11, 7)) == [(11, 7)]
    assert anniversary_month_days(date(2026, 2, 28)) == [(2, 28), (2, 29)]
    assert anniversary_month_days(date(2028, 2, 28)) == [(2, 28)]
    assert anniversary_month_days(date(2028, 2, 29)) == [(2, 29)]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 7), True),  # its New Style day
        (date(2026, 10, 25), True),  # its Old Style day
        (date(2026, 10, 26), False),
        (date(2026, 11, 8), False),
    ],
)
def test_an_old_style_date_is_on_this_day_in_either_calendar(today, expected):
    assert old_style(1917, 10, 25).is_on_this_day(today) is expected


def test_a_new_style_date_is_on_this_day_only_on_its_own_day():
    assert new_style(1919, 11, 7).is_on_this_day(date(2026, 11, 7))
    assert not new_style(1919, 11, 7).is_on_this_day(date(2026, 10, 25))


def test_on_this_day_uses_the_gap_of_the_dates_own_century():
    trotsky_born = old_style(1879, 10, 26)
    assert trotsky_born.is_on_this_day(date(2026, 10, 26))
    assert not trotsky_born.is_on_this_day(date(2026, 10, 25))


def test_leap_days_are_remembered_on_28_february_of_common_years():
    julian_leap_day = old_style(1900, 2, 29)
    assert julian_leap_day.is_on_this_day(date(2028, 2, 29))
    assert julian_leap_day.is_on_this_day(date(2026, 2, 28))
    assert not julian_leap_day.is_on_this_day(date(2028, 2, 28))


def test_only_dates_known_to_the_day_have_a_day():
    assert not old_style(1917, 10, precision="month").is_on_this_day(date(2026, 10, 1))


SAMPLE_DATES = [
    old_style(1917, 10, 25),
    old_style(1879, 10, 26),
    old_style(1900, 2, 28),
    old_style(1900, 2, 29),
    old_style(1900, 3, 1),
    old_style(1916, 12, 25),
    old_style(1917, 2, 23),
    old_style(1800, 2, 29),
    old_style(1700, 3, 1),
    old_style(2000, 2, 29),
    old_style(1917, 10, precision="month"),
    new_style(1919, 11, 7),
    new_style(1917, 10, 25),
    new_style(1916, 2, 29),
    new_style(1, 1, 1),
]
SAMPLE_TODAYS = [
    date(2026, 11, 7),
    date(2026, 10, 25),
    date(2026, 10, 26),
    date(2026, 10, 1),
    date(2026, 2, 28),
    date(2028, 2, 28),
    date(2028, 2, 29),
    date(2026, 3, 1),
    date(2026, 3, 13),
    date(2026, 3, 14),
    date(2026, 12, 25),
    date(2026, 1, 7),
    date(2026, 1, 1),
    date(2026, 12, 30),
]


@pytest.mark.django_db
def test_on_this_day_query_agrees_with_the_python_rule():
    events = {
        make_event(
            start=value.gregorian,
            start_calendar=value.calendar,
            start_precision=value.precision,
        ).pk: value
        for value in SAMPLE_DATES
    }
    for today in SAMPLE_TODAYS:
        found = set(
            Event.objects.filter(on_this_day_q("start", today)).values_list(
                "pk", flat=True
            )
        )
        expected = {pk for pk, value in events.items() if value.is_on_this_day(today)}
        assert found == expected, today
    october_25 = Event.objects.filter(on_this_day_q("start", date(2026, 10, 25)))
    assert {events[pk] for pk in october_25.values_list("pk", flat=True)} == {
        old_style(1917, 10, 25),
        new_style(1917, 10, 25),
    }
