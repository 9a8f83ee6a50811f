from guides.models import ReadingGuide
from october.core.sitemaps import LiveSitemap


class ReadingGuideSitemap(LiveSitemap):
    model = ReadingGuide
    changefreq = "monthly"
