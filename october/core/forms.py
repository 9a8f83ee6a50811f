"""Form fields shared by the site's apps.

``TextareaField``: multi-line text whose length is counted as the browser
counts it.

Dual-calendar dates: editors type a date as their source gives it and choose
the source's calendar and the precision; the Gregorian date to store is
computed on the server, and shown beside the input as they type (by
``october/dual-date.js``, when scripts run).

A model whose dates follow the three-field convention of ``october.core.dates``
gets one such field per date from ``DualDateModelForm``::

    @admin.register(Event)
    class EventAdmin(admin.ModelAdmin):
        form = DualDateModelForm
        fieldsets = [(None, {"fields": ["title", "start", "end"]})]

List only ``start``, never ``start_calendar`` or ``start_precision``: the
form folds those into the ``start`` field and writes them back itself.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelFormMetaclass
from django.forms.utils import flatatt
from django.forms.widgets import Script
from django.utils.dates import MONTHS_ALT
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from october.core.dates import (
    Calendar,
    DualDate,
    Precision,
    day_pattern,
    day_text,
    dual_date,
)


class TextareaField(forms.CharField):
    """Text from a ``<textarea>``, whose CRLF line ends count as one
    character, as the textarea's own ``maxlength`` counts them."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


_PATTERNS = {
    Precision.DAY: re.compile(r"(\d{1,4})-(\d{1,2})-(\d{1,2})"),
    Precision.MONTH: re.compile(r"(\d{1,4})-(\d{1,2})"),
    Precision.YEAR: re.compile(r"(\d{1,4})"),
}
_FORMAT_ERRORS = {
    Precision.DAY: _("Type the date as YYYY-MM-DD, e.g. 1917-10-25."),
    Precision.MONTH: _("Type the month as YYYY-MM, e.g. 1917-10."),
    Precision.YEAR: _("Type the year as YYYY, e.g. 1917."),
}


def parse_dual_date(
    text: str, *, calendar: Calendar | str, precision: Precision | str
) -> DualDate:
    """The date an editor typed: "1917-10-25", "1917-10" or "1917" (by
    ``precision``), in ``calendar``. Raises ``ValueError`` with a message for
    the editor.
    """
    precision = Precision(precision)
    match = _PATTERNS[precision].fullmatch(text.strip())
    if match is None:
        raise ValueError(str(_FORMAT_ERRORS[precision]))
    return DualDate.from_calendar(
        *(int(part) for part in match.groups()),
        calendar=calendar,
        precision=precision,
    )


def _as_text(value: DualDate) -> str:
    year, month, day = value.in_source_calendar
    if value.precision == Precision.YEAR:
        return f"{year:04d}"
    if value.precision == Precision.MONTH:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def other_calendar_text(value: DualDate) -> str:
    """The same day in the other calendar, for editors: "= 7 November 1917
    (New Style)". Empty unless the date is precise to the day.
    """
    if value.precision != Precision.DAY:
        return ""
    if value.calendar == Calendar.JULIAN:
        g = value.gregorian
        other, style = (g.year, g.month, g.day), gettext("New Style")
    else:
        other, style = value.julian, gettext("Old Style")
    return f"= {day_text(other)} ({style})"


class DualDateWidget(forms.MultiWidget):
    """A text input for the date, a calendar select and a precision select.

    Their names are ``<name>``, ``<name>_calendar`` and ``<name>_precision``,
    like the three model fields, so posted data reads like the model. An
    ``<output>`` after them shows the day in the other calendar.
    """

    use_fieldset = False

    class Media:
        js = [Script("october/dual-date.js", defer=True)]

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets = {
            "": forms.TextInput(
                attrs={
                    "size": 10,
                    "placeholder": "1917-10-25",
                    "autocomplete": "off",
                    "data-dual-date-part": "date",
                }
            ),
            "calendar": forms.Select(
                choices=Calendar.choices,
                attrs={"aria-label": _("Calendar"), "data-dual-date-part": "calendar"},
            ),
            "precision": forms.Select(
                choices=Precision.choices,
                attrs={
                    "aria-label": _("Precision"),
                    "data-dual-date-part": "precision",
                },
            ),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, DualDate):
            return [_as_text(value), value.calendar, value.precision]
        return [value, None, None]

    def id_for_label(self, id_: str) -> str:
        # The field's label names the date input; the selects carry aria-labels.
        return f"{id_}_0" if id_ else ""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> str:
        controls = super().render(name, value, attrs, renderer)
        id_ = (attrs or {}).get("id") or self.attrs.get("id")
        output_attrs = {
            "class": "dual-date-input__other",
            "aria-live": "polite",
            "for": " ".join(f"{id_}_{i}" for i in range(3)) if id_ else None,
            # dual-date.js writes the day in the editor's language from these.
            "data-months": "|".join(str(MONTHS_ALT[m]) for m in range(1, 13)),
            "data-pattern": day_pattern(),
            "data-old-style": gettext("Old Style"),
            "data-new-style": gettext("New Style"),
        }
        return format_html(
            '<span class="dual-date-input" data-dual-date>{} <output{}>{}</output>'
            "</span>",
            controls,
            flatatt({k: v for k, v in output_attrs.items() if v is not None}),
            self._other_calendar(value),
        )

    def _other_calendar(self, value: Any) -> str:
        if isinstance(value, (list, tuple)) and len(value) == 3 and value[0]:
            try:
                value = parse_dual_date(value[0], calendar=value[1], precision=value[2])
            except ValueError:
                return ""
        return other_calendar_text(value) if isinstance(value, DualDate) else ""


