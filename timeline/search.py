"""Timeline events in site search."""

from october.core.search import SearchSource
from timeline.models import Event

event_source = SearchSource(
    kind="event",
    model=Event,
    snippet_fields=("summary", "body"),
    fuzzy_field="title",
)
