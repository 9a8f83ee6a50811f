"""Site-wide pages: home, health check and robots.txt."""

from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from articles.models import Article, authorships_prefetch
from guides.models import ReadingGuide
from october.dates import on_this_day_q
from people.models import Person
from reviews.models import Book
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

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=self.today, **kwargs)

    @cached_property
    def today(self):
        return timezone.localdate()

    @cached_property
    def periods(self):
        events = Event.objects.live()
        return Period.objects.filter(Exists(events.filter(period=OuterRef("pk"))))

    @cached_property
    def people(self):
        return (
            Person.objects.live()
            .filter(quotes__is_featured=True)
            .with_featured_quote()[:HOME_PEOPLE]
        )

    @cached_property
    def guides(self):
        return ReadingGuide.objects.live().select_related("period")[:HOME_GUIDES]

    @cached_property
    def on_this_day(self):
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
        return (
            Book.objects.live()
            .filter(ratings_count__gt=0)
            .prefetch_related(
                Prefetch(
                    "authors",
                    queryset=Person.objects.order_by("sort_name", "display_name"),
                )
            )
            .order_by("-ratings_count", "-rating_sum", "title", "pk")
            .first()
        )


@require_GET
@never_cache
def healthz(request):
    """Liveness for load balancers: answers without touching the database."""
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def favicon(request):
    return HttpResponsePermanentRedirect(static("october/favicon.svg"))
