"""How the site presents itself to search engines and link previews.

``page_metadata()`` gives every page its canonical URL, OpenGraph and
Twitter card values and schema.org JSON-LD; ``{% seo_head %}``
(october/templatetags/seo.py) renders them through
templates/includes/seo.html in base.html's head.

It reads only what the view already put in the template context: the page's
object with its prefetched relations, the page of a list, the approved
reviews of a book. So it adds no query to any page.

What a detail page says about its object comes from the app that owns the
model: each registers a builder for its page types from
``AppConfig.ready()``::

    register_page_type("timeline.event", event_data, image_field="image")

A builder takes the object and the ``Page`` and returns the JSON-LD object;
it may also set the page's OpenGraph type, language and properties.
"""

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy

from october.core.addresses import absolute_url
from october.core.cache_tags import tracking
from october.core.caching import cached_fragment
from october.core.i18n import alternate_urls, unprefixed
from october.core.sections import section_for_path

DEFAULT_IMAGE = "october/og-image.png"
DEFAULT_IMAGE_SIZE = (1200, 630)
DEFAULT_IMAGE_ALT = gettext_lazy("The site’s red star and name, In Defence of October")

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

_PAGE_NUMBER = re.compile(r"[0-9]{1,6}")
_TITLE_SEPARATORS = (" · ", " — ")
_JSON_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
}


@dataclass(frozen=True)
class PageType:
    builder: Callable[[Any, "Page"], dict]
    # The image field that stands for the object in link previews.
    image_field: str | None = None
    # Whether the object's str() is the page's name (a reader's username is
    # not: the page title names them).
    named_by_object: bool = True


# Model labels ("timeline.event") -> what their detail pages say.
_page_types: dict[str, PageType] = {}


def register_page_type(
    model_label: str,
    builder: Callable[[Any, "Page"], dict],
    *,
    image_field: str | None = None,
    named_by_object: bool = True,
) -> None:
    """Describe the detail pages of the model ``model_label`` ("app.model"):
    ``builder(obj, page)`` gives their JSON-LD, ``image_field`` names the
    image that stands for the object in link previews, and
    ``named_by_object`` says whether ``str(obj)`` names the page (otherwise
    the first part of the page's ``<title>`` does)."""
    _page_types[model_label.lower()] = PageType(builder, image_field, named_by_object)


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
    return absolute_url(request.path) + query


def page_metadata(context, *, title: str, description: str) -> dict[str, Any]:
    """What templates/includes/seo.html needs for the page being rendered.

    ``title`` and ``description`` are the rendered (HTML-escaped) ``title``
    and ``meta_description`` blocks.
    """
    request = context.get("request")
    obj = _page_object(context)
    page_type = _page_types.get(obj._meta.label_lower) if obj is not None else None
    plain_title = html.unescape(title)
    plain_description = html.unescape(description)
    page = Page(
        request=request,
        context=context,
        title=_short_title(obj, page_type, plain_title),
        description=plain_description,
        url=canonical_url(request) if request else "",
    )
    page.set_image(obj, page_type.image_field if page_type else None)
    builder = page_type.builder if page_type else None
    graph = []
    if request is not None:
        is_home = unprefixed(request.path) == "/"
        if is_home:
            graph.append(website_data(page))
        elif builder is not None:
            graph.append(builder(obj, page))
        elif items := list_items(context, page):
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
        if not is_home:
            graph.append(breadcrumb_data(page))
    return {
        "title": title,
        "description": description,
        "canonical": page.url,
        "robots": "noindex" if context.get("is_preview") else "",
        "site_name": gettext(settings.SITE_NAME),
        "og_type": page.og_type,
        "og_title": page.title,
        "og_image": page.image,
        "og_image_alt": page.image_alt,
        "og_image_size": page.image_size,
        "og_locale": LOCALES.get(page.language, LOCALES["en"]),
        "og_locale_alternates": page.locale_alternates,
        # The page in every interface language, and x-default.
        "alternates": alternate_urls(request) if request is not None else [],
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
        # The interface's language, unless the page's content has its own.
        self.language = get_language()
        self.locale_alternates = [
            LOCALES[code]
            for code, _name in settings.LANGUAGES
            if code != self.language and code in LOCALES
        ]
        self.properties = []
        self.image = ""
        self.image_alt = ""
        self.image_size = None

    def absolute(self, path: str) -> str:
        return absolute_url(path)

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


def _short_title(obj, page_type: PageType | None, title: str) -> str:
    """The page's own name, without the section and site name of ``<title>``."""
    if obj is not None and (page_type is None or page_type.named_by_object):
        return str(obj)
    for separator in _TITLE_SEPARATORS:
        if separator in title:
            return title.split(separator)[0]
    return title


def organization(page: Page) -> dict:
    return {
        "@type": "Organization",
        "name": gettext(settings.SITE_NAME),
        "url": page.absolute("/"),
        "logo": page.absolute(static(DEFAULT_IMAGE)),
    }


def website_data(page: Page) -> dict:
    """The home page: the site, and how to search it."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": gettext(settings.SITE_NAME),
        "description": page.description,
        "url": page.absolute(reverse("home")),
        "inLanguage": page.language,
        "publisher": organization(page),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": page.absolute(reverse("search"))
                + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumb_data(page: Page) -> dict:
    """Home, the section the path is in (if any), then the page itself."""
    crumbs = [(gettext("Home"), page.absolute(reverse("home")))]
    section = section_for_path(page.request.path)
    if section is not None:
        section_url = page.absolute(reverse(section.url_name))
        crumbs.append((str(section.title), section_url))
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


def collection_data(obj, page: Page) -> dict:
    """A series or a tag: the articles on the page."""
    data = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": page.title,
        "description": page.description,
        "url": page.url,
    }
    if items := list_items(page.context, page):
        data["mainEntity"] = items
    return data


def list_items(context, page: Page) -> dict | None:
    """The items of a list page as an ItemList, if it lists things with pages.

    ``object_list`` is the very queryset the template then loops over, so
    it is fetched once for both.
    """
    object_list = context.get("object_list")
    if object_list is None:
        return None
    if fragment := context.get("list_fragment"):
        # Kept with the list it describes (CachedListMixin): on a hit,
        # neither runs the list's queryset.
        return cached_fragment(
            "seo-list",
            [fragment["variant"]],
            lambda: _loading_list_items(object_list, context, page, fragment),
            fragment["tags"],
        )
    return _list_items(object_list, context, page)


def _loading_list_items(object_list, context, page, fragment):
    """The list's items, run here, before the body: what its rows and their
    related rows showed goes to the body's fragment of the list too, which
    reuses the rows without loading them again."""
    with tracking() as loaded:
        items = _list_items(object_list, context, page)
    fragment["tags"] = [*fragment["tags"], *loaded.tags]
    return items


def _list_items(object_list, context, page: Page) -> dict | None:
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
