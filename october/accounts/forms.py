from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from october.accounts.models import (
    DISPLAY_NAME_MAX,
    JOIN_MESSAGE_MAX,
    JoinRequest,
    ReaderProfile,
)
from october.core.forms import TextareaField
from october.core.web.antispam import HoneypotMixin


class DisplayNameField(forms.CharField):
    """A public name: trimmed, inner spaces collapsed, never empty."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Display name"))
        kwargs.setdefault("max_length", DISPLAY_NAME_MAX)
        kwargs.setdefault(
            "help_text",
            _(
                "Shown with your reviews and on your profile, e.g. “Natalia S.”. "
                "It can differ from your username, which stays private."
            ),
        )
        kwargs.setdefault(
            "error_messages", {"required": _("Please choose the name others see.")}
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "nickname")

    def to_python(self, value):
        return " ".join(super().to_python(value).split())


class SignupForm(HoneypotMixin, UserCreationForm):
    display_name = DisplayNameField()
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send a link to confirm it. Never shown on the site or shared."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username", "display_name", "email")
        help_texts = {
            "username": _(
                "What you sign in with; it appears in your profile's address. "
                "Letters, digits and @ . + - _ only."
            ),
        }

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            # The signal made the profile with a default name.
            ReaderProfile.objects.filter(user=user).update(
                display_name=self.cleaned_data["display_name"]
            )
        return user


class JoinForm(HoneypotMixin, forms.ModelForm):
    message = TextareaField(
        label=_("Message (optional)"),
        required=False,
        max_length=JOIN_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Tell us a little about yourself, up to 2,000 characters."),
    )

    class Meta:
        model = JoinRequest
        fields = ["name", "email", "country", "message"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "country": forms.TextInput(attrs={"autocomplete": "country-name"}),
        }
        labels = {"name": _("Your name"), "email": _("Your e-mail address")}
        error_messages = {
            "name": {"required": _("Please tell us your name.")},
            "email": {
                "required": _("Please give an e-mail address we can answer."),
                "invalid": _(
                    "This does not look like an e-mail address; check for typos."
                ),
            },
            "country": {"required": _("Please tell us which country you live in.")},
        }

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_country(self):
        return self.cleaned_data["country"].strip()
