"""What the URL fuzzer (test_fuzz.py) finds by itself, and what it sends.

Nothing here names a page of the site. The addresses come from the URLconf:
``url_patterns()`` walks ``get_resolver()`` and gives every pattern with its
whole regular expression, its converters and its view; a pattern under
``i18n_patterns`` is also tried under /es/ and /ru/. The query parameters a
view reads are the ones it declares for the page cache
(``cache_query_params``, which october.core.caching holds views to: a view
that reads an undeclared one is never cached), and for the admin's change
lists those its ModelAdmin's filters, date hierarchy, search and sorting
read. The forms are the ``<form method="post">`` of the pages a crawl from
the pages without parameters reaches; their fields are read from the HTML.

Every value is sent already percent-encoded, so that bytes no text holds
(``%FF``, an overlong ``%C0%AE``) reach the site as a browser could send them.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.urls import LocalePrefixPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import translation
from django.utils.regex_helper import normalize
from hypothesis import strategies as st

# HTML that must never come back as it was sent: each opens an element the
# site never writes, so finding "<fz-" in a page means it was reflected raw.
REFLECTED_MARK = b"<fz-"
HTML_PAYLOADS = [
    "<fz-a>",
    '"><fz-b onload=1>',
    "'><fz-c>",
    "</textarea><fz-d>",
    "</script><fz-e>",
    "</title><fz-f>",
]
HOSTILE_TEXT = [
    *HTML_PAYLOADS,
    "\x00",
    "a\x00b",
    "\u202e\u2066gro\u2069\u202c",  # bidi overrides and isolates
    "\u200b\u200d\ufeff",  # zero-width characters
    "аdmin",  # a Cyrillic "а"
    "ｓｃｒｉｐｔ",  # fullwidth
    "𝕷𝖊𝖓𝖎𝖓",  # mathematical letters, NFKC "Lenin"
    "İstanbul ß ǅ",  # case mappings that change length
    "' OR 1=1 --",
    '"; DROP TABLE auth_user; --',
    "%_\\",
    "$1' UNION SELECT NULL--",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "a" * 5000,
    "я" * 300,
    "9" * 30,
    "-1",
    "-99999999999999999999",
    "99999",
    "0",
    "1e309",
    "NaN",
    "2147483648",
    "9223372036854775808",
    "",
    " ",
    "\r\nSet-Cookie: fz=1",
    "javascript:alert(1)",
    "//evil.example.org/",
]
# Sent in every query parameter of a view at once, once each.
BOUNDARY_NUMBERS = ["99999", "9" * 26, "-1"]
# Already encoded: bytes that are not UTF-8, and traversal a decoder may undo.
RAW_ENCODED = [
    "%FF",
    "%FE%FF",
    "%C0%AE%C0%AE%C0%AF",  # overlong "../"
    "%ED%A0%80",  # a UTF-16 surrogate
    "%F4%90%80%80",  # beyond U+10FFFF
    "%E2%80",  # cut short
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%252e%252e%252f",
    "..%2f..%2f",
    "%00",
    "a%00b",
]


def encode(text: str) -> str:
    return quote(text, safe="", errors="surrogatepass")


def hostile_values():
    """Percent-encoded values: the corpus above, any text, any number."""
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT).map(encode),
        st.sampled_from(RAW_ENCODED),
        st.text(max_size=40).map(encode),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
    )


@dataclass
class Pattern:
    route: str  # as ResolverMatch.route names it
    regex: str  # the whole regular expression, without a language prefix
    callback: object
    name: str | None
    localized: bool
    query_parameters: tuple[str, ...] = ()
    seed: str | None = None  # a real address of this pattern, when one is known

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    def paths(self):
        """A strategy for the path: the seed, anything the pattern matches,
        or hostile values in its parameters."""
        format_string, parameters = normalize(self.regex)[0]
        choices = []
        if self.seed:
            choices.append(st.just(self.seed.lstrip("/")))
        if parameters:
            choices.append(
                st.fixed_dictionaries(
                    {name: hostile_values() for name in parameters}
                ).map(lambda values: format_string % values)
            )
            try:
                regex = re.compile(self.regex)
            except re.error:
                regex = None
            if regex is not None:
                choices.append(
                    st.from_regex(regex, fullmatch=True)
                    .filter(lambda path: "\n" not in path)
                    .map(lambda path: quote(path, safe="/", errors="surrogatepass"))
                )
        else:
            choices.append(st.just(format_string))
        return st.one_of(*choices)

    def languages(self):
        if not self.localized:
            return st.just("")
        return st.sampled_from([f"{code}/" for code, _ in settings.LANGUAGES])

    def queries(self):
        names = [*self.query_parameters, "utm_source"]
        return st.dictionaries(st.sampled_from(names), hostile_values(), max_size=4)


def url_patterns() -> list[Pattern]:
    """Every pattern of the URLconf, in order."""
    found = []
    _walk(get_resolver(), "", "", False, found)
    return found


def _walk(resolver, route, regex, localized, found):
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            part_route, part_regex, part_localized = "", "", True
        else:
            part_route = str(pattern)
            part_regex = pattern.regex.pattern.removeprefix("^")
            part_regex = part_regex.removesuffix(r"\Z").removesuffix("$")
            part_localized = False
        whole_route = URLResolver._join_route(route, part_route)
        whole_regex = regex + part_regex
        if isinstance(entry, URLResolver):
            _walk(entry, whole_route, whole_regex, localized or part_localized, found)
        else:
            found.append(
                Pattern(
                    route=whole_route,
                    regex=whole_regex,
                    callback=entry.callback,
                    name=entry.name,
                    localized=localized,
                    query_parameters=query_parameters(entry.callback, entry.name),
                )
            )


def query_parameters(callback, name) -> tuple[str, ...]:
    """The query parameters the view behind ``callback`` reads."""
    view = getattr(callback, "view_class", callback)
    declared = tuple(getattr(view, "cache_query_params", ()))
    model_admin = getattr(callback, "model_admin", None)
    if model_admin is not None and (name or "").endswith("_changelist"):
        declared += admin_list_parameters(model_admin)
    return declared


def admin_list_parameters(model_admin) -> tuple[str, ...]:
    """What a change list reads: its filters, date hierarchy, search, sort, page."""
    names = ["q", "o", "p", "all", "e"]
    for entry in model_admin.list_filter:
        if isinstance(entry, str):
            names += [f"{entry}__exact", f"{entry}__id__exact", f"{entry}__isnull"]
        elif isinstance(entry, tuple | list):
            names += [f"{entry[0]}__exact", f"{entry[0]}__id__exact"]
        elif hasattr(entry, "parameter_name"):
            names.append(entry.parameter_name)
    if model_admin.date_hierarchy:
        names += [
            f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")
        ]
    return tuple(names)


def route_of(path: str) -> str | None:
    """The route of the pattern ``path`` (a local address) belongs to."""
    with translation.override(translation.get_language_from_path(path) or "en"):
        try:
            return resolve(urlsplit(path).path).route
        except Resolver404:
            return None


# Forms, read from pages


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> default value


class _FormParser(HTMLParser):
    def __init__(self, page_path):
        super().__init__()
        self.page_path = page_path
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            post = (attrs.get("method") or "get").lower() == "post"
            self._form = Form(attrs.get("action") or self.page_path) if post else None
            if self._form:
                self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "textarea", "button") and attrs.get("name"):
            kind = (attrs.get("type") or "").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                self._form.fields.setdefault(attrs["name"], "")
                continue_value = attrs.get("value") or ""
                self._form.fields.setdefault(f"\0{attrs['name']}", continue_value)
                return
            if kind == "submit" or tag == "button":
                self._form.fields.setdefault(attrs["name"], attrs.get("value") or "")
                return
            self._form.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self._form.fields.setdefault(self._select, "")
        elif tag == "option" and self._select:
            if "selected" in attrs or not self._form.fields[self._select]:
                self._form.fields[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def read_page(path: str, html: str) -> tuple[list[Form], list[str]]:
    """The POST forms and the local links of a page."""
    parser = _FormParser(path)
    parser.feed(html)
    forms = []
    for form in parser.forms:
        fields = {
            name: value
            for name, value in form.fields.items()
            if not name.startswith("\0")
        }
        # An unticked box or radio button: send the value it would have.
        for name, value in form.fields.items():
            if name.startswith("\0") and not fields.get(name[1:]):
                fields[name[1:]] = value
        forms.append(Form(form.action, fields))
    links = []
    for href in parser.links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return forms, links
