"""Requests that once escaped the site's own error pages: a NUL in a path,
a query or a cookie, a body in a character set nobody reads, a media name
no file system takes. Each is refused once, in october/core/web, for every
address."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.reviews.factories import make_reader
from tests.security.factories import make_site

pytestmark = pytest.mark.django_db

NUL_PATHS = [
    "/people/%00/",
    "/timeline/%00/",
    "/timeline/periods/a%00b/",
    "/articles/%00/",
    "/articles/tag/%00/",
    "/articles/series/%00/",
    "/articles/feed/%00/",
    "/books/%00/",
    "/books/%00/review/",
    "/readers/%00/",
    "/guides/%00/",
    "/accounts/%00/",
    "/es/people/%00/",
    "/ru/books/%00/",
    "/%00",
    "/admin/%00/",
]


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", NUL_PATHS)
def test_a_nul_in_any_path_is_not_found(client, path, settings):
    # DEBUG is what `make run` serves with: the flat-page fallback then lets
    # the database's refusal through instead of answering 404.
    settings.DEBUG = True
    response = client.get(path)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "query", ["kind=%00", "q=a%00b", "page=%00", "%00=1", "period=x&person=%00"]
)
def test_a_nul_in_a_query_parameter_is_a_bad_request(client, query):
    for path in ("/people/", "/search/", "/timeline/", "/admin/reviews/review/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, path
        assert b"Bad request" in response.content


def test_a_session_cookie_holding_a_nul_is_no_session(client):
    for path in ("/", "/books/", "/accounts/login/", "/admin/"):
        response = client.get(path, HTTP_COOKIE='sessionid="abcdefgh\\000ij"')
        assert response.status_code in (200, 302), path
    response = client.get("/admin/", HTTP_COOKIE='sessionid="abcdefgh\\000ij"')
    assert response.status_code == 302  # to the sign-in form: nobody


def test_other_cookies_still_count_beside_one_holding_a_nul(client):
    reader = make_reader()
    client.force_login(reader)
    session = client.cookies["sessionid"].value
    response = client.get(
        "/accounts/password_change/",
        HTTP_COOKIE=f'sessionid={session}; junk="a\\000b"',
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "charset", ["utf-16", "utf-32", "utf-16-le", "cp037", "iso-8859-1", "utf8"]
)
def test_a_form_in_a_character_set_the_site_does_not_read_is_a_clean_400(charset):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "a" * 32
    body = "username=eve&password=x&csrfmiddlewaretoken=" + "a" * 32
    for path in ("/accounts/login/", "/accounts/signup/", "/join/", "/admin/login/"):
        response = client.post(
            path,
            body,
            content_type=f"application/x-www-form-urlencoded; charset={charset}",
        )
        assert response.status_code == 400, path
        assert b"Bad request" in response.content
    assert not get_user_model().objects.filter(username="eve").exists()


def test_the_error_pages_survive_a_body_they_cannot_read(settings):
    """Without the middleware's early answer, Django's own refusal reaches
    the 400 view, which must not fail reading the body again."""
    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if "HostileInput" not in name
    ]
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = "a" * 32
    response = client.post(
        "/accounts/login/",
        "username=eve&password=x",
        content_type="application/x-www-form-urlencoded; charset=utf-16",
    )
    assert response.status_code == 400
    assert b"Bad request" in response.content


def test_a_form_in_utf8_is_still_read():
    client = Client()
    for charset in ("utf-8", "UTF-8"):
        response = client.post(
            "/accounts/login/",
            b"username=eve&password=x",
            content_type=f"application/x-www-form-urlencoded; charset={charset}",
        )
        assert response.status_code == 200, charset  # the form, with its error


def test_media_names_longer_than_a_file_system_takes_are_not_found(client, settings):
    (settings.MEDIA_ROOT / "kept.txt").write_text("kept")
    assert client.get("/media/kept.txt").status_code == 200
    for name in (
        "я" * 128,  # 128 characters, 256 bytes
        "я" * 200,
        "a" * 256,
        "dir/" + "ж" * 130 + "/x.jpg",
        "a/" * 2100 + "x",
        "a//b",
    ):
        assert client.get(f"/media/{name}").status_code == 404, name[:20]
    assert client.get("/media/" + "я" * 127).status_code == 404  # fits; absent


def stored_pages():
    from django.core.cache import cache

    return sum(":page:" in key for key in cache._cache)  # the local-memory cache


def test_junk_query_parameters_store_no_new_pages(settings, django_assert_num_queries):
    """300 ?utm_x=N variants of a page are that page's one copy, not 300."""
    settings.PAGE_CACHE_SECONDS = 300
    site = make_site()
    client = Client()
    pages = ["/", "/people/", site.book.get_absolute_url(), "/es/timeline/"]
    for page in pages:
        assert client.get(page)["X-Cache"] == "MISS"
    stored = stored_pages()
    assert stored == len(pages)
    with django_assert_num_queries(0):
        for number in range(300):
            page = pages[number % len(pages)]
            junk = {"utm_x": number, f"utm_{number}": "x", "fbclid": str(number)}
            assert client.get(page, junk)["X-Cache"] == "HIT"
    assert stored_pages() == stored
