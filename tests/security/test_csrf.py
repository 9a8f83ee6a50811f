"""Every form that changes something refuses a POST without the CSRF token,
and takes the same POST with the token the page gave."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from october.accounts.models import JoinRequest
from reviews.models import ReadingStatus, Review
from tests.guides.factories import make_entry, make_guide
from tests.reviews.factories import (
    make_book,
    make_moderator,
    make_reader,
    make_review,
)

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase 1917"


def csrf_client(user=None):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def token_from(client, url):
    """The token the form on ``url`` carries, as a browser would send it."""
    html = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_reader_forms_refuse_a_post_without_the_token():
    reader = make_reader()
    book = make_book()
    guide = make_guide()
    make_entry(guide=guide, book=book)
    client = csrf_client(reader)
    posts = [
        (reverse("reviews:review", args=[book.slug]), {"rating": "5"}),
        (reverse("reviews:review", args=[book.slug]), {"withdraw": "1"}),
        (reverse("reviews:shelve", args=[book.slug]), {"status": "read"}),
        (
            reverse("guides:shelve", args=[guide.slug]),
            {"books": [book.pk], "status": "read"},
        ),
        (reverse("email_confirm_resend"), {}),
        (
            reverse("password_change"),
            {
                "old_password": "password",
                "new_password1": PASSWORD,
                "new_password2": PASSWORD,
            },
        ),
        (
            reverse("email_change"),
            {"email": "new@example.org", "password": "password"},
        ),
        (reverse("account_data"), {}),
        (reverse("account_delete"), {"password": "password"}),
        (reverse("logout"), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert not Review.objects.exists()
    assert not ReadingStatus.objects.exists()
    reader.refresh_from_db()
    assert reader.check_password("password")
    assert "_auth_user_id" in client.session
    assert mail.outbox == []


def test_public_forms_refuse_a_post_without_the_token():
    make_reader(username="natalia", email="natalia@example.org")
    client = csrf_client()
    posts = [
        (reverse("login"), {"username": "natalia", "password": "password"}),
        (
            reverse("signup"),
            {
                "username": "newcomer",
                "display_name": "Newcomer",
                "email": "new@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        ),
        (reverse("password_reset"), {"email": "natalia@example.org"}),
        (
            reverse("join"),
            {"name": "Natalia", "email": "n@example.org", "country": "Spain"},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(username="newcomer").exists()
    assert not JoinRequest.objects.exists()
    assert mail.outbox == []


def test_a_token_from_another_session_is_refused():
    book = make_book()
    stranger_token = token_from(csrf_client(make_reader()), reverse("join"))
    client = csrf_client(make_reader())
    own_token = token_from(client, reverse("reviews:review", args=[book.slug]))
    assert own_token != stranger_token
    response = client.post(
        reverse("reviews:review", args=[book.slug]),
        {"rating": "5", "csrfmiddlewaretoken": stranger_token},
    )
    assert response.status_code == 403
    assert not Review.objects.exists()


def test_reader_forms_work_with_the_token_their_page_gave():
    reader = make_reader()
    book = make_book()
    client = csrf_client(reader)
    review_url = reverse("reviews:review", args=[book.slug])
    token = token_from(client, review_url)
    response = client.post(
        review_url,
        {"rating": "5", "text": "", "website": "", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    token = token_from(client, book.get_absolute_url())
    response = client.post(
        reverse("reviews:shelve", args=[book.slug]),
        {"status": "read", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Review.objects.get().reader == reader
    assert ReadingStatus.objects.get().reader == reader


def test_public_forms_work_with_the_token_their_page_gave():
    make_reader(username="natalia")
    client = csrf_client()
    token = token_from(client, reverse("join"))
    response = client.post(
        reverse("join"),
        {
            "name": "Natalia",
            "email": "n@example.org",
            "country": "Spain",
            "message": "",
            "website": "",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
    token = token_from(client, reverse("login"))
    response = client.post(
        reverse("login"),
        {"username": "natalia", "password": "password", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_admin_forms_and_actions_refuse_a_post_without_the_token():
    moderator = make_moderator()
    pending = make_review(text="Awaiting a decision.", status=Review.Status.PENDING)
    client = csrf_client()
    response = client.post(
        reverse("admin:login"),
        {"username": moderator.username, "password": "password"},
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session

    client.force_login(moderator)
    response = client.post(
        reverse("admin:reviews_review_changelist"),
        {"action": "approve_reviews", "_selected_action": [pending.pk]},
    )
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == Review.Status.PENDING

    token = token_from(client, reverse("admin:reviews_review_changelist"))
    cache.clear()
    response = client.post(
        reverse("admin:reviews_review_changelist"),
        {
            "action": "approve_reviews",
            "_selected_action": [pending.pk],
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Review.Status.APPROVED


def test_following_and_reporting_refuse_a_post_without_the_token():
    from following.models import Follow
    from reviews.models import ReviewReport
    from tests.following.factories import make_follow
    from tests.people.factories import make_person

    reader, other = make_reader(), make_reader()
    author = make_person()
    review = make_review(book=make_book(authors=[author]), reader=other, text="Words.")
    make_follow(follower=other, reader=reader)
    client = csrf_client(reader)
    posts = [
        reverse("following:follow_reader", args=[other.username]),
        reverse("following:unfollow_reader", args=[other.username]),
        reverse("following:follow_person", args=[author.slug]),
        reverse("following:unfollow_person", args=[author.slug]),
        reverse("following:remove_follower", args=[other.username]),
    ]
    for url in posts:
        assert client.post(url).status_code == 403, url
    report = reverse("reviews:report", args=[review.book.slug, review.pk])
    assert client.post(report, {"reason": "spam"}).status_code == 403
    assert list(Follow.objects.values_list("follower", "reader")) == [
        (other.pk, reader.pk)
    ]
    assert not ReviewReport.objects.exists()
