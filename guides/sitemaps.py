from django.contrib.sitemaps import Sitemap

from guides.models import ReadingGuide


class ReadingGuideSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return ReadingGuide.objects.live().order_by("pk")

    def lastmod(self, guide):
        return guide.updated_at
