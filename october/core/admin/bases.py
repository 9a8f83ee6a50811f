"""The admin classes every content app's admin builds on.

Content admins inherit one of two bases::

    @admin.register(Period)
    class PeriodAdmin(HistoryAdmin): ...        # history with diffs and revert

    @admin.register(Event)
    class EventAdmin(PublishableAdmin): ...     # that, plus publishing tools

``HistoryAdmin`` records one version per save, after inlines and
many-to-many rows are in place, and replaces django-simple-history's revert
form with a page showing the version field by field beside the present, and
one button that restores it (``october.core.services.history_revert``).

``PublishableAdmin`` adds, for ``Publishable`` models: the publish,
unpublish and schedule actions (and add/remove tags for taggable models,
``october.core.admin.actions``), a Draft / Scheduled / Live column and filter
in place of the bare status, a "View on site" link that opens drafts and
scheduled items as "Preview", shareable preview links on the change page,
and a redirect from a live item's old address when its slug changes.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_history_model_for_model

from october.core.addresses import absolute_url
from october.core.admin.actions import (
    TAG_ACTIONS,
    add_tags,
    local_time,
    publish,
    remove_tags,
    schedule,
    unpublish,
)
from october.core.history import history_delta, history_record, tag_fields, version_rows
from october.core.models import PreviewLink
from october.core.preview import PREVIEW_LINK_LIFETIME, preview_url
from october.core.publishing import Publishable, Status
from october.core.redirects import redirect_add
from october.core.richtext import MAX_RICH_TEXT_CHARS, RichTextField, plain_text
from october.core.services import (
    history_revert,
    preview_link_create,
    preview_link_revoke,
)

# How many recent changes to an item's inline rows its history page shows.
RELATED_HISTORY_LIMIT = 50


def may_see_accounts(user) -> bool:
    """Whether ``user`` may open user accounts in the admin."""
    opts = get_user_model()._meta
    return any(
        user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
        for action in ("view", "change")
    )


class ShowInFull:
    """In place of django-simple-history's diff display, which cuts long
    values to "[50 chars]": editors see both values whole."""

    def common_shorten_repr(self, *values):
        return tuple(str(value) for value in values)


class EditorialRecordContextHelper(HistoricalRecordContextHelper):
    """Shows changed values as editors read them: local times, choice labels,
    rich text as plain words, "—" for nothing; whole, never shortened. A
    change editors could not see (microseconds of a time) is left out; one
    of rich text's markup only says so."""

    def context_for_delta_changes(self, delta):
        shown = []
        for change, row in zip(
            delta.changes, super().context_for_delta_changes(delta), strict=True
        ):
            if row["old"] == row["new"]:
                field = self.model._meta.get_field(change.field)
                if not isinstance(field, RichTextField):
                    continue
                row["new"] = gettext("(the same words, formatted differently)")
            shown.append(row)
        return shown

    def get_obj_diff_display(self):
        return ShowInFull()

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if isinstance(value, datetime.datetime):
            return local_time(value)
        if isinstance(value, datetime.date):
            return date_format(value, "DATE_FORMAT")
        if getattr(field, "flatchoices", None) and not isinstance(value, list):
            return dict(field.flatchoices).get(value, value)
        if isinstance(field, RichTextField):
            return plain_text(value, max_chars=MAX_RICH_TEXT_CHARS) or "—"
        if value is None or value == "":
            return "—"
        return value


