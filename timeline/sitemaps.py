from october.core.sitemaps import LiveSitemap
from timeline.models import Event


class EventSitemap(LiveSitemap):
    model = Event
    changefreq = "monthly"
