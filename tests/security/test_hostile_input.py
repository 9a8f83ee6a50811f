"""Hostile input at every public URL and form: junk query strings, odd
unicode, NUL bytes, 100 KB fields, path traversal in slugs, huge headers.

Nothing may answer 5xx, and every answer must come within ``BUDGET``: a
loose sanity bound against pathological slowness, not a benchmark.
"""

import time
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reviews.factories import make_reader
from tests.security.factories import make_site

pytestmark = pytest.mark.django_db

BUDGET = 2.0
HUGE = "x" * 100_000

JUNK_PAGES = [
    "page=abc",
    "page=-1",
    "page=0",
    "page=99999999999999999999",
    "page=1e9",
    "page=" + "9" * 5000,
    "page=%00",
    "page=1&page=2",
    "page[]=1",
]
JUNK_FILTERS = [
    "_connector=OR",
    "_negated=1&_connector=OR",
    "o=-password",
    "ordering=-password",
    "sort=unknown",
    "sort=__class__",
    "order_by=pk%3BDROP%20TABLE%20auth_user",
    "kind=%00",
    "kind=%3Cscript%3E",
    "period=../../etc/passwd",
    "person=%2e%2e%2f%2e%2e%2f",
    "tag=" + "a" * 10_000,
    "author=%C0%AE%C0%AE",
    "series=%00",
    "language=xx",
    "type=bogus",
    "type=&type=person&type=person",
    "q=%00",
    "q=" + HUGE,
    "q=%ED%A0%80",
    "q=%FF%FE",
    "q=%E2%80%AE%E2%80%8B%F0%9F%98%80",
    "q=%27%22%3B--",
    "q=%21%26%7C%3A*%28%29",
    "format=json&callback=alert",
    "preview=junk",
    "e=1",
]
HOSTILE_SLUGS = [
    "../../etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%2e%2e",
    "%00",
    "a%00b",
    "%C0%AE%C0%AE%C0%AF",
    "%FF",
    "%E2%80%AE",
    quote("ленин"),
    "a" * 5000,
    "%3Cscript%3E",
    "....//....//etc",
]
HOSTILE_VALUES = [
    "",
    HUGE,
    "\x00",
    "a\x00b",
    "\u202e\u200b\ufeff",
    "😀" * 1000,
    "𝕷𝖊𝖓𝖎𝖓",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "%00",
    "../../etc/passwd",
    "-1",
    "1e9",
    "99999999999999999999",
    "NaN",
    "True",
]


class Timed:
    """A test client that notes every answer that is a 5xx or too slow."""

    def __init__(self):
        self.client = Client(raise_request_exception=False)
        self.problems: list[str] = []

    def request(self, method, path, *args, **kwargs):
        start = time.perf_counter()
        response = getattr(self.client, method)(path, *args, **kwargs)
        seconds = time.perf_counter() - start
        where = f"{method.upper()} {path[:120]}"
        if response.status_code >= 500:
            self.problems.append(f"{where}: {response.status_code}")
        if seconds > BUDGET:
            self.problems.append(f"{where}: {seconds:.1f} s")
        return response

    def get(self, path, *args, **kwargs):
        return self.request("get", path, *args, **kwargs)

    def post(self, path, *args, **kwargs):
        # The throttles would answer 429 before the form is even read.
        cache.clear()
        return self.request("post", path, *args, **kwargs)


@pytest.fixture
def site():
    return make_site()


def filtered_pages():
    """Pages that filter or sort by the query string."""
    return ["/people/", "/timeline/", "/articles/", "/search/"]


def list_pages(site):
    """Pages that read the query string."""
    return [
        "/people/",
        "/timeline/",
        "/articles/",
        reverse("articles:tag", args=[site.tag.slug]),
        reverse("articles:series", args=[site.series.slug]),
        "/books/",
        site.book.get_absolute_url(),
        reverse("readers:profile", args=[site.reader.username]),
        "/guides/",
        "/search/",
    ]


def other_pages(site):
    return [
        "/",
        site.person.get_absolute_url(),
        site.event.get_absolute_url(),
        "/timeline/on-this-day/",
        "/timeline/timeline.json",
        site.article.get_absolute_url(),
        site.interview.get_absolute_url(),
        reverse("articles:feed_rss"),
        reverse("articles:feed_atom"),
        reverse("articles:tag_feed_atom", args=[site.tag.slug]),
        site.guide.get_absolute_url(),
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/about/",
        "/join/",
        "/join/thanks/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/signup/done/",
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/done/",
    ]


def test_junk_page_numbers_never_break_a_list_page(site):
    client = Timed()
    for url in list_pages(site):
        for query in JUNK_PAGES:
            client.get(f"{url}?{query}")
    assert client.problems == []


