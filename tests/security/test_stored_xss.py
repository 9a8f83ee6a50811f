"""Stored XSS: hostile text in every field an editor or a reader can fill,
then every public page, feed, JSON and admin page that shows it, read as a
browser would (``tests.security.checks``)."""

import json

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.flatpages.models import FlatPage
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from october.accounts.models import JoinRequest
from reviews.models import Review
from tests.reviews.factories import make_reader
from tests.security.checks import executable_problems
from tests.security.factories import HOSTILE, MARKER, hostile_text, make_site

pytestmark = pytest.mark.django_db

EXECUTABLE = [payload for payload in HOSTILE if "alert" in payload]


@pytest.fixture
def site():
    return make_site(text=hostile_text)


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser(
        "root", "root@example.org", "password"
    )


def public_pages(site):
    return [
        "/",
        "/people/",
        site.person.get_absolute_url(),
        "/timeline/",
        f"/timeline/?period={site.period.slug}",
        site.event.get_absolute_url(),
        "/timeline/on-this-day/",
        "/articles/",
        site.article.get_absolute_url(),
        site.interview.get_absolute_url(),
        reverse("articles:series", args=[site.series.slug]),
        reverse("articles:tag", args=[site.tag.slug]),
        "/books/",
        site.book.get_absolute_url(),
        reverse("readers:profile", args=[site.reader.username]),
        "/guides/",
        site.guide.get_absolute_url(),
        f"/search/?q={MARKER}",
        "/about/",
    ]


def problems_on(client, urls):
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        problems = executable_problems(response.content.decode())
        if problems:
            found[url] = problems
    return found


def test_the_checker_finds_every_payload_unescaped_and_none_escaped():
    for payload in EXECUTABLE:
        contexts = [
            "<div>{}</div>",
            '<input value="{}">',
            "<input value='{}'>",
            '<a href="{}">x</a>',
        ]
        assert any(executable_problems(c.format(payload)) for c in contexts), payload
        for context in contexts[:3]:
            assert not executable_problems(context.format(escape(payload))), payload
    assert executable_problems(
        '<script type="application/ld+json">{"a": "</script><script>alert(1)'
    )


def test_public_pages_show_hostile_text_inert(client, site):
    found = problems_on(client, public_pages(site))
    assert found == {}
    # The hostile records really are on the pages checked.
    for url in [site.person.get_absolute_url(), site.book.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert MARKER in html
        assert escape(EXECUTABLE[0]) in html or escape(EXECUTABLE[1]) in html


def test_pages_a_reader_sees_show_their_hostile_text_inert(client, site):
    client.force_login(site.reader)
    urls = [
        "/",
        site.book.get_absolute_url(),
        reverse("reviews:review", args=[site.book.slug]),
        reverse("readers:profile", args=[site.reader.username]),
    ]
    assert problems_on(client, urls) == {}


def test_a_review_written_through_the_form_stays_inert_everywhere(
    client, site, superuser
):
    writer = make_reader()
    client.force_login(writer)
    text = " ".join(HOSTILE).replace("\u0000", "")
    response = client.post(
        reverse("reviews:review", args=[site.book.slug]),
        {"rating": "5", "text": text, "website": ""},
    )
    assert response.status_code == 302
    review = Review.objects.get(reader=writer)
    assert review.text == text.strip()
    assert problems_on(client, [reverse("reviews:review", args=[site.book.slug])]) == {}

    client.force_login(superuser)
    change = reverse("admin:reviews_review_change", args=[review.pk])
    assert problems_on(client, ["/admin/reviews/review/", change]) == {}
    response = client.post(
        "/admin/reviews/review/",
        {"action": "reject_reviews", "_selected_action": [review.pk]},
    )
    assert response.status_code == 200
    assert executable_problems(response.content.decode()) == []


def test_join_us_messages_stay_inert_in_the_form_and_the_admin(client, superuser):
    fields = {
        "name": HOSTILE[1],
        "email": "not an address " + HOSTILE[0],
        "country": HOSTILE[3],
        "message": " ".join(HOSTILE).replace("\u0000", ""),
        "website": "",
    }
    # Refused (the address), so the form comes back with what was typed.
    response = client.post(reverse("join"), fields)
    assert response.status_code == 200
    assert executable_problems(response.content.decode()) == []

    response = client.post(reverse("join"), {**fields, "email": "j@example.org"})
    assert response.status_code == 302
    joined = JoinRequest.objects.get()
    client.force_login(superuser)
    urls = [
        "/admin/accounts/joinrequest/",
        reverse("admin:accounts_joinrequest_change", args=[joined.pk]),
    ]
    assert problems_on(client, urls) == {}


def test_sign_up_refuses_hostile_usernames_and_echoes_them_inert(client):
    for payload in EXECUTABLE:
        response = client.post(
            reverse("signup"),
            {
                "username": payload[:150],
                "display_name": payload[:60],
                "email": "new@example.org",
                "password1": "a long enough passphrase 1917",
                "password2": "a long enough passphrase 1917",
                "website": "",
            },
        )
        assert response.status_code == 200, payload
        assert executable_problems(response.content.decode()) == [], payload
    assert not get_user_model().objects.exists()


def test_forms_that_echo_what_was_typed_keep_it_inert(client):
    for payload in EXECUTABLE:
        responses = [
            client.post(reverse("login"), {"username": payload, "password": "x"}),
            client.get("/search/", {"q": payload}),
            client.post(reverse("password_reset"), {"email": payload}),
        ]
        for response in responses:
            assert response.status_code in (200, 400), payload
            assert executable_problems(response.content.decode()) == [], payload


def test_timeline_json_carries_hostile_text_as_inert_html(client, site):
    data = json.loads(client.get("/timeline/timeline.json").content)
    # TimelineJS renders headlines, texts and captions as HTML.
    pieces = [data["title"]["text"]["headline"]]
    for slide in data["events"] + data["eras"]:
        pieces += [slide["text"].get("headline", ""), slide["text"].get("text", "")]
        pieces.append(slide.get("media", {}).get("caption", ""))
    assert MARKER in " ".join(pieces)
    assert [p for p in pieces if executable_problems(p)] == []


def admin_pages(site, superuser):
    """Each registered model's list, and the change, delete and history pages
    of every object made."""
    objects = [
        site.period,
        site.person,
        site.quote,
        site.event,
        site.series,
        site.article,
        site.interview,
        site.tag,
        site.book,
        site.reader,
        site.review,
        site.guide,
        site.join_request,
        site.about,
    ]
    urls = []
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    for obj in objects:
        opts = obj._meta
        for view in ("change", "delete", "history"):
            try:
                urls.append(
                    reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_{view}",
                        args=[obj.pk],
                    )
                )
            except NoReverseMatch:
                pass
    return urls


def test_admin_pages_show_hostile_text_inert(client, site, superuser):
    site.about.title = hostile_text(FlatPage, "title", 200)
    site.about.save()
    client.force_login(superuser)
    assert problems_on(client, admin_pages(site, superuser)) == {}
