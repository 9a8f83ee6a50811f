"""Keeping bots out of the site's public forms.

``HoneypotMixin`` adds a field that people never see (the form template
``includes/form_fields.html`` hides it) and bots fill in. A view asks
``form.is_spam()`` once the form is valid and, when it is, thanks the sender
as usual and keeps nothing, so a bot learns nothing from the answer.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"


class HoneypotMixin(forms.Form):
    """Put first among a form's bases: ``class JoinForm(HoneypotMixin, ModelForm)``."""

    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))
