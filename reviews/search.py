"""Books and readers' reviews in site search.

Reviews are searched only when the public may read them: approved, written,
and of a live book (``Review.objects.public()``).
"""

from django.utils.translation import gettext_lazy as _

from october.core.search import SearchSource
from reviews.models import Book, Review

book_source = SearchSource(
    kind="book",
    model=Book,
    snippet_fields=("subtitle", "description"),
    fuzzy_field="title",
    for_display=lambda books: books.prefetch_related("authors"),
)

review_source = SearchSource(
    kind="review",
    model=Review,
    public=Review.objects.public,
    title_field="book__title",
    snippet_fields=("text",),
    title_prefix=_("Review of "),
    for_display=lambda reviews: reviews.select_related(
        "book", "reader__reader_profile"
    ),
)
