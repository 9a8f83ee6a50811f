"""Every preview link made, in the admin, to see who shared what and stop
links early."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from october.core.models import PreviewLink
from october.core.services import preview_link_revoke


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
    # Only the kinds of content that have links, not every model's type.
    list_filter = [
        PreviewLinkStateFilter,
        ("content_type", admin.RelatedOnlyFieldListFilter),
    ]
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
