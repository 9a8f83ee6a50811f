"""Whole-page caching for anonymous readers.

Anonymous GET requests are answered from the cache while the content has not
changed. One version number covers all content: any save or delete in a
content app bumps it, so every cached page is stale at once and nothing needs
to know which pages showed what. Apps say that they hold public content with
``register_content_app`` from their ``AppConfig.ready()``. Scheduled items
need no job either: the version also expires when the next scheduled item's
publication time comes.

Only requests that carry no cookie but the CSRF one are cached: without a
session they are anonymous, without a messages cookie they have nothing
pending. A response is stored only when it is the same for every such reader:
a 200 that sets no cookie (a page that uses a CSRF token sets one) and is not
marked private or uncacheable (draft previews are). Signed-in readers are never
served from or stored in this cache, and their pages are marked private for
other caches.
"""

import hashlib
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone
from django.utils.cache import (
    cc_delim_re,
    get_max_age,
    patch_cache_control,
)

from october.core.publishing import Publishable

# The labels of the apps whose rows public pages show.
_content_apps: set[str] = set()
VERSION_KEY = "content-version"
UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store"}
# Never looked up in the cache: the admin, and the health check, which must
# answer while the cache is down and is the benchmarks' minimal baseline.
UNCACHED_PATH_PREFIXES = ("/admin/", "/healthz")


def register_content_app(app_label: str) -> None:
    """Declare that the app ``app_label`` holds what public pages show, so a
    save or delete of any of its rows stales every cached page."""
    _content_apps.add(app_label)


def content_apps() -> frozenset[str]:
    return frozenset(_content_apps)


def content_changed(**kwargs):
    """Receiver for saves and deletes in content apps: stale every cached page."""
    sender = kwargs.get("sender")
    if sender is None or sender._meta.app_label in _content_apps:
        cache.delete(VERSION_KEY)


def content_version():
    """The current content version; a new one once the next scheduled item is due."""
    current = cache.get(VERSION_KEY)
    now = timezone.now()
    if current is not None and (current["expires"] is None or current["expires"] > now):
        return current["version"]
    expires = next_scheduled_publication()
    current = {"version": uuid.uuid4().hex, "expires": expires}
    cache.set(VERSION_KEY, current, timeout=None)
    return current["version"]


def next_scheduled_publication():
    """The earliest future publish_at over every publishable model, or None."""
    times = [
        model.objects.scheduled().aggregate(first=Min("publish_at"))["first"]
        for model in apps.get_models()
        if issubclass(model, Publishable)
    ]
    return min((time for time in times if time is not None), default=None)


def _is_cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        # No session, no pending messages: the CSRF cookie alone changes
        # nothing on a page that uses no token (one that does sets the cookie).
        and set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(UNCACHED_PATH_PREFIXES)
    )


def _is_cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not (directives & UNCACHEABLE_DIRECTIVES) and get_max_age(response) != 0


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _is_cacheable_request(request):
            response = self.get_response(request)
            self._mark_private_if_personal(request, response)
            return response
        key = self._key(request)
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if _is_cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, response, seconds)
        else:
            self._mark_private_if_personal(request, response)
        return response

    def _key(self, request):
        raw = f"{content_version()}|{request.get_host()}|{request.get_full_path()}"
        return "page:" + hashlib.sha256(raw.encode()).hexdigest()

    def _mark_private_if_personal(self, request, response):
        # Any request with a session may be a signed-in reader's. Reading the
        # cookie rather than request.user keeps pages that never look at the
        # reader, such as /healthz, off the database.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            patch_cache_control(response, private=True)
