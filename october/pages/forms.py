from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from october.core.search import MAX_QUERY_LENGTH, clean_query, sources


class QueryField(forms.CharField):
    """The words searched for: never invalid, only cleaned.

    Control characters (NUL included) are dropped rather than refused and an
    over-long query is cut, so anything typed or pasted gets a results page.
    """

    def to_python(self, value):
        return clean_query(value or "")


def type_choices():
    return [(kind, source.plural) for kind, source in sources().items()]


class SearchForm(forms.Form):
    q = QueryField(
        label=_("Search for"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )
    type = forms.MultipleChoiceField(
        label=_("Show"), choices=type_choices, required=False
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Any language")), *settings.CONTENT_LANGUAGES],
        required=False,
    )