class HistoryAdmin(SimpleHistoryAdmin):
    """A content admin whose every save is a version in the item's history,
    with field-by-field differences and a one-click revert."""

    def save_model(self, request, obj, form, change):
        # The version is recorded in save_related(), once inlines and
        # many-to-many rows are saved too: one version per save, complete.
        obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """Save inlines and many-to-many rows, then record the version."""
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if hasattr(obj, "skip_history_when_saving"):
            del obj.skip_history_when_saving
        obj._history_user = request.user
        history_record(obj, history_type="~" if change else "+")

    object_history_template = "admin/editorial/object_history.html"

    def view_on_site(self, obj):
        """The public page at the site's address (and, for drafts and
        scheduled items, their preview), linked directly rather than
        through the admin's redirect."""
        return absolute_url(obj.get_absolute_url())

    def history_view(self, request, object_id, extra_context=None):
        """The item's versions, then recent changes to its inline rows
        (quotes, sources, episodes, entries), which have versions of their
        own."""
        _key_or_404(self.opts.pk, unquote(object_id))
        extra_context = {
            "related_histories": self.related_histories(request, unquote(object_id)),
            **(extra_context or {}),
        }
        if not may_see_accounts(request.user):
            # "Changed by" names the editor without a link to an account page
            # they may not open (the template links only a name that reverses).
            extra_context["admin_user_view"] = ""
        return super().history_view(request, object_id, extra_context)

    def related_histories(self, request, object_id):
        sections = []
        for inline in self.inlines:
            model = inline.model
            manager = getattr(model._meta, "simple_history_manager_attribute", None)
            # Publishable rows listed inline (a series' articles) have a
            # history page of their own.
            if manager is None or issubclass(model, Publishable):
                continue
            fk = model._meta.get_field(
                inline.fk_name
                or next(
                    field.name
                    for field in model._meta.fields
                    if field.many_to_one and field.related_model is self.model
                )
            )
            records = list(
                getattr(model, manager)
                .filter(**{fk.attname: object_id})
                .select_related("history_user")
                .order_by("-history_date", "-history_id")[:RELATED_HISTORY_LIMIT]
            )
            if not records:
                continue
            for record in records:
                record.changes = []
                previous = record.prev_record if record.history_type == "~" else None
                if previous is not None:
                    helper = EditorialRecordContextHelper(model, record)
                    record.changes = helper.context_for_delta_changes(
                        history_delta(record, previous)
                    )
            sections.append(
                {"title": model._meta.verbose_name_plural, "records": records}
            )
        return sections

    def get_historical_record_context_helper(self, request, historical_record):
        return EditorialRecordContextHelper(self.model, historical_record)

    def set_history_delta_changes(
        self, request, historical_records, foreign_keys_are_objs=True
    ):
        """Each version's changes from the one before, tags included."""
        newer = None
        for older in historical_records:
            if newer is not None:
                helper = self.get_historical_record_context_helper(request, newer)
                newer.history_delta_changes = helper.context_for_delta_changes(
                    history_delta(newer, older)
                )
            newer = older

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """One version beside the present, with a button that restores it."""
        request.current_app = self.admin_site.name
        opts = self.opts
        history = get_history_model_for_model(self.model)
        object_id = unquote(object_id)
        _key_or_404(opts.pk, object_id)
        _key_or_404(history._meta.get_field("history_id"), version_id)
        record = get_object_or_404(
            history, **{opts.pk.attname: object_id, "history_id": version_id}
        )
        obj = self.get_object(request, object_id)
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        can_revert = not self.revert_disabled(request, obj)
        change_url = admin_url(opts, "change", object_id)
        if request.method == "POST":
            if not can_revert:
                raise PermissionDenied
            problem = _revert_problem(record)
            if problem is None:
                try:
                    restored = history_revert(record=record, user=request.user)
                except ValidationError as error:
                    problem = " ".join(error.messages)
            if problem is None:
                self.log_change(request, restored, gettext("Reverted."))
                self.message_user(
                    request,
                    gettext("“%(item)s” is back to its version of %(when)s")
                    % {"item": restored, "when": local_time(record.history_date)},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
            self.message_user(request, problem, messages.ERROR)
        latest = (
            history.objects.filter(**{opts.pk.attname: object_id})
            .order_by("-history_date", "-history_id")
            .first()
        )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Version of %(when)s")
            % {"when": local_time(record.history_date)},
            "subtitle": str(obj or record.instance),
            "opts": opts,
            "original": obj,
            "record": record,
            "is_latest": latest is not None and latest.pk == record.pk,
            "rows": version_rows(record, current=latest),
            "can_revert": can_revert,
            "change_url": change_url,
            "history_url": admin_url(opts, "history", object_id),
            **(extra_context or {}),
        }
        return TemplateResponse(
            request, "admin/editorial/history_version.html", context
        )


def _key_or_404(field, value):
    """Not found, rather than a database error, for an address whose key is
    no key of the model's (``/admin/people/person/x/history/``)."""
    try:
        field.to_python(value)
    except ValidationError as error:
        raise Http404 from error


def admin_url(opts, view, *args):
    """The address of one of the admin's pages for the model of ``opts``."""
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_{view}",
        args=[quote(arg) for arg in args],
    )


def _revert_problem(record):
    """Why ``record`` cannot be restored as it is (its address is taken by
    another item now, say), or None."""
    instance = record.instance
    manager = type(instance)._default_manager
    instance._state.adding = not manager.filter(pk=instance.pk).exists()
    try:
        instance.validate_unique()
        instance.validate_constraints()
    except ValidationError as error:
        return gettext("This version cannot be restored: %(reasons)s") % {
            "reasons": " ".join(error.messages)
        }
    return None