class DualDateFormField(forms.MultiValueField):
    """A date typed in either calendar; cleans to a ``DualDate``, or ``None``
    when left empty and not required.
    """

    widget = DualDateWidget

    def __init__(
        self,
        *,
        default_calendar: Calendar | str = Calendar.GREGORIAN,
        default_precision: Precision | str = Precision.DAY,
        **kwargs: Any,
    ) -> None:
        fields = (
            forms.CharField(required=False),
            forms.ChoiceField(choices=Calendar.choices),
            forms.ChoiceField(choices=Precision.choices),
        )
        kwargs.setdefault("initial", ["", default_calendar, default_precision])
        kwargs.setdefault(
            "help_text",
            _(
                "As the source gives it: 1917-10-25, or 1917-10 for a month, "
                "or 1917 for a year. Choose Julian (Old Style) for dates in "
                "Russia before 14 February 1918; the Gregorian date is worked "
                "out for you."
            ),
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> DualDate | None:
        text, calendar, precision = data_list or ("", None, None)
        if not text:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        try:
            return parse_dual_date(text, calendar=calendar, precision=precision)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from error


def _is_dual_date(model: type[models.Model], field: models.Field) -> bool:
    if not isinstance(field, models.DateField) or isinstance(
        field, models.DateTimeField
    ):
        return False
    names = {f.name for f in model._meta.concrete_fields}
    return {f"{field.name}_calendar", f"{field.name}_precision"} <= names


class DualDateModelFormMetaclass(ModelFormMetaclass):
    """Folds each dual date's three model fields into one ``DualDateFormField``.

    Done on the class so that ``base_fields`` (which the admin reads to lay
    out a form) already show the folded field.
    """

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]):
        new_class = super().__new__(mcs, name, bases, attrs)
        model = getattr(getattr(new_class, "_meta", None), "model", None)
        names = []
        if model is not None:
            for field in model._meta.concrete_fields:
                if (
                    field.name not in new_class.base_fields
                    or field.name in new_class.declared_fields
                    or not _is_dual_date(model, field)
                ):
                    continue
                names.append(field.name)
                calendar = model._meta.get_field(f"{field.name}_calendar")
                precision = model._meta.get_field(f"{field.name}_precision")
                new_class.base_fields[field.name] = DualDateFormField(
                    required=not field.blank,
                    label=capfirst(field.verbose_name),
                    default_calendar=calendar.get_default(),
                    default_precision=precision.get_default(),
                )
                new_class.base_fields.pop(calendar.name, None)
                new_class.base_fields.pop(precision.name, None)
        new_class.dual_date_names = tuple(names)
        return new_class


class DualDateModelForm(forms.ModelForm, metaclass=DualDateModelFormMetaclass):
    """A ModelForm showing each dual date as one ``DualDateFormField``.

    Every model ``DateField`` ``<name>`` with sibling fields
    ``<name>_calendar`` and ``<name>_precision`` in the form is folded, unless
    the form declares a field ``<name>`` itself. The field opens in the
    calendar the date was entered in. After validation, ``cleaned_data[name]``
    is the Gregorian ``date`` (what the model stores) and
    ``cleaned_dual_dates[name]`` the ``DualDate``.
    """

    dual_date_names: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cleaned_dual_dates: dict[str, DualDate | None] = {}
        given = kwargs.get("initial") or {}
        for name in self.dual_date_names:
            if name in given:
                continue
            value = dual_date(self.instance, name)
            self.initial[name] = value or [
                "",
                getattr(self.instance, f"{name}_calendar"),
                getattr(self.instance, f"{name}_precision"),
            ]

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        for name in self.dual_date_names:
            if name not in cleaned_data:
                continue
            value = cleaned_data[name]
            self.cleaned_dual_dates[name] = value
            cleaned_data[name] = value.gregorian if value else None
            # The sibling fields are not form fields, so construct_instance()
            # would leave them alone; set them before the model is validated.
            opts = self.instance._meta
            for suffix, attribute in (
                ("_calendar", "calendar"),
                ("_precision", "precision"),
            ):
                field = opts.get_field(f"{name}{suffix}")
                setattr(
                    self.instance,
                    field.attname,
                    getattr(value, attribute) if value else field.get_default(),
                )
        return cleaned_data
