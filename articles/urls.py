from django.urls import path, register_converter

from articles import feeds, views

app_name = "articles"


class TagSlugConverter:
    """A tag's slug: django-taggit keeps letters of any script ("revolución")."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TagSlugConverter, "tagslug")

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("feed/rss/", feeds.LatestArticlesFeed(), name="feed_rss"),
    path("tag/<tagslug:tag>/", views.TagArticleListView.as_view(), name="tag"),
    path(
        "tag/<tagslug:tag>/feed/atom/",
        feeds.TagArticlesAtomFeed(),
        name="tag_feed_atom",
    ),
    path("tag/<tagslug:tag>/feed/rss/", feeds.TagArticlesFeed(), name="tag_feed_rss"),
    path("series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
