"""The site search page, /search/?q=."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.views.generic import TemplateView

from october.search import (
    MAX_QUERY_LENGTH,
    clean_query,
    count_label,
    search,
    sources,
)


def querystring(**params) -> str:
    """A query string of the non-empty ``params``."""
    return urlencode({key: value for key, value in params.items() if value}, doseq=True)


class QueryField(forms.CharField):
    """The words searched for: never invalid, only cleaned.

    Control characters (NUL included) are dropped rather than refused and an
    over-long query is cut, so anything typed or pasted gets a results page.
    """

    def to_python(self, value):
        return clean_query(value or "")


def type_choices():
    return [(kind, source.plural) for kind, source in sources().items()]


class SearchForm(forms.Form):
    q = QueryField(
        label="Search for",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )
    type = forms.MultipleChoiceField(label="Show", choices=type_choices, required=False)
    language = forms.ChoiceField(
        label="Language",
        choices=[("", "Any language"), *settings.LANGUAGES],
        required=False,
    )


class SearchView(TemplateView):
    """Ranked results for ``q`` over everything public, filtered by ``type``
    (repeatable) and ``language``; an unknown filter value is a 400."""

    template_name = "search/search.html"

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET)
        if not form.is_valid():
            context = self.get_context_data(form=SearchForm(), errors=form.errors)
            return self.render_to_response(context, status=400)
        query = form.cleaned_data["q"]
        kinds = form.cleaned_data["type"]
        language = form.cleaned_data["language"]
        results = search(
            query, kinds=kinds, language=language, page=request.GET.get("page")
        )
        context = self.get_context_data(
            form=form,
            search=results,
            search_query=query,
            filters=self.filters(query, kinds, language, results),
            querystring_without_page=querystring(
                q=query, type=kinds, language=language
            ),
            suggestion_url="?"
            + querystring(q=results.suggestion, type=kinds, language=language),
            page_obj=results.page,
        )
        return self.render_to_response(context)

    def filters(self, query, kinds, language, results):
        """The filter bar: everything, then each type with its count."""
        bar = [
            {
                "label": "Everything",
                "count": count_label(
                    results.total_all_kinds,
                    capped=any(map(results.is_capped, results.counts)),
                ),
                "url": "?" + querystring(q=query, language=language),
                "current": not kinds,
            }
        ]
        for kind, source in sources().items():
            bar.append(
                {
                    "label": source.plural,
                    "count": count_label(
                        results.counts.get(kind, 0), capped=results.is_capped(kind)
                    ),
                    "url": "?" + querystring(q=query, type=kind, language=language),
                    "current": list(kinds) == [kind],
                }
            )
        return bar
