from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleAuthor, InterviewEpisode, Series
from october.editorial import HistoryAdmin, PublishableAdmin
from october.templatetags.images import picture_renditions


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "order"]
    verbose_name = _("author")
    verbose_name_plural = _("authors (named in this order)")


class InterviewEpisodeInline(admin.StackedInline):
    model = InterviewEpisode
    extra = 0
    fields = [("number", "video_start"), "question", "answer_points"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 6, "cols": 80})}
    }


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    list_display = [
        "hero_thumbnail",
        "title",
        "kind",
        "languages",
        "series",
        "status",
        "publish_at",
    ]
    list_display_links = ["hero_thumbnail", "title"]
    list_filter = ["kind", "language", "status", "series", "period", "tags"]
    list_select_related = ["series", "translation_of"]
    search_fields = ["title", "standfirst", "slug"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "series",
        "period",
        "translation_of",
        "interviewees",
        "events",
        "people",
    ]
    inlines = [ArticleAuthorInline, InterviewEpisodeInline]
    fieldsets = [
        (
            None,
            {"fields": ["kind", "title", "slug", "standfirst", "body", "embed_url"]},
        ),
        (
            _("Language and translations"),
            {"fields": ["language", "translation_of"]},
        ),
        (
            _("Series, period and tags"),
            {"fields": [("series", "series_position"), "period", "tags"]},
        ),
        (
            _("Related events and people"),
            {"fields": ["interviewees", "events", "people"]},
        ),
        (_("Image"), {"fields": ["hero_image", "hero_image_alt"]}),
        (_("Publishing"), {"fields": ["status", "publish_at", "original_publication"]}),
        (
            _("Metadata"),
            {
                "classes": ["collapse"],
                "fields": ["reading_minutes", "created_at", "updated_at"],
            },
        ),
    ]
    readonly_fields = ["reading_minutes", "created_at", "updated_at"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}
    }

    def get_inlines(self, request, obj):
        """Episodes only for interviews (and new articles, which may become one)."""
        if obj is None or obj.kind == Article.Kind.INTERVIEW:
            return self.inlines
        return [ArticleAuthorInline]

    def get_queryset(self, request):
        """Prefetch both ends of each translation group for the languages column."""
        return (
            super()
            .get_queryset(request)
            .prefetch_related("translations", "translation_of__translations")
        )

    @admin.display(description=_("image"))
    def hero_thumbnail(self, obj):
        renditions = (
            picture_renditions(obj.hero_image, widths=(128,), aspect=(16, 9))
            if obj.hero_image
            else None
        )
        if not renditions:
            return "—"
        return format_html(
            '<img src="{}" width="64" height="36" alt="" style="object-fit: cover;">',
            renditions["src"],
        )

    @admin.display(description=_("languages"))
    def languages(self, obj):
        """This article's language first, then its translations' (all statuses)."""
        others = sorted(
            other.language for other in obj.translation_group() if other.pk != obj.pk
        )
        return " · ".join(code.upper() for code in [obj.language, *others])


class SeriesArticleInline(admin.TabularInline):
    """The series' articles, to put in order; articles join a series from
    their own page."""

    model = Article
    fields = ["title", "kind", "status", "series_position"]
    readonly_fields = ["title", "kind", "status"]
    ordering = [models.F("series_position").asc(nulls_last=True), "-publish_at"]
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("article")
    verbose_name_plural = _("articles in this series")


@admin.register(Series)
class SeriesAdmin(HistoryAdmin):
    list_display = ["title", "article_count"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "description"]
    inlines = [SeriesArticleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count
