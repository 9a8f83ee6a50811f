import csv

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from october.accounts.models import JoinRequest

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
