"""Every absolute link the site writes names ``SITE_URL``: sitemaps, feeds,
e-mails, the admin's "View on site", page heads and JSON-LD. Neither the
Sites framework's domain nor the host a request came in on changes them."""

import json
import os
import re
import subprocess
import sys

import feedparser
import pytest
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from october.core.checks import check_site_url
from reviews.models import Review
from reviews.services import review_approve, review_reject
from tests.accounts.test_signup import signup_data
from tests.articles.factories import make_article
from tests.editorial.factories import make_superuser
from tests.people.factories import make_person
from tests.reviews.factories import make_book, make_moderator, make_review

pytestmark = pytest.mark.django_db

SITE = "https://october.example.org"
# Anything with a scheme; the link to schema.org's vocabulary and video
# players are not the site's.
ABSOLUTE = re.compile(r"https?://[^\s\"'<>]+")
ELSEWHERE = ("https://schema.org", "http://schema.org", "https://www.youtube-nocookie")


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE
    # A stale Sites row, as the first migration leaves it: nothing reads it.
    Site.objects.filter(pk=settings.SITE_ID).update(domain="localhost:8000")
    return SITE


def our_links(text):
    return [url for url in ABSOLUTE.findall(text) if not url.startswith(ELSEWHERE)]


def assert_all_at_site(text, at_least=1):
    links = our_links(text)
    assert len(links) >= at_least, links
    strays = [url for url in links if not url.startswith(SITE + "/")]
    assert not strays, strays


def test_sitemap_index_and_sections_name_the_site_url(client, site_url):
    make_person(display_name="Lev Trotsky", slug="trotsky")
    index = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", index)
    assert f"{SITE}/sitemap-people.xml" in locations
    assert all(url.startswith(SITE + "/") for url in locations)
    for url in locations:
        body = client.get(url.removeprefix(SITE)).content.decode()
        for namespace in ("http://www.sitemaps.org/", "http://www.w3.org/"):
            body = body.replace(namespace, "")
        assert_all_at_site(body, at_least=0)
        if url.endswith("/sitemap-people.xml"):
            assert f"<loc>{SITE}/ru/people/trotsky/</loc>" in body
    assert "localhost:8000" not in index


def test_robots_txt_names_the_sitemap_at_the_site_url(client, site_url):
    body = client.get("/robots.txt", HTTP_HOST="127.0.0.1").content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in body


@pytest.mark.parametrize("url", ["/articles/feed/atom/", "/articles/feed/rss/"])
def test_feed_links_name_the_site_url(client, site_url, url):
    article = make_article(title="The insurrection")
    body = client.get(url, HTTP_HOST="127.0.0.1").content.decode()
    feed = feedparser.parse(body)
    assert feed.feed.link == f"{SITE}/articles/"
    assert feed.entries[0].link == SITE + article.get_absolute_url()
    assert_all_at_site(
        body.replace("http://www.w3.org/2005/Atom", "").replace(
            "http://purl.org/dc/elements/1.1/", ""
        ),
        at_least=3,
    )


@pytest.mark.parametrize("url", ["/articles/feed/atom/", "/articles/feed/rss/"])
def test_feed_entry_ids_survive_a_move_to_another_domain(client, settings, url):
    make_article(title="The insurrection")
    settings.SITE_URL = "http://old.example.org"
    before = feedparser.parse(client.get(url).content)
    settings.SITE_URL = "https://new.example.net"
    after = feedparser.parse(client.get(url).content)
    assert before.entries[0].link != after.entries[0].link
    assert before.entries[0].id == after.entries[0].id
    assert before.feed.get("id") == after.feed.get("id")
    assert "example" not in after.entries[0].id


def test_page_head_and_json_ld_name_the_site_url(client, site_url):
    person = make_person(display_name="Lev Trotsky", slug="trotsky")
    html = client.get(person.get_absolute_url(), HTTP_HOST="127.0.0.1").content
    head = html.decode().split("</head>")[0]
    assert f'<link rel="canonical" href="{SITE}/people/trotsky/">' in head
    assert f'<meta property="og:url" content="{SITE}/people/trotsky/">' in head
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head)
    assert blocks
    for block in blocks:
        assert_all_at_site(json.dumps(json.loads(block)))
    assert_all_at_site(head, at_least=6)


@pytest.mark.parametrize("decide", ["approve", "reject"])
def test_review_decision_mails_link_to_the_site_url(
    site_url, decide, django_capture_on_commit_callbacks
):
    review = make_review(text="Fine.", status=Review.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        if decide == "approve":
            review_approve(review=review, moderator=make_moderator())
        else:
            review_reject(
                review=review,
                moderator=make_moderator(),
                reason=Review.RejectionReason.SPAM,
                note="",
            )
    assert len(mail.outbox) == 1
    assert_all_at_site(mail.outbox[0].body)
    assert SITE + review.book.get_absolute_url() in mail.outbox[0].body


def test_password_reset_mail_links_to_the_site_url(
    client, site_url, django_user_model, django_capture_on_commit_callbacks
):
    django_user_model.objects.create_user("natalia", "natalia@example.org", "x" * 20)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("password_reset"),
            {"email": "natalia@example.org"},
            HTTP_HOST="127.0.0.1",
        )
    assert len(mail.outbox) == 1
    assert_all_at_site(mail.outbox[0].body)
    assert f"{SITE}/accounts/reset/" in mail.outbox[0].body
    assert "In Defence of October" in mail.outbox[0].subject


