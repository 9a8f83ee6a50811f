"""Timeline events in site search."""

from october.core.search import SearchSource
from timeline.models import Event

event_source = SearchSource(
    kind="event",
    label="Event",
    plural="Events",
    public=Event.objects.live,
    title_field="title",
    snippet_fields=("summary", "body"),
    html_fields=frozenset({"body"}),
    fuzzy_field="title",
    template="search/includes/event.html",
)
