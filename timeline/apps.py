from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# A person's page lists at most this many of their events, in date order;
# the timeline narrowed to them (linked below the list) has them all.
PERSON_EVENTS_SHOWN = 24


def _person_events(person):
    return person.events.live().select_related("period")[:PERSON_EVENTS_SHOWN]


class TimelineConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "timeline"
    verbose_name = _("Timeline")

    def ready(self):
        from october.core import caching, roles, search, sections, seo, sitemaps
        from people.related import register_person_section
        from timeline.search import event_source
        from timeline.seo import event_data
        from timeline.sitemaps import EventSitemap

        caching.register_content_app(self.label)
        roles.register_editors(self.label)
        sections.register_section(
            path="timeline",
            title=_("Timeline"),
            url_name="timeline:list",
            order=10,
            extra_url_names=("timeline:on_this_day",),
        )
        sitemaps.register_sitemap("timeline", EventSitemap, order=10)
        search.register_search_source(event_source, order=10)
        seo.register_page_type("timeline.event", event_data, image_field="image")
        register_person_section(
            key="events",
            title=_("On the timeline"),
            template_name="timeline/includes/person_events.html",
            items=_person_events,
            order=10,
        )
