import csv

from django.contrib import admin, messages
from django.contrib.flatpages.admin import FlatPageAdmin
from django.contrib.flatpages.forms import FlatpageForm
from django.contrib.flatpages.models import FlatPage
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from october.models import JoinRequest, PreviewLink
from october.redirects import redirect_add
from october.richtext import sanitize_html
from october.services import preview_link_revoke


class SlugRedirectAdminMixin:
    """For the admin of a public model: changing a live item's address keeps
    the old one working.

    When the saved item was live before the change and its
    ``get_absolute_url()`` differs afterwards, a permanent redirect from the
    old address to the new one is recorded (``october.redirects.redirect_add``)
    in the same transaction as the change. Put it before ``admin.ModelAdmin``::

        class ArticleAdmin(SlugRedirectAdminMixin, admin.ModelAdmin): ...
    """

    def save_model(self, request, obj, form, change):
        """Save, then record a redirect if a live item's address changed."""
        old_path = None
        if change:
            before = type(obj)._default_manager.filter(pk=obj.pk).first()
            if before is not None and before.is_live:
                old_path = before.get_absolute_url()
        super().save_model(request, obj, form, change)
        if old_path is not None:
            new_path = obj.get_absolute_url()
            if redirect_add(old_path=old_path, new_path=new_path):
                self.message_user(
                    request,
                    _("The old address %(old)s now leads to %(new)s.")
                    % {"old": old_path, "new": new_path},
                )


# Spreadsheets run cells starting with these as formulas.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_PREFIXES) else text


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "email",
        "country",
        "created_at",
        "short_message",
        "handled",
    ]
    list_display_links = ["name"]
    list_editable = ["handled"]
    list_filter = ["handled", "country", "created_at"]
    search_fields = ["name", "email", "country", "message"]
    date_hierarchy = "created_at"
    actions = ["export_csv"]
    fieldsets = [
        (None, {"fields": ["name", "email", "country", "message"]}),
        (_("Follow-up"), {"fields": ["handled"]}),
        (_("Metadata"), {"classes": ["collapse"], "fields": ["created_at"]}),
    ]
    # What people sent stays as they sent it; editors only record the answer.
    readonly_fields = ["name", "email", "country", "message", "created_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("message"))
    def short_message(self, obj):
        if len(obj.message) <= 80:
            return obj.message or "—"
        return obj.message[:79] + "…"

    @admin.action(
        description=_("Download the selected join requests as CSV"),
        permissions=["view"],
    )
    def export_csv(self, request, queryset):
        """A CSV file of the chosen requests, oldest first, safe to open in a
        spreadsheet."""
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="join-requests-{stamp}.csv"'
        )
        # A byte-order mark, so spreadsheets read the names as UTF-8.
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(["name", "email", "country", "message", "sent_at", "answered"])
        for join_request in queryset.order_by("created_at", "pk"):
            writer.writerow(
                [
                    _csv_cell(join_request.name),
                    _csv_cell(join_request.email),
                    _csv_cell(join_request.country),
                    _csv_cell(join_request.message),
                    timezone.localtime(join_request.created_at).isoformat(),
                    "yes" if join_request.handled else "no",
                ]
            )
        return response


class PreviewLinkStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("Working")), ("ended", _("Expired or revoked"))]

    def queryset(self, request, queryset):
        active = queryset.active()
        match self.value():
            case "active":
                return active
            case "ended":
                return queryset.exclude(pk__in=active.values("pk"))
            case None:
                return queryset
        return queryset.none()


@admin.register(PreviewLink)
class PreviewLinkAdmin(admin.ModelAdmin):
    """Every preview link made, to see who shared what and stop links early.

    Links are made from each item's change page, never here.
    """

    list_display = ["item_link", "content_type", "created_by", "created_at", "state"]
    list_filter = [PreviewLinkStateFilter, "content_type"]
    list_select_related = ["content_type", "created_by"]
    date_hierarchy = "created_at"
    search_fields = ["created_by__username"]
    actions = ["revoke_links"]
    fields = [
        "content_type",
        "object_id",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("item")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("item"))
    def item_link(self, obj):
        return str(obj.item) if obj.item is not None else _("(deleted)")

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.revoked_at is not None:
            return _("Revoked")
        if not obj.is_active:
            return _("Expired")
        return _("Working until %(when)s") % {
            "when": date_format(
                timezone.localtime(obj.expires_at), "SHORT_DATETIME_FORMAT"
            )
        }

    @admin.action(
        description=_("Revoke selected preview links"), permissions=["change"]
    )
    def revoke_links(self, request, queryset):
        changed = sum(preview_link_revoke(link=link) for link in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d preview link revoked.",
                "%(count)d preview links revoked.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS if changed else messages.INFO,
        )


class SanitisedFlatpageForm(FlatpageForm):
    """About us and the other pages: their HTML goes through the site's sanitiser."""

    def clean_content(self):
        return sanitize_html(self.cleaned_data["content"])


admin.site.unregister(FlatPage)


@admin.register(FlatPage)
class SanitisedFlatPageAdmin(FlatPageAdmin):
    form = SanitisedFlatpageForm
