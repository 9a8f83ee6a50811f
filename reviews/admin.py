from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from october.accounts.templatetags.readers import reader_link
from october.core.admin.actions import ask_then_apply, report_changed
from october.core.admin.bases import METADATA_FIELDSET, PublishableAdmin
from october.core.admin.widgets import thumbnail_column
from october.core.richtext import plain_text
from reviews.forms import RejectForm
from reviews.models import (
    COUNTER_FIELDS,
    HOLD_AFTER_REJECTIONS,
    Book,
    Review,
    ReviewReport,
    book_authors_prefetch,
)
from reviews.services import review_approve, review_reject, review_withdraw


@admin.register(Book)
class BookAdmin(PublishableAdmin):
    cover_thumbnail = thumbnail_column(
        "cover", description=_("cover"), width=32, aspect=(2, 3)
    )
    list_display = [
        "cover_thumbnail",
        "title",
        "author_names",
        "status",
        "publish_at",
        "ratings_count",
        "average_rating",
        "reviews_count",
    ]
    list_display_links = ["cover_thumbnail", "title"]
    list_filter = ["status", "original_language"]
    search_fields = ["title", "subtitle", "authors__display_name"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors"]
    readonly_fields = [*COUNTER_FIELDS, "average_rating", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "slug", "authors", "description"]}),
        (
            _("About the book"),
            {"fields": ["pages", "first_published_year", "original_language"]},
        ),
        (_("Cover"), {"fields": ["cover", "cover_alt"]}),
        (_("Publishing"), {"fields": ["status", "publish_at"]}),
        (
            _("Ratings and shelves"),
            {
                "classes": ["collapse"],
                "description": _(
                    "Kept up to date automatically as readers rate, review and "
                    "shelve the book."
                ),
                "fields": ["average_rating", *COUNTER_FIELDS],
            },
        ),
        METADATA_FIELDSET,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(book_authors_prefetch())

    @admin.display(description=_("authors"))
    def author_names(self, obj):
        return ", ".join(str(author) for author in obj.authors.all()) or "—"

    @admin.display(description=_("average"), ordering="rating_sum")
    def average_rating(self, obj):
        return obj.average if obj.average is not None else "—"


class ReviewStatusFilter(admin.SimpleListFilter):
    """Status, "Pending" when nothing is chosen, so moderators open on their
    queue; "All" is an explicit choice."""

    title = _("status")
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Review.Status.choices, (self.ALL, _("All"))]

    def chosen(self):
        return self.value() or Review.Status.PENDING

    def queryset(self, request, queryset):
        chosen = self.chosen()
        if chosen == self.ALL:
            return queryset
        if chosen not in Review.Status.values:
            return queryset.none()
        return queryset.filter(status=chosen)

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.chosen() == lookup,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: lookup}
                ),
                "display": title,
            }


