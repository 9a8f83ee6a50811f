"""Site-wide middleware, and the one definition of the client's address."""

import codecs
import ipaddress

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404

from october.core.web.errors import bad_request, bad_request_page

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)


class PermissionsPolicyMiddleware:
    """Deny powerful browser features the site never uses, to every page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class HostileInputMiddleware:
    """Refuse, before any view or store sees it, input no page can use.

    - A NUL anywhere in the path: not found (404). PostgreSQL refuses NUL in
      text, so a lookup by such a slug would fail instead of finding nothing.
    - A NUL in a query parameter's name or value: 400, for the same reason.
    - A cookie holding a NUL (``sessionid="abc\\000"`` unescapes to one): the
      cookie is ignored, so a session cookie like it is no session.
    - A body declaring a character set other than UTF-8 (which browsers
      send, and which Django insists on for forms): 400, answered here
      without reading the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404("A NUL in the path.")
        if any(
            "\x00" in name or "\x00" in value
            for name, values in request.GET.lists()
            for value in values
        ):
            # Answered rather than raised: one log line, not a traceback.
            return bad_request(request, BadRequest("A NUL in the query string."))
        if any("\x00" in value for value in request.COOKIES.values()):
            request.COOKIES = {
                name: value
                for name, value in request.COOKIES.items()
                if "\x00" not in value
            }
        if not _readable_encoding(request.content_params.get("charset")):
            # Django refuses to read such a form, and its 400 and 500 views
            # (CSRF-protected) read request.POST again, and would fail
            # again: answer without them.
            return bad_request_page()
        return self.get_response(request)


def _readable_encoding(charset: str | None) -> bool:
    if not charset or charset.lower() == "utf-8":
        return True
    try:
        codecs.lookup(charset)
    except LookupError:
        return True  # Django ignores a charset it does not know: UTF-8.
    return False


def client_ip(request) -> str:
    """The address of whoever sent ``request``, for throttling and lockouts.

    Behind a proxy (``BEHIND_PROXY``) the proxy appends the client's address
    to X-Forwarded-For: the last entry is the one to trust, since the client
    may have written any before it. It is trusted only on connections from
    the proxy itself (``TRUSTED_PROXIES``): anyone reaching the app server
    directly could write any address there, a new one for every guess at a
    password. Anything that is not an IP address falls back to the
    connection's own.
    """
    remote = request.META.get("REMOTE_ADDR") or "0.0.0.0"
    if settings.BEHIND_PROXY and _is_trusted_proxy(remote):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        candidate = forwarded.rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            pass
    return remote


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted_networks())


def _trusted_networks():
    networks = []
    for entry in settings.TRUSTED_PROXIES:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            continue
    return networks
