"""Bulk actions on ``Publishable`` items in the admin's lists.

Publish now, unpublish, schedule for a time to come, and add or remove tags.
Each calls the service in ``october.core.services`` and reports how many of
the chosen items it changed; those that ask for a value (the time, the tags)
show a page of their own first.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers, widgets
from django.contrib.admin.utils import model_ngettext
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.utils import parse_tags

from october.core.services import (
    publishable_publish,
    publishable_unpublish,
    tags_add,
    tags_remove,
)

TAG_ACTIONS = ("add_tags", "remove_tags")


def local_time(moment) -> str:
    """A moment as editors read it, in the site's time zone."""
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


class ScheduleForm(forms.Form):
    publish_at = forms.SplitDateTimeField(
        label=_("Publish at"), widget=widgets.AdminSplitDateTime
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publish_at"].help_text = gettext(
            "A time to come, in the site's time zone (%(zone)s)."
        ) % {"zone": settings.TIME_ZONE}

    def clean_publish_at(self):
        value = self.cleaned_data["publish_at"]
        if value <= timezone.now():
            raise ValidationError(
                _("Choose a time to come; to publish now, use “Publish”."),
                code="past",
            )
        return value


class TagsForm(forms.Form):
    tags = forms.CharField(
        label=_("Tags"),
        max_length=500,
        help_text=_("Comma-separated, e.g. “women, soviets, Lenin”."),
    )

    def clean_tags(self):
        names = parse_tags(self.cleaned_data["tags"])
        if not names:
            raise ValidationError(_("Name at least one tag."), code="empty")
        return names


def report_changed(modeladmin, request, changed: int, done: str) -> None:
    """Say how many of the chosen items an action changed."""
    modeladmin.message_user(
        request,
        gettext("%(count)d %(items)s %(done)s.")
        % {
            "count": changed,
            "items": model_ngettext(modeladmin.opts, changed),
            "done": done,
        },
        messages.SUCCESS if changed else messages.INFO,
    )


def ask_then_apply(
    modeladmin,
    request,
    queryset,
    *,
    form_class,
    action: str,
    texts: dict,
    apply,
    template_name: str = "admin/editorial/action_form.html",
):
    """For an action that needs one more value: run ``apply(cleaned_data)``
    once the page between choosing the action and doing it has given a valid
    ``form_class``; until then show that page.

    ``apply`` returns (how many items changed, the past participle to report
    it with); ``texts`` are the page's ``title``, ``button`` and ``intro``.
    ``template_name`` extends ``admin/editorial/action_form.html`` to show
    the items differently.
    """
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        changed, done = apply(form.cleaned_data)
        report_changed(modeladmin, request, changed, done)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        **texts,
        "opts": modeladmin.opts,
        "form": form,
        "items": queryset,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across", "0"),
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, template_name, context)


@admin.action(description=_("Publish selected items now"), permissions=["change"])
def publish(modeladmin, request, queryset):
    changed = publishable_publish(items=queryset)
    report_changed(modeladmin, request, changed, gettext("published"))


@admin.action(
    description=_("Unpublish selected items (back to draft)"), permissions=["change"]
)
def unpublish(modeladmin, request, queryset):
    changed = publishable_unpublish(items=queryset)
    report_changed(modeladmin, request, changed, gettext("unpublished"))


@admin.action(description=_("Schedule selected items…"), permissions=["change"])
def schedule(modeladmin, request, queryset):
    """Asks for the time on a page of its own, then schedules."""

    def apply(data):
        at = data["publish_at"]
        changed = publishable_publish(items=queryset, at=at)
        done = gettext("scheduled (public from %(when)s)") % {"when": local_time(at)}
        return changed, done

    return ask_then_apply(
        modeladmin,
        request,
        queryset,
        form_class=ScheduleForm,
        action="schedule",
        texts={
            "title": gettext("Schedule"),
            "button": gettext("Schedule"),
            "intro": gettext("These items will become public at the time you choose:"),
        },
        apply=apply,
    )


def _tags_action(name: str, *, description, change_tags, texts: dict, done):
    """An action that asks for tag names, then gives them to the chosen items
    or takes them off (``change_tags``, a service of ``october.core.services``)."""

    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        return ask_then_apply(
            modeladmin,
            request,
            queryset,
            form_class=TagsForm,
            action=name,
            texts=texts,
            apply=lambda data: (change_tags(items=queryset, names=data["tags"]), done),
        )

    action.__name__ = name
    return action


add_tags = _tags_action(
    "add_tags",
    description=_("Add tags to selected items…"),
    change_tags=tags_add,
    texts={
        "title": _("Add tags"),
        "button": _("Add tags"),
        "intro": _("These items get the tags you name:"),
    },
    done=_("tagged"),
)
remove_tags = _tags_action(
    "remove_tags",
    description=_("Remove tags from selected items…"),
    change_tags=tags_remove,
    texts={
        "title": _("Remove tags"),
        "button": _("Remove tags"),
        "intro": _("These items lose the tags you name:"),
    },
    done=_("untagged"),
)
