"""Atom and RSS feeds of the latest live articles, for the site and per tag.

Links are at the site's address and ids survive a move to another domain
(``october.core.feeds.SiteFeed``); each entry names its language.
"""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag

from articles.models import Article
from october.core.addresses import absolute_url
from october.core.cache_tags import depends_on
from october.core.feeds import LanguageAtomFeed, LanguageRssFeed, SiteFeed

FEED_LENGTH = 30


class LatestArticlesFeed(SiteFeed):
    """The newest live articles as RSS 2.0; ``LatestArticlesAtomFeed`` for Atom.

    Each entry has a stable id, the article's address, its title, the
    standfirst (or the opening of the body) as summary, its publication and
    last-change times, its authors (the site when it names none), its
    language and its tags.
    """

    feed_type = LanguageRssFeed
    description = gettext_lazy(
        "Articles, videos, documentaries, extracts and interviews."
    )

    def title(self):
        return _("%(site)s: articles") % {"site": _(settings.SITE_NAME)}

    def author_name(self):
        return _(settings.SITE_NAME)

    def link(self):
        return absolute_url(reverse("articles:list"))

    def items(self):
        depends_on(Article)
        return Article.objects.live().for_listing()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_extra_kwargs(self, item):
        return {"content_language": item.language}

    def item_description(self, item):
        # Feed readers render the description as HTML; the summary is text.
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        names = [person.display_name for person in item.credited]
        return ", ".join(names) or _(settings.SITE_NAME)

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = LanguageAtomFeed
    subtitle = LatestArticlesFeed.description


class TagArticlesFeed(LatestArticlesFeed):
    """The newest live articles with one tag; 404 for an unknown tag."""

    def get_object(self, request, tag):
        return get_object_or_404(Tag, slug=tag)

    def title(self, obj):
        return _("%(site)s: articles tagged “%(tag)s”") % {
            "site": _(settings.SITE_NAME),
            "tag": obj.name,
        }

    def link(self, obj):
        return absolute_url(reverse("articles:tag", kwargs={"tag": obj.slug}))

    def items(self, obj):
        depends_on(Article)
        return Article.objects.live().filter(tags__in=[obj]).for_listing()[:FEED_LENGTH]


class TagArticlesAtomFeed(TagArticlesFeed):
    feed_type = LanguageAtomFeed
    subtitle = LatestArticlesFeed.description
