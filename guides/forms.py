from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.models import Book, ReadingStatus


class GuideShelveForm(forms.Form):
    """The books of one guide a reader ticked, and the shelf to put them on."""

    books = forms.ModelMultipleChoiceField(
        label=_("Books"), queryset=Book.objects.none()
    )
    status = forms.ChoiceField(label=_("Shelf"), choices=ReadingStatus.Shelf.choices)

    def __init__(self, *args, guide, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["books"].queryset = (
            Book.objects.live().filter(guide_entries__guide=guide).distinct()
        )
