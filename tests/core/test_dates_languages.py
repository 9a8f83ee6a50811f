"""Dual dates in each interface language's own style, against hand-checked
strings: English, Spanish ("de", lower-case months) and Russian (genitive
months after a day, "г." after the year)."""

import datetime
import json

import pytest
import time_machine
from django.utils import translation

from october.core.dates import (
    DualDate,
    DualDateRange,
    day_pattern,
    day_text,
    validate_date,
)
from tests.people.factories import make_person
from tests.timeline.factories import make_event


def julian(*parts, **kwargs):
    return DualDate.from_calendar(*parts, calendar="julian", **kwargs)


OCTOBER = julian(1917, 10, 25)
JULY_DAYS = DualDateRange(julian(1917, 7, 3), julian(1917, 7, 7))
ACROSS_MONTHS = DualDateRange(julian(1917, 6, 28), julian(1917, 7, 3))
ACROSS_YEARS = DualDateRange(julian(1916, 12, 20), julian(1917, 1, 2))
CHRISTMAS_1916 = julian(1916, 12, 25)
FEBRUARY = julian(1917, 2, precision="month")
YEAR = julian(1917, precision="year")
AFTER_THE_SWITCH = DualDate(datetime.date(1919, 11, 7))
TROTSKY_BORN = julian(1879, 10, 26)
GREGORIAN_RANGE = DualDateRange(
    DualDate(datetime.date(1919, 7, 16)), DualDate(datetime.date(1919, 7, 20))
)
MONTHS_ACROSS_YEARS = DualDateRange(
    julian(1916, 12, precision="month"), julian(1917, 2, precision="month")
)

EXPECTED = {
    "en": [
        "25 October (7 November) 1917",
        "3–7 July (16–20 July) 1917",
        "28 June – 3 July (11–16 July) 1917",
        "20 December 1916 – 2 January 1917 (2–15 January 1917)",
        "25 December 1916 (7 January 1917)",
        "February 1917 (O.S.)",
        "1917",
        "7 November 1919",
        "26 October (7 November) 1879",
        "16–20 July 1919",
        "December 1916 – February 1917 (O.S.)",
    ],
    "es": [
        "25 de octubre (7 de noviembre) de 1917",
        "3–7 de julio (16–20 de julio) de 1917",
        "28 de junio – 3 de julio (11–16 de julio) de 1917",
        "20 de diciembre de 1916 – 2 de enero de 1917 (2–15 de enero de 1917)",
        "25 de diciembre de 1916 (7 de enero de 1917)",
        "febrero de 1917 (calendario juliano)",
        "1917",
        "7 de noviembre de 1919",
        "26 de octubre (7 de noviembre) de 1879",
        "16–20 de julio de 1919",
        "diciembre de 1916 – febrero de 1917 (calendario juliano)",
    ],
    "ru": [
        "25 октября (7 ноября) 1917 г.",
        "3–7 июля (16–20 июля) 1917 г.",
        "28 июня – 3 июля (11–16 июля) 1917 г.",
        "20 декабря 1916 г. – 2 января 1917 г. (2–15 января 1917 г.)",
        "25 декабря 1916 г. (7 января 1917 г.)",
        "Февраль 1917 г. (по ст. ст.)",
        "1917 г.",
        "7 ноября 1919 г.",
        "26 октября (7 ноября) 1879 г.",
        "16–20 июля 1919 г.",
        "Декабрь 1916 г. – Февраль 1917 г. (по ст. ст.)",
    ],
}
VALUES = [
    OCTOBER,
    JULY_DAYS,
    ACROSS_MONTHS,
    ACROSS_YEARS,
    CHRISTMAS_1916,
    FEBRUARY,
    YEAR,
    AFTER_THE_SWITCH,
    TROTSKY_BORN,
    GREGORIAN_RANGE,
    MONTHS_ACROSS_YEARS,
]


@pytest.mark.parametrize("language", ["en", "es", "ru"])
def test_dates_are_written_in_each_languages_own_style(language):
    with translation.override(language):
        assert [value.format() for value in VALUES] == EXPECTED[language]


def test_str_follows_the_active_language():
    with translation.override("ru"):
        assert str(OCTOBER) == "25 октября (7 ноября) 1917 г."
    assert str(OCTOBER) == "25 October (7 November) 1917"


def test_one_day_and_the_editors_pattern_in_each_language():
    with translation.override("es"):
        assert day_text((1918, 2, 14)) == "14 de febrero de 1918"
        assert day_pattern() == "{day} de {month} de {year}"
    with translation.override("ru"):
        assert day_text((1918, 2, 14)) == "14 февраля 1918 г."
        assert day_pattern() == "{day} {month} {year} г."


def test_an_impossible_day_is_named_in_the_editors_language():
    with translation.override("ru"), pytest.raises(ValueError) as error:
        validate_date(1917, 2, 30, calendar="julian")
    assert str(error.value) == "Даты 30 февраля 1917 г. нет в юлианском календаре."


# On pages


@pytest.mark.django_db
def test_a_persons_life_dates_in_russian_and_spanish(client):
    person = make_person(
        display_name="L. Trotsky",
        slug="trotsky",
        birth=datetime.date(1879, 11, 7),
        birth_calendar="julian",
        birth_place="Yanovka",
    )
    ru = client.get("/ru" + person.get_absolute_url()).content.decode()
    assert (
        'Род. <time datetime="1879-11-07">26 октября (7 ноября) 1879 г.</time>, Yanovka'
        in ru
    )
    es = client.get("/es" + person.get_absolute_url()).content.decode()
    assert (
        'Nacimiento: <time datetime="1879-11-07">26 de octubre (7 de noviembre) de '
        "1879</time>, Yanovka" in es
    )


@pytest.mark.django_db
def test_on_this_day_names_today_in_both_calendars_in_each_language(client):
    with time_machine.travel(datetime.datetime(2025, 11, 7, 12, tzinfo=datetime.UTC)):
        ru = client.get("/ru/timeline/on-this-day/").content.decode()
        es = client.get("/es/timeline/on-this-day/").content.decode()
    assert (
        'Сегодня <time datetime="2025-11-07">7 ноября</time>, а по юлианскому '
        "календарю, которым Россия пользовалась до 1918 года, — 25 октября." in ru
    )
    assert (
        'Hoy es <time datetime="2025-11-07">7 de noviembre</time>, es decir, 25 de '
        "octubre según el calendario juliano que Rusia usó hasta 1918." in es
    )


@pytest.mark.django_db
def test_the_timeline_json_writes_display_dates_in_the_interface_language(client):
    make_event(
        title="The July Days",
        start=datetime.date(1917, 7, 16),
        start_calendar="julian",
        end=datetime.date(1917, 7, 20),
        end_calendar="julian",
    )
    for prefix, expected in (
        ("", "3–7 July (16–20 July) 1917"),
        ("/es", "3–7 de julio (16–20 de julio) de 1917"),
        ("/ru", "3–7 июля (16–20 июля) 1917 г."),
    ):
        data = json.loads(client.get(prefix + "/timeline/timeline.json").content)
        assert data["events"][0]["display_date"] == expected
