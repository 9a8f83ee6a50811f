from october.seo import LiveSitemap
from timeline.models import Event


class EventSitemap(LiveSitemap):
    model = Event
    changefreq = "monthly"
