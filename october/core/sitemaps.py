"""The sitemap index and the sitemaps apps add to it.

Each content app registers the sitemap of its pages from
``AppConfig.ready()``::

    register_sitemap("timeline", EventSitemap, order=20)

``sitemaps()`` is what ``sitemap.xml`` (an index, one sitemap per section)
is built from; the site's own pages come first (``SectionSitemap``).

Every page is listed in each interface language, with ``hreflang``
alternates naming the others and ``x-default`` (``MultilingualSitemap``).
"""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.functional import cached_property

from october.core.addresses import site_domain, site_scheme
from october.core.cache_tags import depends_on
from october.core.sections import sections

# Section name -> (order, sitemap class).
_sitemaps: dict[str, tuple[int, type[Sitemap]]] = {}
# URL names of pages outside any section (the home page, "Join us") -> order.
_site_pages: dict[str, int] = {}


def register_sitemap(name: str, sitemap: type[Sitemap], *, order: int = 100) -> None:
    """List ``sitemap`` in the sitemap index as ``sitemap-<name>.xml``."""
    _sitemaps[name] = (order, sitemap)


def register_site_page(url_name: str, *, order: int = 100) -> None:
    """List the page named ``url_name``, which belongs to no section, in the
    sitemap of the site's own pages."""
    _site_pages[url_name] = order


def sitemaps() -> dict[str, type[Sitemap]]:
    """Every registered sitemap by name, the site's own pages first."""
    ordered = sorted(_sitemaps.items(), key=lambda item: (item[1][0], item[0]))
    return {"sections": SectionSitemap} | {
        name: sitemap for name, (_order, sitemap) in ordered
    }


class SiteAddressSitemap(Sitemap):
    """Addresses at ``SITE_URL`` rather than the Sites framework's domain."""

    def get_protocol(self, protocol=None):
        return site_scheme()

    def get_domain(self, site=None):
        return site_domain()


class MultilingualSitemap(SiteAddressSitemap):
    """Each item at its address in every interface language (/, /es/, /ru/),
    each with ``hreflang`` alternates for the others and ``x-default``."""

    i18n = True
    alternates = True
    x_default = True


class _InEveryLanguage:
    """The ``(item, language)`` pairs of a queryset for the paginator, which
    fetches only the items of the page it shows (Django's own list of pairs
    would read every item for every page)."""

    def __init__(self, items, languages, count):
        self.items = items
        self.languages = languages
        self.count = count

    def __len__(self):
        return self.count * len(self.languages)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        size = len(self.languages)
        first, last = start // size, -(-stop // size)
        pairs = [
            (item, language)
            for item in self.items[first:last]
            for language in self.languages
        ]
        offset = first * size
        return pairs[start - offset : stop - offset]


class LiveSitemap(MultilingualSitemap):
    """The live items of a Publishable model, changed ones first.

    Subclasses set ``model`` (and may narrow ``items()``); ``lastmod`` is
    when the item last changed. ``limit`` counts addresses, three to an item.
    """

    model = None
    limit = 5000

    def items(self):
        depends_on(self.model)
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
        pairs = _InEveryLanguage(
            self.items(), self._languages(), self._figures["count"]
        )
        return Paginator(pairs, self.limit)


class SectionSitemap(MultilingualSitemap):
    """The site's own pages: each section's front page with the other pages
    it names, and the pages outside any section (the home page first)."""

    def items(self):
        pages = [(order, [name]) for name, order in _site_pages.items()]
        pages += [
            (section.order, [section.url_name, *section.extra_url_names])
            for section in sections()
        ]
        pages.sort(key=lambda page: (page[0], page[1][0]))
        return [name for _order, names in pages for name in names]

    def location(self, item):
        return reverse(item)
