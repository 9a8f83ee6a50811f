"""Sign-in throttling with django-axes: per username and address, for the
reader and the admin sign-in, telling nobody which accounts exist."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from october.core.web.middleware import client_ip
from tests.reviews.factories import make_editor, make_reader

pytestmark = pytest.mark.django_db

LIMIT = 5


def fail(client, username, times=1, url=None):
    response = None
    for _ in range(times):
        response = client.post(
            url or reverse("login"), {"username": username, "password": "wrong"}
        )
    return response


def sign_in(client, username, url=None):
    return client.post(
        url or reverse("login"), {"username": username, "password": "password"}
    )


def page_text(response):
    """The page without its per-request CSRF token, to compare two answers."""
    return re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode()
    )


def test_five_failures_lock_the_username_out_from_that_address():
    reader = make_reader()
    client = Client()
    assert fail(client, reader.username, LIMIT - 1).status_code == 200

    locked = fail(client, reader.username)
    assert locked.status_code == 429
    assert "Signing in is paused" in locked.content.decode()
    assert locked["Retry-After"] == str(15 * 60)

    # Even the right password is refused while locked out.
    response = sign_in(client, reader.username)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_blocks_only_that_username_and_address_pair():
    reader, other = make_reader(), make_reader()
    fail(Client(REMOTE_ADDR="203.0.113.5"), reader.username, LIMIT)

    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert sign_in(elsewhere, reader.username).status_code == 302
    same_address = Client(REMOTE_ADDR="203.0.113.5")
    assert sign_in(same_address, other.username).status_code == 302


def test_the_lockout_ends_after_fifteen_minutes():
    reader = make_reader()
    client = Client()
    fail(client, reader.username, LIMIT)
    assert sign_in(client, reader.username).status_code == 429

    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert sign_in(client, reader.username).status_code == 302


def test_a_successful_sign_in_forgets_earlier_failures():
    reader = make_reader()
    client = Client()
    fail(client, reader.username, LIMIT - 1)
    assert sign_in(client, reader.username).status_code == 302
    client.logout()
    assert fail(client, reader.username, LIMIT - 1).status_code == 200


def test_unknown_and_known_usernames_get_the_same_answers():
    reader = make_reader()
    known, unknown = Client(), Client()
    for _ in range(LIMIT + 1):
        known_response = fail(known, reader.username)
        unknown_response = fail(unknown, "nobody-by-this-name")
        assert known_response.status_code == unknown_response.status_code
        assert page_text(known_response).replace(
            reader.username, "nobody-by-this-name"
        ) == page_text(unknown_response)
    assert known_response.status_code == 429


def test_the_admin_sign_in_is_throttled_too():
    editor = make_editor()
    client = Client()
    admin_login = reverse("admin:login")
    assert fail(client, editor.username, LIMIT - 1, url=admin_login).status_code == 200
    assert fail(client, editor.username, url=admin_login).status_code == 429
    response = sign_in(client, editor.username, url=admin_login)
    assert response.status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302


def test_admin_and_reader_sign_in_share_one_count():
    reader = make_reader()
    client = Client()
    fail(client, reader.username, 3, url=reverse("admin:login"))
    assert fail(client, reader.username, 2).status_code == 429


def test_signup_answers_the_same_whether_or_not_the_address_has_an_account():
    make_reader(email="natalia@example.org")
    data = {
        "display_name": "Natalia",
        "email": "natalia@example.org",
        "password1": "a long enough passphrase 1917",
        "password2": "a long enough passphrase 1917",
        "website": "",
    }
    taken = Client().post(reverse("signup"), {**data, "username": "first"})
    fresh = Client().post(
        reverse("signup"),
        {**data, "username": "second", "email": "someone-new@example.org"},
    )
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]


def test_password_reset_answers_the_same_for_any_address():
    make_reader(email="natalia@example.org")
    known = Client().post(reverse("password_reset"), {"email": "natalia@example.org"})
    unknown = Client().post(reverse("password_reset"), {"email": "x@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


class FakeRequest:
    def __init__(self, **meta):
        self.META = meta


@override_settings(BEHIND_PROXY=True, TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_proxy_the_client_is_the_last_forwarded_address():
    request = FakeRequest(
        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    assert client_ip(request) == "203.0.113.9"


@override_settings(BEHIND_PROXY=True, TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_forged_or_missing_forwarded_address_falls_back_to_the_connection():
    for forwarded in ("", "not-an-address", "1.2.3.4, <script>", "\x00"):
        request = FakeRequest(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
        assert client_ip(request) == "10.0.0.2"


@override_settings(BEHIND_PROXY=True, TRUSTED_PROXIES=["127.0.0.1", "10.1.0.0/16"])
def test_forwarded_addresses_count_only_from_a_trusted_proxy():
    for proxy in ("127.0.0.1", "10.1.2.3"):
        request = FakeRequest(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
        assert client_ip(request) == "203.0.113.9"
    # Straight to the app server: the header is the client's own invention.
    for direct in ("198.51.100.7", "10.2.0.1", "::1"):
        request = FakeRequest(REMOTE_ADDR=direct, HTTP_X_FORWARDED_FOR="203.0.113.9")
        assert client_ip(request) == direct


@override_settings(BEHIND_PROXY=True)
def test_a_rotating_forwarded_address_from_outside_defeats_no_throttle():
    client = Client(REMOTE_ADDR="198.51.100.7")
    answers = [
        client.post(
            reverse("admin:login"),
            {"username": f"user{number}", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        ).status_code
        for number in range(31)
    ]
    assert answers[:30] == [200] * 30
    assert answers[30] == 429


def test_the_admin_sign_in_is_throttled_per_address_across_usernames():
    client = Client()
    for number in range(30):
        response = fail(client, f"user{number}", url=reverse("admin:login"))
        assert response.status_code == 200
    response = fail(client, "someone-else", url=reverse("admin:login"))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    # One count with the reader's form: switching forms buys nothing.
    assert fail(client, "another").status_code == 429


def test_without_a_proxy_the_forwarded_header_is_ignored():
    request = FakeRequest(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.2"


def test_a_username_longer_than_any_account_is_a_failed_sign_in_not_an_error():
    client = Client(raise_request_exception=False)
    for url in (reverse("login"), reverse("admin:login")):
        response = fail(client, "x" * 100_000, url=url)
        assert response.status_code == 200
