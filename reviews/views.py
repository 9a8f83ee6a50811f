"""Books, one book with its ratings and reviews, the review form, shelves and
readers' public profiles."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.db.models import F, OuterRef, Subquery
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from october.accounts.models import EmailConfirmation, public_readers
from october.core.cache_tags import depends_on
from october.core.caching import CachedListMixin
from october.core.publishing import PublishableDetailMixin
from october.core.web.throttle import ThrottleMixin
from reviews.forms import (
    ProgressForm,
    RateForm,
    ReportForm,
    ReviewForm,
    ShelveForm,
    rating_from,
)
from reviews.models import (
    Book,
    ReadingStatus,
    Review,
    Shelf,
    book_authors_prefetch,
)
from reviews.services import (
    book_finish,
    book_shelve,
    reading_progress_update,
    review_report,
    review_submit,
    review_withdraw,
)

REVIEWS_PER_PAGE = 10
STAR_CHOICES = (1, 2, 3, 4, 5)
REVIEW_SUBMISSION_RATE = "10/h"
REPORT_RATE = "10/h"
# Shelving is lighter than reviewing and done in bursts (a reading guide's
# books), but still has a ceiling for bots.
SHELVING_RATE = "120/h"


def paginate(request, queryset, per_page):
    """The requested page of ``queryset``; 404 for a page that does not exist."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(str(error)) from error


class BookListView(CachedListMixin, ListView):
    paginate_by = 24
    cache_query_params = ("page",)

    def get_queryset(self):
        depends_on(Book)
        return (
            Book.objects.live()
            .prefetch_related(book_authors_prefetch())
            .order_by("title", "pk")
        )


class BookDetailView(PublishableDetailMixin, DetailView):
    """A book, its figures and its approved written reviews.

    The figures are stored on the book, the reviews come a page at a time
    with their readers' review counts annotated, so the number of queries is
    the same with one review or a million.
    """

    model = Book
    cache_query_params = ("page",)

    def get_queryset(self):
        return super().get_queryset().prefetch_related(book_authors_prefetch())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        book = self.object
        reviews = (
            Review.objects.approved()
            .written()
            .filter(book=book)
            .select_related("reader__reader_profile")
            .with_reader_review_count()
            .order_by("-created_at", "-pk")
        )
        page = paginate(self.request, reviews, REVIEWS_PER_PAGE)
        own_review = shelf = None
        user = self.request.user
        if user.is_authenticated:
            own_review = Review.objects.filter(book=book, reader=user).first()
            if own_review is not None:
                # The signed-in reader, whose profile the header loads anyway.
                own_review.reader = user
            shelf = ReadingStatus.objects.filter(book=book, reader=user).first()
            if shelf is not None:
                shelf.book = book
        context.update(
            page_obj=page,
            reviews=page.object_list,
            histogram=book.rating_histogram(),
            own_review=own_review,
            shelf=shelf,
            shelves=ReadingStatus.Shelf.choices,
            star_choices=STAR_CHOICES,
            shelf_slug=shelf_slug(shelf.status) if shelf else "",
        )
        return context


