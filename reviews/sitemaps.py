from october.core.sitemaps import LiveSitemap
from reviews.models import Book


class BookSitemap(LiveSitemap):
    model = Book
    # New ratings and reviews keep changing a book's page.
    changefreq = "daily"
