"""How the site presents itself to search engines and link previews.

``page_metadata()`` gives every page its canonical URL, OpenGraph and
Twitter card values and schema.org JSON-LD; ``{% seo_head %}``
(october/templatetags/seo.py) renders them through
templates/includes/seo.html in base.html's head.

It reads only what the view already put in the template context: the page's
object with its prefetched relations, the page of a list, the approved
reviews of a book. So it adds no query to any page. Page types are told
apart by the object's model label, which keeps this module free of imports
from the content apps.
"""

import html
import json
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max
from django.templatetags.static import static
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from october.dates import dual_date, dual_date_range

DEFAULT_IMAGE = "october/og-image.png"
DEFAULT_IMAGE_SIZE = (1200, 630)
DEFAULT_IMAGE_ALT = "The site's red star and name, In Defence of October"

# OpenGraph wants a territory with the language.
LOCALES = {
    "en": "en_GB",
    "es": "es_ES",
    "ru": "ru_RU",
    "fr": "fr_FR",
    "de": "de_DE",
    "it": "it_IT",
    "pt": "pt_PT",
}

# The first part of a path names the section its breadcrumb passes through.
SECTIONS = {
    "timeline": ("Timeline", "timeline:list"),
    "people": ("People", "people:list"),
    "articles": ("Articles", "articles:list"),
    "books": ("Books", "reviews:list"),
    "guides": ("Reading guides", "guides:list"),
}

_PAGE_NUMBER = re.compile(r"[0-9]{1,6}")
_TITLE_SEPARATORS = (" · ", " — ")
_JSON_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
}


def json_ld(data: dict) -> SafeString:
    """``data`` as a ``<script type="application/ld+json">`` block.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so no text from the
    content (a title with "</script>" in it, say) can end the block early.
    """
    text = json.dumps(
        data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
    ).translate(_JSON_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(text)
    )


def canonical_url(request) -> str:
    """The page's address without its query string, except a page number."""
    page = request.GET.get("page", "")
    query = f"?page={page}" if _PAGE_NUMBER.fullmatch(page) and int(page) > 1 else ""
    return request.build_absolute_uri(request.path) + query


def page_metadata(context, *, title: str, description: str) -> dict[str, Any]:
    """What templates/includes/seo.html needs for the page being rendered.

    ``title`` and ``description`` are the rendered (HTML-escaped) ``title``
    and ``meta_description`` blocks.
    """
    request = context.get("request")
    obj = _page_object(context)
    plain_title = html.unescape(title)
    plain_description = html.unescape(description)
    page = Page(
        request=request,
        context=context,
        title=_short_title(obj, plain_title),
        description=plain_description,
        url=canonical_url(request) if request else "",
    )
    image_field = _IMAGE_FIELDS.get(_label(obj)) if obj is not None else None
    page.set_image(obj, image_field)
    builder = BUILDERS.get(_label(obj)) if obj is not None else None
    graph = []
    if request is not None:
        if request.path == "/":
            graph.append(website_data(page))
        elif builder is not None:
            graph.append(builder(obj, page))
        elif items := _list_items(context, page):
            graph.append(
                {
                    "@context": "https://schema.org",
                    "@type": "CollectionPage",
                    "name": page.title,
                    "description": page.description,
                    "url": page.url,
                    "mainEntity": items,
                }
            )
        if request.path != "/":
            graph.append(breadcrumb_data(page))
    return {
        "title": title,
        "description": description,
        "canonical": page.url,
        "robots": "noindex" if context.get("is_preview") else "",
        "site_name": settings.SITE_NAME,
        "og_type": page.og_type,
        "og_title": page.title,
        "og_image": page.image,
        "og_image_alt": page.image_alt,
        "og_image_size": page.image_size,
        "og_locale": LOCALES.get(page.language, LOCALES["en"]),
        "og_locale_alternates": page.locale_alternates,
        "og_properties": page.properties,
        "json_ld": [json_ld(data) for data in graph],
    }


class Page:
    """What the builders know about the page: its request, context and texts."""

    def __init__(self, *, request, context, title, description, url):
        self.request = request
        self.context = context
        self.title = title
        self.description = description
        self.url = url
        self.og_type = "website"
        self.language = "en"
        self.locale_alternates = []
        self.properties = []
        self.image = ""
        self.image_alt = ""
        self.image_size = None

    def absolute(self, path: str) -> str:
        if self.request is None:
            return path
        return self.request.build_absolute_uri(path)

    def set_image(self, obj, field_name: str | None) -> None:
        """The object's own picture when it has one, else the site's card."""
        image = getattr(obj, field_name, None) if field_name else None
        if image:
            self.image = self.absolute(image.url)
            self.image_alt = getattr(obj, f"{field_name}_alt", "")
            width = getattr(obj, f"{field_name}_width", None)
            height = getattr(obj, f"{field_name}_height", None)
            self.image_size = (width, height) if width and height else None
        else:
            self.image = self.absolute(static(DEFAULT_IMAGE))
            self.image_alt = DEFAULT_IMAGE_ALT
            self.image_size = DEFAULT_IMAGE_SIZE

    def images(self) -> list[str]:
        return [self.image] if self.image else []


