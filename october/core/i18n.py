"""The interface's languages: English unprefixed, Spanish under /es/, Russian
under /ru/.

The interface language is the page's path prefix and nothing else, so every
address always shows the same language, and the page cache and search
engines can rely on it. Two places read the reader's preferences instead:

* the home page ``/`` on a first visit, which sends a browser that prefers
  Spanish or Russian to ``/es/`` or ``/ru/`` once (``FirstVisitLanguageMiddleware``);
* the admin, outside the prefixed addresses, which is in the language the
  editor chose (Django's ``set_language`` sets the cookie) or else the one
  their browser asks for (``SiteLocaleMiddleware``).

Content keeps its own language (``settings.CONTENT_LANGUAGES``): an article
in Spanish is in Spanish under every prefix, and says so with its own
``lang`` attribute.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import (
    get_language_from_path,
    get_language_info,
    get_supported_language_variant,
)
from django.utils.translation.trans_real import parse_accept_lang_header

from october.core.addresses import absolute_url

# Outside the prefixed addresses, in the language the editor chose.
EDITOR_PATH_PREFIXES = ("/admin/", "/i18n/")


def interface_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def path_language(path: str) -> str:
    """The interface language of a request path: its prefix, else English."""
    return get_language_from_path(path) or settings.LANGUAGE_CODE


def unprefixed(path: str) -> str:
    """``path`` without its language prefix: "/es/timeline/" -> "/timeline/"."""
    language = get_language_from_path(path)
    if language is None:
        return path
    rest = path[len(language) + 1 :]
    return rest if rest.startswith("/") else "/" + rest


def localized(path: str, language: str) -> str:
    """``path`` (with or without a prefix) in ``language``'s prefix; English
    has none."""
    bare = unprefixed(path)
    if language == settings.LANGUAGE_CODE:
        return bare
    return f"/{language}{bare}"


@dataclass(frozen=True)
class LanguageLink:
    code: str
    # The language's name in itself: "Español", "Русский".
    name: str
    url: str
    current: bool


def local_name(code: str) -> str:
    name = get_language_info(code)["name_local"]
    return name[:1].upper() + name[1:]


def language_links(request) -> list[LanguageLink]:
    """The same page in every interface language, for the language switcher:
    the path in each prefix, with the query string kept."""
    current = path_language(request.path_info)
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    return [
        LanguageLink(
            code=code,
            name=local_name(code),
            url=localized(request.path, code) + suffix,
            current=code == current,
        )
        for code in interface_codes()
    ]


def alternate_urls(request) -> list[tuple[str, str]]:
    """``hreflang`` alternates of the page: its absolute address in every
    interface language, then ``x-default`` (the unprefixed English one).
    Only a page number is kept from the query string, as for the canonical
    address."""
    page = request.GET.get("page", "")
    numbered = page.isascii() and page.isdigit() and len(page) <= 6
    query = f"?page={page}" if numbered and int(page) > 1 else ""
    links = [
        (code, absolute_url(localized(request.path, code)) + query)
        for code in interface_codes()
    ]
    default = absolute_url(localized(request.path, settings.LANGUAGE_CODE))
    return [*links, ("x-default", default + query)]


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's ``LocaleMiddleware``, with the admin in the editor's language.

    Under ``i18n_patterns(prefix_default_language=False)`` Django treats every
    unprefixed address as English; the admin and the language form are
    unprefixed, but should follow the editor's choice (the language cookie)
    or their browser.
    """

    def process_request(self, request):
        if request.path_info.startswith(EDITOR_PATH_PREFIXES):
            language = translation.get_language_from_request(request)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
            return None
        return super().process_request(request)

    def process_response(self, request, response):
        if request.path_info.startswith(EDITOR_PATH_PREFIXES):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)


def preferred_language(request) -> str | None:
    """The interface language the browser's ``Accept-Language`` prefers, if
    it names one (English included); None when it names none of them."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in parse_accept_lang_header(header[:500]):
        if code == "*":
            break
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def is_first_visit(request) -> bool:
    """No language cookie yet, and not arriving from another page of the site."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return False
    referer = request.META.get("HTTP_REFERER", "")
    return not referer or urlsplit(referer).netloc != request.get_host()


class FirstVisitLanguageMiddleware:
    """On a first visit to ``/``, send a browser that prefers Spanish or
    Russian to ``/es/`` or ``/ru/``.

    Only the home page, only once: the redirect sets the language cookie, and
    after it ``/`` is English for anyone who asks for it (the language
    switcher's "English" link must not bounce back). Every other address
    shows its own language whatever the browser says. It comes before the
    page cache, which would otherwise answer with the English home page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/" and request.method in ("GET", "HEAD"):
            response = self._redirect(request)
            if response is None:
                response = self.get_response(request)
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            return response
        return self.get_response(request)

    def _redirect(self, request):
        if not is_first_visit(request):
            return None
        language = preferred_language(request)
        if language is None or language == settings.LANGUAGE_CODE:
            return None
        query = request.META.get("QUERY_STRING", "")
        response = HttpResponseRedirect(
            localized("/", language) + (f"?{query}" if query else "")
        )
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response
