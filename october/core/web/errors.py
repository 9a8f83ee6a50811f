"""Error pages that must render without the database, or without the request."""

import functools
import sys

import redis
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 30
# The shared cache (Redis) is a store the pages cannot be served without too.
STORE_UNAVAILABLE = (
    OperationalError,
    InterfaceError,
    redis.ConnectionError,
    redis.TimeoutError,
)


def _unreadable_body_forgotten(view):
    """Error views are CSRF-protected, and the protection reads request.POST:
    for a body that cannot be read (the failure being handled, perhaps) it
    would fail again, and the error page with it. Such a body is taken as
    empty, as Django does itself for a broken multipart body."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            request.POST  # noqa: B018 - read it once, here
        except Exception:
            request._mark_post_parse_error()
        return view(request, *args, **kwargs)

    return wrapper


@_unreadable_body_forgotten
@requires_csrf_token
def server_error(request):
    """500, or 503 with Retry-After when the database or the cache cannot
    be reached.

    Django calls this while handling the uncaught exception, so sys.exc_info()
    still names it. Neither page touches the database or the session.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, STORE_UNAVAILABLE) or _is_connection_failure(exception):
        response = _render("503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return _render("500.html", status=500)


@_unreadable_body_forgotten
@requires_csrf_token
def bad_request(request, exception):
    """400; for a Host header the site does not serve, rendered without the request.

    The site's pages build absolute links (canonical, OpenGraph) from the
    request's host, and asking a request with a refused host for its host
    raises again: the 400 would become a 500 for every scanner on the net.
    """
    if isinstance(exception, DisallowedHost):
        return _render("400.html", status=400)
    return defaults.bad_request(request, exception)


def bad_request_page():
    """The 400 page, rendered without the request (for requests whose
    headers or body cannot be read)."""
    return _render("400.html", status=400)


def _is_connection_failure(exception):
    # psycopg reports a dropped server as a DatabaseError whose cause is a
    # connection-level error.
    return isinstance(exception, DatabaseError) and isinstance(
        exception.__cause__, STORE_UNAVAILABLE
    )


def _render(template_name, *, status):
    body = loader.get_template(template_name).render()
    response = HttpResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response
