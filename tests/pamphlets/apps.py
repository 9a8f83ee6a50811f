from django.apps import AppConfig


class PamphletsConfig(AppConfig):
    """A content app that exists only in the test settings, to prove that an
    app plugs itself into the kernel from its AppConfig alone: no module of
    ``october`` names it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "tests.pamphlets"
    label = "pamphlets"

    def ready(self):
        from october.core import caching, roles, search, sitemaps
        from october.core.search import SearchSource
        from october.core.sitemaps import LiveSitemap
        from tests.pamphlets.models import Pamphlet

        class PamphletSitemap(LiveSitemap):
            model = Pamphlet

        caching.register_content_app(self.label)
        roles.register_editors(self.label)
        sitemaps.register_sitemap("pamphlets", PamphletSitemap, order=60)
        search.register_search_source(
            SearchSource(
                kind="pamphlet",
                model=Pamphlet,
                snippet_fields=("text",),
                template="pamphlets/search_result.html",
            ),
            order=70,
        )
