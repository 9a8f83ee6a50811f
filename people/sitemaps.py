from october.core.sitemaps import LiveSitemap
from people.models import Person


class PersonSitemap(LiveSitemap):
    model = Person
    changefreq = "monthly"