def test_junk_filters_and_sort_keys_never_break_a_filtered_page():
    client = Timed()
    for url in filtered_pages():
        for query in JUNK_FILTERS:
            client.get(f"{url}?{query}")
    assert client.problems == []


def test_junk_query_strings_never_break_any_other_page(site):
    client = Timed()
    for url in other_pages(site):
        for query in ("page=abc", "_connector=OR", "q=%00", "page=" + "9" * 5000):
            client.get(f"{url}?{query}")
    assert client.problems == []


@given(
    page=st.sampled_from(range(10)),
    name=st.sampled_from(
        ["page", "kind", "period", "person", "tag", "author", "series", "language"]
        + ["type", "q", "o", "sort", "_connector"]
    ),
    value=st.text(max_size=300),
)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_any_text_in_any_parameter_of_a_list_page_is_handled(site, page, name, value):
    client = Timed()
    client.get(list_pages(site)[page], {name: value})
    assert client.problems == []


def test_hostile_slugs_are_not_found(site):
    client = Timed()
    prefixes = [
        "/people/",
        "/timeline/",
        "/articles/",
        "/articles/series/",
        "/articles/tag/",
        "/books/",
        "/readers/",
        "/guides/",
        "/accounts/confirm/",
        "/media/",
        "/static/",
    ]
    for prefix in prefixes:
        for slug in HOSTILE_SLUGS:
            response = client.get(f"{prefix}{slug}/")
            assert response.status_code in (301, 400, 404), (prefix, slug)
    for slug in HOSTILE_SLUGS:
        for suffix in ("review/", "shelve/"):
            client.get(f"/books/{slug}/{suffix}")
        client.get(f"/accounts/reset/{slug}/{slug}/")
    assert client.problems == []


def test_media_and_static_never_serve_files_outside_their_folders():
    client = Timed()
    for prefix in ("/media/", "/static/"):
        for path in ("../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd"):
            response = client.get(prefix + path)
            assert response.status_code in (400, 404)
            assert b"root:" not in b"".join(
                getattr(response, "streaming_content", [b""])
            )
    assert client.problems == []


