"""Readers' public names and avatars: the display name everywhere, the sign-in
username nowhere but the profile's address, and staff usernames nowhere."""

import importlib
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.template import Context, Template
from django.urls import reverse

from october.accounts.models import (
    EmailConfirmation,
    ReaderProfile,
    default_display_name,
)
from october.accounts.templatetags.readers import initials
from reviews.models import Review
from tests.reviews.factories import make_book, make_moderator, make_reader, make_review

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "a long enough passphrase 1917"


def name_reader(reader, name):
    ReaderProfile.objects.filter(user=reader).update(display_name=name)
    reader.refresh_from_db()
    return reader


def render(source, **context):
    return Template("{% load readers %}" + source).render(Context(context))


def json_ld(html):
    return [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, re.S
        )
    ]


def test_every_new_account_gets_a_private_profile_named_after_it():
    user = User.objects.create_user("natalia", password=PASSWORD)
    profile = ReaderProfile.objects.get(user=user)
    assert profile.display_name == "natalia"
    assert profile.shelves_public is False


def test_full_name_becomes_the_default_display_name():
    user = User.objects.create_user(
        "Gilly_Singh", first_name="Gilly", last_name="Singh"
    )
    assert user.reader_profile.display_name == "Gilly Singh"


def test_staff_without_a_name_are_not_named_after_their_username():
    moderator = make_moderator(username="moderator")
    assert "moderator" not in moderator.reader_profile.display_name.lower()
    assert default_display_name(moderator) == f"Reader {moderator.pk}"


def test_the_database_refuses_an_empty_display_name():
    user = make_reader()
    with pytest.raises(IntegrityError):
        ReaderProfile.objects.filter(user=user).update(display_name="")


def test_data_migration_names_existing_accounts_as_the_seed_shows_them():
    migration = importlib.import_module(
        "october.accounts.migrations.0004_reader_profiles_for_existing_accounts"
    )
    connor = User(username="Connor_B", first_name="Connor", last_name="B.")
    zach = User(username="zach", first_name="zach")
    plain = User(username="demo-reader-001")
    admin = User(pk=7, username="admin", is_staff=True, is_superuser=True)
    assert migration.display_name(connor) == "Connor B."
    assert migration.display_name(zach) == "zach"
    assert migration.display_name(plain) == "demo-reader-001"
    assert migration.display_name(admin) == "Reader 7"


def test_ensure_for_gives_bulk_created_accounts_a_profile_once():
    users = User.objects.bulk_create([User(username=f"bulk-{n}") for n in range(3)])
    assert not ReaderProfile.objects.filter(user__in=users).exists()
    ReaderProfile.objects.ensure_for(users)
    ReaderProfile.objects.ensure_for(users)
    assert ReaderProfile.objects.filter(user__in=users).count() == 3


# Sign-up


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


def test_signup_asks_for_the_public_name_after_the_username(client):
    html = client.get(reverse("signup")).content.decode()
    assert html.index('name="username"') < html.index('name="display_name"')
    assert html.index('name="display_name"') < html.index('name="email"')


def test_signup_stores_the_chosen_display_name_tidied(client):
    response = client.post(
        reverse("signup"), signup_data(display_name="  Natalia   S.  ")
    )
    assert response.status_code == 302
    user = User.objects.get(username="natalia")
    assert user.reader_profile.display_name == "Natalia S."
    assert user.reader_profile.shelves_public is False


@pytest.mark.parametrize("name", ["", "   ", "x" * 61])
def test_signup_without_a_usable_display_name_is_a_form_error(client, name):
    response = client.post(reverse("signup"), signup_data(display_name=name))
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"]
    assert not User.objects.filter(username="natalia").exists()


# Where readers appear


def test_book_page_names_reviewers_by_display_name_with_avatar_and_json_ld(client):
    reader = name_reader(make_reader(username="Connor_B"), "Connor B.")
    book = make_book()
    make_review(book=book, reader=reader, text="An introduction.")

    html = client.get(book.get_absolute_url()).content.decode()

    profile = reverse("readers:profile", args=["Connor_B"])
    assert f'<a href="{profile}">Connor B.</a>' in html
    assert 'aria-hidden="true">CB</span>' in html
    assert ">Connor_B<" not in html
    reviews = [d for d in json_ld(html) if d.get("@type") == "Book"][0]["review"]
    assert reviews[0]["author"]["name"] == "Connor B."


def test_reader_profile_shows_the_display_name(client):
    reader = name_reader(make_reader(username="gilly"), "Gilly Singh")
    make_review(reader=reader, text="Essential.")
    html = client.get(reverse("readers:profile", args=["gilly"])).content.decode()
    assert "<h1>Gilly Singh</h1>" in html
    assert "<title>Gilly Singh — " in html
    page = [d for d in json_ld(html) if d.get("@type") == "ProfilePage"][0]
    assert page["mainEntity"]["name"] == "Gilly Singh"


def test_a_staff_reviewer_appears_by_name_without_username_or_link(client):
    moderator = make_moderator(username="moderator-on-duty")
    EmailConfirmation.objects.create(user=moderator, email=moderator.email)
    book = make_book()
    review_text = "Read it twice."
    make_review(book=book, reader=moderator, text=review_text)
    assert Review.objects.filter(reader=moderator).approved().exists()

    html = client.get(book.get_absolute_url()).content.decode()

    assert review_text in html
    assert "moderator-on-duty" not in html
    assert f"Reader {moderator.pk}" in html


def test_a_staff_member_who_chose_their_username_as_name_is_not_shown_by_it():
    moderator = name_reader(make_moderator(username="mod"), "mod")
    assert render("{% reader_name user %}", user=moderator) == f"Reader {moderator.pk}"


def test_header_greets_the_signed_in_reader_by_display_name(client):
    reader = name_reader(make_reader(username="natalia"), "Natalia S.")
    client.force_login(reader)
    html = client.get(reverse("reviews:list")).content.decode()
    assert (
        f'<a href="{reverse("readers:profile", args=["natalia"])}">Natalia S.</a>'
        in html
    )


def test_display_name_is_escaped():
    reader = name_reader(make_reader(), "<b>Bold</b>")
    html = render(
        "{% reader_link user %} {% reader_avatar user label=True %}", user=reader
    )
    assert "<b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Connor B.", "CB"),
        ("zach", "Z"),
        ("Gilly Singh", "GS"),
        ("Лев Давидович Троцкий", "ЛТ"),
        ("1917", "1"),
        ("…", "?"),
    ],
)
def test_initials(name, expected):
    assert initials(name) == expected


def test_avatar_labelled_when_it_stands_alone():
    reader = name_reader(make_reader(), "Gilly Singh")
    html = render("{% reader_avatar user label=True %}", user=reader)
    assert 'role="img" aria-label="Gilly Singh"' in html
    assert ">GS</span>" in html
