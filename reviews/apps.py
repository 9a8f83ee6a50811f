from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _review_moves(review):
    from october.core.cache_tags import list_tag
    from reviews.models import BOOK_RANKING_TAG

    # A rating may change which book is the most rated; a written review is
    # also in site search and in the lists of reviews.
    moves = [BOOK_RANKING_TAG]
    if review.text:
        moves.append(list_tag(review))
    return moves


class ReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"

    def ready(self):
        from django.contrib.auth import get_user_model

        from october.accounts.data import register_account_data
        from october.core import caching, roles, search, sections, seo, sitemaps
        from reviews.account_data import (
            export_reports,
            export_reviews,
            export_shelves,
        )
        from reviews.models import (
            BOOK_RANKING_TAG,
            Book,
            ReadingStatus,
            Review,
            ReviewReport,
        )
        from reviews.search import book_source, review_source
        from reviews.seo import book_data, reader_data
        from reviews.services import reader_books_forget
        from reviews.sitemaps import BookSitemap

        caching.register_content_app(self.label)
        # A rating or a shelf moves its book (and its reader) through their
        # foreign keys: no list of ratings or shelves is on any page.
        caching.register_invalidation(Review, _review_moves, lists=False)
        caching.register_invalidation(ReadingStatus, lists=False)
        # A report is on no public page; the review it sends back to the
        # queue moves what it shows.
        caching.register_invalidation(ReviewReport, lists=False)
        # Fixing a book's figures may change which is the most rated.
        caching.register_invalidation(Book, lambda book: [BOOK_RANKING_TAG])
        # Readers' names show beside their reviews.
        caching.track_model(get_user_model())
        # Editors keep the books; readers' reviews are for moderators alone.
        roles.register_editors(self.label, models=["book"])
        roles.register_moderators(self.label, models=["review", "reviewreport"])
        sections.register_section(
            path="books", title=_("Books"), url_name="reviews:list", order=40
        )
        sitemaps.register_sitemap("books", BookSitemap, order=40)
        search.register_search_source(book_source, order=50)
        search.register_search_source(review_source, order=60)
        seo.register_page_type("reviews.book", book_data, image_field="cover")
        seo.register_page_type("auth.user", reader_data, named_by_object=False)
        # "Download my data" and "delete my account": the reader's ratings,
        # reviews and shelves, deleted through the services that keep every
        # book's figures.
        register_account_data(
            "reviews",
            export=export_reviews,
            delete=lambda user: reader_books_forget(reader=user),
            order=20,
        )
        register_account_data("shelves", export=export_shelves, order=30)
        register_account_data("review_reports", export=export_reports, order=35)
