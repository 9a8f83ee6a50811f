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

Login, signup, password reset and "resend the link" are throttled with
django-ratelimit; a throttled request gets a friendly 429 page. Sign-in (the
admin's too) is also guarded by django-axes: five failures for one username
from one address lock that pair out for a while (``locked_out``), whether or
not the username exists.

The confirmation link carries a signed token (``django.core.signing``) naming
the account and the address; it expires after ``CONFIRMATION_MAX_AGE`` and
stops working if the account's address changes.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import include, path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView
from django_ratelimit.core import is_ratelimited

from october.models import EmailConfirmation

CONFIRMATION_SALT = "october.accounts.email-confirmation"
CONFIRMATION_MAX_AGE = timedelta(days=3)
# The rates below are per hour; a throttled client may try again within one.
RATE_LIMIT_RETRY_AFTER = 3600


# Confirmation tokens and mail


def make_confirmation_token(user) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=CONFIRMATION_SALT)


def read_confirmation_token(token: str) -> tuple[int, str] | None:
    """The (user id, address) a token vouches for, or None if bad or expired."""
    try:
        data = signing.loads(
            token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE
        )
    except signing.BadSignature:
        return None
    return data["user"], data["email"]


def send_confirmation(request, user) -> None:
    """Mail ``user`` the link that confirms their address, once the row is saved.

    When another account already uses the address, its owner gets a notice
    naming that account instead: the link would let whoever made this one
    borrow an address that is not theirs.
    """
    others = (
        get_user_model()
        .objects.filter(email__iexact=user.email)
        .exclude(pk=user.pk)
        .order_by("pk")
    )
    context = {
        "user": user,
        "site_name": settings.SITE_NAME,
        "confirm_url": request.build_absolute_uri(
            reverse("email_confirm", args=[make_confirmation_token(user)])
        ),
        "login_url": request.build_absolute_uri(reverse("login")),
        "password_reset_url": request.build_absolute_uri(reverse("password_reset")),
        "existing_usernames": [other.get_username() for other in others],
        "max_age_days": CONFIRMATION_MAX_AGE.days,
    }
    template = "existing_account" if context["existing_usernames"] else "confirm"
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
    body = render_to_string(f"accounts/email/{template}_body.txt", context)
    address = user.email
    transaction.on_commit(
        lambda: send_mail(" ".join(subject.split()), body, None, [address])
    )


def confirm_email(user, email: str) -> bool:
    """Record that ``user`` receives mail at ``email``; False if another
    account confirmed that address first."""
    try:
        with transaction.atomic():
            EmailConfirmation.objects.update_or_create(
                user=user, defaults={"email": email, "confirmed_at": timezone.now()}
            )
    except IntegrityError:
        return False
    return True


# Throttling


def throttled(request, group: str, rates: list[tuple[str, str]]) -> bool:
    """Count this POST against every (key, rate) pair; True if any is exceeded."""
    results = [
        is_ratelimited(
            request, group=group, key=key, rate=rate, method="POST", increment=True
        )
        for key, rate in rates
    ]
    return any(results)


def rate_limited_response(request):
    response = TemplateResponse(request, "accounts/rate_limited.html", status=429)
    response["Retry-After"] = str(RATE_LIMIT_RETRY_AFTER)
    return response


def axes_username(request, credentials=None):
    """The username django-axes counts failures for, cut to what an account
    can have.

    Django's sign-in forms pass a username of any length on to
    ``authenticate()`` (their ``max_length`` only reaches the widget), and
    axes keeps it in a column of 255 characters.
    """
    source = credentials or getattr(request, "data", request.POST)
    username = source.get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None:
        return None
    limit = get_user_model()._meta.get_field("username").max_length
    return str(username).replace("\x00", "")[:limit]


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a username and address pair that is locked out.

    The same page whether or not the username has an account, so a lockout
    tells a stranger nothing, and no page that would take another password.
    """
    cool_off = settings.AXES_COOLOFF_TIME
    # Rendered at once: Django renders template responses that views return,
    # not those middleware (AxesMiddleware) put in their place.
    response = render(
        request,
        "accounts/locked_out.html",
        {"minutes": int(cool_off.total_seconds() // 60)},
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


class ThrottledMixin:
    """Answer 429 when a POST exceeds ``throttle_rates`` (django-ratelimit)."""

    throttle_rates: list[tuple[str, str]] = []

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and throttled(
            request, f"accounts.{type(self).__name__}", self.throttle_rates
        ):
            return rate_limited_response(request)
        return super().dispatch(request, *args, **kwargs)


# Forms


class HoneypotMixin(forms.Form):
    """A field people never see and bots fill in."""

    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class SignupForm(HoneypotMixin, UserCreationForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send a link to confirm it. Never shown on the site or shared."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")
        help_texts = {
            "username": _(
                "Shown with your reviews and in your profile's address. Letters, "
                "digits and @ . + - _ only."
            ),
        }


# Views


class SignupView(ThrottledMixin, FormView):
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


class EmailConfirmResendView(LoginRequiredMixin, ThrottledMixin, View):
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


class LoginView(ThrottledMixin, auth_views.LoginView):
    redirect_authenticated_user = True
    # Guessing one account's password is django-axes' to stop (settings.AXES_*),
    # per username and address; this caps one address trying many usernames.
    # A limit per username alone would let anyone lock a reader out.
    throttle_rates = [("ip", "30/h")]


class PasswordResetView(ThrottledMixin, auth_views.PasswordResetView):
    throttle_rates = [("ip", "10/h"), ("post:email", "3/h")]


urlpatterns = [
    path("signup/", SignupView.as_view(), name="signup"),
    path("signup/done/", SignupDoneView.as_view(), name="signup_done"),
    path(
        "confirm/resend/",
        EmailConfirmResendView.as_view(),
        name="email_confirm_resend",
    ),
    path("confirm/<str:token>/", EmailConfirmView.as_view(), name="email_confirm"),
    path("login/", LoginView.as_view(), name="login"),
    path("password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("", include("django.contrib.auth.urls")),
]
