"""Account settings: the page, changing the e-mail address, the password."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from october.accounts.confirmation import CONFIRMATION_MAX_AGE
from october.accounts.models import EmailConfirmation

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "a long enough passphrase 1917"


@pytest.fixture
def reader():
    user = User.objects.create_user("natalia", "natalia@example.org", PASSWORD)
    EmailConfirmation.objects.create(user=user, email=user.email)
    return user


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


def ask_for_change(client, capture, email="natalia.new@example.org", password=PASSWORD):
    with capture(execute=True):
        return client.post(
            reverse("email_change"), {"email": email, "password": password}
        )


def test_settings_page_needs_a_signed_in_reader(client):
    response = client.get(reverse("account_settings"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_settings_page_is_linked_from_the_header_and_links_the_password_change(
    signed_in,
):
    home = signed_in.get(reverse("home"))
    assert reverse("account_settings").encode() in home.content

    response = signed_in.get(reverse("account_settings"))
    assert response.status_code == 200
    assert b"natalia@example.org" in response.content
    assert reverse("password_change").encode() in response.content
    assert "private" in response["Cache-Control"]


def test_settings_page_is_in_spanish_and_russian(signed_in):
    assert (
        "Configuración de la cuenta"
        in signed_in.get("/es" + reverse("account_settings")).content.decode()
    )
    assert (
        "Настройки"
        in signed_in.get("/ru" + reverse("account_settings")).content.decode()
    )


def test_changing_the_address_mails_a_link_to_the_new_one_and_changes_nothing_yet(
    signed_in, reader, django_capture_on_commit_callbacks
):
    response = ask_for_change(signed_in, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_settings")
    assert [message.to for message in mail.outbox] == [["natalia.new@example.org"]]
    reader.refresh_from_db()
    assert reader.email == "natalia@example.org"
    assert EmailConfirmation.objects.is_confirmed(reader)
    page = signed_in.get(reverse("account_settings")).content.decode()
    assert "We have sent a link to natalia.new@example.org" in page


def test_following_the_link_shows_a_button_and_changes_nothing_until_pressed(
    signed_in, reader, django_capture_on_commit_callbacks
):
    ask_for_change(signed_in, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])

    # A mail scanner opening the link, signed in or not, changes nothing.
    response = Client().get(link)

    assert response.status_code == 200
    assert b"natalia.new@example.org" in response.content
    reader.refresh_from_db()
    assert reader.email == "natalia@example.org"


def test_confirming_changes_the_address_and_tells_the_old_one(
    signed_in, reader, django_capture_on_commit_callbacks
):
    ask_for_change(signed_in, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])

    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(link)

    assert response.status_code == 200
    assert b"Address changed" in response.content
    reader.refresh_from_db()
    assert reader.email == "natalia.new@example.org"
    # Confirmed by the link itself: the reader may go on writing reviews.
    assert EmailConfirmation.objects.is_confirmed(reader)
    notice = mail.outbox[-1]
    assert notice.to == ["natalia@example.org"]
    assert "has changed" in notice.subject
    # The notice names no new address: it may be a thief's.
    assert "natalia.new" not in notice.body
    # The reader is still signed in.
    assert signed_in.get(reverse("account_settings")).status_code == 200


def test_a_used_link_is_refused_and_changes_nothing(
    signed_in, reader, django_capture_on_commit_callbacks
):
    ask_for_change(signed_in, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    Client().post(link)
    ask_for_change(
        signed_in, django_capture_on_commit_callbacks, email="natalia@example.org"
    )
    Client().post(link_in(mail.outbox[-1]))
    reader.refresh_from_db()
    assert reader.email == "natalia@example.org"

    response = Client().post(link)

    assert response.status_code == 400
    assert b"Link already used" in response.content
    reader.refresh_from_db()
    assert reader.email == "natalia@example.org"


def test_an_older_link_dies_when_a_newer_one_is_confirmed(
    signed_in, reader, django_capture_on_commit_callbacks
):
    ask_for_change(signed_in, django_capture_on_commit_callbacks, email="a@example.org")
    ask_for_change(signed_in, django_capture_on_commit_callbacks, email="b@example.org")
    first, second = link_in(mail.outbox[0]), link_in(mail.outbox[1])
    Client().post(second)

    response = Client().post(first)

    assert response.status_code == 400
    reader.refresh_from_db()
    assert reader.email == "b@example.org"


def test_an_expired_link_is_refused(
    signed_in, reader, django_capture_on_commit_callbacks
):
    ask_for_change(signed_in, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])

    later = timezone.now() + CONFIRMATION_MAX_AGE + timedelta(minutes=1)
    with time_machine.travel(later):
        response = Client().post(link)

    assert response.status_code == 400
    assert b"Link expired" in response.content
    reader.refresh_from_db()
    assert reader.email == "natalia@example.org"


def test_a_tampered_link_is_refused(
    signed_in, reader, django_capture_on_commit_callbacks
):
    ask_for_change(signed_in, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0]).rstrip("/") + "x/"

    assert Client().get(link).status_code == 400
    assert Client().post(link).status_code == 400
    reader.refresh_from_db()
    assert reader.email == "natalia@example.org"


def test_an_address_taken_after_the_link_was_sent_is_not_changed_to(
    signed_in, reader, django_capture_on_commit_callbacks
):
    ask_for_change(signed_in, django_capture_on_commit_callbacks)
    User.objects.create_user("other", "Natalia.New@example.org", PASSWORD)

    response = Client().post(link_in(mail.outbox[0]))

    assert response.status_code == 400
    assert b"Address already in use" in response.content
    reader.refresh_from_db()
    assert reader.email == "natalia@example.org"


@pytest.mark.parametrize(
    "email, password, message",
    [
        ("Taken@Example.org", PASSWORD, "Another account uses this address"),
        ("NATALIA@example.org", PASSWORD, "This is already your address"),
        ("not an address", PASSWORD, "does not look like an e-mail address"),
        ("", PASSWORD, "Please give the new address"),
        ("natalia.new@example.org", "wrong", "That is not your password"),
        ("natalia.new@example.org", "", "This field is required"),
    ],
)
def test_bad_changes_are_form_errors_that_send_nothing(
    signed_in, reader, django_capture_on_commit_callbacks, email, password, message
):
    User.objects.create_user("other", "taken@example.org", PASSWORD)

    response = ask_for_change(
        signed_in, django_capture_on_commit_callbacks, email=email, password=password
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    # The first wrong field takes the focus, and only that one.
    assert response.content.decode().count("autofocus") == 1
    assert mail.outbox == []
    reader.refresh_from_db()
    assert reader.email == "natalia@example.org"


def test_an_address_another_account_confirmed_is_taken(
    signed_in, django_capture_on_commit_callbacks
):
    other = User.objects.create_user("other", "other@example.org", PASSWORD)
    EmailConfirmation.objects.create(user=other, email="old.other@example.org")

    response = ask_for_change(
        signed_in, django_capture_on_commit_callbacks, email="old.other@example.org"
    )

    assert "Another account uses this address" in response.content.decode()
    assert mail.outbox == []


def test_changing_the_address_needs_a_signed_in_reader_and_a_post(client, reader):
    response = client.post(
        reverse("email_change"),
        {"email": "x@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.force_login(reader)
    assert client.get(reverse("email_change"))["Location"] == reverse(
        "account_settings"
    )


def test_changing_the_address_needs_the_csrf_token(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    response = client.post(
        reverse("email_change"), {"email": "x@example.org", "password": PASSWORD}
    )
    assert response.status_code == 403


def test_changing_the_address_is_throttled(
    signed_in, django_capture_on_commit_callbacks
):
    for number in range(5):
        ask_for_change(
            signed_in,
            django_capture_on_commit_callbacks,
            email=f"n{number}@example.org",
        )
    response = ask_for_change(signed_in, django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert len(mail.outbox) == 5


def test_changing_the_password_is_throttled(signed_in, reader):
    data = {
        "old_password": "wrong",
        "new_password1": "x" * 20,
        "new_password2": "x" * 20,
    }
    for _ in range(10):
        assert signed_in.post(reverse("password_change"), data).status_code == 200
    assert signed_in.post(reverse("password_change"), data).status_code == 429
    reader.refresh_from_db()
    assert reader.check_password(PASSWORD)


@pytest.mark.parametrize("token", ["x", "%00", "a" * 5000, "..%2F..", "' OR 1=1 --"])
def test_hostile_confirmation_links_are_refused_politely(reader, token):
    client = Client(raise_request_exception=False)
    url = f"/accounts/settings/email/{token}/"
    assert client.get(url).status_code in (400, 404)
    assert client.post(url).status_code in (400, 404)
    reader.refresh_from_db()
    assert reader.email == "natalia@example.org"


# The public profile


def test_changing_the_display_name_and_shelf_privacy(signed_in, reader):
    response = signed_in.post(
        reverse("profile_edit"),
        {"display_name": "  Natalia   S. ", "shelves_public": "on"},
    )

    assert response.status_code == 302
    reader.reader_profile.refresh_from_db()
    assert reader.reader_profile.display_name == "Natalia S."
    assert reader.reader_profile.shelves_public is True
    page = signed_in.get(reverse("account_settings")).content.decode()
    assert "Natalia S." in page
    assert "Your profile is saved." in page

    signed_in.post(reverse("profile_edit"), {"display_name": "Natalia S."})
    reader.reader_profile.refresh_from_db()
    assert reader.reader_profile.shelves_public is False


def test_shelves_are_private_until_the_reader_says_otherwise(signed_in, reader):
    assert reader.reader_profile.shelves_public is False
    page = signed_in.get(reverse("account_settings")).content.decode()
    assert "Your shelves are private until you choose to show them" in page
    assert 'name="shelves_public"' in page
    assert "checked" not in page.split('name="shelves_public"')[1].split(">")[0]


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "Please choose the name others see"),
        ("   ", "Please choose"),
        ("x" * 61, "at most 60"),
    ],
)
def test_a_bad_display_name_is_a_form_error_and_keeps_the_old_one(
    signed_in, reader, name, message
):
    before = reader.reader_profile.display_name

    response = signed_in.post(reverse("profile_edit"), {"display_name": name})

    assert response.status_code == 200
    assert message in response.content.decode()
    reader.reader_profile.refresh_from_db()
    assert reader.reader_profile.display_name == before


def test_the_profile_form_changes_the_signed_in_reader_only(signed_in, reader):
    other = User.objects.create_user("other", "other@example.org", PASSWORD)
    before = other.reader_profile.display_name

    signed_in.post(
        reverse("profile_edit"),
        {"display_name": "Forged", "user": other.pk, "username": "other"},
    )

    other.reader_profile.refresh_from_db()
    assert other.reader_profile.display_name == before
    reader.reader_profile.refresh_from_db()
    assert reader.reader_profile.display_name == "Forged"


def test_a_new_display_name_shows_at_once_on_cached_pages(client, settings):
    from tests.reviews.factories import make_book, make_reader, make_review

    settings.PAGE_CACHE_SECONDS = 300
    book = make_book()
    writer = make_reader()
    make_review(book=book, reader=writer, rating=5, text="Read it in one night.")
    assert (
        writer.reader_profile.display_name
        in client.get(book.get_absolute_url()).content.decode()
    )
    assert client.get(book.get_absolute_url())["X-Cache"] == "HIT"

    own = Client()
    own.force_login(writer)
    own.post(reverse("profile_edit"), {"display_name": "Gilly Singh"})

    assert "Gilly Singh" in client.get(book.get_absolute_url()).content.decode()


def test_the_profile_form_is_throttled(signed_in):
    for _ in range(20):
        signed_in.post(reverse("profile_edit"), {"display_name": "Natalia"})
    response = signed_in.post(reverse("profile_edit"), {"display_name": "Natalia"})
    assert response.status_code == 429


def test_a_new_accounts_profile_is_the_stored_one():
    user = User.objects.create_user("fresh", "fresh@example.org", PASSWORD)
    # Not a copy without a primary key, which saving would try to insert again.
    assert user.reader_profile.pk is not None
    user.reader_profile.refresh_from_db()


def test_every_field_on_the_settings_page_has_an_id_of_its_own(signed_in):
    page = signed_in.get(reverse("account_settings")).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert 'for="email_change_password"' in page
    assert 'for="account_delete_password"' in page


def test_the_confirmation_page_and_mails_name_the_reader_not_the_username(
    signed_in, reader, django_capture_on_commit_callbacks
):
    reader.reader_profile.display_name = "Natalia S."
    reader.reader_profile.save()
    ask_for_change(signed_in, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])

    page = Client().get(link).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(link)

    assert "Natalia S." in page
    assert "natalia”" not in page
    for message in mail.outbox:
        assert "Hello Natalia S.," in message.body


def test_the_readers_own_profile_links_to_the_settings_and_no_one_elses_does(
    signed_in, reader
):
    User.objects.create_user("other", "o@example.org", PASSWORD)
    own = signed_in.get(reverse("readers:profile", args=["natalia"])).content.decode()
    theirs = signed_in.get(reverse("readers:profile", args=["other"])).content.decode()
    anonymous = Client().get(reverse("readers:profile", args=["natalia"]))
    anonymous = anonymous.content.decode()

    assert "Change your name, shelf privacy" in own
    assert "Change your name, shelf privacy" not in theirs
    assert "Change your name, shelf privacy" not in anonymous


def test_the_password_change_leads_back_to_the_settings(signed_in):
    response = signed_in.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another long passphrase 1905",
            "new_password2": "another long passphrase 1905",
        },
        follow=True,
    )
    assert "Your new password is saved." in response.content.decode()
    assert reverse("account_settings") in response.content.decode()


def test_the_settings_page_costs_a_fixed_number_of_queries(
    signed_in, reader, django_assert_num_queries
):
    signed_in.get(reverse("account_settings"))
    # Session, account, its profile for the header, the profile form's,
    # whether the address is confirmed.
    with django_assert_num_queries(5):
        response = signed_in.get(reverse("account_settings"))
    assert response.status_code == 200


def test_the_confirmation_page_needs_the_csrf_token(
    signed_in, reader, django_capture_on_commit_callbacks
):
    ask_for_change(signed_in, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])

    assert Client(enforce_csrf_checks=True).post(link).status_code == 403
    reader.refresh_from_db()
    assert reader.email == "natalia@example.org"


def test_a_staff_members_very_name_is_refused_but_staff_keep_their_own(
    signed_in, reader
):
    staff = User.objects.create_user(
        "anna", "anna@example.org", PASSWORD, is_staff=True
    )
    staff.reader_profile.display_name = "Anna the Moderator"
    staff.reader_profile.save()

    for name in ("Anna the Moderator", "anna THE moderator"):
        response = signed_in.post(reverse("profile_edit"), {"display_name": name})
        assert "looks the same as one already taken" in response.content.decode()
    reader.reader_profile.refresh_from_db()
    assert reader.reader_profile.display_name == "natalia"
    # A staff member's username is never compared: trying names must not
    # reveal it.
    signed_in.post(reverse("profile_edit"), {"display_name": "Anna"})
    reader.reader_profile.refresh_from_db()
    assert reader.reader_profile.display_name == "Anna"

    own = Client()
    own.force_login(staff)
    own.post(reverse("profile_edit"), {"display_name": "Anna the Moderator"})
    assert (
        "Your profile is saved."
        in own.get(reverse("account_settings")).content.decode()
    )


def test_sign_up_refuses_a_staff_members_very_name(client):
    staff = User.objects.create_user(
        "anna", "anna@example.org", PASSWORD, is_staff=True
    )
    staff.reader_profile.display_name = "Anna the Moderator"
    staff.reader_profile.save()

    response = client.post(
        reverse("signup"),
        {
            "username": "impostor",
            "display_name": "Anna the Moderator",
            "email": "i@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "website": "",
        },
    )

    assert "looks the same as one already taken" in response.content.decode()
    assert not User.objects.filter(username="impostor").exists()
