"""The site's admin: Django's, with the pages editors plan their work on.

- The index shows what needs doing: reviews waiting for a moderator (to
  those who may see reviews) and the next scheduled items.
- ``/admin/schedule/`` is the editorial calendar: scheduled and recently
  published items of every kind, in date order, in the site's time zone.
- ``/admin/translations/`` shows every article against every language:
  missing, up to date, or written before the original last changed.

``october.apps.EditorialAdminConfig`` makes this the default admin site, so
``@admin.register`` and ``admin.site`` use it everywhere.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from october.publishing import Publishable, Status

# How far back the calendar shows published items, in days; the first is
# the default, and only these may be asked for.
CALENDAR_WINDOWS = (30, 7, 90, 365)
# At most this many items of each kind on the calendar, each side of now.
CALENDAR_LIMIT = 200
UPCOMING_ON_INDEX = 5
TRANSLATIONS_PER_PAGE = 50


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


class EditorialAdminSite(admin.AdminSite):
    site_header = settings.SITE_NAME
    site_title = settings.SITE_NAME
    index_title = _("Editing the site")
    index_template = "admin/editorial/index.html"

    def get_urls(self):
        return [
            path("schedule/", self.admin_view(self.schedule_view), name="schedule"),
            path(
                "translations/",
                self.admin_view(self.translations_view),
                name="translations",
            ),
            *super().get_urls(),
        ]

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
            "can_translate": request.user.has_perm("articles.view_article"),
            **(extra_context or {}),
        }
        if request.user.has_perm("reviews.view_review"):
            from reviews.models import Review

            context["pending_reviews"] = Review.objects.pending().count()
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

    def translations_view(self, request):
        """Every original article against every language of the site."""
        if not request.user.has_perm("articles.view_article"):
            raise PermissionDenied
        from articles.models import Article

        originals = (
            Article.objects.filter(translation_of__isnull=True)
            .prefetch_related("translations")
            .order_by("-publish_at", "-pk")
        )
        page = Paginator(originals, TRANSLATIONS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        languages = settings.LANGUAGES
        rows = [
            {"article": original, "cells": translation_cells(original, languages)}
            for original in page
        ]
        context = {
            **self.each_context(request),
            "title": _("Translations"),
            "languages": languages,
            "rows": rows,
            "page_obj": page,
            "can_add": request.user.has_perm("articles.add_article"),
        }
        request.current_app = self.name
        return TemplateResponse(request, "admin/editorial/translations.html", context)


# The states of one article in one language on the translations grid.
ORIGINAL, CURRENT, OUTDATED, MISSING = "original", "current", "outdated", "missing"


def translation_cells(original, languages):
    """One cell per language for ``original``: its own language, a
    translation (current, or ``outdated`` when the original was saved after
    it), or missing. Reads the prefetched ``translations``."""
    by_language = {
        translation.language: translation for translation in original.translations.all()
    }
    cells = []
    for code, name in languages:
        if code == original.language:
            cells.append({"language": name, "state": ORIGINAL, "article": original})
        elif code in by_language:
            translation = by_language[code]
            state = (
                OUTDATED if original.updated_at > translation.updated_at else CURRENT
            )
            cells.append({"language": name, "state": state, "article": translation})
        else:
            cells.append({"language": name, "state": MISSING, "code": code})
    return cells
