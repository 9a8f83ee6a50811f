"""Dates in two calendars: Russia's Julian (Old Style) and the Gregorian (New Style).

Russia kept the Julian calendar until 31 January 1918 (O.S.); the next day was
14 February 1918 (N.S.). The site stores one Gregorian ``date`` per date, for
ordering and machine output, together with the calendar the source dated it
in and how precise it is. The other calendar is always computed, through
Julian Day Numbers, so any day of any century converts correctly (the gap is
10 days in 1582–1700, 12 in the 19th century, 13 from 1 March 1900 O.S.).

A Julian date is a ``(year, month, day)`` triple, never a ``date``: Python's
``date`` is Gregorian, and Julian days such as 29 February 1900 have no
Gregorian twin with the same numbers.

The three-field convention
--------------------------

A model keeps each dual date in three fields named after it::

    start            DateField   the day in the Gregorian calendar
    start_calendar   CharField   Calendar: the calendar the source used
    start_precision  CharField   Precision: day, month or year

``dual_date_fields()`` makes the three; ``dual_date(instance, "start")`` reads
them back as a ``DualDate``; ``{% dual_date event "start" %}`` renders them;
``october.core.forms.DualDateModelForm`` lets editors type the date in either
calendar. For month and year precision the stored day is the first of that
month or year in the source calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Final

from django.db import models
from django.db.models import F, Func, Q
from django.db.models.lookups import In
from django.utils.dates import MONTHS, MONTHS_ALT
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _


class Calendar(models.TextChoices):
    GREGORIAN = "gregorian", _("Gregorian (New Style)")
    JULIAN = "julian", _("Julian (Old Style)")


class Precision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


SWITCH_DATE: Final = date(1918, 2, 14)
"""The first day of the Gregorian calendar in Russia (1 February 1918 O.S.)."""

# The Julian Day Number of Gregorian 1 January of year 1, less date.toordinal()'s 1.
_ORDINAL_TO_JDN: Final = 1_721_425

Triple = tuple[int, int, int]


# Calendar arithmetic


def is_julian_leap_year(year: int) -> bool:
    """Every fourth year, centuries included (1700, 1800 and 1900 were leap)."""
    return year % 4 == 0


def is_gregorian_leap_year(year: int) -> bool:
    """Every fourth year, except centuries not divisible by 400."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int, *, calendar: Calendar | str) -> int:
    """How many days ``month`` of ``year`` has in ``calendar``."""
    if month == 2:
        leap = (
            is_julian_leap_year(year)
            if calendar == Calendar.JULIAN
            else is_gregorian_leap_year(year)
        )
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def validate_date(year: int, month: int, day: int, *, calendar: Calendar | str) -> None:
    """Raise ``ValueError`` with a message for editors unless the day exists.

    Years run from 1 to 9999, as for Python's ``date``.
    """
    calendar = Calendar(calendar)
    if not 1 <= year <= 9999:
        raise ValueError(gettext("The year must be between 1 and 9999."))
    if not 1 <= month <= 12:
        raise ValueError(gettext("The month must be between 1 and 12."))
    if not 1 <= day <= days_in_month(year, month, calendar=calendar):
        raise ValueError(
            gettext("%(date)s does not exist in the %(calendar)s calendar.")
            % {
                "date": day_text((year, month, day)),
                "calendar": _calendar_name(calendar),
            }
        )


def julian_to_jdn(year: int, month: int, day: int) -> int:
    """The Julian Day Number of a Julian calendar date (no validation)."""
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    return day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083


def jdn_to_julian(jdn: int) -> Triple:
    """The Julian calendar ``(year, month, day)`` of a Julian Day Number."""
    c = jdn + 32082
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = d - 4800 + m // 10
    return year, month, day