def _page_object(context):
    """The object a detail page is about, if the page is about one."""
    for name in ("object", "series", "tag"):
        obj = context.get(name)
        if obj is not None and hasattr(obj, "_meta"):
            return obj
    return None


def _label(obj) -> str:
    return obj._meta.label_lower


def _short_title(obj, title: str) -> str:
    """The page's own name, without the section and site name of ``<title>``."""
    if obj is not None and _label(obj) != "auth.user":
        return str(obj)
    for separator in _TITLE_SEPARATORS:
        if separator in title:
            return title.split(separator)[0]
    return title


def _organization(page: Page) -> dict:
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": page.absolute("/"),
        "logo": page.absolute(static(DEFAULT_IMAGE)),
    }


def _person_ref(page: Page, person) -> dict:
    data = {"@type": "Person", "name": person.display_name}
    if person.is_live:
        data["url"] = page.absolute(person.get_absolute_url())
    return data


def website_data(page: Page) -> dict:
    """The home page: the site, and how to search it."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "description": page.description,
        "url": page.absolute("/"),
        "publisher": _organization(page),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": page.absolute("/search/") + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumb_data(page: Page) -> dict:
    """Home, the section the path is in (if any), then the page itself."""
    crumbs = [("Home", page.absolute("/"))]
    section = page.request.path.strip("/").split("/")[0]
    if section in SECTIONS:
        name, url_name = SECTIONS[section]
        section_url = page.absolute(reverse(url_name))
        crumbs.append((name, section_url))
        if page.url.split("?")[0] != section_url:
            crumbs.append((page.title, page.url))
    else:
        crumbs.append((page.title, page.url))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def event_data(event, page: Page) -> dict:
    """An event of 1917, its dates in both calendars in the description."""
    page.og_type = "article"
    dates = dual_date_range(event, "start", "end")
    when = str(dates) + (f", {event.place}" if event.place else "")
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": f"{when}. {event.summary}",
        "startDate": dates.start.iso,
        "url": page.url,
        "image": page.images(),
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if dates.end:
        data["endDate"] = dates.end.iso
    if event.place:
        data["location"] = {"@type": "Place", "name": event.place}
    people = [person for person in event.people.all() if person.is_live]
    if people:
        data["about"] = [_person_ref(page, person) for person in people]
    return data


def person_data(person, page: Page) -> dict:
    """A biography: every other name the person is known by, life dates."""
    page.og_type = "profile"
    names = [
        person.full_name,
        person.birth_name,
        person.native_name,
        *person.alternative_name_list,
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.display_name,
        "url": page.url,
        "description": page.description,
        "image": page.images(),
    }
    alternate = [name for name in dict.fromkeys(names) if name]
    if alternate:
        data["alternateName"] = alternate
    for name, key in (("birth", "birthDate"), ("death", "deathDate")):
        if value := dual_date(person, name):
            data[key] = value.iso
    for name, key in (("birth_place", "birthPlace"), ("death_place", "deathPlace")):
        if place := getattr(person, name):
            data[key] = {"@type": "Place", "name": place}
    if person.role_list:
        data["jobTitle"] = person.role_list
    return data


def article_data(article, page: Page) -> dict:
    """An article, or a VideoObject for the kinds that are videos."""
    page.language = article.language
    page.locale_alternates = [
        LOCALES[language]
        for language, _url in page.context.get("alternates", [])
        if language != article.language and language in LOCALES
    ]
    authors = [_person_ref(page, person) for person in article.ordered_authors]
    published = article.publish_at.isoformat()
    if article.is_video and article.embed_url:
        page.og_type = "video.other"
        data = {
            "@context": "https://schema.org",
            "@type": "VideoObject",
            "name": article.title,
            "description": page.description,
            "thumbnailUrl": page.images(),
            "uploadDate": published,
            "embedUrl": article.embed_url,
            "url": page.url,
            "inLanguage": article.language,
        }
        if authors:
            data["creator"] = authors
        return data
    page.og_type = "article"
    page.properties = [
        ("article:published_time", published),
        ("article:modified_time", article.updated_at.isoformat()),
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title[:110],
        "description": page.description,
        "datePublished": published,
        "dateModified": article.updated_at.isoformat(),
        "inLanguage": article.language,
        "url": page.url,
        "mainEntityOfPage": page.url,
        "image": page.images(),
        "publisher": _organization(page),
    }
    if authors:
        data["author"] = authors
    if article.series_id:
        data["isPartOf"] = {
            "@type": "CreativeWorkSeries",
            "name": article.series.title,
            "url": page.absolute(article.series.get_absolute_url()),
        }
    return data


def book_data(book, page: Page) -> dict:
    """A book with its rating figures and the approved reviews on the page."""
    page.og_type = "book"
    data = {
        "@context": "https://schema.org",
        "@type": "Book",
        "name": book.title,
        "description": page.description,
        "url": page.url,
        "image": page.images(),
    }
    authors = list(book.authors.all())
    if authors:
        data["author"] = [_person_ref(page, person) for person in authors]
    if book.pages:
        data["numberOfPages"] = book.pages
    if book.first_published_year:
        data["datePublished"] = str(book.first_published_year)
    if book.original_language:
        data["inLanguage"] = book.original_language
    if book.ratings_count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": str(book.average),
            "ratingCount": book.ratings_count,
            "reviewCount": book.reviews_count,
            "bestRating": 5,
            "worstRating": 1,
        }
    reviews = page.context.get("reviews") or []
    if reviews:
        data["review"] = [
            {
                "@type": "Review",
                "author": {"@type": "Person", "name": review.reader.get_username()},
                "datePublished": review.created_at.date().isoformat(),
                "reviewBody": review.text,
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": review.rating,
                    "bestRating": 5,
                    "worstRating": 1,
                },
            }
            for review in reviews
        ]
    return data


def guide_data(guide, page: Page) -> dict:
    """A reading guide: its entries, in order, as an ItemList."""
    entries = list(guide.entries.all())
    items = []
    for position, entry in enumerate(entries, start=1):
        item = {"@type": "ListItem", "position": position, "name": entry.title}
        if entry.url:
            item["url"] = page.absolute(entry.url)
        items.append(item)
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": guide.title,
        "description": page.description,
        "url": page.url,
        "image": page.images(),
        "numberOfItems": len(items),
        "itemListOrder": "https://schema.org/ItemListOrderAscending",
        "itemListElement": items,
    }


def collection_data(obj, page: Page) -> dict:
    """A series or a tag: the articles on the page."""
    data = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": page.title,
        "description": page.description,
        "url": page.url,
    }
    if items := _list_items(page.context, page):
        data["mainEntity"] = items
    return data


def reader_data(reader, page: Page) -> dict:
    """A reader's public profile."""
    page.og_type = "profile"
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": page.url,
        "mainEntity": {"@type": "Person", "name": reader.get_username()},
    }


