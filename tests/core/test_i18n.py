"""The interface in three languages: English unprefixed, /es/ and /ru/."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from october.core.publishing import Status
from tests.people.factories import make_person
from tests.reviews.factories import make_reader
from tests.timeline.factories import make_event

pytestmark = pytest.mark.django_db


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_english_addresses_stay_as_they_were():
    assert reverse("timeline:list") == "/timeline/"
    assert reverse("home") == "/"
    with translation.override("es"):
        assert reverse("timeline:list") == "/es/timeline/"
    with translation.override("ru"):
        assert reverse("people:list") == "/ru/people/"


@pytest.mark.parametrize(
    ("path", "language"),
    [("/", "en"), ("/es/", "es"), ("/ru/", "ru"), ("/es/timeline/", "es")],
)
def test_every_page_is_in_the_language_of_its_prefix(client, path, language):
    response = client.get(path)
    assert response.status_code == 200
    assert html_lang(response) == language
    assert response["Content-Language"] == language


def test_a_language_the_interface_does_not_have_is_not_found(client):
    assert client.get("/fr/timeline/").status_code == 404
    assert client.get("/en/timeline/").status_code == 404


def test_the_prefix_decides_the_language_not_the_browser(client):
    response = client.get("/timeline/", HTTP_ACCEPT_LANGUAGE="ru")
    assert html_lang(response) == "en"
    response = client.get("/es/timeline/", HTTP_ACCEPT_LANGUAGE="ru")
    assert html_lang(response) == "es"


def test_the_language_switcher_keeps_the_page_and_its_filters(client):
    html = client.get("/es/timeline/?period=july-days").content.decode()
    assert (
        '<a href="/timeline/?period=july-days" hreflang="en" lang="en">English</a>'
        in html
    )
    assert (
        '<a href="/ru/timeline/?period=july-days" hreflang="ru" lang="ru">Русский</a>'
        in html
    )
    assert '<span aria-current="true" lang="es">Español</span>' in html


def test_every_page_names_its_versions_in_every_language(client):
    person = make_person(display_name="Lev Trotsky", slug="trotsky")
    html = client.get("/ru" + person.get_absolute_url()).content.decode()
    for code, path in (
        ("en", "/people/trotsky/"),
        ("es", "/es/people/trotsky/"),
        ("ru", "/ru/people/trotsky/"),
        ("x-default", "/people/trotsky/"),
    ):
        assert (
            f'<link rel="alternate" hreflang="{code}" href="http://testserver{path}">'
            in html
        )


def test_the_sitemap_lists_each_page_in_every_language_with_alternates(
    client, settings
):
    make_person(display_name="Lev Trotsky", slug="trotsky")
    settings.SITE_URL = "http://example.com"
    xml = client.get("/sitemap-people.xml").content.decode()
    for path in ("/people/trotsky/", "/es/people/trotsky/", "/ru/people/trotsky/"):
        assert f"<loc>http://example.com{path}</loc>" in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="ru" '
        'href="http://example.com/ru/people/trotsky/"/>'
    ) in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="x-default" '
        'href="http://example.com/people/trotsky/"/>'
    ) in xml
    sections = client.get("/sitemap-sections.xml").content.decode()
    assert "<loc>http://example.com/es/timeline/</loc>" in sections


def test_a_large_sitemap_reads_only_the_items_of_its_page(
    client, django_assert_max_num_queries
):
    for number in range(5):
        make_person(display_name=f"Person {number}", slug=f"person-{number}")
    from people.sitemaps import PersonSitemap

    PersonSitemap.limit = 6
    try:
        first = client.get("/sitemap-people.xml").content.decode()
        with django_assert_max_num_queries(3):
            last = client.get("/sitemap-people.xml?p=3").content.decode()
        index = client.get("/sitemap.xml").content.decode()
    finally:
        PersonSitemap.limit = 5000
    # Five people in three languages: fifteen addresses, six to a page.
    assert first.count("<url>") == 6
    assert last.count("<url>") == 3
    assert "sitemap-people.xml?p=3" in index
    assert "sitemap-people.xml?p=4" not in index


# The first visit to "/"


def test_a_first_visit_from_a_spanish_browser_goes_to_the_spanish_home_page(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/es/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert "Accept-Language" in response["Vary"]


def test_an_english_or_unknown_browser_stays_on_the_english_home_page(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,es;q=0.8").status_code == 200
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,de;q=0.8").status_code == 200
    assert client.get("/").status_code == 200


def test_only_the_first_visit_is_redirected(client):
    client.get("/", HTTP_ACCEPT_LANGUAGE="ru")
    # Back to English through the language switcher: no bouncing.
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert html_lang(response) == "en"


def test_a_visitor_arriving_from_another_page_of_the_site_is_not_redirected(client):
    response = client.get(
        "/", HTTP_ACCEPT_LANGUAGE="ru", HTTP_REFERER="http://testserver/ru/people/"
    )
    assert response.status_code == 200


def test_only_the_home_page_follows_the_browser(client):
    assert client.get("/people/", HTTP_ACCEPT_LANGUAGE="ru").status_code == 200


# Caches


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_the_page_cache_keeps_each_language_apart(client, page_cache_on):
    for _round in range(2):
        assert html_lang(client.get("/")) == "en"
        assert html_lang(client.get("/es/")) == "es"
        assert html_lang(client.get("/ru/")) == "ru"
        assert html_lang(client.get("/timeline/")) == "en"
        assert html_lang(client.get("/es/timeline/")) == "es"


def test_a_cached_english_home_page_does_not_stop_the_first_visit_redirect(
    client, page_cache_on
):
    assert client.get("/").status_code == 200
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 302


def test_the_language_cookie_does_not_keep_pages_out_of_the_cache(
    client, page_cache_on, django_assert_num_queries
):
    event = make_event(title="The July Days")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    client.get("/es" + event.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get("/es" + event.get_absolute_url())
    assert html_lang(response) == "es"


# The admin


def test_the_admin_is_in_the_language_the_editor_chose(client):
    editor = make_reader(username="editor", is_staff=True, is_superuser=True)
    client.force_login(editor)
    assert html_lang(client.get("/admin/")) == "en"
    response = client.post(
        "/i18n/setlang/", {"language": "ru", "next": "/admin/"}, follow=False
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    admin_page = client.get("/admin/")
    assert html_lang(admin_page) == "ru"
    # The public pages are still in the language of their address.
    assert html_lang(client.get("/timeline/")) == "en"


def test_the_admin_follows_the_editors_browser_until_they_choose(client):
    editor = make_reader(username="editor", is_staff=True, is_superuser=True)
    client.force_login(editor)
    assert html_lang(client.get("/admin/", HTTP_ACCEPT_LANGUAGE="es")) == "es"


# Slugs


def test_a_cyrillic_title_gets_a_readable_slug():
    person = make_person(display_name="Лев Троцкий", slug="")
    assert person.slug == "lev-trotskii"
    again = make_person(display_name="Лев Троцкий", slug="")
    assert again.slug == "lev-trotskii-2"


def test_editors_may_still_choose_the_slug():
    person = make_person(display_name="Лев Троцкий", slug="trotsky")
    assert person.slug == "trotsky"


def test_drafts_are_not_in_the_sitemap_in_any_language(client):
    make_person(display_name="Hidden", slug="hidden", status=Status.DRAFT)
    assert "hidden" not in client.get("/sitemap-people.xml").content.decode()
