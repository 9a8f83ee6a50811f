import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "a long enough passphrase 1917"


@pytest.fixture
def reader():
    return User.objects.create_user("natalia", "natalia@example.org", PASSWORD)


def test_reader_signs_in_with_username_and_password(client, reader):
    response = client.post(
        reverse("login"), {"username": "natalia", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == reader.pk


def test_wrong_password_is_a_form_error(client, reader):
    response = client.post(reverse("login"), {"username": "natalia", "password": "x"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert b'role="alert"' in response.content


def test_sign_in_returns_to_the_page_asked_for(client, reader):
    response = client.post(
        reverse("login"),
        {"username": "natalia", "password": PASSWORD, "next": "/books/"},
    )
    assert response["Location"] == "/books/"


def test_login_is_throttled(client, reader):
    for _ in range(10):
        client.post(reverse("login"), {"username": "natalia", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "natalia", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post(client, reader):
    client.force_login(reader)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_header_offers_sign_in_and_sign_up_to_strangers(client):
    html = client.get("/").content.decode()
    assert f'href="{reverse("login")}"' in html
    assert f'href="{reverse("signup")}"' in html
    assert "Sign out" not in html


def test_header_shows_the_reader_and_a_sign_out_form(client, reader):
    client.force_login(reader)
    html = client.get("/").content.decode()
    assert 'href="/readers/natalia/"' in html
    assert f'<form method="post" action="{reverse("logout")}">' in html
    assert "Sign in" not in html


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(
    client, reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("password_reset"), {"email": "natalia@example.org"})
        unknown = Client().post(
            reverse("password_reset"), {"email": "nobody@example.org"}
        )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert (
        client.get(known["Location"]).content
        == Client().get(unknown["Location"]).content
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["natalia@example.org"]


def test_password_reset_link_sets_a_new_password(
    client, reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "natalia@example.org"})
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    response = client.get("/" + path, follow=True)
    assert b"Choose a new password" in response.content
    new_password = "another long passphrase 1918"
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password(new_password)


def test_password_reset_is_throttled_per_address(
    client, reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post(reverse("password_reset"), {"email": "natalia@example.org"})
        response = client.post(
            reverse("password_reset"), {"email": "natalia@example.org"}
        )
    assert response.status_code == 429
    assert len(mail.outbox) == 3


def test_signed_in_reader_changes_their_password(client, reader):
    client.force_login(reader)
    new_password = "another long passphrase 1918"
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password(new_password)


def test_password_change_needs_a_signed_in_reader(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_without_csrf_token_is_refused(reader):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("login"), {"username": "natalia", "password": PASSWORD}
    )
    assert response.status_code == 403