def julian_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian ``date`` of a Julian calendar day.

    >>> julian_to_gregorian(1917, 10, 25)
    datetime.date(1917, 11, 7)
    >>> julian_to_gregorian(1900, 2, 29)
    datetime.date(1900, 3, 13)

    Raises ``ValueError`` for a day the Julian calendar does not have, or one
    outside the Gregorian years 1 to 9999 (Julian 1 and 2 January of year 1,
    and the last days of Julian 9999).
    """
    validate_date(year, month, day, calendar=Calendar.JULIAN)
    ordinal = julian_to_jdn(year, month, day) - _ORDINAL_TO_JDN
    if ordinal < 1:
        raise ValueError(gettext("The date is too early to convert."))
    if ordinal > date.max.toordinal():
        # The last days of Julian 9999 fall in Gregorian 10000.
        raise ValueError(gettext("The date is too late to convert."))
    return date.fromordinal(ordinal)


def gregorian_to_julian(value: date) -> Triple:
    """The Julian calendar ``(year, month, day)`` of a Gregorian ``date``.

    >>> gregorian_to_julian(date(1917, 11, 7))
    (1917, 10, 25)
    """
    return jdn_to_julian(value.toordinal() + _ORDINAL_TO_JDN)


def to_gregorian(year: int, month: int, day: int, *, calendar: Calendar | str) -> date:
    """The Gregorian ``date`` of a day given in ``calendar``.

    Raises ``ValueError`` when that calendar has no such day.
    """
    if Calendar(calendar) == Calendar.JULIAN:
        return julian_to_gregorian(year, month, day)
    validate_date(year, month, day, calendar=Calendar.GREGORIAN)
    return date(year, month, day)


def calendar_gap(year: int, month: int, day: int) -> int:
    """How many days the Gregorian calendar is ahead of the Julian on the
    Julian day ``(year, month, day)``.

    The Julian calendar keeps every century year as a leap year; the
    Gregorian drops those not divisible by 400. Each dropped leap day widens
    the gap by one from the Julian 1 March of that year: 10 days from 1582, 11
    from 1 March 1700 O.S., 12 from 1 March 1800 O.S., 13 from 1 March 1900
    O.S. (so 29 February 1900 O.S. is still 12 days behind) and 14 from
    1 March 2100 O.S.

    >>> calendar_gap(1917, 10, 25)
    13
    >>> calendar_gap(1900, 2, 29)
    12
    """
    counted = year if month > 2 else year - 1
    return counted // 100 - counted // 400 - 2


def shows_both_calendars(gregorian: date, calendar: Calendar | str) -> bool:
    """Whether a date is shown in both calendars, Old Style first.

    Only dates the source gave in the Julian calendar and that fall before
    Russia's switch (``SWITCH_DATE``). The calendar field records that the
    date was reckoned in Russia's calendar; a Gregorian-sourced date (an event
    abroad, a death reported by a Western source) has no Old Style date worth
    showing, even before 1918.
    """
    return Calendar(calendar) == Calendar.JULIAN and gregorian < SWITCH_DATE


# Values


@dataclass(frozen=True, slots=True)
class DualDate:
    """One stored date: the Gregorian day, the source's calendar, the precision.

    ``calendar`` and ``precision`` also accept their plain string values.
    ``str(value)`` is ``value.format()``.
    """

    gregorian: date
    calendar: Calendar = Calendar.GREGORIAN
    precision: Precision = Precision.DAY

    def __post_init__(self) -> None:
        if not isinstance(self.gregorian, date):
            raise TypeError(f"gregorian must be a date, not {self.gregorian!r}.")
        object.__setattr__(self, "calendar", Calendar(self.calendar))
        object.__setattr__(self, "precision", Precision(self.precision))

    def __str__(self) -> str:
        return self.format()

    @classmethod
    def from_calendar(
        cls,
        year: int,
        month: int = 1,
        day: int = 1,
        *,
        calendar: Calendar | str,
        precision: Precision | str = Precision.DAY,
    ) -> DualDate:
        """The date an editor or a source gives, in ``calendar``.

        ``DualDate.from_calendar(1917, 10, 25, calendar="julian")`` is the
        October Revolution. Pass only the year (or year and month) for year
        (or month) precision. Raises ``ValueError`` for a day that
        ``calendar`` does not have.
        """
        return cls(
            to_gregorian(year, month, day, calendar=calendar), calendar, precision
        )

    @property
    def julian(self) -> Triple:
        """The same day in the Julian calendar, as ``(year, month, day)``."""
        return gregorian_to_julian(self.gregorian)

    @property
    def in_source_calendar(self) -> Triple:
        """The day as the source gives it, as ``(year, month, day)``."""
        if self.calendar == Calendar.JULIAN:
            return self.julian
        return self.gregorian.year, self.gregorian.month, self.gregorian.day

    @property
    def shows_both(self) -> bool:
        """Whether the site shows this date in both calendars."""
        return shows_both_calendars(self.gregorian, self.calendar)

    @property
    def iso(self) -> str:
        """The Gregorian date for ``<time datetime>``: "1917-11-07", "1917-11" or
        "1917", by precision.
        """
        g = self.gregorian
        if self.precision == Precision.YEAR:
            return f"{g.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{g.year:04d}-{g.month:02d}"
        return g.isoformat()

    def format(self) -> str:
        """The date in the site's style.

        "25 October (7 November) 1917", "1 March (14 March) 1917",
        "25 December 1916 (7 January 1917)"; one calendar only after the
        switch or for Gregorian sources: "7 November 1919". A month: "October
        1917", or "February 1917 (O.S.)" for a Julian one. A year: "1917".
        """
        return _formatted(self, self, get_language())

    def is_on_this_day(self, today: date) -> bool:
        """Whether ``today`` is this date's anniversary in either calendar.

        The Python twin of ``on_this_day_q()``; see there for the rules.
        """
        if self.precision != Precision.DAY:
            return False
        targets = anniversary_month_days(today)
        g = self.gregorian
        if (g.month, g.day) in targets:
            return True
        return self.calendar == Calendar.JULIAN and self.julian[1:] in targets


@dataclass(frozen=True, slots=True)
class DualDateRange:
    """A start and an optional end, formatted together.

    ``str(value)`` is ``value.format()``. The machine-readable values are
    ``start.iso`` and ``end.iso``.
    """

    start: DualDate
    end: DualDate | None = None

    def __str__(self) -> str:
        return self.format()

    def format(self) -> str:
        """The range in the site's style.

        "3–7 July (16–20 July) 1917", "28 June – 3 July (11–16 July) 1917",
        "18–24 June (1–7 July) 1917", "20 December 1916 – 2 January 1917
        (2–15 January 1917)", "16–20 July 1919". Without an end, or with an
        end equal to the start, it is the start alone.
        """
        return _formatted(self.start, self.end or self.start, get_language())


# Reading and declaring model fields


def dual_date(instance: Any, name: str) -> DualDate | None:
    """The dual date kept in ``instance``'s fields ``name``, ``name_calendar``
    and ``name_precision``; ``None`` when the date is empty.
    """
    value = getattr(instance, name)
    if value is None:
        return None
    return DualDate(
        value,
        getattr(instance, f"{name}_calendar"),
        getattr(instance, f"{name}_precision"),
    )


def dual_date_range(
    instance: Any, start: str = "start", end: str = "end"
) -> DualDateRange | None:
    """The range kept in ``instance``'s dual-date fields ``start`` and ``end``;
    ``None`` when the start is empty. The end may be empty.
    """
    first = dual_date(instance, start)
    if first is None:
        return None
    return DualDateRange(first, dual_date(instance, end))


def dual_date_fields(
    verbose_name: str,
    *,
    blank: bool = False,
    default_calendar: Calendar = Calendar.GREGORIAN,
) -> tuple[models.DateField, models.CharField, models.CharField]:
    """The three model fields of one dual date, for the class body::

        start, start_calendar, start_precision = dual_date_fields(_("start date"))

    A blank date is also nullable. The calendar defaults to Gregorian: a
    forgotten choice then shows the day exactly as typed, where a wrong
    Julian default would silently shift it by twelve or thirteen days.
    """
    return (
        models.DateField(
            verbose_name,
            null=blank,
            blank=blank,
            help_text=_("Stored in the Gregorian calendar (New Style)."),
        ),
        models.CharField(
            format_lazy("{} ({})", verbose_name, _("calendar")),
            max_length=10,
            choices=Calendar.choices,
            default=default_calendar,
            help_text=_("The calendar the source gives the date in."),
        ),
        models.CharField(
            format_lazy("{} ({})", verbose_name, _("precision")),
            max_length=5,
            choices=Precision.choices,
            default=Precision.DAY,
            help_text=_("How much of the date is known."),
        ),
    )


# On this day


def anniversary_month_days(today: date) -> list[tuple[int, int]]:
    """The ``(month, day)`` an anniversary may fall on ``today``.

    Today's own, and on 28 February of a common year also 29 February, so
    that leap-day dates are not skipped for three years in four.
    """
    pairs = [(today.month, today.day)]
    if (today.month, today.day) == (2, 28) and not is_gregorian_leap_year(today.year):
        pairs.append((2, 29))
    return pairs


def on_this_day_q(name: str, today: date) -> Q:
    """Match day-precision dates in the ``name`` fields whose anniversary is today.

    A date matches when its Gregorian month and day are today's, or when the
    source dated it in the Julian calendar and its Julian month and day are
    today's: the October Revolution (25 October O.S., 7 November N.S.) is
    found on 7 November and on 25 October. See ``anniversary_month_days()``
    for 29 February. The Julian day is computed in the database from the
    Julian Day Number, so it is exact in every century. PostgreSQL only.
    """
    return month_day_q(name, anniversary_month_days(today))


def month_day_q(name: str, month_days: list[tuple[int, int]]) -> Q:
    """Match day-precision dates in the ``name`` fields that fell on one of
    ``month_days`` (``(month, day)`` pairs) in either calendar: in the
    Gregorian, or in the Julian when the source dated them in it."""
    gregorian = Q(
        *(Q(**{f"{name}__month": m, f"{name}__day": d}) for m, d in month_days),
        _connector=Q.OR,
    )
    julian = Q(**{f"{name}_calendar": Calendar.JULIAN}) & Q(
        In(_julian_month_day_expression(name), [m * 100 + d for m, d in month_days])
    )
    return Q(**{f"{name}_precision": Precision.DAY}) & (gregorian | julian)


def _julian_month_day_expression(name: str) -> models.Expression:
    """SQL for ``month * 100 + day`` of a date field's day in the Julian calendar.

    ``jdn_to_julian()`` step by step; every operand is positive for years
    from 1, so PostgreSQL's truncating integer division is floor division.
    """
    # The date's ordinal as in ``date.toordinal()``, by plain date arithmetic:
    # far cheaper per row than formatting it with TO_CHAR(…, 'J').
    ordinal = Func(
        F(name),
        template="(%(expressions)s - DATE '0001-01-01' + 1)",
        output_field=models.IntegerField(),
    )
    jdn = ordinal + _ORDINAL_TO_JDN
    c = jdn + 32082
    d = (4 * c + 3) / 1461
    e = c - 1461 * d / 4
    m = (5 * e + 2) / 153
    day = e - (153 * m + 2) / 5 + 1
    month = m + 3 - 12 * (m / 10)
    return month * 100 + day


# Formatting
#
# The words and their order come from the interface language's catalogue
# (locale/<language>/LC_MESSAGES/django.po, context "dual date"), so one
# formatter writes every language's own style:
#
#   en  25 October (7 November) 1917        3–7 July (16–20 July) 1917
#   es  25 de octubre (7 de noviembre) de 1917
#   ru  25 октября (7 ноября) 1917 г.       3–7 июля (16–20 июля) 1917 г.
#
# Month names are Django's own: the form used after a day (``MONTHS_ALT``,
# genitive in Russian) and the form used alone (``MONTHS``).


def day_month(day: int, month: int) -> str:
    """ "25 October", "25 de octubre", "25 октября"."""
    return pgettext("dual date", "%(day)s %(month)s") % {
        "day": day,
        "month": MONTHS_ALT[month],
    }


def _with_year(text: str, year: int) -> str:
    """A day or a span of days with its year: "25 October 1917", "25 de
    octubre de 1917", "25 октября 1917 г."."""
    return pgettext("dual date", "%(date)s %(year)s") % {"date": text, "year": year}


