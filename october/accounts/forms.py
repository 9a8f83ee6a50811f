from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from october.accounts.confirmation import email_in_use
from october.accounts.models import (
    DISPLAY_NAME_MAX,
    JOIN_MESSAGE_MAX,
    JoinRequest,
    ReaderProfile,
)
from october.accounts.names import LOOKS_TAKEN, look_alike_problem
from october.accounts.tasks import send_password_reset
from october.core.forms import TextareaField
from october.core.mail import queue_task
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

    def validate(self, value):
        super().validate(value)
        problem = look_alike_problem(value, taken=_staff_name_taken)
        if problem:
            raise forms.ValidationError(problem, code="look_alike")


def _staff_name_taken(name: str) -> bool:
    """Whether a member of staff signs in or appears as ``name``."""
    return (
        get_user_model()
        .objects.filter(Q(is_staff=True) | Q(is_superuser=True))
        .filter(Q(username__iexact=name) | Q(reader_profile__display_name__iexact=name))
        .exists()
    )


def refuse_staff_names(name: str, *, exclude=None) -> str:
    """``name``, unless it is the very name a staff member (other than
    ``exclude``) appears as: the look-alike check catches disguised copies,
    this the plain ones. Staff usernames are not compared, so that trying
    names cannot reveal them."""
    staff = get_user_model().objects.filter(Q(is_staff=True) | Q(is_superuser=True))
    if exclude is not None:
        staff = staff.exclude(pk=exclude.pk)
    if name and staff.filter(reader_profile__display_name__iexact=name).exists():
        raise forms.ValidationError(LOOKS_TAKEN, code="staff_name")
    return name


def _username_taken(name: str) -> bool:
    return get_user_model().objects.filter(username__iexact=name).exists()


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

    def clean_display_name(self):
        return refuse_staff_names(self.cleaned_data["display_name"])

    def clean_username(self):
        username = super().clean_username()
        problem = look_alike_problem(username, taken=_username_taken)
        if problem:
            raise forms.ValidationError(problem, code="look_alike")
        return username

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


class ProfileForm(forms.ModelForm):
    """The name others see, and whether they may see the reader's shelves."""

    display_name = DisplayNameField()

    class Meta:
        model = ReaderProfile
        fields = ["display_name", "shelves_public"]
        labels = {"shelves_public": _("Show my shelves to everyone")}
        # The page explains the default beside the box.
        help_texts = {"shelves_public": ""}
        widgets = {
            "shelves_public": forms.CheckboxInput(
                attrs={"aria-describedby": "id_shelves_public_helptext"}
            )
        }

    def __init__(self, *args, user, **kwargs):
        profile = ReaderProfile.objects.filter(user=user).first()
        if profile is None:
            ReaderProfile.objects.ensure_for([user])
            profile = ReaderProfile.objects.get(user=user)
        kwargs["instance"] = profile
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_display_name(self):
        return refuse_staff_names(self.cleaned_data["display_name"], exclude=self.user)


class CurrentPasswordMixin(forms.Form):
    """A form a signed-in reader confirms with their password."""

    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    # Each of these forms shares a page with the others: ids of its own.
    id_prefix = "id"

    def __init__(self, *args, user, **kwargs):
        self.user = user
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That is not your password. Nothing was changed."),
                code="password_incorrect",
            )
        return password


class EmailChangeForm(CurrentPasswordMixin):
    """A new address for the account; it takes effect once confirmed."""

    email = forms.EmailField(
        label=_("New e-mail address"),
        max_length=254,
        help_text=_(
            "We send a link to the new address; your address changes only when "
            "you follow it. We also tell your current address."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Please give the new address."),
            "invalid": _("This does not look like an e-mail address; check for typos."),
        },
    )

    field_order = ["email", "password"]
    id_prefix = "email_change"

    def clean_email(self):
        email = BaseUserManager.normalize_email(self.cleaned_data["email"])
        if email.lower() == (self.user.email or "").lower():
            raise forms.ValidationError(
                _("This is already your address."), code="unchanged"
            )
        if email_in_use(email, exclude=self.user):
            raise forms.ValidationError(
                _(
                    "Another account uses this address. If it is yours, sign in "
                    "to that account instead."
                ),
                code="taken",
            )
        return email


class AccountDeleteForm(CurrentPasswordMixin):
    """Deleting the account, confirmed with the password."""

    id_prefix = "account_delete"

    def clean(self):
        cleaned = super().clean()
        if self.user.is_staff or self.user.is_superuser:
            raise forms.ValidationError(
                _(
                    "Staff accounts are closed by an administrator, so that the "
                    "record of what staff did is kept."
                ),
                code="staff",
            )
        return cleaned


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's form, but the mail is queued for the worker: a known address
    costs the request one row in the task table, not a conversation with a
    mail server, whose delays would tell which addresses have accounts."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        queue_task(
            send_password_reset,
            user_id=context["user"].pk,
            email=to_email,
            domain=context["domain"],
            site_name=context["site_name"],
            protocol=context["protocol"],
            language=translation.get_language() or settings.LANGUAGE_CODE,
            subject_template_name=subject_template_name,
            email_template_name=email_template_name,
        )
