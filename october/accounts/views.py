"""Reader accounts: Django's own auth views plus signup and e-mail confirmation.

Signing up takes a username, an e-mail address and a password; the new reader
is signed in at once and mailed a link that confirms the address. Until then
they may rate and shelve books but not submit written reviews.

Nothing here tells a stranger whether an address has an account:

- password reset always answers "if the address has an account, we sent a
  link" (Django's behaviour);
- signing up with an address that already belongs to an account behaves
  exactly like any other signup (the new account is created and signed in,
  the page is the same), because that is the only way the response can be
  identical. The address's owner is mailed a notice naming their existing
  account instead of a confirmation link, so the new account can never
  confirm that address and never write reviews with it. Usernames are
  public anyway (``/readers/<username>/``), so "username taken" is an
  ordinary form error.

Login, signup, password reset, "resend the link" and "Join us" are
throttled (``october.core.web.throttle``); a throttled request gets the 429
page. Sign-in (the admin's too) is also guarded by django-axes: five failures
for one username from one address lock that pair out for a while
(``october.accounts.lockout``), whether or not the username exists.

A signed-in reader's settings (``/accounts/settings/``): the address, changed
only once the new one is confirmed by its link (the old address is told); the
password; a download of everything kept about them (``october.accounts.data``);
and deleting the account, confirmed with the password. Every one of these
forms is a POST, throttled per reader, and acts on the signed-in reader only:
no address of theirs names an account.

"Join us" takes a message for the editors, stored for them to answer; a
submission that fills in the honeypot is thanked and forgotten.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from october.accounts.confirmation import (
    CONFIRMATION_MAX_AGE,
    confirm_email,
    email_change_apply,
    read_confirmation_token,
    read_email_change_token,
    send_confirmation,
    send_email_change,
)
from october.accounts.data import account_delete, account_export
from october.accounts.forms import (
    AccountDeleteForm,
    EmailChangeForm,
    JoinForm,
    ProfileForm,
    QueuedPasswordResetForm,
    SignupForm,
)
from october.accounts.models import EmailConfirmation
from october.accounts.services import reader_profile_update
from october.core.addresses import site_domain, site_scheme
from october.core.web.throttle import SIGN_IN_GROUP, SIGN_IN_RATES, ThrottleMixin

# "Join us" submissions per address, valid or not: ample for people, little
# for bots.
JOIN_RATE = "10/h"


class SignupView(ThrottleMixin, FormView):
    form_class = SignupForm
    template_name = "accounts/signup.html"
    success_url = reverse_lazy("signup_done")
    throttle_rates = [("ip", "10/h")]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("home")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        if form.is_spam():
            return redirect(self.success_url)
        with transaction.atomic():
            user = form.save()
            send_confirmation(self.request, user)
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(self.success_url)


class SignupDoneView(TemplateView):
    template_name = "accounts/signup_done.html"


class EmailConfirmView(View):
    """Follows the mailed link: a valid token confirms the address it names."""

    def get(self, request, token):
        outcome = "invalid"
        found = read_confirmation_token(token)
        if found is not None:
            user_id, email = found
            user = (
                get_user_model()
                .objects.filter(pk=user_id, is_active=True, email__iexact=email)
                .first()
            )
            if user is not None:
                outcome = "confirmed" if confirm_email(user, email) else "taken"
        status = 200 if outcome == "confirmed" else 400
        return TemplateResponse(
            request, "accounts/email_confirm.html", {"outcome": outcome}, status=status
        )


class EmailConfirmResendView(LoginRequiredMixin, ThrottleMixin, View):
    throttle_rates = [("user", "3/h")]
    http_method_names = ["post"]

    def post(self, request):
        user = request.user
        if EmailConfirmation.objects.is_confirmed(user):
            messages.info(request, _("Your e-mail address is already confirmed."))
        else:
            send_confirmation(request, user)
            messages.success(
                request,
                _("We have sent a new link to %(email)s. It works for %(days)d days.")
                % {"email": user.email, "days": CONFIRMATION_MAX_AGE.days},
            )
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, {request.get_host()}, request.is_secure()
        ):
            next_url = reverse("home")
        # Not redirect(): it would take a bare word such as "next" for the
        # name of a URL pattern, and fail to find it.
        return HttpResponseRedirect(next_url)


class LoginView(ThrottleMixin, auth_views.LoginView):
    redirect_authenticated_user = True
    # Counted with the admin's sign-in (october.core.admin.site). A limit
    # per username alone would let anyone lock a reader out.
    throttle_group = SIGN_IN_GROUP
    throttle_rates = SIGN_IN_RATES


class PasswordResetView(ThrottleMixin, auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    throttle_rates = [("ip", "10/h"), ("post:email", "3/h")]

    @property
    def extra_email_context(self):
        # The link in the e-mail is at the site's address, not the Sites
        # framework's domain.
        return {
            "protocol": site_scheme(),
            "domain": site_domain(),
            "site_name": gettext(settings.SITE_NAME),
        }


class PasswordChangeView(ThrottleMixin, auth_views.PasswordChangeView):
    # Each try checks the old password: a borrowed session must not guess it.
    throttle_rates = [("user", "10/h")]


class SettingsMixin(LoginRequiredMixin):
    """The settings page, with one of its forms perhaps bound to what was sent."""

    template_name = "accounts/settings.html"

    def settings_context(self, **bound_forms):
        user = self.request.user
        forms = {
            "profile_form": ProfileForm(user=user),
            "email_form": EmailChangeForm(user=user),
            "delete_form": AccountDeleteForm(user=user),
            **bound_forms,
        }
        return {
            **forms,
            "email_confirmed": EmailConfirmation.objects.is_confirmed(user),
            "can_delete": not (user.is_staff or user.is_superuser),
        }

    def throttle_back(self, request):
        return reverse("account_settings"), _("Back to your account settings")


@method_decorator(never_cache, name="dispatch")
class AccountSettingsView(SettingsMixin, TemplateView):
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.settings_context()}


@method_decorator(never_cache, name="dispatch")
class SettingsFormView(SettingsMixin, ThrottleMixin, FormView):
    """One form of the settings page: shown again with its errors, else done."""

    success_url = reverse_lazy("account_settings")
    form_context_name = ""

    def get(self, request, *args, **kwargs):
        return redirect("account_settings")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_invalid(self, form):
        # The page comes back at its top; the first wrong field takes the
        # focus, so that it is on screen (the delete form is far below).
        for name in form.errors:
            if name in form.fields:
                form.fields[name].widget.attrs["autofocus"] = True
                break
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {
            **context,
            **self.settings_context(**{self.form_context_name: context["form"]}),
        }


class ProfileSettingsView(SettingsFormView):
    form_class = ProfileForm
    form_context_name = "profile_form"
    throttle_rates = [("user", "20/h")]

    def form_valid(self, form):
        reader_profile_update(
            user=self.request.user,
            display_name=form.cleaned_data["display_name"],
            shelves_public=form.cleaned_data["shelves_public"],
        )
        messages.success(self.request, _("Your profile is saved."))
        return redirect(self.get_success_url())


class EmailChangeView(SettingsFormView):
    form_class = EmailChangeForm
    form_context_name = "email_form"
    throttle_rates = [("user", "5/h"), ("ip", "20/h")]

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        send_email_change(self.request, self.request.user, email)
        messages.success(
            self.request,
            _(
                "We have sent a link to %(email)s. Your address changes when you "
                "follow it, within %(days)d days."
            )
            % {"email": email, "days": CONFIRMATION_MAX_AGE.days},
        )
        return super().form_valid(form)


@method_decorator(never_cache, name="dispatch")
class EmailChangeConfirmView(ThrottleMixin, View):
    """The link mailed to the new address: a page with one button, so that a
    mail scanner opening the link changes nothing."""

    throttle_rates = [("ip", "20/h")]

    def get(self, request, token):
        outcome, user = email_change_apply(token=token, dry_run=True)
        return self.answer(request, outcome, user, token)

    def post(self, request, token):
        outcome, user = email_change_apply(token=token, request=request)
        return self.answer(request, outcome, user, token)

    def answer(self, request, outcome, user, token):
        status = 200 if outcome in ("ready", "changed") else 400
        context = {"outcome": outcome, "account": user, "token": token}
        if outcome == "ready":
            context["new_email"] = read_email_change_token(token)[1]["new"]
        return TemplateResponse(
            request, "accounts/email_change_confirm.html", context, status=status
        )


class AccountDataView(LoginRequiredMixin, ThrottleMixin, View):
    """Everything kept about the reader, as a JSON file."""

    http_method_names = ["post"]
    throttle_rates = [("user", "10/h")]

    def post(self, request):
        user = request.user
        stamp = timezone.localdate().isoformat()
        response = JsonResponse(
            account_export(user=user),
            encoder=DjangoJSONEncoder,
            json_dumps_params={"ensure_ascii": False, "indent": 2},
        )
        response["Content-Disposition"] = (
            f'attachment; filename="october-{user.pk}-{stamp}.json"'
        )
        response["Cache-Control"] = "private, no-store"
        return response


class AccountDeleteView(SettingsFormView):
    form_class = AccountDeleteForm
    form_context_name = "delete_form"
    throttle_rates = [("user", "5/h"), ("ip", "20/h")]
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        account_delete(user=self.request.user)
        logout(self.request)
        messages.success(
            self.request,
            _(
                "Your account is deleted, with your ratings, reviews and shelves. "
                "Thank you for reading with us."
            ),
        )
        return redirect(self.success_url)


class JoinView(ThrottleMixin, FormView):
    form_class = JoinForm
    template_name = "join/join_form.html"
    success_url = reverse_lazy("join_thanks")
    throttle_rates = [("ip", JOIN_RATE)]
    throttle_message = _(
        "We have had a lot of messages from your network in a short time, so "
        "we are not taking more for now. This last message was not sent: please "
        "wait an hour and send it again."
    )

    def form_valid(self, form):
        if not form.is_spam():
            form.save()
        return redirect(self.get_success_url())


class JoinThanksView(TemplateView):
    template_name = "join/join_thanks.html"
