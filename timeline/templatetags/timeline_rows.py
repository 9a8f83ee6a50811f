"""``{% timeline_event event %}``: one event as a row of a vertical timeline.

Its date (both calendars where they apply), its title linked to its page,
its summary and its place. The timeline shows a hundred of these a page, so
the row is built here in Python, about ten times faster than an included
template; the HTML is the same.

``heading`` is "h3" by default, "h2" when the list has no period headings,
"h4" under an h3. With ``anchor``, the row is the target of
``#event-<slug>``, the address the visual timeline gives each event.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from october.core.templatetags.dual_dates import dual_date_range_tag

register = template.Library()

HEADINGS = ("h2", "h3", "h4")


@register.simple_tag
def timeline_event(event, heading: str = "h3", anchor: bool = False) -> SafeString:
    heading = heading if heading in HEADINGS else "h3"
    return format_html(
        '<li class="timeline__event"{}>\n'
        '  <p class="timeline__date">{}</p>\n'
        '  <div class="timeline__card">\n'
        '    <{} class="timeline__title"><a href="{}">{}</a></{}>\n'
        "    <p>{}</p>\n"
        "    {}\n"
        "  </div>\n"
        "</li>\n",
        format_html(' id="event-{}"', event.slug) if anchor else "",
        dual_date_range_tag(event),
        heading,
        event.get_absolute_url(),
        event.title,
        heading,
        event.summary,
        format_html('<p class="meta">{}</p>', event.place) if event.place else "",
    )