def _list_items(context, page: Page) -> dict | None:
    """The items of a list page as an ItemList, if it lists things with pages.

    ``object_list`` is the very queryset the template then loops over, so
    it is fetched once for both.
    """
    object_list = context.get("object_list")
    if object_list is None:
        return None
    items = [obj for obj in object_list if hasattr(obj, "get_absolute_url")]
    if not items:
        return None
    start = 1
    if page_obj := context.get("page_obj"):
        start = page_obj.start_index()
    return {
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(obj),
                "url": page.absolute(obj.get_absolute_url()),
            }
            for position, obj in enumerate(items, start=start)
        ],
    }


BUILDERS: dict[str, Callable[[Any, Page], dict]] = {
    "timeline.event": event_data,
    "people.person": person_data,
    "articles.article": article_data,
    "articles.series": collection_data,
    "taggit.tag": collection_data,
    "reviews.book": book_data,
    "guides.readingguide": guide_data,
    "auth.user": reader_data,
}

# The image field that stands for each page type in link previews.
_IMAGE_FIELDS = {
    "timeline.event": "image",
    "people.person": "portrait",
    "articles.article": "hero_image",
    "reviews.book": "cover",
    "guides.readingguide": "cover",
}


class LiveSitemap(Sitemap):
    """The live items of a Publishable model, changed ones first.

    Subclasses set ``model`` (and may narrow ``items()``); ``lastmod`` is
    when the item last changed.
    """

    model = None
    limit = 5000

    def items(self):
        return self.model.objects.live().order_by("-updated_at", "pk")

    def lastmod(self, item):
        return item.updated_at

    @cached_property
    def _figures(self):
        # One query for the sitemap index's two questions, how many items
        # and when the latest changed; Django's default reads every item.
        return self.items().aggregate(count=Count("pk"), latest=Max("updated_at"))

    def get_latest_lastmod(self):
        return self._figures["latest"]

    @property
    def paginator(self):
        paginator = super().paginator
        paginator.count = self._figures["count"]
        return paginator


class SectionSitemap(Sitemap):
    """The site's own pages: the home page and each section's front page."""

    url_names = (
        "home",
        "timeline:list",
        "timeline:on_this_day",
        "people:list",
        "articles:list",
        "reviews:list",
        "guides:list",
        "join",
    )

    def items(self):
        return list(self.url_names)

    def location(self, item):
        return reverse(item)
