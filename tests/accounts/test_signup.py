import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from october.accounts.confirmation import CONFIRMATION_MAX_AGE, make_confirmation_token
from october.accounts.models import EmailConfirmation

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "a long enough passphrase 1917"


def signup_data(**overrides):
    return {
        "username": "natalia",
        "display_name": "Natalia S.",
        "email": "natalia@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "website": "",
        **overrides,
    }


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


def signup(client, capture, **overrides):
    with capture(execute=True):
        return client.post(reverse("signup"), signup_data(**overrides))


def test_signup_creates_the_account_and_signs_the_reader_in(
    client, django_capture_on_commit_callbacks
):
    response = signup(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("signup_done")
    user = User.objects.get(username="natalia")
    assert user.email == "natalia@example.org"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert not EmailConfirmation.objects.is_confirmed(user)


def test_signup_mails_a_link_that_confirms_the_address(
    client, django_capture_on_commit_callbacks
):
    signup(client, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["natalia@example.org"]
    assert "Confirm your e-mail address" in mail.outbox[0].subject
    response = Client().get(link_in(mail.outbox[0]))

    assert response.status_code == 200
    assert b"Address confirmed" in response.content
    assert EmailConfirmation.objects.is_confirmed(User.objects.get())


def test_signup_done_page_names_the_address(client, django_capture_on_commit_callbacks):
    signup(client, django_capture_on_commit_callbacks)
    response = client.get(reverse("signup_done"))
    assert b"natalia@example.org" in response.content


def test_signup_with_a_taken_address_looks_like_any_other_signup(
    client, django_capture_on_commit_callbacks
):
    User.objects.create_user("owner", "Natalia@Example.org", PASSWORD)
    stranger = Client()

    response = signup(stranger, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("signup_done")
    assert "_auth_user_id" in stranger.session
    page = stranger.get(reverse("signup_done")).content.decode()
    assert "We have sent a link to <strong>natalia@example.org</strong>" in page


def test_signup_with_a_taken_address_tells_the_owner_and_sends_no_link(
    client, django_capture_on_commit_callbacks
):
    User.objects.create_user("owner", "natalia@example.org", PASSWORD)

    signup(client, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["natalia@example.org"]
    assert '"owner"' in notice.body
    assert "/accounts/confirm/" not in notice.body
    assert "/accounts/password_reset/" in notice.body


def test_username_taken_in_another_case_is_a_form_error(client):
    User.objects.create_user("Natalia", "other@example.org", PASSWORD)
    response = client.post(reverse("signup"), signup_data())
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1


def test_mismatched_passwords_are_a_form_error(client):
    response = client.post(reverse("signup"), signup_data(password2="something else"))
    assert response.status_code == 200
    assert not User.objects.exists()


def test_signup_requires_an_email_address(client):
    response = client.post(reverse("signup"), signup_data(email=""))
    assert response.status_code == 200
    assert not User.objects.exists()


def test_filled_honeypot_creates_nothing(client, django_capture_on_commit_callbacks):
    response = signup(
        client, django_capture_on_commit_callbacks, website="http://spam.example"
    )
    assert response.status_code == 302
    assert not User.objects.exists()
    assert mail.outbox == []


def test_signup_is_throttled_per_address(client):
    for number in range(10):
        client.post(reverse("signup"), signup_data(username=f"bot{number}", email=""))
    response = client.post(reverse("signup"), signup_data())
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert b"Please wait a little" in response.content
    assert not User.objects.exists()


def test_signed_in_reader_visiting_signup_goes_home(client):
    client.force_login(User.objects.create_user("natalia", "n@example.org"))
    response = client.get(reverse("signup"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_signup_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("signup"), signup_data())
    assert response.status_code == 403
    assert not User.objects.exists()


def test_signup_page_uses_the_site_form_and_hides_the_honeypot(client):
    html = client.get(reverse("signup")).content.decode()
    assert 'class="form"' in html
    assert '<div class="field" hidden>' in html
    assert html.count("<h1>") == 1


# Confirmation links


def test_expired_link_is_refused():
    user = User.objects.create_user("natalia", "natalia@example.org", PASSWORD)
    sent = datetime(2030, 1, 1, 12, tzinfo=UTC)
    with time_machine.travel(sent, tick=False):
        token = make_confirmation_token(user)
    with time_machine.travel(sent + CONFIRMATION_MAX_AGE - timedelta(minutes=1)):
        assert Client().get(reverse("email_confirm", args=[token])).status_code == 200
    EmailConfirmation.objects.all().delete()
    with time_machine.travel(sent + CONFIRMATION_MAX_AGE + timedelta(seconds=1)):
        response = Client().get(reverse("email_confirm", args=[token]))
    assert response.status_code == 400
    assert b"Link not valid" in response.content
    assert not EmailConfirmation.objects.exists()


def test_tampered_link_is_refused():
    user = User.objects.create_user("natalia", "natalia@example.org", PASSWORD)
    token = make_confirmation_token(user)
    response = Client().get(reverse("email_confirm", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert not EmailConfirmation.objects.exists()


def test_link_stops_working_when_the_address_changes():
    user = User.objects.create_user("natalia", "natalia@example.org", PASSWORD)
    token = make_confirmation_token(user)
    user.email = "new@example.org"
    user.save()
    response = Client().get(reverse("email_confirm", args=[token]))
    assert response.status_code == 400
    assert not EmailConfirmation.objects.exists()


def test_changing_the_address_undoes_the_confirmation():
    user = User.objects.create_user("natalia", "natalia@example.org", PASSWORD)
    Client().get(reverse("email_confirm", args=[make_confirmation_token(user)]))
    assert EmailConfirmation.objects.is_confirmed(user)
    user.email = "new@example.org"
    assert not EmailConfirmation.objects.is_confirmed(user)


def test_an_address_confirms_only_one_account():
    first = User.objects.create_user("first", "shared@example.org", PASSWORD)
    second = User.objects.create_user("second", "shared@example.org", PASSWORD)
    Client().get(reverse("email_confirm", args=[make_confirmation_token(first)]))

    response = Client().get(
        reverse("email_confirm", args=[make_confirmation_token(second)])
    )

    assert response.status_code == 400
    assert b"Address already in use" in response.content
    assert not EmailConfirmation.objects.is_confirmed(second)


def test_confirming_twice_is_harmless():
    user = User.objects.create_user("natalia", "natalia@example.org", PASSWORD)
    url = reverse("email_confirm", args=[make_confirmation_token(user)])
    Client().get(url)
    assert Client().get(url).status_code == 200
    assert EmailConfirmation.objects.count() == 1


# Resending the link


def test_resend_mails_a_fresh_link(client, django_capture_on_commit_callbacks):
    user = User.objects.create_user("natalia", "natalia@example.org", PASSWORD)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("email_confirm_resend"), {"next": "/books/some-book/review/"}
        )
    assert response.status_code == 302
    assert response["Location"] == "/books/some-book/review/"
    assert len(mail.outbox) == 1
    Client().get(link_in(mail.outbox[0]))
    assert EmailConfirmation.objects.is_confirmed(user)


def test_resend_ignores_a_next_address_on_another_site(client):
    client.force_login(User.objects.create_user("natalia", "n@example.org"))
    response = client.post(
        reverse("email_confirm_resend"), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_resend_needs_a_signed_in_reader_and_a_post(client):
    response = client.post(reverse("email_confirm_resend"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.force_login(User.objects.create_user("natalia", "n@example.org"))
    assert client.get(reverse("email_confirm_resend")).status_code == 405


def test_resend_is_throttled(client, django_capture_on_commit_callbacks):
    client.force_login(User.objects.create_user("natalia", "n@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post(reverse("email_confirm_resend"))
        response = client.post(reverse("email_confirm_resend"))
    assert response.status_code == 429
    assert len(mail.outbox) == 3


def test_resend_for_a_confirmed_reader_sends_nothing(client):
    user = User.objects.create_user("natalia", "natalia@example.org", PASSWORD)
    EmailConfirmation.objects.create(user=user, email=user.email)
    client.force_login(user)
    client.post(reverse("email_confirm_resend"))
    assert mail.outbox == []


@pytest.mark.parametrize(
    "username",
    [
        "\u0430dmin",  # a Cyrillic "а"
        "adm\u0456n",  # a Ukrainian "і"
        "\uff41\uff44\uff4d\uff49\uff4e",  # full-width "admin"
    ],
)
def test_a_username_that_passes_for_a_taken_one_is_refused(client, username):
    User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    response = client.post(reverse("signup"), signup_data(username=username))
    assert response.status_code == 200
    assert response.context["form"].has_error("username")
    assert User.objects.count() == 1


def test_a_display_name_that_passes_for_a_staff_name_is_refused(client):
    User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    for name in ("\u0430dmin", "Ad\u200bmin", "\uff21dmin"):
        response = client.post(reverse("signup"), signup_data(display_name=name))
        assert response.context["form"].has_error("display_name"), name
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("username", "display_name"),
    [("ivan", "Иван Петров"), ("natalia_s", "Natalia S."), ("иван", "Иван")],
)
def test_names_in_one_alphabet_are_welcome(
    client, django_capture_on_commit_callbacks, username, display_name
):
    User.objects.create_superuser("admin", "admin@example.org", PASSWORD)
    response = signup(
        client,
        django_capture_on_commit_callbacks,
        username=username,
        display_name=display_name,
    )
    assert response.status_code == 302
    assert User.objects.filter(username=username).exists()
