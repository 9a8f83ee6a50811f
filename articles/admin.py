from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleAuthor, InterviewEpisode, Series
from october.core.admin.bases import HistoryAdmin, PublishableAdmin
from october.core.admin.widgets import thumbnail_column


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
    hero_thumbnail = thumbnail_column(
        "hero_image", description=_("image"), width=64, aspect=(16, 9)
    )
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


# Originals per page of the translations grid.
TRANSLATIONS_PER_PAGE = 50


def translations_view(request):
    """Every original article against every language of the site: missing,
    up to date, or written before the original last changed."""
    originals = (
        Article.objects.filter(translation_of__isnull=True)
        .prefetch_related("translations")
        .order_by("-publish_at", "-pk")
    )
    page = Paginator(originals, TRANSLATIONS_PER_PAGE).get_page(request.GET.get("page"))
    languages = settings.CONTENT_LANGUAGES
    rows = [
        {"article": original, "cells": translation_cells(original, languages)}
        for original in page
    ]
    context = {
        **admin.site.page_context(request, _("Translations")),
        "languages": languages,
        "rows": rows,
        "page_obj": page,
        "can_add": request.user.has_perm("articles.add_article"),
    }
    return TemplateResponse(request, "articles/admin/translations.html", context)


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


admin.site.register_page(
    "translations/",
    translations_view,
    name="translations",
    title=_("Translations"),
    may_open=lambda request: request.user.has_perm("articles.view_article"),
)
