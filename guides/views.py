from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, ListView

from articles.models import ArticleAuthor
from guides.forms import GuideShelveForm
from guides.models import GuideEntry, ReadingGuide
from october.core.cache_tags import depends_on
from october.core.caching import CachedListMixin
from october.core.publishing import PublishableDetailMixin
from reviews.models import ReadingStatus, book_authors_prefetch
from reviews.services import book_shelve
from timeline.models import Event

# Events of the guide's period shown beside it; the timeline has the rest.
PERIOD_EVENTS_SHOWN = 12


class GuideListView(CachedListMixin, ListView):
    paginate_by = 12
    cache_query_params = ("page",)

    def get_queryset(self):
        depends_on(ReadingGuide)
        # Counted per guide shown, after the page's LIMIT, rather than by
        # grouping every guide's entries before sorting.
        entries = GuideEntry.objects.filter(guide=OuterRef("pk")).order_by()
        entry_count = entries.values("guide").annotate(count=Count("pk"))
        return (
            ReadingGuide.objects.live()
            .select_related("period")
            .annotate(entry_count=Coalesce(Subquery(entry_count.values("count")), 0))
            .order_by("order", "title", "pk")
        )


def _entries_queryset():
    return GuideEntry.objects.select_related("article", "book").prefetch_related(
        Prefetch(
            "article__authorships",
            queryset=ArticleAuthor.objects.select_related("person"),
        ),
        book_authors_prefetch("book__authors"),
    )


class GuideDetailView(PublishableDetailMixin, DetailView):
    """A guide's introduction, its numbered entries and its period's events.

    An entry whose article or book is not live is listed without a link.
    Signed-in readers can put the guide's books on a shelf in one go.
    """

    model = ReadingGuide

    def get_queryset(self):
        # PublishableDetailMixin narrows this to what the reader may see.
        return (
            super()
            .get_queryset()
            .select_related("period")
            .prefetch_related(Prefetch("entries", queryset=_entries_queryset()))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        guide = self.object
        entries = list(guide.entries.all())
        books = [e.book for e in entries if e.book_id and e.book.is_live]
        shelves = {}
        user = self.request.user
        if books and user.is_authenticated:
            shelves = dict(
                ReadingStatus.objects.filter(reader=user, book__in=books).values_list(
                    "book_id", "status"
                )
            )
        labels = dict(ReadingStatus.Shelf.choices)
        for entry in entries:
            entry.shelf = labels.get(shelves.get(entry.book_id), "")
        events = []
        if guide.period_id:
            events = list(
                Event.objects.live().filter(period=guide.period_id)[
                    :PERIOD_EVENTS_SHOWN
                ]
            )
        context.update(
            entries=entries,
            shelvable_books=books,
            shelf_choices=ReadingStatus.Shelf.choices,
            period_events=events,
        )
        return context


class GuideShelveView(LoginRequiredMixin, View):
    """Put the ticked books of a guide on one of the reader's shelves."""

    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        self.guide = get_object_or_404(ReadingGuide.objects.live(), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def handle_no_permission(self):
        return redirect_to_login(self.guide.get_absolute_url())

    def post(self, request, *args, **kwargs):
        form = GuideShelveForm(request.POST, guide=self.guide)
        if not form.is_valid():
            if "books" in form.errors and not request.POST.getlist("books"):
                messages.error(request, _("Tick the books you want to shelve."))
                return redirect(f"{self.guide.get_absolute_url()}#shelve")
            return HttpResponseBadRequest(_("Unknown book or shelf."))
        status = form.cleaned_data["status"]
        books = form.cleaned_data["books"]
        with transaction.atomic():
            for book in books:
                book_shelve(reader=request.user, book=book, status=status)
        messages.success(
            request,
            ngettext(
                "%(count)d book is now on your “%(shelf)s” shelf.",
                "%(count)d books are now on your “%(shelf)s” shelf.",
                len(books),
            )
            % {"count": len(books), "shelf": ReadingStatus.Shelf(status).label},
        )
        return redirect(f"{self.guide.get_absolute_url()}#shelve")
