"""The "Join us" form: a message to the editors, stored for them to answer.

Bots are kept out by a honeypot field (a submission that fills it in is
thanked and forgotten) and a limit on submissions per IP address.
"""

from django import forms
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from django_ratelimit.core import is_ratelimited

from october.models import JOIN_MESSAGE_MAX, JoinRequest

# Submissions per IP address, valid or not: ample for people, little for bots.
JOIN_RATE = "10/h"
JOIN_RETRY_AFTER = 3600


class MessageField(forms.CharField):
    """Text whose CRLF line ends count as one character, as the textarea's
    own ``maxlength`` counts them."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class JoinForm(forms.ModelForm):
    message = MessageField(
        label=_("Message (optional)"),
        required=False,
        max_length=JOIN_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Tell us a little about yourself, up to 2,000 characters."),
    )
    # People never see this field; bots fill it in.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
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

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class JoinView(FormView):
    form_class = JoinForm
    template_name = "join/join_form.html"
    success_url = reverse_lazy("join_thanks")

    def post(self, request, *args, **kwargs):
        if is_ratelimited(
            request,
            group="october.join",
            key="ip",
            rate=JOIN_RATE,
            method="POST",
            increment=True,
        ):
            response = TemplateResponse(request, "join/rate_limited.html", status=429)
            response["Retry-After"] = str(JOIN_RETRY_AFTER)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if not form.is_spam():
            form.save()
        return redirect(self.get_success_url())


class JoinThanksView(TemplateView):
    template_name = "join/join_thanks.html"
