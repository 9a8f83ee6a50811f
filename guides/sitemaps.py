from guides.models import ReadingGuide
from october.seo import LiveSitemap


class ReadingGuideSitemap(LiveSitemap):
    model = ReadingGuide
    changefreq = "monthly"