def test_huge_and_odd_headers_are_answered(site):
    client = Timed()
    url = site.book.get_absolute_url()
    headers = [
        {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9," * 7000},
        {"HTTP_ACCEPT_LANGUAGE": "xx-;q=abc,,,;;;=,*;q=-1,ru;q=1e400"},
        {"HTTP_ACCEPT_LANGUAGE": "\x00\u202e"},
        {"HTTP_HOST": "a" * 100_000},
        {"HTTP_HOST": "evil.example.org"},
        {"HTTP_HOST": "testserver:99999999999"},
        {"HTTP_HOST": "тест.рф"},
        {"HTTP_HOST": "testserver\x00"},
        {"HTTP_X_FORWARDED_FOR": "1.2.3.4, " * 10_000},
        {"HTTP_USER_AGENT": HUGE},
        {"HTTP_REFERER": "javascript:alert(1)" + HUGE},
        {"HTTP_COOKIE": "sessionid=" + HUGE},
        {"HTTP_COOKIE": "sessionid=garbage; csrftoken=\x00; messages=junk"},
        {"HTTP_COOKIE": ";;;===;" * 1000},
        {"HTTP_IF_NONE_MATCH": '"' * 10_000},
        {"HTTP_IF_MODIFIED_SINCE": "yesterday" * 1000},
        {"HTTP_RANGE": "bytes=" + "0-1," * 5000},
    ]
    for extra in headers:
        for path in (url, "/accounts/login/", "/healthz"):
            client.get(path, **extra)
    for extra in headers[:4]:
        client.post("/accounts/login/", {"username": "a", "password": "b"}, **extra)
    response = client.get(url, HTTP_HOST="a" * 100_000)
    assert response.status_code == 400
    assert client.problems == []


def form_posts(site):
    """Every public form, as (path, field names, extra fields)."""
    book = site.book.slug
    return [
        ("/accounts/login/", ["username", "password", "next"], {}),
        (
            "/accounts/signup/",
            [
                "username",
                "display_name",
                "email",
                "password1",
                "password2",
                "website",
            ],
            {},
        ),
        ("/accounts/password_reset/", ["email"], {}),
        ("/join/", ["name", "email", "country", "message", "website"], {}),
        (f"/books/{book}/review/", ["rating", "text", "website"], {}),
        (f"/books/{book}/review/", ["withdraw"], {}),
        (f"/books/{book}/shelve/", ["status"], {}),
        (f"/books/{book}/rate/", ["rating"], {}),
        (f"/books/{book}/progress/", ["page", "pages", "percent", "next"], {}),
        (f"/books/{book}/progress/", ["finished", "next"], {}),
        (f"/guides/{site.guide.slug}/shelve/", ["books", "status"], {}),
        ("/accounts/confirm/resend/", ["next"], {}),
        (
            "/accounts/password_change/",
            ["old_password", "new_password1", "new_password2"],
            {},
        ),
        ("/accounts/settings/profile/", ["display_name", "shelves_public"], {}),
        ("/accounts/settings/email/", ["email", "password"], {}),
        ("/accounts/settings/delete/", ["password"], {}),
        ("/accounts/logout/", ["next"], {}),
    ]


def test_hostile_values_in_every_field_of_every_form_are_refused_politely(site):
    reader = make_reader()
    anonymous, signed_in = Timed(), Timed()
    signed_in.client.force_login(reader)
    for path, fields, extra in form_posts(site):
        for value in HOSTILE_VALUES:
            data = {**dict.fromkeys(fields, value), **extra}
            for client in (anonymous, signed_in):
                client.post(path, data)
                # The logout form ends the session; start it again.
                signed_in.client.force_login(reader)
        # One field at a time, the others plausible.
        for field in fields:
            data = {name: "4" for name in fields}
            data[field] = HUGE
            signed_in.post(path, data)
            signed_in.post(path, {**data, field: [HUGE, "\x00", "1"]})
            signed_in.client.force_login(reader)
    assert anonymous.problems == []
    assert signed_in.problems == []
    # Nobody signed up with any of it.
    assert (
        not get_user_model()
        .objects.filter(is_staff=False)
        .exclude(pk__in=[site.reader.pk, reader.pk])
    )


@given(
    form=st.sampled_from(range(11)),
    values=st.lists(st.text(max_size=2000), min_size=6, max_size=6),
)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_any_text_in_any_form_is_handled(site, form, values):
    path, fields, extra = form_posts(site)[form]
    client = Timed()
    client.client.force_login(site.reader)
    client.post(path, {**dict(zip(fields, values, strict=False)), **extra})
    assert client.problems == []


def test_bodies_that_are_not_what_they_claim_are_refused_politely(site):
    reader = make_reader()
    client = Timed()
    client.client.force_login(reader)
    path = f"/books/{site.book.slug}/review/"
    bodies = [
        ("application/x-www-form-urlencoded", b"rating=5&text=%ED%A0%80%FF"),
        ("application/x-www-form-urlencoded", b"\xff\xfe\x00\x00" * 1000),
        ("application/x-www-form-urlencoded", b"&&&===&=&" * 1000),
        ("multipart/form-data; boundary=x", b"--x\r\njunk\r\n--x--"),
        ("multipart/form-data", b"no boundary at all"),
        ("multipart/form-data; boundary=" + "b" * 5000, b"--"),
        ("application/json", b'{"rating": 5, "text": "\\u0000"}'),
        ("text/plain", HUGE.encode()),
    ]
    for content_type, body in bodies:
        for target in (path, "/join/", "/accounts/login/", "/accounts/signup/"):
            cache.clear()
            client.request("post", target, body, content_type=content_type)
    assert client.problems == []


def test_admin_lists_take_junk_query_strings_without_failing(site):
    root = get_user_model().objects.create_superuser("root", "r@example.org", "pw")
    client = Timed()
    client.client.force_login(root)
    junk = [
        "_connector=OR",
        "o=abc",
        "o=99",
        "o=-1.2.3",
        "p=abc",
        "p=99999999999999999999",
        "q=%00",
        "q=" + HUGE,
        "status__exact=%3Cscript%3E",
        "reader__password__startswith=a",
        "password__startswith=a",
        "all=&e=1",
        "created_at__gte=yesterday",
        "created_at__year=abc",
    ]
    changelists = [
        "/admin/people/person/",
        "/admin/articles/article/",
        "/admin/reviews/review/",
        "/admin/auth/user/",
    ]
    for url in changelists:
        for query in junk:
            client.get(f"{url}?{query}")
    assert client.problems == []


def test_a_host_the_site_does_not_serve_gets_the_400_page():
    client = Client(raise_request_exception=False)
    for path in ("/", "/books/", "/accounts/login/", "/no-such-page/"):
        response = client.get(path, HTTP_HOST="evil.example.org")
        assert response.status_code == 400
        assert b"Bad request" in response.content


def test_a_bare_word_as_the_next_page_is_not_an_error():
    client = Client(raise_request_exception=False)
    client.force_login(make_reader())
    response = client.post(reverse("email_confirm_resend"), {"next": "next"})
    assert response.status_code == 302
