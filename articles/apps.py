from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# A person's page lists at most this many of their articles in each section.
PERSON_SECTION_LIMIT = 12


# The person's page lists titles, kinds and dates only
# (articles/includes/article_list_compact.html): no bylines or tags to fetch.
def _articles_by(person):
    from articles.models import Article

    return Article.objects.live().by_person(person)[:PERSON_SECTION_LIMIT]


def _articles_about(person):
    from articles.models import Article

    return Article.objects.live().about_person(person)[:PERSON_SECTION_LIMIT]


# A period's page lists at most this many of its articles, and of its videos.
PERIOD_SECTION_LIMIT = 12


def _period_articles(period):
    from articles.models import Article

    return (
        Article.objects.live()
        .filter(period=period)
        .exclude(kind__in=Article.VIDEO_KINDS)
        .order_by("-publish_at", "-pk")[:PERIOD_SECTION_LIMIT]
    )


def _period_videos(period):
    from articles.models import Article

    return (
        Article.objects.live()
        .filter(period=period, kind__in=Article.VIDEO_KINDS)
        .order_by("-publish_at", "-pk")[:PERIOD_SECTION_LIMIT]
    )


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from articles.search import article_source, episode_source
        from articles.seo import article_data
        from articles.sitemaps import ArticleSitemap, SeriesSitemap
        from october.core import caching, roles, search, sections, seo, sitemaps
        from people.related import register_person_section
        from timeline.related import register_period_section

        # Articles are tagged: tags are content editors keep too.
        for label in (self.label, "taggit"):
            caching.register_content_app(label)
            roles.register_editors(label)
        sections.register_section(
            path="articles", title=_("Articles"), url_name="articles:list", order=30
        )
        sitemaps.register_sitemap("articles", ArticleSitemap, order=30)
        sitemaps.register_sitemap("series", SeriesSitemap, order=31)
        search.register_search_source(article_source, order=30)
        search.register_search_source(episode_source, order=31)
        seo.register_page_type(
            "articles.article", article_data, image_field="hero_image"
        )
        seo.register_page_type("articles.series", seo.collection_data)
        seo.register_page_type("taggit.tag", seo.collection_data)
        for key, title, items, order in (
            ("articles_by", _("Articles, videos and interviews"), _articles_by, 20),
            ("articles_about", _("Written about in"), _articles_about, 30),
        ):
            register_person_section(
                key=key,
                title=title,
                template_name="articles/includes/article_list_compact.html",
                items=items,
                order=order,
            )
        for key, title, items, order in (
            ("articles", _("Articles"), _period_articles, 20),
            ("videos", _("Videos and interviews"), _period_videos, 30),
        ):
            register_period_section(
                key=key,
                title=title,
                template_name="articles/includes/article_list_compact.html",
                items=items,
                order=order,
            )
