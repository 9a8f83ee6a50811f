"""Forms of the timeline's tools: the calendar converter and "on this day".

Both are GET forms that work without JavaScript, so their fields are the
query parameters (``?date=1917-10-25&calendar=julian``,
``?month=10&day=25``). Anything that is not a date either calendar has is a
form error, never an exception.
"""

import re
from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from october.core.dates import (
    Calendar,
    calendar_gap,
    days_in_month,
    gregorian_to_julian,
    is_gregorian_leap_year,
    is_julian_leap_year,
    to_gregorian,
)

ISO_DATE = re.compile(r"(\d{1,4})-(\d{1,2})-(\d{1,2})")
# The first day of the Gregorian calendar anywhere (Rome, 15 October 1582).
GREGORIAN_REFORM = date(1582, 10, 15)
# Russia's last Julian day and first Gregorian one.
LAST_OLD_STYLE_DAY = date(1918, 2, 13)


@dataclass(frozen=True)
class Conversion:
    """One day in both calendars."""

    gregorian: date
    julian: tuple[int, int, int]
    given_in: Calendar

    @property
    def gap(self) -> int:
        """Days the Gregorian calendar is ahead of the Julian on this day."""
        return calendar_gap(*self.julian)

    @property
    def weekday(self) -> str:
        """The same in both calendars: the reform skipped dates, not days."""
        return WEEKDAYS[self.gregorian.weekday()]

    @property
    def julian_text(self) -> str:
        year, month, day = self.julian
        return f"{day} {MONTHS[month]} {year}"

    @property
    def gregorian_text(self) -> str:
        value = self.gregorian
        return f"{value.day} {MONTHS[value.month]} {value.year}"

    @property
    def julian_iso(self) -> str:
        year, month, day = self.julian
        return f"{year:04d}-{month:02d}-{day:02d}"

    @property
    def before_gregorian_reform(self) -> bool:
        return self.gregorian < GREGORIAN_REFORM

    @property
    def russia_used(self) -> Calendar:
        """The calendar Russia's civil life used on this day."""
        if self.gregorian <= LAST_OLD_STYLE_DAY:
            return Calendar.JULIAN
        return Calendar.GREGORIAN


class ConvertForm(forms.Form):
    date = forms.CharField(
        label=_("Date"),
        max_length=20,
        help_text=_("Year, month and day, e.g. 1917-10-25."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "size": 12}
        ),
    )
    calendar = forms.ChoiceField(
        label=_("Calendar of that date"),
        choices=[
            (Calendar.JULIAN.value, _("Julian (Old Style), as in Russia until 1918")),
            (Calendar.GREGORIAN.value, _("Gregorian (New Style)")),
        ],
        initial=Calendar.JULIAN.value,
        widget=forms.RadioSelect,
    )

    def clean(self):
        cleaned = super().clean()
        text, calendar = cleaned.get("date"), cleaned.get("calendar")
        if text is None or calendar is None:
            return cleaned
        match = ISO_DATE.fullmatch(text.strip())
        if not match:
            raise forms.ValidationError(
                {
                    "date": gettext(
                        "Write the date as year-month-day with digits only, "
                        "e.g. 1917-10-25. Years run from 1 to 9999."
                    )
                },
                code="format",
            )
        year, month, day = (int(part) for part in match.groups())
        try:
            gregorian = to_gregorian(year, month, day, calendar=calendar)
        except ValueError as error:
            raise forms.ValidationError(
                {"date": impossible_date_message(year, month, day, calendar, error)},
                code="impossible",
            ) from None
        cleaned["conversion"] = Conversion(
            gregorian=gregorian,
            julian=gregorian_to_julian(gregorian),
            given_in=Calendar(calendar),
        )
        return cleaned


def impossible_date_message(year, month, day, calendar, error) -> str:
    """Why the day does not exist, with the leap-year rule when it applies."""
    if (month, day) == (2, 29) and 1 <= year <= 9999:
        if calendar == Calendar.GREGORIAN and is_julian_leap_year(year):
            return gettext(
                "29 February %(year)s does not exist in the Gregorian calendar: "
                "a century year is a leap year there only when it divides by "
                "400. It does exist in the Julian calendar, where every fourth "
                "year is a leap year."
            ) % {"year": year}
        if not is_gregorian_leap_year(year) and not is_julian_leap_year(year):
            return gettext(
                "29 February %(year)s does not exist: %(year)s is not a leap "
                "year in either calendar."
            ) % {"year": year}
    if 1 <= month <= 12 and day > 31:
        return gettext("No month has more than 31 days.")
    if month == 2 and day > 29:
        return gettext("February has at most 29 days, in either calendar.")
    if month in (4, 6, 9, 11) and day == 31:
        return gettext("%(month)s has 30 days, in either calendar.") % {
            "month": MONTHS[month]
        }
    return str(error)


class DayForm(forms.Form):
    """A day of the year, the same in any year: 29 February is allowed."""

    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        choices=[(number, name) for number, name in MONTHS.items()],
    )
    day = forms.TypedChoiceField(
        label=_("Day"),
        coerce=int,
        choices=[(number, number) for number in range(1, 32)],
    )

    def clean(self):
        cleaned = super().clean()
        month, day = cleaned.get("month"), cleaned.get("day")
        if month is None or day is None:
            return cleaned
        # 2000 was a leap year in both calendars, so it has every day.
        if day > days_in_month(2000, month, calendar=Calendar.GREGORIAN):
            raise forms.ValidationError(
                {"day": impossible_date_message(2000, month, day, "", "")},
                code="impossible",
            )
        return cleaned
