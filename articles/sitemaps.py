from django.db.models import Exists, OuterRef, Subquery

from articles.models import Article, Series
from october.core.sitemaps import LiveSitemap, MultilingualSitemap


class ArticleSitemap(LiveSitemap):
    model = Article
    changefreq = "monthly"


class SeriesSitemap(MultilingualSitemap):
    """Series with a live article, last changed when their latest one was."""

    changefreq = "weekly"

    def items(self):
        live = Article.objects.live().filter(series=OuterRef("pk"))
        return (
            Series.objects.filter(Exists(live))
            .annotate(
                last_change=Subquery(
                    live.order_by("-updated_at").values("updated_at")[:1]
                )
            )
            .order_by("title", "pk")
        )

    def lastmod(self, item):
        return item.last_change
