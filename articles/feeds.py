"""Atom and RSS feeds of the latest live articles, for the site and per tag.

Links are at the site's address (``SITE_URL``); entry ids are not: they are
``urn:uuid:`` names made from the article's key alone, so moving the site to
another domain does not make every entry new to subscribers.
"""

import uuid

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag

from articles.models import Article
from october.core.addresses import absolute_url
from october.core.cache_tags import depends_on

FEED_LENGTH = 30
# Fixed for ever: every id in the feeds is made from it.
ID_NAMESPACE = uuid.UUID("45422371-66d2-40c9-9c82-93e68e1e4536")
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


def stable_id(name: str) -> str:
    """A feed or entry id for ``name`` that no address change alters."""
    return uuid.uuid5(ID_NAMESPACE, name).urn


class LanguageRssFeed(Rss201rev2Feed):
    """RSS 2.0 naming each item's language (``dc:language``)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DUBLIN_CORE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("dc:language", item["content_language"])


class LanguageAtomFeed(Atom1Feed):
    """Atom naming each entry's language (``xml:lang``)."""

    def item_attributes(self, item):
        return {**super().item_attributes(item), "xml:lang": item["content_language"]}


class LatestArticlesFeed(Feed):
    """The newest live articles as RSS 2.0; ``LatestArticlesAtomFeed`` for Atom.

    Each entry has a stable id, the article's address, its title, the
    standfirst (or the opening of the body) as summary, its publication and
    last-change times, its authors (the site when it names none), its
    language and its tags.
    """

    feed_type = LanguageRssFeed
    item_guid_is_permalink = False
    description = gettext_lazy(
        "Articles, videos, documentaries, extracts and interviews."
    )

    def title(self):
        return _("%(site)s: articles") % {"site": _(settings.SITE_NAME)}

    def author_name(self):
        return _(settings.SITE_NAME)

    def link(self):
        return absolute_url(reverse("articles:list"))

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["feed_url"] = absolute_url(request.path)
        feed.feed["id"] = stable_id(f"feed:{request.path}")
        return feed

    def items(self):
        depends_on(Article)
        return Article.objects.live().for_listing()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return stable_id(f"articles.article:{item.pk}")

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
