from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from guides.models import GuideEntry, ReadingGuide
from october.core.admin.bases import METADATA_FIELDSET, PublishableAdmin
from october.core.admin.widgets import thumbnail_column


class GuideEntryInline(admin.StackedInline):
    model = GuideEntry
    extra = 0
    autocomplete_fields = ["article", "book"]
    fields = [
        "position",
        ("article", "book"),
        "link_url",
        ("link_title", "link_author"),
        "note",
    ]
    ordering = ["position"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 80})},
        models.URLField: {"assume_scheme": "https"},
    }


@admin.register(ReadingGuide)
class ReadingGuideAdmin(PublishableAdmin):
    cover_thumbnail = thumbnail_column(
        "cover", description=_("cover"), width=72, aspect=(3, 2)
    )
    list_display = [
        "cover_thumbnail",
        "title",
        "period",
        "entry_count",
        "order",
        "status",
        "publish_at",
    ]
    list_display_links = ["cover_thumbnail", "title"]
    list_filter = ["status", "period"]
    list_select_related = ["period"]
    search_fields = ["title", "summary"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["period"]
    inlines = [GuideEntryInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "period", "summary", "introduction"]}),
        (_("Cover"), {"fields": ["cover", "cover_alt"]}),
        (_("Publishing"), {"fields": ["status", "publish_at", "order"]}),
        METADATA_FIELDSET,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("entries"))

    @admin.display(description=_("entries"), ordering="entry_count")
    def entry_count(self, obj):
        return obj.entry_count
