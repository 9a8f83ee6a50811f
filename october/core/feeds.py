"""What every feed of the site shares (``SiteFeed``).

Links are at the site's address (``SITE_URL``), never the Sites framework's
domain Django's feeds would use; feed and entry ids are ``urn:uuid:`` names
made from the feed's path and the item's model and key alone, so moving the
site to another domain does not make every entry new to subscribers.
``LanguageRssFeed`` and ``LanguageAtomFeed`` name each entry's language when
a feed passes it (``item_extra_kwargs``: ``{"content_language": "es"}``).
"""

import uuid

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from october.core.addresses import absolute_url

# Fixed for ever: every id in the feeds is made from it.
ID_NAMESPACE = uuid.UUID("45422371-66d2-40c9-9c82-93e68e1e4536")
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


def stable_id(name: str) -> str:
    """A feed or entry id for ``name`` that no address change alters."""
    return uuid.uuid5(ID_NAMESPACE, name).urn


class SiteFeed(Feed):
    """Django's ``Feed`` at the site's address, with stable ids.

    Subclasses return absolute links from ``link()`` (``absolute_url()``);
    items link to ``get_absolute_url()`` at the site's address unless a
    subclass says otherwise.
    """

    item_guid_is_permalink = False

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return stable_id(f"{item._meta.label_lower}:{item.pk}")

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["feed_url"] = absolute_url(request.path)
        feed.feed["id"] = stable_id(f"feed:{request.path}")
        return feed


class LanguageRssFeed(Rss201rev2Feed):
    """RSS 2.0 naming each item's language (``dc:language``)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DUBLIN_CORE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_language"):
            handler.addQuickElement("dc:language", item["content_language"])


class LanguageAtomFeed(Atom1Feed):
    """Atom naming each entry's language (``xml:lang``)."""

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("content_language"):
            attributes["xml:lang"] = item["content_language"]
        return attributes
