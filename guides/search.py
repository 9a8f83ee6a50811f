"""Reading guides in site search."""

from guides.models import ReadingGuide
from october.core.search import SearchSource

guide_source = SearchSource(
    kind="guide",
    label="Reading guide",
    plural="Reading guides",
    public=ReadingGuide.objects.live,
    title_field="title",
    snippet_fields=("summary", "introduction"),
    html_fields=frozenset({"introduction"}),
    fuzzy_field="title",
    template="search/includes/guide.html",
    for_display=lambda guides: guides.select_related("period"),
)