class ReviewReportInline(admin.TabularInline):
    """Readers' reports of a review, for the moderator deciding on it again."""

    model = ReviewReport
    extra = 0
    can_delete = False
    fields = ["reason", "note", "created_at", "resolution", "resolved_at"]
    readonly_fields = fields
    verbose_name = _("report by a reader")
    verbose_name_plural = _("reports by readers")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReportedFilter(admin.SimpleListFilter):
    """Reviews that readers have reported and no moderator has decided on since."""

    title = _("reports")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("open", _("Reported, waiting for a decision"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(open_reports_count__gt=0)
        return queryset


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """The moderators' queue: pending reviews, oldest first.

    Nothing here edits a review: readers' words and ratings are read-only.
    Decisions are the list's approve and reject actions and the same two
    buttons on a review's page, all calling the services (one place per
    decision) so the books' figures stay right.
    """

    list_display = [
        "excerpt",
        "book",
        "reader",
        "stars",
        "status",
        "reports",
        "reader_history",
        "written",
    ]
    list_display_links = ["excerpt"]
    list_filter = [ReviewStatusFilter, ReportedFilter, "rating", "rejection_reason"]
    inlines = [ReviewReportInline]
    list_select_related = ["book", "reader"]
    search_fields = ["text", "book__title", "reader__username"]
    date_hierarchy = "created_at"
    ordering = ["created_at", "pk"]
    actions = ["approve_reviews", "reject_reviews"]
    change_form_template = "reviews/admin/review_change_form.html"
    fieldsets = [
        (None, {"fields": ["book_link", "reader_link", "rating", "text"]}),
        (
            _("Decision"),
            {
                "fields": [
                    "status",
                    "rejection_reason",
                    "rejection_note",
                    "decided_by_name",
                    "decided_at",
                ]
            },
        ),
        (
            _("Metadata"),
            {"classes": ["collapse"], "fields": ["created_at", "edited_at"]},
        ),
    ]
    # The book, reader and moderator as text or public links: an admin link
    # would lead a moderator to pages they may not open.
    readonly_fields = [
        "book_link",
        "reader_link",
        "rating",
        "text",
        "status",
        "rejection_reason",
        "rejection_note",
        "decided_by_name",
        "decided_at",
        "created_at",
        "edited_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_reader_history().with_open_reports()

    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<path:object_id>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name=f"{opts.app_label}_{opts.model_name}_approve",
            ),
            path(
                "<path:object_id>/reject/",
                self.admin_site.admin_view(self.reject_view),
                name=f"{opts.app_label}_{opts.model_name}_reject",
            ),
            *super().get_urls(),
        ]

    def may_decide(self, request) -> bool:
        return super().has_change_permission(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        review = self.get_object(request, unquote(object_id))
        context = {**(extra_context or {})}
        if review is not None and self.may_decide(request):
            reject_form = context.setdefault("reject_form", RejectForm())
            # Its fields sit inside the page's own form (template), so name theirs.
            for field in reject_form.fields.values():
                field.widget.attrs["form"] = "review-reject"
            context["decision"] = {
                "may_approve": review.status != Review.Status.APPROVED,
                "may_reject": review.status != Review.Status.REJECTED,
                "approve_url": reverse(
                    "admin:reviews_review_approve", args=[review.pk]
                ),
                "reject_url": reverse("admin:reviews_review_reject", args=[review.pk]),
            }
        return super().change_view(request, object_id, form_url, context)

    def _decided_review(self, request, object_id):
        if not self.may_decide(request):
            raise PermissionDenied
        return get_object_or_404(Review, pk=unquote(object_id))

    def _after_decision(self, request, review, changed: bool, message: str):
        if changed:
            self.message_user(request, message, messages.SUCCESS)
        else:
            self.message_user(
                request,
                gettext("Nothing changed: another moderator decided first."),
                messages.INFO,
            )
        return HttpResponseRedirect(
            reverse("admin:reviews_review_change", args=[review.pk])
        )

    @method_decorator(require_POST)
    def approve_view(self, request, object_id):
        """The Approve button of a review's page: the list action's service."""
        review = self._decided_review(request, object_id)
        changed = review_approve(review=review, moderator=request.user)
        return self._after_decision(
            request,
            review,
            changed,
            gettext("The review of “%(book)s” is approved and published.")
            % {"book": review.book},
        )

    @method_decorator(require_POST)
    def reject_view(self, request, object_id):
        """The Reject form of a review's page, with its reason and note."""
        review = self._decided_review(request, object_id)
        form = RejectForm(request.POST)
        if not form.is_valid():
            # The review's page again, with the form's errors: as a GET, since
            # a POST to the (read-only) change view would be a save.
            request.method = "GET"
            return self.change_view(
                request, object_id, extra_context={"reject_form": form}
            )
        changed = review_reject(
            review=review,
            moderator=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
        return self._after_decision(
            request,
            review,
            changed,
            gettext("The review of “%(book)s” is rejected; the reader is told why.")
            % {"book": review.book},
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": _("Reviews to moderate"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        # Reviews come from readers, through the services.
        return False

    def has_change_permission(self, request, obj=None):
        """Moderators may run the actions (which ask without ``obj``) but a
        single review opens read-only, without a Save button."""
        if obj is not None:
            return False
        return super().has_change_permission(request)

    def delete_model(self, request, obj):
        review_withdraw(review=obj)

    def delete_queryset(self, request, queryset):
        for review in queryset:
            review_withdraw(review=review)

    @admin.display(description=_("written at"), ordering="created_at")
    def written(self, obj):
        # Short enough for the queue to fit 1280 px, with the month's name.
        return date_format(timezone.localtime(obj.created_at), "j M Y, H:i")

    @admin.display(description=_("book"))
    def book_link(self, obj):
        """The book's public page while it is live, else its title."""
        if obj.book.is_live:
            return format_html(
                '<a href="{}">{}</a>', obj.book.get_absolute_url(), obj.book
            )
        return str(obj.book)

    @admin.display(description=_("reader"))
    def reader_link(self, obj):
        """The reader's public name, linked to their public page if any."""
        return reader_link(obj.reader)

    @admin.display(description=_("decided by"))
    def decided_by_name(self, obj):
        return obj.decided_by.get_username() if obj.decided_by else "—"

    @admin.display(description=_("review"))
    def excerpt(self, obj):
        if not obj.text:
            return _("(rating only)")
        return plain_text(obj.text, max_chars=90)

    @admin.display(description=_("rating"), ordering="rating")
    def stars(self, obj):
        return "★" * obj.rating + "☆" * (5 - obj.rating)

    @admin.display(description=_("reports"), ordering="open_reports_count")
    def reports(self, obj):
        if not obj.open_reports_count:
            return "—"
        return format_html(
            "<strong>{}</strong>",
            ngettext(
                "reported %(count)d time",
                "reported %(count)d times",
                obj.open_reports_count,
            )
            % {"count": obj.open_reports_count},
        )

    @admin.display(description=_("reader's history"))
    def reader_history(self, obj):
        text = _("%(approved)d approved, %(rejected)d rejected") % {
            "approved": obj.reader_approved_count,
            "rejected": obj.reader_rejected_count,
        }
        if obj.reader_rejected_count >= HOLD_AFTER_REJECTIONS:
            return format_html("<strong>{}</strong> ({})", text, _("held"))
        return text

    @admin.action(description=_("Approve selected reviews"), permissions=["change"])
    def approve_reviews(self, request, queryset):
        changed = sum(
            review_approve(review=review, moderator=request.user) for review in queryset
        )
        report_changed(self, request, changed, gettext("approved"))

    @admin.action(description=_("Reject selected reviews…"), permissions=["change"])
    def reject_reviews(self, request, queryset):
        """Asks for the reason on a page of its own, then rejects."""

        def apply(data):
            changed = sum(
                review_reject(
                    review=review,
                    moderator=request.user,
                    reason=data["reason"],
                    note=data["note"],
                )
                for review in queryset
            )
            return changed, gettext("rejected")

        return ask_then_apply(
            self,
            request,
            queryset,
            form_class=RejectForm,
            action="reject_reviews",
            texts={"title": gettext("Reject reviews"), "button": gettext("Reject")},
            apply=apply,
            template_name="reviews/admin/reject_reviews.html",
        )


def pending_reviews_panel(request):
    """How many written reviews wait for a moderator, for those who see reviews."""
    if not request.user.has_perm("reviews.view_review"):
        return None
    return {"pending_reviews": Review.objects.pending().count()}


admin.site.register_index_panel(
    "reviews/admin/pending_panel.html", pending_reviews_panel, order=10
)
