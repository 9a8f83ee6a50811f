"""The pages that gather every app: home, site search, and the machines'
pages (health check, robots.txt, favicon)."""

from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from articles.models import Article, authorships_prefetch
from guides.models import ReadingGuide
from october.core.addresses import absolute_url
from october.core.cache_tags import depends_on, valid_until
from october.core.caching import midnight_after
from october.core.dates import on_this_day_q
from october.core.i18n import localized
from october.core.search import count_label, query_language, search, sources
from october.pages.forms import SearchForm
from people.models import Person, Quote
from reviews.models import BOOK_RANKING_TAG, Book, book_authors_prefetch
from timeline.models import Event, Period

HOME_PEOPLE = 12
HOME_GUIDES = 6
# Newest articles, and newest videos, each.
HOME_ARTICLES = 5
HOME_ON_THIS_DAY = 5


class HomeView(TemplateView):
    """The front page: one section for each kind of content, all from ``live()``.

    Each section is a property of the view that the template reads as
    ``view.<section>``: it costs a query or two however much content there
    is, and none at all when the template's cached fragment is used. A
    section with nothing live to show is left out of the page.
    """

    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=self.today, **kwargs)

    @cached_property
    def today(self):
        return timezone.localdate()

    @cached_property
    def periods(self):
        depends_on(Period, Event)
        events = Event.objects.live()
        return Period.objects.filter(Exists(events.filter(period=OuterRef("pk"))))

    @cached_property
    def people(self):
        # Whoever has a featured quote: a new one adds a person.
        depends_on(Person, Quote)
        return (
            Person.objects.live()
            .filter(quotes__is_featured=True)
            .with_featured_quote()[:HOME_PEOPLE]
        )

    @cached_property
    def guides(self):
        depends_on(ReadingGuide)
        return ReadingGuide.objects.live().select_related("period")[:HOME_GUIDES]

    @cached_property
    def on_this_day(self):
        depends_on(Event)
        valid_until(midnight_after())
        return (
            Event.objects.live()
            .filter(on_this_day_q("start", self.today))
            .order_by("start", "pk")[:HOME_ON_THIS_DAY]
        )

    @cached_property
    def _latest(self):
        """The newest written articles and the newest videos, in one query.

        Each group is its own ``LIMIT`` along the newest-first index, joined
        with ``UNION ALL``, so the cost stays flat however many articles
        there are; the byline's people come in one prefetch for both (the
        home page shows no tags or series).
        """
        depends_on(Article)
        live = Article.objects.live()
        newest_written = live.exclude(kind__in=Article.VIDEO_KINDS)[:HOME_ARTICLES]
        newest_videos = live.filter(kind__in=Article.VIDEO_KINDS)[:HOME_ARTICLES]
        articles = list(
            newest_written.union(newest_videos, all=True).order_by("-publish_at", "-pk")
        )
        prefetch_related_objects(articles, authorships_prefetch(), "interviewees")
        return articles

    @cached_property
    def latest_articles(self):
        return [a for a in self._latest if a.kind not in Article.VIDEO_KINDS]

    @cached_property
    def latest_videos(self):
        return [a for a in self._latest if a.kind in Article.VIDEO_KINDS]

    @cached_property
    def featured_book(self):
        """The live book the most readers have rated."""
        depends_on(Book, BOOK_RANKING_TAG)
        return (
            Book.objects.live()
            .filter(ratings_count__gt=0)
            .prefetch_related(book_authors_prefetch())
            .order_by("-ratings_count", "-rating_sum", "title", "pk")
            .first()
        )


def querystring(**params) -> str:
    """A query string of the non-empty ``params``."""
    return urlencode({key: value for key, value in params.items() if value}, doseq=True)


class SearchView(TemplateView):
    """Ranked results for ``q`` over everything public, filtered by ``type``
    (repeatable) and ``language``; an unknown filter value is a 400."""

    template_name = "pages/search.html"
    cache_query_params = ("q", "type", "language", "page")

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET)
        if not form.is_valid():
            context = self.get_context_data(form=SearchForm(), errors=form.errors)
            return self.render_to_response(context, status=400)
        query = form.cleaned_data["q"]
        kinds = form.cleaned_data["type"]
        language = form.cleaned_data["language"]
        results = search(
            query,
            kinds=kinds,
            language=language,
            # The query's own language when its letters show it, else the
            # reader's: "Троцкий" prefers Russian texts even under /es/.
            prefer=query_language(query) or get_language(),
            page=request.GET.get("page"),
        )
        context = self.get_context_data(
            form=form,
            search=results,
            search_query=query,
            filters=self.filters(query, kinds, language, results),
            querystring_without_page=querystring(
                q=query, type=kinds, language=language
            ),
            suggestion_url="?"
            + querystring(q=results.suggestion, type=kinds, language=language),
            page_obj=results.page,
        )
        return self.render_to_response(context)

    def filters(self, query, kinds, language, results):
        """The filter bar: everything, then each type with its count."""
        bar = [
            {
                "label": _("Everything"),
                "count": count_label(
                    results.total_all_kinds,
                    capped=any(map(results.is_capped, results.counts)),
                ),
                "url": "?" + querystring(q=query, language=language),
                "current": not kinds,
            }
        ]
        for kind, source in sources().items():
            bar.append(
                {
                    "label": source.plural,
                    "count": count_label(
                        results.counts.get(kind, 0), capped=results.is_capped(kind)
                    ),
                    "url": "?" + querystring(q=query, type=kind, language=language),
                    "current": list(kinds) == [kind],
                }
            )
        return bar


@require_GET
@never_cache
def healthz(request):
    """Liveness for load balancers: answers without touching the database."""
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    private = [
        localized(path, code)
        for code, _name in settings.LANGUAGES
        for path in ("/accounts/", "/search/")
    ]
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *(f"Disallow: {path}" for path in private),
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@x_robots_tag
def sitemap_index(request, sitemaps, sitemap_url_name):
    """Django's sitemap index, its addresses at ``SITE_URL`` (Django's own
    names the Sites framework's domain): one entry per section and page."""
    entries = []
    latest = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        url = absolute_url(reverse(sitemap_url_name, kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        latest.append(lastmod)
        entries.append(SitemapIndexItem(url, lastmod))
        entries += [
            SitemapIndexItem(f"{url}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    headers = None
    if latest and all(isinstance(value, datetime) for value in latest):
        headers = {"Last-Modified": http_date(max(latest).timestamp())}
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
        headers=headers,
    )


@require_GET
def favicon(request):
    return HttpResponsePermanentRedirect(static("october/favicon.svg"))
