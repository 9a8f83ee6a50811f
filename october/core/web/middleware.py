"""Site-wide middleware, and the one definition of the client's address."""

import ipaddress

from django.conf import settings

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


def client_ip(request) -> str:
    """The address of whoever sent ``request``, for throttling and lockouts.

    Behind a proxy (``BEHIND_PROXY``) every connection comes from the proxy,
    which appends the client's address to X-Forwarded-For: the last entry is
    the one to trust, since the client may have written any before it.
    Anything that is not an IP address falls back to the connection's own.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        candidate = forwarded.rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"
