from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The pages that gather every app: home, site search, the sitemap index
    and the flat pages editors write (About us)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "october.pages"
    verbose_name = _("Site pages")

    def ready(self):
        from october.core import caching, roles, sitemaps
        from october.pages.sitemaps import PageSitemap

        # About us and the other flat pages are public content editors write.
        caching.register_content_app("flatpages")
        roles.register_editors("flatpages")
        sitemaps.register_site_page("home", order=0)
        sitemaps.register_sitemap("pages", PageSitemap, order=0)
