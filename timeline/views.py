import re

from django.db.models import Max, Min, Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dates import MONTHS
from django.utils.html import escape, format_html
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from october.core.cache_tags import depends_on, valid_until
from october.core.caching import midnight_after
from october.core.dates import Calendar, DualDate, Precision, dual_date, dual_date_range
from october.core.publishing import PublishableDetailMixin, Status
from people.models import Person
from timeline.models import Event, Period

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,140}")


class EventListView(ListView):
    """The timeline: live events in date order, grouped by period on the page.

    ``?period=<slug>`` and ``?person=<slug>`` narrow it. A slug that names no
    period or no live person is ignored, so the page never fails on a stale
    or mistyped link.
    """

    paginate_by = 100
    cache_query_params = ("period", "person", "page")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        depends_on(Event, Period)
        self.periods = list(Period.objects.all())
        period_slug = request.GET.get("period", "")
        self.period = next((p for p in self.periods if p.slug == period_slug), None)
        person_slug = request.GET.get("person", "")
        self.person = (
            Person.objects.live().filter(slug=person_slug).first()
            if SLUG.fullmatch(person_slug)
            else None
        )

    def get_queryset(self):
        events = Event.objects.live().select_related("period")
        if self.period:
            events = events.filter(period=self.period)
        if self.person:
            events = events.filter(people=self.person)
        return events

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = []
        if self.period:
            filters.append(f"period={self.period.slug}")
        if self.person:
            filters.append(f"person={self.person.slug}")
        context.update(
            periods=self.periods,
            current_period=self.period,
            current_person=self.person,
            querystring_without_page="&".join(filters),
        )
        return context


class EventDetailView(PublishableDetailMixin, DetailView):
    """One event with its live people and its sources."""

    model = Event

    def get_queryset(self):
        # Per request: live() reads the clock, so a class-level queryset would
        # hide everyone published after the server started.
        return (
            super()
            .get_queryset()
            .select_related("period")
            .prefetch_related(
                Prefetch("people", queryset=Person.objects.live()), "sources"
            )
        )


class OnThisDayView(TemplateView):
    """Live events whose day and month are today's, in either calendar.

    When nothing happened on this day, the nearest dated events on either
    side of it in the calendar year are offered instead.
    """

    template_name = "timeline/on_this_day.html"
    nearest_count = 3

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        depends_on(Event)
        valid_until(midnight_after())
        events = list(Event.objects.live().on_this_day(today).select_related("period"))
        for event in events:
            event.years_ago = today.year - event.start.year
        context.update(
            today=today,
            today_old_style=day_and_month(DualDate(today, Calendar.JULIAN).julian),
            events=events,
        )
        if not events:
            nearest = (
                Event.objects.live()
                .nearest_to_day(today)
                .select_related("period")[: self.nearest_count]
            )
            context["nearest"] = sorted(nearest, key=lambda event: event.start)
        return context


class TimelineJSONView(View):
    """The live timeline in TimelineJS's JSON format, for embedding anywhere.

    Dates follow their precision (no day or month where they are unknown),
    ``display_date`` carries the site's dual-calendar text, and periods
    become eras spanning their own dates or, failing those, their events.
    """

    def get(self, request):
        depends_on(Event, Period)
        events = Event.objects.live().select_related("period")
        data = {
            "title": {
                "text": {
                    "headline": "The Russian Revolution of 1917",
                    "text": (
                        "Dates are given in the Julian calendar Russia used "
                        "until 1918, with the Gregorian date in brackets."
                    ),
                }
            },
            "events": [self.slide(request, event) for event in events],
            "eras": self.eras(),
        }
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
        # Public data, meant to be fetched by timelines embedded elsewhere.
        response["Access-Control-Allow-Origin"] = "*"
        patch_cache_control(response, public=True, max_age=300)
        return response

    def slide(self, request, event):
        url = request.build_absolute_uri(event.get_absolute_url())
        slide = {
            "unique_id": event.slug,
            "start_date": timelinejs_date(dual_date(event, "start")),
            "display_date": str(dual_date_range(event, "start", "end")),
            "text": {
                "headline": escape(event.title),
                "text": format_html(
                    '<p>{}</p><p><a href="{}">Read more</a></p>', event.summary, url
                ),
            },
        }
        if event.end:
            slide["end_date"] = timelinejs_date(dual_date(event, "end"))
        if event.period:
            slide["group"] = event.period.title
        if event.image:
            slide["media"] = {
                "url": request.build_absolute_uri(event.image.url),
                "alt": event.image_alt,
                "caption": escape(event.image_alt),
                "link": url,
            }
        return slide

    def eras(self):
        live = Q(
            events__status=Status.PUBLISHED, events__publish_at__lte=timezone.now()
        )
        periods = Period.objects.annotate(
            first_event=Min("events__start", filter=live),
            last_event=Max(Coalesce("events__end", "events__start"), filter=live),
        ).order_by(*Period._meta.ordering)
        eras = []
        for period in periods:
            start = period.start or period.first_event
            end = period.end or period.last_event or start
            if start is None:
                continue
            eras.append(
                {
                    "start_date": timelinejs_date(DualDate(start)),
                    "end_date": timelinejs_date(DualDate(max(start, end))),
                    "text": {"headline": escape(period.title)},
                }
            )
        return eras


def timelinejs_date(value: DualDate) -> dict:
    """A TimelineJS date object with only the parts the precision vouches for.

    A known day is placed by its Gregorian date. A month or a year is the one
    the source named, in its own calendar: "December 1916" (O.S.) stays in
    December 1916 even though its first day was in January 1917 (N.S.).
    """
    if value.precision == Precision.DAY:
        g = value.gregorian
        return {"year": g.year, "month": g.month, "day": g.day}
    year, month, _day = value.in_source_calendar
    if value.precision == Precision.MONTH:
        return {"year": year, "month": month}
    return {"year": year}


def day_and_month(triple: tuple[int, int, int]) -> str:
    """ "25 October" from a ``(year, month, day)`` triple."""
    return f"{triple[2]} {MONTHS[triple[1]]}"
