"""Rate limits on the site's forms, with one answer when one is reached.

Counts live in the shared cache (django-ratelimit), keyed by the client's
address (``october.core.web.middleware.client_ip``) or the reader, so every
app server sees the same counts. A request over a limit gets ``429 Too Many
Requests`` with ``Retry-After`` and the page ``429.html``, which says what was
limited and, when given, where to go back to; nothing it sent is kept.

Views declare their limits::

    class JoinView(ThrottleMixin, FormView):
        throttle_rates = [("ip", "10/h")]
        throttle_message = _("We have had a lot of messages from your network…")
"""

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

# Seconds to wait, by the period of a rate ("10/h").
_PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

# Signing in, on the reader's form and the admin's alike: one count per
# address for both, so switching forms buys no more guesses. Guessing one
# account's password is django-axes' to stop (per username and address);
# this caps one address trying many usernames.
SIGN_IN_GROUP = "sign-in"
SIGN_IN_RATES = [("ip", "30/h")]

DEFAULT_MESSAGE = _(
    "We have had a lot of requests like this one from you in a short time. "
    "Please wait a while and try again."
)


def throttled(request, *, group: str, rates: list[tuple[str, str]]) -> bool:
    """Count this POST against every (key, rate) pair of ``group``; True when
    any of them is exceeded."""
    results = [
        is_ratelimited(
            request, group=group, key=key, rate=rate, method="POST", increment=True
        )
        for key, rate in rates
    ]
    return any(results)


def retry_after(rates: list[tuple[str, str]]) -> int:
    """Seconds after which every one of ``rates`` has a fresh period."""
    return max(_PERIOD_SECONDS[rate[-1]] for _key, rate in rates)


def too_many_requests(
    request,
    *,
    seconds: int,
    message=DEFAULT_MESSAGE,
    back_url: str = "",
    back_label: str = "",
):
    """The 429 page, with ``Retry-After``."""
    response = TemplateResponse(
        request,
        "429.html",
        {"message": message, "back_url": back_url, "back_label": back_label},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


class ThrottleMixin:
    """For a view: a POST over one of ``throttle_rates`` gets the 429 page.

    ``throttle_message`` says what was limited; ``throttle_back(request)``
    may give a (url, label) pair for the way back. Views that set the same
    ``throttle_group`` share their counts; by default each view counts alone.
    """

    throttle_rates: list[tuple[str, str]] = []
    throttle_message = DEFAULT_MESSAGE
    throttle_group = ""
    # Views that share one allowance name the same group; by default each
    # view counts on its own.
    throttle_group = ""

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and throttled(
            request,
            group=self.throttle_group
            or f"{type(self).__module__}.{type(self).__name__}",
            rates=self.throttle_rates,
        ):
            back_url, back_label = self.throttle_back(request)
            return too_many_requests(
                request,
                seconds=retry_after(self.throttle_rates),
                message=self.throttle_message,
                back_url=back_url,
                back_label=back_label,
            )
        return super().dispatch(request, *args, **kwargs)

    def throttle_back(self, request) -> tuple[str, str]:
        return "", ""
