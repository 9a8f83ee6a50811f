from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from october.core.admin.bases import METADATA_FIELDSET, PublishableAdmin
from october.core.admin.widgets import thumbnail_column
from october.core.forms import DualDateModelForm
from people.models import BiographySource, Person, Quote
from people.services import person_unfeature_quotes


class QuoteInlineFormSet(BaseInlineFormSet):
    def featured_forms(self):
        """The valid, kept forms whose quote is marked as featured."""
        return [
            form
            for form in self.forms
            if form.is_valid()
            and not self._should_delete_form(form)
            and form.cleaned_data.get("is_featured")
        ]

    def clean(self):
        """Refuse more than one featured quote, before the database would."""
        super().clean()
        if len(self.featured_forms()) > 1:
            raise ValidationError(
                _("Only one quote can be featured; untick all but one."),
                code="several_featured",
            )


class QuoteInline(admin.StackedInline):
    model = Quote
    formset = QuoteInlineFormSet
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["said_by_person"]
    fields = [
        "text",
        ("said_by", "said_by_person"),
        ("source_title", "year"),
        ("is_featured", "order"),
    ]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})}
    }


class BiographySourceInline(admin.TabularInline):
    model = BiographySource
    extra = 0
    fields = ["author", "title", "year", "locator", "url", "order"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Person)
class PersonAdmin(PublishableAdmin):
    form = DualDateModelForm
    portrait_thumbnail = thumbnail_column(
        "portrait", description=_("portrait"), width=48, aspect=(1, 1), circle=True
    )
    list_display = [
        "portrait_thumbnail",
        "display_name",
        "kind",
        "life_dates",
        "status",
        "publish_at",
    ]
    list_display_links = ["portrait_thumbnail", "display_name"]
    list_filter = ["kind", "status"]
    search_fields = [
        "display_name",
        "full_name",
        "birth_name",
        "native_name",
        "alternative_names",
    ]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["display_name"]}
    inlines = [QuoteInline, BiographySourceInline]
    fieldsets = [
        (
            None,
            {"fields": ["display_name", "slug", "kind", "summary", "biography"]},
        ),
        (
            _("Names"),
            {
                "fields": [
                    "full_name",
                    "birth_name",
                    "native_name",
                    "alternative_names",
                    "sort_name",
                ]
            },
        ),
        (
            _("Life"),
            {
                "fields": [
                    "birth",
                    "birth_place",
                    "death",
                    "death_place",
                    "roles",
                ]
            },
        ),
        (_("Portrait"), {"fields": ["portrait", "portrait_alt"]}),
        (_("Publishing"), {"fields": ["status", "publish_at"]}),
        METADATA_FIELDSET,
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "summary":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 60})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        """Move the featured mark in one save: clear the old one first."""
        for formset in formsets:
            if isinstance(formset, QuoteInlineFormSet):
                featured = formset.featured_forms()
                if featured:
                    person_unfeature_quotes(
                        person=form.instance, keep=featured[0].instance
                    )
        super().save_related(request, form, formsets, change)

    @admin.display(description=_("life"), ordering="birth")
    def life_dates(self, obj):
        years = [str(d.year) if d else "?" for d in (obj.birth, obj.death)]
        return "–".join(years) if obj.birth or obj.death else "—"