class ReaderActionMixin(LoginRequiredMixin):
    """For a signed-in reader acting on a live book named by the URL."""

    def dispatch(self, request, *args, **kwargs):
        self.book = get_object_or_404(Book.objects.live(), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def handle_no_permission(self):
        # Back to what the reader was doing once signed in; Django's login
        # view checks that ``next`` stays on this site.
        return redirect_to_login(self.login_next())

    def login_next(self) -> str:
        return self.book.get_absolute_url()


def review_form_url(book, rating: int | None = None) -> str:
    url = reverse("reviews:review", args=[book.slug])
    return f"{url}?rating={rating}" if rating else url


class ReviewFormView(ReaderActionMixin, ThrottleMixin, FormView):
    """Rate the book and write, edit or withdraw a review of it."""

    form_class = ReviewForm
    template_name = "reviews/review_form.html"
    # The stars chosen on the book page before signing in (?rating=4).
    cache_query_params = ("rating",)
    # Submissions (and withdrawals) per reader: plenty for a person, little
    # for a bot.
    throttle_rates = [("user", REVIEW_SUBMISSION_RATE)]
    # The book page's stars count against the same allowance.
    throttle_group = "reviews.review"
    throttle_message = _(
        "You have sent a lot of reviews and ratings in the last hour. To keep "
        "the site free of spam there is a limit; please try again later. Nothing "
        "you sent before has been lost."
    )

    def throttle_back(self, request):
        return self.book.get_absolute_url(), _("Back to “%(title)s”") % {
            "title": self.book.title
        }

    def login_next(self) -> str:
        # A POST cannot be replayed, but the stars chosen can be carried.
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        return review_form_url(self.book, rating_from(data.get("rating")))

    def get_review(self):
        if not hasattr(self, "_review"):
            self._review = Review.objects.filter(
                book=self.book, reader=self.request.user
            ).first()
        return self._review

    def get_initial(self):
        review = self.get_review()
        initial = {"rating": review.rating, "text": review.text} if review else {}
        # Stars chosen on the book page before signing in.
        chosen = rating_from(self.request.GET.get("rating"))
        if chosen:
            initial["rating"] = chosen
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            book=self.book,
            review=self.get_review(),
            email_confirmed=EmailConfirmation.objects.is_confirmed(self.request.user),
        )
        return context

    def post(self, request, *args, **kwargs):
        if "withdraw" in request.POST:
            return self.withdraw()
        return super().post(request, *args, **kwargs)

    def withdraw(self):
        review = self.get_review()
        if review is not None:
            review_withdraw(review=review)
            messages.success(self.request, _("Your rating and review are withdrawn."))
        return redirect(self.book)

    def form_valid(self, form):
        if form.is_spam():
            return redirect(self.book)
        try:
            review = review_submit(
                reader=self.request.user,
                book=self.book,
                rating=form.cleaned_data["rating"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            field = "rating" if error.code == "rating" else "text"
            form.add_error(field, error)
            return self.form_invalid(form)
        if review.status == Review.Status.PENDING and review.rating_counted:
            messages.success(
                self.request,
                _(
                    "Thank you. Your rating counts now; a moderator will read "
                    "your words before they appear, and until then only you "
                    "can see them."
                ),
            )
        elif review.status == Review.Status.PENDING:
            messages.success(
                self.request,
                _(
                    "Thank you. A moderator will read your review before it "
                    "appears; until then only you can see it."
                ),
            )
        else:
            messages.success(self.request, _("Your rating is saved."))
        return redirect(self.book)


class ReportReviewView(LoginRequiredMixin, ThrottleMixin, FormView):
    """Report a published review to the moderators: a reason and a note."""

    form_class = ReportForm
    template_name = "reviews/report_form.html"
    throttle_rates = [("user", REPORT_RATE)]
    throttle_message = _(
        "You have sent a lot of reports in the last hour. To keep the site "
        "free of spam there is a limit; please try again later. The reports "
        "you sent before have reached the moderators."
    )

    def dispatch(self, request, *args, **kwargs):
        # Only what anyone may read can be reported; anything else is missing.
        self.review = get_object_or_404(
            Review.objects.public()
            .filter(book__slug=kwargs["slug"])
            .select_related("book", "reader__reader_profile"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def handle_no_permission(self):
        return redirect_to_login(self.request.get_full_path())

    def throttle_back(self, request):
        return self.review.get_absolute_url(), _("Back to “%(title)s”") % {
            "title": self.review.book.title
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            review=self.review,
            book=self.review.book,
            own_review=self.review.reader_id == self.request.user.pk,
        )
        return context

    def form_valid(self, form):
        if form.is_spam():
            return redirect(self.review.book)
        try:
            review_report(
                review=self.review,
                reporter=self.request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            field = {"reason": "reason", "note_required": "note", "too_long": "note"}
            form.add_error(field.get(error.code), error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            self.request,
            _(
                "Thank you for your report. The review is hidden until a "
                "moderator has read it again."
            ),
        )
        return redirect(f"{self.review.book.get_absolute_url()}#reviews")


class RateView(ReviewFormView):
    """Rate the book in one step from its page: each star is a submit
    button of one plain form. The words of an existing review are kept."""

    form_class = RateForm
    http_method_names = ["post"]

    def form_valid(self, form):
        review = self.get_review()
        rating = form.cleaned_data["rating"]
        try:
            review_submit(
                reader=self.request.user,
                book=self.book,
                rating=rating,
                text=review.text if review else "",
            )
        except ValidationError as error:
            form.add_error("rating", error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext(
                "You rated it %(stars)d star. It counts in the book’s figures now.",
                "You rated it %(stars)d stars. It counts in the book’s figures now.",
                rating,
            )
            % {"stars": rating},
        )
        return redirect(f"{self.book.get_absolute_url()}#your-rating")

    def form_invalid(self, form):
        # The full review form, with the stars' error and the words kept, so
        # nothing the reader wrote is lost.
        review = self.get_review()
        full = ReviewForm(
            data={
                "rating": self.request.POST.get("rating", ""),
                "text": review.text if review else "",
            }
        )
        full.is_valid()
        for error in form.errors.get("rating", []):
            if error not in full.errors.get("rating", []):
                full.add_error("rating", error)
        return self.render_to_response(self.get_context_data(form=full), status=400)


class ShelfActionMixin(ReaderActionMixin, ThrottleMixin):
    """A POST about the reader's shelf for the book, under one shared limit;
    signing in leads back to the book page's shelf."""

    http_method_names = ["post"]
    throttle_rates = [("user", SHELVING_RATE)]
    throttle_group = "reviews.shelve"

    def login_next(self) -> str:
        return f"{self.book.get_absolute_url()}#shelf"


class ShelveView(ShelfActionMixin, View):
    """Put the book on one of the reader's shelves, or take it off."""

    def post(self, request, *args, **kwargs):
        form = ShelveForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(_("Unknown shelf."))
        status = form.cleaned_data["status"] or None
        book_shelve(reader=request.user, book=self.book, status=status)
        return redirect(f"{self.book.get_absolute_url()}#shelf")


class ReaderProfileView(DetailView):
    """A reader's public page: their approved reviews of live books. Staff
    have none (404), so their usernames appear nowhere public."""

    slug_field = "username"
    slug_url_kwarg = "username"
    cache_query_params = ("page",)
    context_object_name = "reader"
    template_name = "reviews/reader_detail.html"

    def get_queryset(self):
        return public_readers().select_related("reader_profile")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reviews = (
            Review.objects.public()
            .filter(reader=self.object)
            .select_related("book")
            .order_by("-created_at", "-pk")
        )
        page = paginate(self.request, reviews, REVIEWS_PER_PAGE)
        user = self.request.user
        is_owner = user.is_authenticated and user.pk == self.object.pk
        if shelves_visible(self.object, user):
            counts = ReadingStatus.objects.shelf_counts(self.object)
            context.update(
                shelf_links=shelf_links(self.object, counts),
                currently_reading=list(
                    ReadingStatus.objects.filter(
                        reader=self.object, status=Shelf.CURRENTLY_READING
                    )
                    .of_live_books()
                    .select_related("book")
                    .order_by("-shelved_at", "-pk")[:PROFILE_CURRENTLY_READING]
                ),
            )
        context["is_owner"] = is_owner
        context.update(
            page_obj=page,
            reviews=page.object_list,
            ratings_count=Review.objects.counted()
            .filter(reader=self.object, book__in=Book.objects.live().values("pk"))
            .count(),
        )
        return context


class ProgressView(ShelfActionMixin, View):
    """Record how far the reader is into the book, or that they finished it."""

    def post(self, request, *args, **kwargs):
        form = ProgressForm(request.POST)
        if "finished" in request.POST:
            book_finish(reader=request.user, book=self.book)
            messages.success(
                request,
                _("Well done! “%(title)s” is on your “Read” shelf.")
                % {"title": self.book.title},
            )
            return HttpResponseRedirect(self.next_url())
        if form.is_valid():
            try:
                status = reading_progress_update(
                    reader=request.user,
                    book=self.book,
                    page=form.cleaned_data["page"],
                    pages=form.cleaned_data["pages"],
                    percent=form.cleaned_data["percent"],
                )
            except ValidationError as error:
                field = {
                    "page_past_end": "page",
                    "percent_range": "percent",
                    "pages_range": "pages",
                }.get(error.code)
                form.add_error(field, error)
            else:
                if status.status == ReadingStatus.Shelf.READ:
                    messages.success(
                        request,
                        _("Well done! “%(title)s” is on your “Read” shelf.")
                        % {"title": self.book.title},
                    )
                else:
                    messages.success(request, _("Your progress is saved."))
                return HttpResponseRedirect(self.next_url())
        return TemplateResponse(
            request,
            "reviews/progress_form.html",
            {"book": self.book, "form": form, "next": self.next_url()},
            status=400,
        )

    def next_url(self) -> str:
        # A path on this site only. Never redirect(): it would take a bare
        # word for the name of a URL pattern.
        next_url = self.request.POST.get("next", "")
        if next_url.startswith("/") and url_has_allowed_host_and_scheme(
            next_url, {self.request.get_host()}, self.request.is_secure()
        ):
            return next_url
        return f"{self.book.get_absolute_url()}#shelf"


# A reader's shelves: addressed by these words, listed in this order.
SHELF_SLUGS = {
    "want-to-read": Shelf.WANT_TO_READ,
    "currently-reading": Shelf.CURRENTLY_READING,
    "read": Shelf.READ,
}
SHELF_SORTS = {
    "added": ["-shelved_at", "-pk"],
    "title": ["book__title", "pk"],
    "rating": [F("own_rating").desc(nulls_last=True), "-shelved_at", "-pk"],
}
SHELF_PER_PAGE = 20
PROFILE_CURRENTLY_READING = 5


def shelf_slug(status: str) -> str:
    return next(slug for slug, value in SHELF_SLUGS.items() if value == status)


def shelves_visible(reader, user) -> bool:
    """Whether ``user`` may see ``reader``'s shelves: their own always,
    anyone else's only when made public."""
    if user.is_authenticated and user.pk == reader.pk:
        return True
    profile = getattr(reader, "reader_profile", None)
    return bool(profile and profile.shelves_public)


def shelf_links(reader, counts: dict[str, int], current: str | None = None):
    return [
        {
            "status": status,
            "label": Shelf(status).label,
            "count": counts[status],
            "url": reverse("readers:shelf", args=[reader.get_username(), slug]),
            "current": status == current,
        }
        for slug, status in SHELF_SLUGS.items()
    ]


class ShelfView(ListView):
    """One of a reader's shelves, a page at a time, sorted by date added,
    title or the reader's own rating. Private shelves are a 404 to everyone
    but their owner; staff have no public shelves either."""

    template_name = "reviews/shelf.html"
    paginate_by = SHELF_PER_PAGE
    cache_query_params = ("page", "sort")
    context_object_name = "statuses"

    def dispatch(self, request, *args, **kwargs):
        self.shelf = SHELF_SLUGS.get(kwargs["shelf"])
        if self.shelf is None:
            raise Http404("No such shelf.")
        readers = get_user_model().objects.filter(is_active=True)
        user = request.user
        if not (user.is_authenticated and user.get_username() == kwargs["username"]):
            readers = public_readers()
        self.reader = get_object_or_404(
            readers.select_related("reader_profile"), username=kwargs["username"]
        )
        self.is_owner = user.is_authenticated and user.pk == self.reader.pk
        if not shelves_visible(self.reader, user):
            raise Http404("These shelves are private.")
        self.sort = request.GET.get("sort")
        if self.sort not in SHELF_SORTS:
            self.sort = "added"
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        own_rating = Review.objects.filter(
            reader=self.reader, book=OuterRef("book")
        ).values("rating")[:1]
        return (
            ReadingStatus.objects.filter(reader=self.reader, status=self.shelf)
            .of_live_books()
            .select_related("book")
            .prefetch_related(book_authors_prefetch("book__authors"))
            .annotate(own_rating=Subquery(own_rating))
            .order_by(*SHELF_SORTS[self.sort])
        )

    def paginate_queryset(self, queryset, page_size):
        page = paginate(self.request, queryset, page_size)
        return page.paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = ReadingStatus.objects.shelf_counts(self.reader)
        query = {"sort": self.sort} if self.sort != "added" else {}
        context.update(
            reader=self.reader,
            shelf=self.shelf,
            shelf_label=Shelf(self.shelf).label,
            is_owner=self.is_owner,
            shelf_links=shelf_links(self.reader, counts, self.shelf),
            sorts=[
                ("added", _("Date added")),
                ("title", _("Title")),
                ("rating", _("Rating")),
            ],
            sort=self.sort,
            querystring_without_page="&".join(f"{k}={v}" for k, v in query.items()),
            # What the page's ItemList (JSON-LD) names: the books.
            object_list=[status.book for status in context["statuses"]],
        )
        return context
