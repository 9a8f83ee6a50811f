"""System checks of the site's own settings (``manage.py check``)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register

from october.core.addresses import site_url


@register()
def check_site_url(app_configs, **kwargs):
    """``SITE_URL`` is set in production and is a bare ``scheme://host``."""
    if not settings.SITE_URL:
        if settings.DEBUG:
            return []
        return [
            Warning(
                "SITE_URL is not set: sitemaps, feeds, e-mails and page heads "
                f"will name the site {site_url()}.",
                hint="Set SITE_URL to the address readers use, e.g. "
                "https://example.org.",
                id="october.W001",
            )
        ]
    if _is_bare_address(settings.SITE_URL):
        return []
    return [
        Error(
            f"SITE_URL {settings.SITE_URL!r} is not a site's address.",
            hint="Give the scheme and host only, e.g. https://example.org.",
            id="october.E001",
        )
    ]


def _is_bare_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port out of range)
    except ValueError:
        return False
    return bool(
        parts.scheme in ("http", "https")
        and parts.hostname
        and parts.path in ("", "/")
        and not (parts.query or parts.fragment or parts.username)
    )
