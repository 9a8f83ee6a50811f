"""Site-wide pages: home, health check and robots.txt."""

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
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

    Each section costs a query or two however much content there is, and a
    section with nothing live to show is left out of the page.
    """

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        events = Event.objects.live()
        articles = self.latest_articles()
        context.update(
            periods=Period.objects.filter(Exists(events.filter(period=OuterRef("pk")))),
            people=Person.objects.live()
            .filter(quotes__is_featured=True)
            .with_featured_quote()[:HOME_PEOPLE],
            guides=ReadingGuide.objects.live().select_related("period")[:HOME_GUIDES],
            latest_articles=[a for a in articles if not a.video_kind],
            latest_videos=[a for a in articles if a.video_kind],
            featured_book=self.featured_book(),
            on_this_day=events.filter(on_this_day_q("start", today)).order_by(
                "start", "pk"
            )[:HOME_ON_THIS_DAY],
            today=today,
        )
        return context

    def latest_articles(self):
        """The newest written articles and the newest videos, in one query.

        Each article is numbered within its group (``video_kind``), newest
        first, and only the first few of each group are fetched, with the
        byline's people (the home page shows no tags or series).
        """
        video_kind = Case(
            When(kind__in=Article.VIDEO_KINDS, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        return list(
            Article.objects.live()
            .annotate(
                video_kind=video_kind,
                rank_in_kind=Window(
                    RowNumber(),
                    partition_by=[video_kind],
                    order_by=[F("publish_at").desc(), F("pk").desc()],
                ),
            )
            .filter(rank_in_kind__lte=HOME_ARTICLES)
            .prefetch_related(authorships_prefetch(), "interviewees")
            .order_by("-publish_at", "-pk")
        )

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
