"""Reading guides in site search."""

from guides.models import ReadingGuide
from october.core.search import SearchSource

guide_source = SearchSource(
    kind="guide",
    model=ReadingGuide,
    snippet_fields=("summary", "introduction"),
    fuzzy_field="title",
    for_display=lambda guides: guides.select_related("period"),
)
