from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _period_guides(period):
    from guides.models import ReadingGuide

    return ReadingGuide.objects.live().filter(period=period).select_related("period")


class GuidesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "guides"

    def ready(self):
        from guides.search import guide_source
        from guides.seo import guide_data
        from guides.sitemaps import ReadingGuideSitemap
        from october.core import caching, roles, search, sections, seo, sitemaps
        from timeline.related import register_period_section

        caching.register_content_app(self.label)
        roles.register_editors(self.label)
        sections.register_section(
            path="guides", title=_("Reading guides"), url_name="guides:list", order=50
        )
        sitemaps.register_sitemap("guides", ReadingGuideSitemap, order=50)
        search.register_search_source(guide_source, order=40)
        seo.register_page_type("guides.readingguide", guide_data, image_field="cover")
        register_period_section(
            key="guides",
            title=_("Reading guides"),
            template_name="guides/includes/period_guides.html",
            items=_period_guides,
            order=10,
        )