def test_confirmation_mail_links_to_the_site_url(
    client, site_url, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("signup"), signup_data(), HTTP_HOST="127.0.0.1")
    assert len(mail.outbox) == 1
    assert_all_at_site(mail.outbox[0].body)
    assert f"{SITE}/accounts/confirm/" in mail.outbox[0].body


def test_admin_view_on_site_leads_to_the_site_url(client, site_url):
    client.force_login(make_superuser())
    book = make_book()
    about = FlatPage.objects.get(url="/about/")
    review = make_review(book=book, text="Fine.")
    # The content admin links straight to the page ...
    page = client.get(reverse("admin:reviews_book_change", args=[book.pk]))
    assert f'href="{SITE}{book.get_absolute_url()}"' in page.content.decode()
    # ... the others through the admin's redirect, for every model.
    for obj in (about, review, book):
        content_type = ContentType.objects.get_for_model(obj)
        response = client.get(
            reverse("admin:view_on_site", args=[content_type.pk, obj.pk])
        )
        assert response.status_code == 302
        assert response["Location"] == SITE + obj.get_absolute_url()


def test_admin_view_on_site_of_a_missing_object_is_not_found(client, site_url):
    client.force_login(make_superuser())
    content_type = ContentType.objects.get_for_model(FlatPage)
    for object_id in ("999999", "not-a-number", "9" * 30, "-1", "1.5"):
        url = reverse("admin:view_on_site", args=[content_type.pk, object_id])
        assert client.get(url).status_code == 404
    for content_type_id in (999999, int("9" * 30)):
        url = reverse("admin:view_on_site", args=[content_type_id, 1])
        assert client.get(url).status_code == 404


def test_production_without_site_url_warns(settings):
    settings.DEBUG = False
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["october.example.org", "www.october.example.org"]
    settings.HTTPS = True
    [warning] = check_site_url(None)
    assert warning.id == "october.W001"
    assert "https://october.example.org" in warning.msg


def test_development_without_site_url_passes(settings):
    settings.DEBUG = True
    settings.SITE_URL = ""
    assert check_site_url(None) == []


@pytest.mark.parametrize(
    "value",
    [
        "october.example.org",
        "ftp://october.example.org",
        "https://october.example.org/books/",
        "https://october.example.org?x=1",
        "https://october.example.org:99999",
        "https://",
    ],
)
def test_a_malformed_site_url_is_an_error(settings, value):
    settings.SITE_URL = value
    [error] = check_site_url(None)
    assert error.id == "october.E001"


def test_manage_py_check_fails_on_a_malformed_site_url(settings):
    settings.SITE_URL = "october.example.org"
    with pytest.raises(SystemCheckError, match="october.E001"):
        call_command("check")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8123"}, "http://127.0.0.1:8123"),
        ({"SITE_URL": "https://october.example.org/"}, "https://october.example.org"),
    ],
)
def test_site_url_comes_from_the_environment(environment, expected):
    """Development defaults to the address ``make run`` serves."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SITE_URL", "PORT", "DJANGO_DEBUG")
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from october import settings; print(settings.SITE_URL)",
        ],
        env={**env, **environment},
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == expected


def test_the_admin_offers_no_sites_domain_to_edit(client):
    client.force_login(make_superuser())
    assert client.get("/admin/sites/site/").status_code == 404
    assert "/admin/sites/" not in client.get("/admin/").content.decode()


def test_address_change_mails_link_to_the_site_url(
    client, site_url, django_user_model, django_capture_on_commit_callbacks
):
    password = "a long enough passphrase 1917"
    reader = django_user_model.objects.create_user(
        "natalia", "natalia@example.org", password
    )
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("email_change"),
            {"email": "natalia.new@example.org", "password": password},
            HTTP_HOST="127.0.0.1",
        )
    [link_mail] = mail.outbox
    assert_all_at_site(link_mail.body)
    link = ABSOLUTE.search(link_mail.body).group()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link.removeprefix(SITE), HTTP_HOST="127.0.0.1")
    notice = mail.outbox[-1]
    assert notice.to == ["natalia@example.org"]
    assert_all_at_site(notice.body)


def test_a_readers_feed_links_to_the_site_url_with_stable_ids(client, settings):
    review = make_review(text="Clear and essential.", rating=5)
    url = reverse("following:reader_feed", args=[review.reader.username])
    settings.SITE_URL = "http://old.example.org"
    before = feedparser.parse(client.get(url).content)
    settings.SITE_URL = SITE
    body = client.get(url, HTTP_HOST="127.0.0.1").content.decode()
    after = feedparser.parse(body)
    assert after.feed.link == f"{SITE}/readers/{review.reader.username}/"
    assert after.entries[0].link == SITE + review.get_absolute_url()
    assert_all_at_site(body.replace("http://www.w3.org/2005/Atom", ""), at_least=3)
    assert [entry.id for entry in before.entries] == [
        entry.id for entry in after.entries
    ]
    assert before.feed.id == after.feed.id


# Ways of writing a link that ignore SITE_URL: the request's host, or the
# Sites framework's domain (directly or through Django's own views).
OTHER_SOURCES = re.compile(
    r"build_absolute_uri|get_current_site|RequestSite|Site\.objects\.get_current"
    r"|\{\{ *(protocol|domain) *\}\}://|sitemaps\.views\.index"
)


def test_no_code_names_the_site_but_site_url():
    """A new link built from the request or the Sites domain is caught here,
    before it sends readers to localhost:8000."""
    root = django_settings.BASE_DIR
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if (
            path.suffix not in (".py", ".html", ".txt")
            or relative.parts[0] in (".venv", "node_modules", "tests", ".git")
            or "migrations" in relative.parts
            or path.name == "password_reset_email.html"
        ):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if OTHER_SOURCES.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