def _year(year: int) -> str:
    return pgettext("dual date", "%(year)s") % {"year": year}


def _years(first: int, last: int) -> str:
    return pgettext("dual date", "%(first)s–%(last)s") % {"first": first, "last": last}


def _month_year(month: int, year: int) -> str:
    """ "October 1917", "octubre de 1917", "октябрь 1917 г."."""
    return pgettext("dual date", "%(month)s %(year)s") % {
        "month": MONTHS[month],
        "year": year,
    }


def _months_year(first: int, last: int, year: int) -> str:
    return pgettext("dual date", "%(first)s – %(last)s %(year)s") % {
        "first": MONTHS[first],
        "last": MONTHS[last],
        "year": year,
    }


def _old_style(text: str) -> str:
    """A month or year given in the Julian calendar: "February 1917 (O.S.)"."""
    return pgettext("dual date", "%(date)s (O.S.)") % {"date": text}


def day_text(value: Triple) -> str:
    """One day of one calendar, ``(year, month, day)``: "7 November 1917"."""
    return _with_year(day_month(value[2], value[1]), value[0])


def day_pattern() -> str:
    """``day_text()``'s pattern with "{day}", "{month}" and "{year}" for
    the script that shows editors the other calendar as they type
    (october/core/static/october/dual-date.js)."""
    return _with_year(
        pgettext("dual date", "%(day)s %(month)s")
        % {"day": "{day}", "month": "{month}"},
        "{year}",
    )


