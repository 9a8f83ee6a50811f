from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"

    def ready(self):
        from october.core import caching, roles, search, sections, seo, sitemaps
        from reviews.search import book_source, review_source
        from reviews.seo import book_data, reader_data
        from reviews.sitemaps import BookSitemap

        caching.register_content_app(self.label)
        # Editors keep the books; readers' reviews are for moderators alone.
        roles.register_editors(self.label, models=["book"])
        roles.register_moderators(self.label, models=["review"])
        sections.register_section(
            path="books", title=_("Books"), url_name="reviews:list", order=40
        )
        sitemaps.register_sitemap("books", BookSitemap, order=40)
        search.register_search_source(book_source, order=50)
        search.register_search_source(review_source, order=60)
        seo.register_page_type("reviews.book", book_data, image_field="cover")
        seo.register_page_type("auth.user", reader_data, named_by_object=False)
