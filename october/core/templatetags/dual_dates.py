"""Dual-calendar dates in ``<time>`` elements.

::

    {% load dual_dates %}
    {% dual_date person "birth" %}
    {% dual_date_range event "start" "end" %}
    {{ some_dual_date|dual_time }}

render ``<time datetime="1879-11-07">26 October (7 November) 1879</time>``.
``datetime`` holds the Gregorian date at its precision ("1917", "1917-02");
for a range it is the start, as an HTML ``<time>`` holds a single date. An
empty date renders nothing.
"""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from october.core.dates import DualDate, DualDateRange, dual_date_range
from october.core.dates import dual_date as read_dual_date

register = template.Library()


@register.filter
def dual_time(value: DualDate | DualDateRange | None) -> SafeString | str:
    """A ``DualDate`` or ``DualDateRange`` as a ``<time>`` element."""
    if value is None:
        return ""
    first = value.start if isinstance(value, DualDateRange) else value
    return format_html('<time datetime="{}">{}</time>', first.iso, value.format())


@register.simple_tag
def dual_date(instance: Any, name: str) -> SafeString | str:
    """The date kept in ``instance``'s fields ``name``, ``name_calendar`` and
    ``name_precision``.
    """
    return dual_time(read_dual_date(instance, name))


@register.simple_tag(name="dual_date_range")
def dual_date_range_tag(
    instance: Any, start: str = "start", end: str = "end"
) -> SafeString | str:
    """The range kept in ``instance``'s dual-date fields ``start`` and ``end``
    (the end may be empty).
    """
    return dual_time(dual_date_range(instance, start, end))
