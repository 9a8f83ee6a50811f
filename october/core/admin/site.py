"""The site's admin: Django's, with the pages editors plan their work on.

- The index shows what needs doing: the panels apps add (reviews waiting for
  a moderator, say) and the next scheduled items.
- ``/admin/schedule/`` is the editorial calendar: scheduled and recently
  published items of every kind, in date order, in the site's time zone.
- Apps add pages of their own (the articles' translations grid) with
  ``register_page``, linked from the index for those who may open them.

``october.core.apps.EditorialAdminConfig`` makes this the default admin site, so
``@admin.register`` and ``admin.site`` use it everywhere. Apps add panels and
pages from their ``admin.py``::

    admin.site.register_index_panel(
        "reviews/admin/pending_panel.html",
        pending_reviews_panel,   # request -> context dict, or None to hide it
        order=10,
    )
    admin.site.register_page(
        "translations/", translations_view, name="translations",
        title=_("Translations"), may_open=lambda request: ...,
    )
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from itertools import groupby

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from october.core.addresses import absolute_url
from october.core.publishing import Publishable, Status
from october.core.web.throttle import (
    SIGN_IN_GROUP,
    SIGN_IN_RATES,
    retry_after,
    throttled,
    too_many_requests,
)

# How far back the calendar shows published items, in days; the first is
# the default, and only these may be asked for.
CALENDAR_WINDOWS = (30, 7, 90, 365)
# At most this many items of each kind on the calendar, each side of now.
CALENDAR_LIMIT = 200
UPCOMING_ON_INDEX = 5


@dataclass
class CalendarEntry:
    item: Publishable
    kind: str
    admin_url: str
    first_to_come: bool = False

    @property
    def when(self) -> datetime:
        return self.item.publish_at

    @property
    def is_scheduled(self) -> bool:
        return self.item.publish_at > timezone.now()


@dataclass(frozen=True)
class IndexPanel:
    """A box on the admin index; ``context(request)`` gives its template's
    context, or None when it has nothing to show that user."""

    template_name: str
    context: Callable[..., dict | None]
    order: int = 100


@dataclass(frozen=True)
class EditorialPage:
    """A page of the admin outside any model's, such as the translations
    grid, with the test of who may open it."""

    route: str
    view: Callable[..., HttpResponse]
    name: str
    title: str
    may_open: Callable[..., bool]


def _guard_changelist(model_admin):
    """Make every change list of ``model_admin`` take a date it cannot build
    (``?created_at__year=99999``, a year of 26 digits, 31 December 9999 and
    the day after) as the wrong filter it is: Django then shows the list
    unfiltered with its error flag, instead of failing."""
    if getattr(model_admin, "_changelist_guarded", False):
        return
    unguarded = model_admin.get_changelist

    def get_changelist(request, **kwargs):
        return _guarded(unguarded(request, **kwargs))

    model_admin.get_changelist = get_changelist
    model_admin._changelist_guarded = True


@cache
def _guarded(changelist_class):
    class GuardedChangeList(changelist_class):
        def get_filters(self, request):
            try:
                return super().get_filters(request)
            except (ValueError, OverflowError) as error:
                raise IncorrectLookupParameters(error) from error

    GuardedChangeList.__name__ = changelist_class.__name__
    return GuardedChangeList


class EditorialAdminSite(admin.AdminSite):
    site_header = settings.SITE_NAME
    site_title = settings.SITE_NAME
    index_title = _("Editing the site")
    index_template = "admin/editorial/index.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._index_panels: dict[str, IndexPanel] = {}
        self._pages: dict[str, EditorialPage] = {}

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, admin_class, **options)
        for model_admin in self._registry.values():
            _guard_changelist(model_admin)

    def login(self, request, extra_context=None):
        """Django's sign-in, throttled per address with the reader's."""
        if request.method == "POST" and throttled(
            request, group=SIGN_IN_GROUP, rates=SIGN_IN_RATES
        ):
            return too_many_requests(request, seconds=retry_after(SIGN_IN_RATES))
        return super().login(request, extra_context)

    def register_index_panel(
        self,
        template_name: str,
        context: Callable[..., dict | None],
        *,
        order: int = 100,
    ) -> None:
        """Show ``template_name`` on the index, with ``context(request)``,
        to those for whom it gives a context."""
        self._index_panels[template_name] = IndexPanel(template_name, context, order)

    def register_page(
        self,
        route: str,
        view: Callable[..., HttpResponse],
        *,
        name: str,
        title: str,
        may_open: Callable[..., bool],
    ) -> None:
        """Serve ``view(request)`` at ``/admin/<route>`` as ``admin:<name>``,
        to staff for whom ``may_open(request)`` is true (others get 403), and
        link it from the index for them."""
        self._pages[name] = EditorialPage(route, view, name, title, may_open)

    def get_urls(self):
        return [
            path("schedule/", self.admin_view(self.schedule_view), name="schedule"),
            # Before Django's own, which sends editors to the Sites
            # framework's domain.
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                self.admin_view(view_on_site),
                name="view_on_site",
            ),
            *[
                path(page.route, self.admin_view(self._page_view(page)), name=page.name)
                for page in self._pages.values()
            ],
            *super().get_urls(),
        ]

    def _page_view(self, page: EditorialPage):
        def view(request, *args, **kwargs):
            if not page.may_open(request):
                raise PermissionDenied
            request.current_app = self.name
            return page.view(request, *args, **kwargs)

        return view

    def page_context(self, request, title) -> dict:
        """The context every admin page needs, for a registered page's view."""
        return {**self.each_context(request), "title": title}

    def index_panels(self, request) -> list[dict]:
        panels = []
        for panel in sorted(self._index_panels.values(), key=lambda p: p.order):
            context = panel.context(request)
            if context is not None:
                panels.append({"template_name": panel.template_name, **context})
        return panels

    def pages_for(self, request) -> list[EditorialPage]:
        return [page for page in self._pages.values() if page.may_open(request)]

    def publishable_admins(self, request):
        """The Publishable models' admins that ``request.user`` may look at."""
        return [
            (model, model_admin)
            for model, model_admin in self._registry.items()
            if issubclass(model, Publishable)
            and model_admin.has_view_or_change_permission(request)
        ]

    def calendar(self, request, *, since=None, until=None, limit=CALENDAR_LIMIT):
        """Published items of every kind the user may see, with a publication
        time from ``since`` to ``until`` (either open), soonest first."""
        entries = []
        for model, _model_admin in self.publishable_admins(request):
            items = model._default_manager.filter(status=Status.PUBLISHED)
            if since is not None:
                items = items.filter(publish_at__gte=since)
            if until is not None:
                items = items.filter(publish_at__lte=until)
            opts = model._meta
            for item in items.order_by("publish_at", "pk")[:limit]:
                entries.append(
                    CalendarEntry(
                        item=item,
                        kind=opts.verbose_name,
                        admin_url=reverse(
                            f"admin:{opts.app_label}_{opts.model_name}_change",
                            args=[quote(item.pk)],
                            current_app=self.name,
                        ),
                    )
                )
        entries.sort(key=lambda entry: (entry.when, entry.kind, entry.item.pk))
        return entries

    def index(self, request, extra_context=None):
        now = timezone.now()
        context = {
            "upcoming": self.calendar(request, since=now, limit=UPCOMING_ON_INDEX)[
                :UPCOMING_ON_INDEX
            ],
            "can_schedule": bool(self.publishable_admins(request)),
            "panels": self.index_panels(request),
            "editorial_pages": self.pages_for(request),
            **(extra_context or {}),
        }
        return super().index(request, context)

    def schedule_view(self, request):
        """The editorial calendar: scheduled items and those published in the
        last ``?days=`` days, by day, with a line where now falls."""
        if not self.publishable_admins(request):
            raise PermissionDenied
        try:
            days = int(request.GET.get("days", CALENDAR_WINDOWS[0]))
        except ValueError:
            days = None
        if days not in CALENDAR_WINDOWS:
            raise Http404(gettext("Choose one of the windows offered."))
        now = timezone.now()
        entries = self.calendar(request, since=now - timedelta(days=days))
        # The calendar marks where now falls: before the first item to come.
        upcoming = next((entry for entry in entries if entry.is_scheduled), None)
        if upcoming is not None:
            upcoming.first_to_come = True
        days_list = [
            (day, list(day_entries))
            for day, day_entries in groupby(
                entries, key=lambda entry: timezone.localdate(entry.when)
            )
        ]
        context = {
            **self.each_context(request),
            "title": _("Editorial calendar"),
            "days": days_list,
            "scheduled_count": sum(entry.is_scheduled for entry in entries),
            "published_count": sum(not entry.is_scheduled for entry in entries),
            "window": days,
            "windows": sorted(CALENDAR_WINDOWS),
            "now": now,
            "time_zone": settings.TIME_ZONE,
        }
        request.current_app = self.name
        return TemplateResponse(request, "admin/editorial/schedule.html", context)


def view_on_site(request, content_type_id, object_id):
    """Redirect to the object's page at the site's address (``SITE_URL``)."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        obj = model._base_manager.get(pk=object_id)
        url = obj.get_absolute_url()
    except (ObjectDoesNotExist, AttributeError, ValueError, ValidationError) as error:
        raise Http404 from error
    return HttpResponseRedirect(absolute_url(url))