def _calendar_name(calendar: Calendar) -> str:
    return gettext("Julian") if calendar == Calendar.JULIAN else gettext("Gregorian")


def _span(first: Triple, last: Triple, *, with_year: bool) -> str:
    """ "3–7 July", "28 June – 3 July", "30 December 1916 – 2 January 1917"."""
    if first[0] != last[0]:
        return pgettext("dual date", "%(first)s – %(last)s") % {
            "first": day_text(first),
            "last": day_text(last),
        }
    if first == last:
        text = day_month(first[2], first[1])
    elif first[:2] == last[:2]:
        text = pgettext("dual date", "%(first)s–%(last)s %(month)s") % {
            "first": first[2],
            "last": last[2],
            "month": MONTHS_ALT[first[1]],
        }
    else:
        text = pgettext("dual date", "%(first)s – %(last)s") % {
            "first": day_month(first[2], first[1]),
            "last": day_month(last[2], last[1]),
        }
    return _with_year(text, first[0]) if with_year else text


def _gregorian_triple(value: date) -> Triple:
    return value.year, value.month, value.day


@lru_cache(maxsize=4096)
def _formatted(start: DualDate, end: DualDate, language: str | None) -> str:
    """``_format_range()`` in ``language``, the active one, remembered: a
    timeline page formats a hundred ranges, most of them seen before."""
    return _format_range(start, end)


