"""Atom and RSS feeds of the latest live articles, for the site and per tag."""

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
from october.core.cache_tags import depends_on

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    """The newest live articles as RSS 2.0; ``LatestArticlesAtomFeed`` for Atom.

    Each entry has the article's address as its id, its title, the
    standfirst (or the opening of the body) as summary, its publication and
    last-change times, its authors and its tags.
    """

    feed_type = Rss201rev2Feed
    description = gettext_lazy(
        "Articles, videos, documentaries, extracts and interviews."
    )

    def title(self):
        return _("%(site)s: articles") % {"site": _(settings.SITE_NAME)}

    def author_name(self):
        return _(settings.SITE_NAME)

    def link(self):
        return reverse("articles:list")

    def items(self):
        depends_on(Article)
        return Article.objects.live().for_listing()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers render the description as HTML; the summary is text.
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        names = [person.display_name for person in item.ordered_authors]
        names += [person.display_name for person in item.interviewees.all()]
        return ", ".join(names) or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
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
        return reverse("articles:tag", kwargs={"tag": obj.slug})

    def items(self, obj):
        depends_on(Article)
        return Article.objects.live().filter(tags__in=[obj]).for_listing()[:FEED_LENGTH]


class TagArticlesAtomFeed(TagArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
