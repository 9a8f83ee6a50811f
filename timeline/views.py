import json
import re
from datetime import date

from django.conf import settings
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views import View
from django.views.generic import DetailView, ListView

from october.core.addresses import absolute_url, site_url
from october.core.cache_tags import depends_on, live_tag, valid_until
from october.core.caching import CachedListMixin, cached_fragment, midnight_after
from october.core.dates import Calendar, DualDate, day_month
from october.core.publishing import PublishableDetailMixin
from people.models import Person
from timeline.anniversaries import anniversaries_calendar
from timeline.forms import ConvertForm, DayForm
from timeline.models import Event, Period
from timeline.related import period_sections
from timeline.timelinejs import timeline_data

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,140}")
# How many of a period's people its page names, most often on the timeline first.
PERIOD_PEOPLE_SHOWN = 24


class EventListView(CachedListMixin, ListView):
    """The timeline: live events in date order, grouped by period on the page.

    ``?period=<slug>`` and ``?person=<slug>`` narrow it. A slug that names no
    period or no live person is ignored, so the page never fails on a stale
    or mistyped link. The visual timeline above the list is drawn by the
    browser from ``timeline.json`` once the page has loaded.
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

    def get_list_fragment_tags(self):
        # Its rows show their periods; ?person= narrows the list only while
        # that person is live.
        return [*super().get_list_fragment_tags(), Period, live_tag(Person)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = []
        if self.period:
            filters.append(f"period={self.period.slug}")
        if self.person:
            filters.append(f"person={self.person.slug}")
        events = context["object_list"]
        unfiltered_first_page = not filters and context["page_obj"].number == 1
        context.update(
            periods=self.periods,
            current_period=self.period,
            current_person=self.person,
            querystring_without_page="&".join(filters),
            # The visual timeline opens on its title, or on the first event
            # listed below it when the list is narrowed or paged.
            visual_start=(
                "" if unfiltered_first_page or not events else events[0].slug
            ),
            timelinejs_language=timelinejs_language(),
        )
        return context


def timelinejs_language() -> str:
    """The static path of TimelineJS's messages in the page's language, or
    "" for English, which TimelineJS has built in."""
    language = (get_language() or "en").split("-")[0]
    if language in ("es", "ru"):
        return f"timeline/vendor/timelinejs/js/locale/{language}.json"
    return ""


class EventDetailView(PublishableDetailMixin, DetailView):
    """One event with its live people, its sources, and the events before and
    after it on the timeline."""

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        # One query: the event's place among the live events, with its
        # neighbours. A draft previewed by staff has no place yet. Any event
        # may move its neighbours, so the page depends on them all.
        depends_on(Event)
        placed = Event.objects.live().placement(event)
        if placed:
            page = (placed["position"] - 1) // EventListView.paginate_by + 1
            context.update(
                previous_event=neighbour(placed, "previous"),
                next_event=neighbour(placed, "next"),
                timeline_page=page,
            )
        return context


def neighbour(placed: dict, side: str) -> dict | None:
    """The slug and title of the event on ``side`` of the placed one."""
    if placed[f"{side}_slug"] is None:
        return None
    return {"slug": placed[f"{side}_slug"], "title": placed[f"{side}_title"]}


class PeriodDetailView(ListView):
    """One period: its dates, its events (paginated like the timeline), the
    people who took part in them, the reading guides, articles and videos
    other apps register (``timeline.related``), and the periods either side.
    """

    template_name = "timeline/period_detail.html"
    paginate_by = 100
    cache_query_params = ("page",)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # The other apps' sections depend on the period's own tag, which
        # their rows move through their foreign key to it.
        depends_on(Event, Period)
        periods = list(Period.objects.all())
        index = next(
            (i for i, p in enumerate(periods) if p.slug == kwargs["slug"]), None
        )
        if index is None:
            raise Http404("No such period.")
        self.period = periods[index]
        self.previous_period = periods[index - 1] if index > 0 else None
        self.next_period = periods[index + 1] if index + 1 < len(periods) else None

    def get_queryset(self):
        return Event.objects.live().filter(period=self.period)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        people = (
            Person.objects.live()
            .filter(events__in=Event.objects.live().filter(period=self.period))
            .only("slug", "display_name", "sort_name")
            .annotate(event_count=Count("events", distinct=True))
            .order_by("-event_count", "sort_name", "display_name")[:PERIOD_PEOPLE_SHOWN]
        )
        context.update(
            period=self.period,
            previous_period=self.previous_period,
            next_period=self.next_period,
            people=list(people),
            related_sections=period_sections(self.period),
        )
        return context


class OnThisDayView(View):
    """Live events whose day and month are today's, or a chosen day's
    (``?month=10&day=25``), in either calendar.

    When nothing happened on that day, the nearest dated events on either
    side of it in the calendar year are offered instead.
    """

    template_name = "timeline/on_this_day.html"
    nearest_count = 3
    cache_query_params = ("month", "day")

    def get(self, request):
        today = timezone.localdate()
        depends_on(Event)
        chosen = "month" in request.GET or "day" in request.GET
        form = DayForm(request.GET if chosen else None)
        context = {"today": today, "form": form}
        if chosen and not form.is_valid():
            context.update(chosen=True, events=None)
            return render(request, self.template_name, context, status=400)
        events = Event.objects.live().select_related("period")
        if chosen:
            month, day = form.cleaned_data["month"], form.cleaned_data["day"]
            # A leap year, so 29 February is a day like the others.
            day_of_year = date(2000, month, day)
            found = list(events.on_day(month, day))
            context.update(chosen=True, day_text=day_month(day, month))
        else:
            valid_until(midnight_after())
            month, day = today.month, today.day
            day_of_year = today
            found = list(events.on_this_day(today))
            context.update(
                chosen=False,
                form=DayForm(initial={"month": month, "day": day}),
                today_old_style=day_and_month(DualDate(today, Calendar.JULIAN).julian),
            )
        for event in found:
            start = DualDate(event.start, event.start_calendar, event.start_precision)
            event.matched_old_style = (event.start.month, event.start.day) != (
                month,
                day,
            ) and start.julian[1:] == (month, day)
            event.years_ago = today.year - event.start.year
        context["events"] = found
        if not found:
            nearest = events.nearest_to_day(day_of_year)[: self.nearest_count]
            context["nearest"] = sorted(nearest, key=lambda event: event.start)
        return render(request, self.template_name, context)


class ConvertView(View):
    """Julian ↔ Gregorian: a date in one calendar, in the other, with the
    weekday, the gap and why, and the timeline's events of that day.

    The form is the query string (``?date=1917-10-25&calendar=julian``); a
    date that cannot be read or does not exist answers 400 with the reason.
    """

    template_name = "timeline/convert.html"
    cache_query_params = ("date", "calendar")

    def get(self, request):
        depends_on(Event)
        asked = "date" in request.GET or "calendar" in request.GET
        form = ConvertForm(request.GET if asked else None)
        context = {"form": form}
        if not asked:
            return render(request, self.template_name, context)
        if not form.is_valid():
            return render(request, self.template_name, context, status=400)
        conversion = form.cleaned_data["conversion"]
        context.update(
            conversion=conversion,
            events=list(
                Event.objects.live()
                .on_date(conversion.gregorian)
                .select_related("period")
            ),
            other_calendar=(
                Calendar.GREGORIAN
                if conversion.given_in == Calendar.JULIAN
                else Calendar.JULIAN
            ),
        )
        return render(request, self.template_name, context)


class TimelineJSONView(View):
    """The live timeline in TimelineJS's JSON format, for this site's visual
    timeline and for embedding anywhere (see ``timeline.timelinejs``).

    Built once until an event or a period changes, per language and host,
    since it holds every event and its links are absolute.
    """

    def get(self, request):
        def build():
            depends_on(Event, Period)
            data = timeline_data(absolute_url)
            return json.dumps(data, ensure_ascii=False)

        body = cached_fragment("timeline.json", [site_url()], build)
        response = HttpResponse(body, content_type="application/json")
        # Public data, meant to be fetched by timelines embedded elsewhere.
        response["Access-Control-Allow-Origin"] = "*"
        patch_cache_control(response, public=True, max_age=300)
        return response


class AnniversariesView(View):
    """Every dated event's anniversary as a yearly all-day event, in an
    iCalendar feed calendar applications can subscribe to (see
    ``timeline.anniversaries``)."""

    def get(self, request):
        def build():
            depends_on(Event, Period)
            return anniversaries_calendar(
                site_name=settings.SITE_NAME, build_url=absolute_url
            ).decode()

        body = cached_fragment("anniversaries.ics", [site_url()], build)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="anniversaries.ics"'
        patch_cache_control(response, public=True, max_age=3600)
        return response


def day_and_month(triple: tuple[int, int, int]) -> str:
    """ "25 October", "25 de octubre", "25 октября" from a ``(year, month,
    day)`` triple."""
    return day_month(triple[2], triple[1])