def _format_range(start: DualDate, end: DualDate) -> str:
    if start.precision != end.precision or start.shows_both != end.shows_both:
        first, last = _format_range(start, start), _format_range(end, end)
        if first == last:
            return first
        return pgettext("dual date", "%(first)s – %(last)s") % {
            "first": first,
            "last": last,
        }
    both = start.shows_both
    first = start.julian if both else _gregorian_triple(start.gregorian)
    last = end.julian if both else _gregorian_triple(end.gregorian)

    if start.precision == Precision.YEAR:
        return _year(first[0]) if first[0] == last[0] else _years(first[0], last[0])

    if start.precision == Precision.MONTH:
        if first[:2] == last[:2]:
            text = _month_year(first[1], first[0])
        elif first[0] == last[0]:
            text = _months_year(first[1], last[1], first[0])
        else:
            text = pgettext("dual date", "%(first)s – %(last)s") % {
                "first": _month_year(first[1], first[0]),
                "last": _month_year(last[1], last[0]),
            }
        return _old_style(text) if both else text

    if not both:
        return _span(first, last, with_year=True)
    g_first = _gregorian_triple(start.gregorian)
    g_last = _gregorian_triple(end.gregorian)
    years = {first[0], last[0], g_first[0], g_last[0]}
    if len(years) == 1:
        return pgettext("dual date", "%(old)s (%(new)s) %(year)s") % {
            "old": _span(first, last, with_year=False),
            "new": _span(g_first, g_last, with_year=False),
            "year": first[0],
        }
    return pgettext("dual date", "%(old)s (%(new)s)") % {
        "old": _span(first, last, with_year=True),
        "new": _span(g_first, g_last, with_year=True),
    }
