from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from october.core.admin.bases import METADATA_FIELDSET, HistoryAdmin, PublishableAdmin
from october.core.admin.widgets import thumbnail_column
from october.core.dates import dual_date_range
from october.core.forms import DualDateModelForm
from timeline.models import Event, Period, Source


@admin.register(Period)
class PeriodAdmin(HistoryAdmin):
    list_display = ["title", "order", "dates", "event_count"]
    list_editable = ["order"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}
    }

    def get_queryset(self, request):
        # An aggregate drops the default ordering; restate it for stable pages.
        return (
            super()
            .get_queryset(request)
            .annotate(_event_count=models.Count("events"))
            .order_by(*Period._meta.ordering)
        )

    @admin.display(description=_("dates"), ordering="start")
    def dates(self, obj):
        return obj.dates or "—"

    @admin.display(description=_("events"), ordering="_event_count")
    def event_count(self, obj):
        return obj._event_count


class SourceInline(admin.TabularInline):
    model = Source
    extra = 1
    fields = ["author", "title", "year", "locator", "url", "order"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    form = DualDateModelForm
    image_thumbnail = thumbnail_column(
        "image", description=_("image"), width=64, aspect=(16, 9)
    )
    list_display = [
        "image_thumbnail",
        "title",
        "when",
        "period",
        "status",
        "publish_at",
    ]
    list_display_links = ["image_thumbnail", "title"]
    list_filter = ["period", "status", "start_calendar"]
    list_select_related = ["period"]
    search_fields = ["title", "summary", "place"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["people", "period"]
    inlines = [SourceInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "period", "summary", "body"]}),
        (
            _("When and where"),
            {
                "fields": [
                    "start",
                    "end",
                    "date_note",
                    "place",
                    "country",
                ]
            },
        ),
        (_("People"), {"fields": ["people"]}),
        (_("Image"), {"fields": ["image", "image_alt", "image_credit"]}),
        (_("Publishing"), {"fields": ["status", "publish_at"]}),
        METADATA_FIELDSET,
    ]

    @admin.display(description=_("date"), ordering="start")
    def when(self, obj):
        return dual_date_range(obj, "start", "end")
