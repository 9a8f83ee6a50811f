"""Books and readers' reviews in site search.

Reviews are searched only when the public may read them: approved, written,
and of a live book (``Review.objects.public()``).
"""

from october.core.search import SearchSource
from reviews.models import Book, Review

book_source = SearchSource(
    kind="book",
    label="Book",
    plural="Books",
    public=Book.objects.live,
    title_field="title",
    snippet_fields=("subtitle", "description"),
    html_fields=frozenset({"description"}),
    fuzzy_field="title",
    template="search/includes/book.html",
    for_display=lambda books: books.prefetch_related("authors"),
)

review_source = SearchSource(
    kind="review",
    label="Review",
    plural="Reviews",
    public=Review.objects.public,
    title_field="book__title",
    snippet_fields=("text",),
    title_prefix="Review of ",
    template="search/includes/review.html",
    for_display=lambda reviews: reviews.select_related("book", "reader"),
)
