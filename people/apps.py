from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "people"
    verbose_name = _("People")

    def ready(self):
        from october.core import caching, roles, search, sections, seo, sitemaps
        from people.search import person_source
        from people.seo import person_data
        from people.sitemaps import PersonSitemap

        caching.register_content_app(self.label)
        roles.register_editors(self.label)
        sections.register_section(
            path="people", title=_("People"), url_name="people:list", order=20
        )
        sitemaps.register_sitemap("people", PersonSitemap, order=20)
        search.register_search_source(person_source, order=20)
        seo.register_page_type("people.person", person_data, image_field="portrait")
