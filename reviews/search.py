"""Books and readers' reviews in site search.

Reviews are searched only when the public may read them: approved, written,
and of a live book (``Review.objects.public()``).
"""

from django.utils.translation import gettext_lazy as _

from october.core.search import Related, SearchSource
from reviews.models import Book, Review

book_source = SearchSource(
    kind="book",
    model=Book,
    snippet_fields=("subtitle", "description"),
    fuzzy_field="title",
    # A person's books come straight after the person, above what mentions them.
    related=(Related("authors", boost=2.0),),
    for_display=lambda books: books.prefetch_related("authors"),
)

review_source = SearchSource(
    kind="review",
    model=Review,
    public=Review.objects.public,
    title_field="book__title",
    snippet_fields=("text",),
    title_prefix=_("Review of "),
    # A review's title is its book's: naming the book finds the book first.
    name_fields=(),
    for_display=lambda reviews: reviews.select_related(
        "book", "reader__reader_profile"
    ),
)
