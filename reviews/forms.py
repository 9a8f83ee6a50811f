from django import forms
from django.utils.translation import gettext_lazy as _

from october.core.forms import TextareaField
from october.core.web.antispam import HoneypotMixin
from reviews.models import (
    MAX_REPORT_NOTE_LENGTH,
    MAX_REVIEW_LENGTH,
    RejectionReason,
    Shelf,
)


class ReviewForm(HoneypotMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[
            (5, _("5 stars — it was amazing")),
            (4, _("4 stars — really liked it")),
            (3, _("3 stars — liked it")),
            (2, _("2 stars — it was ok")),
            (1, _("1 star — did not like it")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose from 1 to 5 stars."),
            "invalid_choice": _("Choose from 1 to 5 stars."),
        },
    )
    text = TextareaField(
        label=_("Your review (optional)"),
        required=False,
        max_length=MAX_REVIEW_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Up to 10,000 characters. Your rating counts at once; a moderator "
            "reads your words before they appear."
        ),
    )


class RateForm(forms.Form):
    """One click on a star of the book page."""

    rating = forms.TypedChoiceField(
        choices=[(stars, stars) for stars in (1, 2, 3, 4, 5)],
        coerce=int,
        error_messages={
            "required": _("Choose from 1 to 5 stars."),
            "invalid_choice": _("Choose from 1 to 5 stars."),
        },
    )


def rating_from(value) -> int | None:
    """A rating of 1 to 5 from a query or form value, or None."""
    return int(value) if value in {"1", "2", "3", "4", "5"} else None


class ProgressForm(forms.Form):
    """How far into a book: page N (of M in the reader's edition), or N%."""

    page = forms.IntegerField(
        label=_("Page"),
        required=False,
        min_value=0,
        max_value=100_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    pages = forms.IntegerField(
        label=_("of (pages in your edition, optional)"),
        required=False,
        min_value=1,
        max_value=100_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    percent = forms.IntegerField(
        label=_("or percent read"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class ShelveForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Shelf"),
        choices=[("", _("On no shelf")), *Shelf.choices],
        required=False,
    )


class RejectForm(forms.Form):
    """The reason a moderator gives when rejecting reviews in the admin."""

    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=RejectionReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the reader"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Sent with the reason. Required for “Another reason”."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("reason") == RejectionReason.OTHER
            and not cleaned.get("note", "").strip()
        ):
            self.add_error("note", _("Explain the reason to the reader."))
        return cleaned


class ReportForm(HoneypotMixin, forms.Form):
    """A reader's report of a review: what is wrong with it."""

    reason = forms.ChoiceField(
        label=_("What is wrong with this review?"),
        choices=RejectionReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason for your report.")},
    )
    note = TextareaField(
        label=_("Note to the moderators (optional)"),
        required=False,
        max_length=MAX_REPORT_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Up to 1,000 characters. Required for “Another reason”."),
    )
