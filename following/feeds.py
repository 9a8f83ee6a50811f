"""An Atom feed of each reader's approved reviews, to follow them from a
feed reader."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from following.models import reader_name
from october.accounts.models import public_readers
from october.core.addresses import absolute_url
from october.core.feeds import SiteFeed
from reviews.models import Review

FEED_LENGTH = 30


class ReaderReviewsFeed(SiteFeed):
    """The newest approved written reviews of live books by one reader; 404
    for staff, inactive or unknown accounts."""

    feed_type = Atom1Feed

    def get_object(self, request, username):
        return get_object_or_404(
            public_readers().select_related("reader_profile"), username=username
        )

    def title(self, obj):
        return _("%(site)s: reviews by %(name)s") % {
            "site": _(settings.SITE_NAME),
            "name": reader_name(obj),
        }

    def subtitle(self, obj):
        return _("Book reviews by %(name)s on %(site)s.") % {
            "name": reader_name(obj),
            "site": _(settings.SITE_NAME),
        }

    def link(self, obj):
        return absolute_url(reverse("readers:profile", args=[obj.get_username()]))

    def author_name(self, obj):
        return reader_name(obj)

    def items(self, obj):
        return (
            Review.objects.public()
            .filter(reader=obj)
            .select_related("book")
            .order_by("-created_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return _("%(book)s: %(stars)s/5") % {
            "book": item.book.title,
            "stars": item.rating,
        }

    def item_description(self, item):
        # Feed readers render the description as HTML; the review is text.
        return linebreaks(item.text, autoescape=True)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.edited_at
