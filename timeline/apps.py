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
        from people.related import register_person_section

        register_person_section(
            key="events",
            title=_("On the timeline"),
            template_name="timeline/includes/person_events.html",
            items=_person_events,
            order=10,
        )
