"""``{% stars value %}``: a rating as text stars with an accessible label.

::

    {% load stars %}
    {% stars review.rating %}   → ★★★★☆ read as "4 out of 5 stars"
    {% stars book.average %}    → ★★★★★ read as "4.57 out of 5 stars"
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def stars(value):
    """Five stars, as many filled as ``value`` rounds to; nothing for None."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    filled = int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    filled = max(0, min(5, filled))
    shown = str(filled) if number == filled else number_format(number, 2)
    return format_html(
        '<span class="stars" role="img" aria-label="{}">'
        '<span class="stars__on">{}</span><span class="stars__off">{}</span></span>',
        _("%(rating)s out of 5 stars") % {"rating": shown},
        "★" * filled,
        "★" * (5 - filled),
    )
