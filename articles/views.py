from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from articles.forms import ArticleFilterForm
from articles.models import Article, ArticleAuthor, Series, authorships_prefetch
from october.core.addresses import absolute_url
from october.core.cache_tags import depends_on, item_tag
from october.core.caching import CachedListMixin, cached_fragment
from october.core.publishing import PublishableDetailMixin
from people.models import Person
from timeline.models import Event, Period

ARTICLES_PER_PAGE = 20


class ArticleListView(CachedListMixin, ListView):
    """Live articles, newest first, narrowed by the filters in the query string.

    The filters (kind, language, period, series, tag, author) go through
    ``ArticleFilterForm``: a value that names nothing is answered with 400 and
    the page explaining it, never with an error or a silently wider list.
    """

    paginate_by = ARTICLES_PER_PAGE
    cache_query_params = (*ArticleFilterForm.base_fields, "page")

    def get(self, request, *args, **kwargs):
        # The filters offer every period and series.
        depends_on(Article, Period, Series)
        self.filter_form = ArticleFilterForm(request.GET)
        if self.filter_form.is_valid():
            return super().get(request, *args, **kwargs)
        self.object_list = Article.objects.none()
        self.paginate_by = None
        return self.render_to_response(self.get_context_data(), status=400)

    def get_paginator(self, queryset, *args, **kwargs):
        """A paginator whose count is kept until an article, an authorship or
        what a filter names changes: counting 100,000 live articles costs
        more than the rest of the page's queries together."""
        paginator = super().get_paginator(queryset, *args, **kwargs)
        filters = self.filter_form.querystring()
        paginator.count = cached_fragment(
            "article-count", [filters], lambda: self._count(queryset)
        )
        return paginator

    def _count(self, queryset) -> int:
        named = [value for value in self.filter_form.cleaned_data.values() if value]
        depends_on(
            Article,
            ArticleAuthor,
            *(item_tag(value) for value in named if hasattr(value, "pk")),
        )
        return queryset.order_by().count()

    def get_queryset(self):
        articles = self.filter_form.filter(Article.objects.live().for_listing())
        if self.language_first:
            articles = articles.language_first(get_language())
        return articles

    @property
    def language_first(self):
        """Under /es/ and /ru/, articles in the reader's language come first;
        the rest follow, as nothing is hidden unless the reader asks."""
        return (
            get_language() != settings.LANGUAGE_CODE
            and not self.filter_form.cleaned_data.get("language")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filter_form
        context["filter_form"] = form
        if form.is_valid() and self.language_first:
            # One click to this language only, the other filters kept.
            kept = [
                (name, form.data[name])
                for name in form.fields
                if name != "language" and form.data.get(name)
            ]
            context["only_this_language"] = "?" + urlencode(
                [*kept, ("language", get_language())]
            )
        if not form.is_valid():
            # No list to keep for filters that name nothing (yet).
            context.pop("list_fragment", None)
        if form.is_valid():
            context["active_filters"] = {
                name: value for name, value in form.cleaned_data.items() if value
            }
            context["querystring_without_page"] = form.querystring()
        return context


class TagArticleListView(ListView):
    """Live articles with one tag; 404 for a tag no live article has."""

    paginate_by = ARTICLES_PER_PAGE
    allow_empty = False
    template_name = "articles/tag_detail.html"
    cache_query_params = ("page",)

    def get_queryset(self):
        depends_on(Article)
        self.tag = get_object_or_404(Tag, slug=self.kwargs["tag"])
        articles = Article.objects.live().filter(tags__in=[self.tag]).for_listing()
        if get_language() != settings.LANGUAGE_CODE:
            articles = articles.language_first(get_language())
        return articles

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class SeriesDetailView(ListView):
    """A series and its live articles in series order."""

    paginate_by = ARTICLES_PER_PAGE
    template_name = "articles/series_detail.html"
    cache_query_params = ("page",)

    def get_queryset(self):
        depends_on(Article)
        self.series = get_object_or_404(Series, slug=self.kwargs["slug"])
        return (
            Article.objects.live()
            .filter(series=self.series)
            .for_listing()
            .in_series_order()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(series=self.series, **kwargs)


class ArticleDetailView(PublishableDetailMixin, DetailView):
    """One article with its authors, tags, live translations, related live
    events and people and, for interviews, the episodes."""

    model = Article

    def get_queryset(self):
        # Per request: live() reads the clock, so a class-level queryset would
        # hide everything published after the server started.
        return (
            super()
            .get_queryset()
            .select_related("series", "period", "translation_of")
            .prefetch_related(
                authorships_prefetch(),
                "interviewees",
                "tags",
                "episodes",
                Prefetch("events", queryset=Event.objects.live()),
                Prefetch("people", queryset=Person.objects.live()),
                # A translation points to its original, which this page shows:
                # publishing one moves the original's tag.
                Prefetch("translations", queryset=Article.objects.live(depends=False)),
                Prefetch(
                    "translation_of__translations",
                    queryset=Article.objects.live(depends=False),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        translations = sorted(
            (
                other
                for other in article.translation_group()
                if other.pk != article.pk and other.is_live
            ),
            key=lambda other: other.language,
        )
        episodes = list(article.episodes.all())
        for index, episode in enumerate(episodes):
            episode.previous = episodes[index - 1] if index else None
            episode.next = episodes[index + 1] if index + 1 < len(episodes) else None
        # hreflang alternates name every version, this one included.
        versions = sorted([article, *translations], key=lambda other: other.language)
        context.update(
            translations=translations,
            alternates=[
                (
                    other.language,
                    absolute_url(other.get_absolute_url()),
                )
                for other in versions
            ]
            if translations
            else [],
            episodes=episodes,
            meta_description=article.summary,
        )
        return context
