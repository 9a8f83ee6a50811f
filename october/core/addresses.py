"""The site's own address, the one source of every absolute link it writes.

Sitemaps, feeds, e-mails, the admin's "View on site", canonical and
OpenGraph addresses and JSON-LD all start from ``settings.SITE_URL`` (the
``SITE_URL`` environment variable), never from the request's host nor from
``django.contrib.sites``: a page cached for one host, an e-mail sent by a
worker and a sitemap fetched through a proxy all name the same site.

Development defaults to the address ``make run`` serves; production without
``SITE_URL`` falls back to the first allowed host, and ``manage.py check``
says so (``october.W001``).
"""

from urllib.parse import urlsplit

from django.conf import settings


def site_url() -> str:
    """The site's address, scheme and host, without a trailing slash."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    hosts = [host.lstrip(".") for host in settings.ALLOWED_HOSTS if host != "*"]
    scheme = "https" if settings.HTTPS else "http"
    return f"{scheme}://{hosts[0] if hosts else 'localhost'}"


def absolute_url(path: str) -> str:
    """``path`` ("/books/…") at the site's address; absolute URLs unchanged."""
    if path.startswith(("http://", "https://")):
        return path
    if path.startswith("//"):
        return f"{site_scheme()}:{path}"
    return site_url() + ("" if path.startswith("/") else "/") + path


def site_domain() -> str:
    """The site's host (and port), as sitemaps and e-mails want it."""
    return urlsplit(site_url()).netloc


def site_scheme() -> str:
    return urlsplit(site_url()).scheme
