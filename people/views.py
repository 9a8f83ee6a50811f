from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from october.core.cache_tags import depends_on
from october.core.caching import CachedListMixin
from october.core.publishing import PublishableDetailMixin
from october.core.richtext import plain_text
from people.annotations import annotate_people
from people.models import Person, Quote
from people.related import person_sections

KIND_HEADINGS = {
    Person.Kind.HISTORICAL_FIGURE: _("Historical figures"),
    Person.Kind.AUTHOR: _("Authors"),
    Person.Kind.HISTORIAN: _("Historians and interviewees"),
}


class PersonListView(CachedListMixin, ListView):
    """Everyone live, with portraits and featured quotes; ``?kind=`` filters.

    A ``kind`` outside ``Person.Kind`` is ignored rather than refused, so an
    old or mistyped link still shows the list.
    """

    paginate_by = 24
    cache_query_params = ("kind", "page")

    def get_kind(self):
        kind = self.request.GET.get("kind", "")
        return kind if kind in Person.Kind.values else ""

    def get_queryset(self):
        depends_on(Person)
        people = Person.objects.live().with_featured_quote()
        if kind := self.get_kind():
            people = people.filter(kind=kind)
        return people

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.get_kind()
        context["kinds"] = list(KIND_HEADINGS.items())
        context["current_kind"] = kind
        context["current_kind_heading"] = KIND_HEADINGS.get(kind, "")
        context["querystring_without_page"] = f"kind={kind}" if kind else ""
        return context


class PersonDetailView(PublishableDetailMixin, DetailView):
    """One biography with its quotes and the sections other apps register.

    Events, articles, books and guides that link to the person come from
    ``people.related``; sections with nothing live to show are left out.
    """

    queryset = Person.objects.prefetch_related(
        Prefetch("quotes", queryset=Quote.objects.select_related("said_by_person")),
        "sources",
    )

    def get_queryset(self):
        return annotate_people(super().get_queryset(), self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        context["related_sections"] = person_sections(person)
        context["meta_description"] = person.summary or plain_text(
            person.biography, max_chars=160
        )
        return context