class PublicationFilter(admin.SimpleListFilter):
    """Draft, scheduled or live: what editors ask of a list, where the bare
    status cannot tell scheduled items from live ones."""

    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("scheduled", _("Scheduled")),
            ("live", _("Live")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "draft":
                return queryset.filter(status=Status.DRAFT)
            case "scheduled":
                return queryset.scheduled()
            case "live":
                return queryset.live()
            case None:
                return queryset
        return queryset.none()


class SlugRedirectAdminMixin:
    """For the admin of a public model: changing a live item's address keeps
    the old one working.

    When the saved item was live before the change and its
    ``get_absolute_url()`` differs afterwards, a permanent redirect from the
    old address to the new one is recorded (``october.core.redirects.redirect_add``)
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


# The last section of a content form: when the item was made and changed.
METADATA_FIELDSET = (
    _("Metadata"),
    {"classes": ["collapse"], "fields": ["created_at", "updated_at"]},
)


class PublishableAdmin(SlugRedirectAdminMixin, HistoryAdmin):
    """The admin of a ``Publishable`` model: history, publishing actions,
    preview and preview links (see the module's docstring), and a redirect
    from a live item's old address when its slug changes.

    Its change form ends with ``METADATA_FIELDSET`` (read-only times) and
    shows short text fields as compact boxes; admins may override both.
    """

    change_form_template = "admin/editorial/change_form.html"
    actions = [publish, unpublish, schedule, add_tags, remove_tags]
    readonly_fields = ["created_at", "updated_at"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}
    }

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not tag_fields(self.model):
            for name in TAG_ACTIONS:
                actions.pop(name, None)
        return actions

    def get_list_display(self, request):
        return [
            "publication" if name == "status" else name
            for name in super().get_list_display(request)
        ]

    def get_list_filter(self, request):
        return [
            PublicationFilter if name == "status" else name
            for name in super().get_list_filter(request)
        ]

    @admin.display(description=_("publication"), ordering="status")
    def publication(self, obj):
        if obj.status == Status.DRAFT:
            return format_html('<span class="publication draft">{}</span>', _("Draft"))
        if obj.is_scheduled:
            return format_html(
                '<span class="publication scheduled">{}</span>', _("Scheduled")
            )
        return format_html('<span class="publication live">{}</span>', _("Live"))

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/preview-links/",
                view(self.preview_link_create_view),
                name=f"{prefix}_preview_link_create",
            ),
            path(
                "<path:object_id>/preview-links/<int:link_id>/revoke/",
                view(self.preview_link_revoke_view),
                name=f"{prefix}_preview_link_revoke",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = {
            **self.preview_context(request, obj),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def preview_context(self, request, obj):
        """The change page's preview button and preview links, for items that
        are not public yet and editors who may change them."""
        if obj is None or obj.is_live or not self.has_change_permission(request, obj):
            return {}
        links = PreviewLink.objects.for_item(obj).active().select_related("created_by")
        for link in links:
            link.url = absolute_url(preview_url_for(link, obj))
            link.revoke_url = admin_url(
                self.opts, "preview_link_revoke", obj.pk, link.pk
            )
        return {
            "preview_url": obj.get_absolute_url(),
            "preview_links": links,
            "preview_link_days": PREVIEW_LINK_LIFETIME.days,
            "preview_link_create_url": admin_url(
                self.opts, "preview_link_create", obj.pk
            ),
        }

    def _changeable(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _back_to(self, obj):
        return HttpResponseRedirect(
            admin_url(self.opts, "change", obj.pk) + "#preview-links"
        )

    @method_decorator(require_POST)
    def preview_link_create_view(self, request, object_id):
        obj = self._changeable(request, object_id)
        link = preview_link_create(item=obj, user=request.user)
        self.message_user(
            request,
            gettext(
                "Preview link made. Anyone who has it can see this page until %(when)s."
            )
            % {"when": local_time(link.expires_at)},
            messages.SUCCESS,
        )
        return self._back_to(obj)

    @method_decorator(require_POST)
    def preview_link_revoke_view(self, request, object_id, link_id):
        obj = self._changeable(request, object_id)
        link = get_object_or_404(PreviewLink.objects.for_item(obj), pk=link_id)
        if preview_link_revoke(link=link):
            self.message_user(
                request,
                gettext("Preview link revoked: it shows nothing from now on."),
                messages.SUCCESS,
            )
        return self._back_to(obj)


def preview_url_for(link, item):
    """``preview_url(link)`` for a link whose item is already at hand."""
    link.item = item
    return preview_url(link)
