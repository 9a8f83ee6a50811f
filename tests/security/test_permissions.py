"""Who may read private data and change anything: anonymous visitors,
readers, editors, moderators and superusers against every admin model and
every view that writes, forged requests included."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from october.core.publishing import Status
from reviews.models import ReadingStatus, Review
from tests.articles.factories import make_article
from tests.guides.factories import make_entry, make_guide
from tests.people.factories import make_person
from tests.reviews.factories import (
    make_book,
    make_editor,
    make_moderator,
    make_reader,
    make_review,
)
from tests.security.factories import make_site
from tests.timeline.factories import make_event

pytestmark = pytest.mark.django_db

User = get_user_model()
ROLES = ["anonymous", "reader", "editor", "moderator", "superuser"]


@pytest.fixture
def users():
    return {
        "anonymous": None,
        "reader": make_reader(),
        "editor": make_editor(),
        "moderator": make_moderator(),
        "superuser": User.objects.create_superuser("root", "root@example.org", "pw"),
    }


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def admin_objects(users):
    """An object of every model registered in the admin."""
    make_site()
    Redirect.objects.create(
        site=Site.objects.get_current(), old_path="/old/", new_path="/new/"
    )
    AccessAttempt.objects.create(
        username="someone", ip_address="203.0.113.1", failures_since_start=1
    )
    objects = {}
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            objects[model] = obj
    return objects


def may(user, action, model):
    """What october.core.roles grants (or a superuser has); the admin must agree."""
    if user is None or not (user.is_active and user.is_staff):
        return False
    opts = model._meta
    perm = f"{opts.app_label}.{action}_{opts.model_name}"
    if action == "view":
        return user.has_perm(perm) or may(user, "change", model)
    return user.has_perm(perm)


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def test_readers_and_strangers_are_sent_to_the_admin_sign_in(users, admin_objects):
    for role in ("anonymous", "reader"):
        client = client_for(users[role])
        for model, obj in admin_objects.items():
            for url in (
                admin_url(model, "changelist"),
                admin_url(model, "change", obj.pk),
            ):
                response = client.get(url)
                assert response.status_code == 302, (role, url)
                assert response["Location"].startswith(reverse("admin:login"))
            response = client.post(admin_url(model, "delete", obj.pk), {"post": "yes"})
            assert response.status_code == 302
            assert model._default_manager.filter(pk=obj.pk).exists(), (role, model)


@pytest.mark.parametrize("role", ["editor", "moderator", "superuser"])
def test_staff_see_only_the_models_their_role_grants(role, users, admin_objects):
    user = users[role]
    client = client_for(user)
    for model, obj in admin_objects.items():
        expected = 200 if may(user, "view", model) else 403
        changelist = client.get(admin_url(model, "changelist"))
        assert changelist.status_code == expected, (role, model)
        change = client.get(admin_url(model, "change", obj.pk))
        assert change.status_code == expected, (role, model)


def test_editors_and_moderators_never_see_accounts_or_each_others_work(users):
    editor, moderator = users["editor"], users["moderator"]
    assert not may(editor, "view", User)
    assert not may(editor, "view", Review)
    assert not may(editor, "view", AccessAttempt)
    assert not may(moderator, "view", User)
    assert not may(moderator, "view", Group)
    assert may(editor, "change", Review.book.field.related_model)
    assert may(moderator, "change", Review)
    assert not may(moderator, "delete", Review)


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_forged_deletes_by_staff_without_the_permission_change_nothing(
    role, users, admin_objects
):
    user = users[role]
    client = client_for(user)
    for model, obj in admin_objects.items():
        if may(user, "delete", model):
            continue
        response = client.post(admin_url(model, "delete", obj.pk), {"post": "yes"})
        assert response.status_code == 403, (role, model)
        if may(user, "view", model):
            response = client.post(
                admin_url(model, "changelist"),
                {
                    "action": "delete_selected",
                    "_selected_action": [obj.pk],
                    "post": "yes",
                },
            )
            assert response.status_code in (200, 302), (role, model)
        assert model._default_manager.filter(pk=obj.pk).exists(), (role, model)


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_staff_cannot_make_themselves_superusers(role, users):
    user = users[role]
    client = client_for(user)
    response = client.post(
        admin_url(User, "change", user.pk),
        {
            "username": user.username,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 403
    user.refresh_from_db()
    assert not user.is_superuser
    response = client.post(admin_url(Group, "add"), {"name": "Everything"})
    assert response.status_code == 403
    assert not Group.objects.filter(name="Everything").exists()


@pytest.fixture
def pending():
    return make_review(text="Waiting for a moderator.", status=Review.Status.PENDING)


def moderate(client, action, review, **extra):
    return client.post(
        "/admin/reviews/review/",
        {"action": action, "_selected_action": [review.pk], **extra},
    )


@pytest.mark.parametrize("role", ["anonymous", "reader", "editor"])
def test_only_moderators_approve_or_reject_reviews(role, users, pending):
    client = client_for(users[role])
    moderate(client, "approve_reviews", pending)
    moderate(client, "reject_reviews", pending, apply="1", reason="off_topic")
    pending.refresh_from_db()
    assert pending.status == Review.Status.PENDING
    # The stars counted from the start; the words were never approved.
    assert pending.book.ratings_count == 1
    assert pending.book.reviews_count == 0


@pytest.mark.parametrize("role", ["moderator", "superuser"])
def test_moderators_and_superusers_approve_reviews(role, users, pending):
    response = moderate(client_for(users[role]), "approve_reviews", pending)
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Review.Status.APPROVED
    assert pending.decided_by == users[role]


def test_a_moderator_cannot_edit_a_review_by_posting_its_form(users, pending):
    client = client_for(users["moderator"])
    response = client.post(
        admin_url(Review, "change", pending.pk),
        {"status": "approved", "rating": "1", "text": "Changed by a moderator."},
    )
    assert response.status_code == 403
    pending.refresh_from_db()
    assert (pending.status, pending.rating) == (Review.Status.PENDING, 4)
    assert pending.text == "Waiting for a moderator."


@pytest.mark.parametrize("role", ROLES)
def test_a_pending_review_is_seen_by_its_reader_and_the_moderators_only(
    role, users, pending
):
    client = client_for(users[role])
    book_page = client.get(pending.book.get_absolute_url()).content.decode()
    profile = client.get(
        reverse("readers:profile", args=[pending.reader.username])
    ).content.decode()
    assert "Waiting for a moderator." not in book_page + profile
    search = client.get("/search/", {"q": "moderator waiting"}).content.decode()
    assert "Waiting for a moderator." not in search

    if users[role] is not None:
        own_form = client.get(reverse("reviews:review", args=[pending.book.slug]))
        assert "Waiting for a moderator." not in own_form.content.decode()
    queue = client.get("/admin/reviews/review/")
    can_moderate = role in ("moderator", "superuser")
    assert (queue.status_code == 200) == can_moderate
    assert ("Waiting for a moderator." in queue.content.decode()) == can_moderate

    reader = client_for(pending.reader)
    own_form = reader.get(reverse("reviews:review", args=[pending.book.slug]))
    assert "Waiting for a moderator." in own_form.content.decode()


def test_anonymous_writes_go_to_the_sign_in_and_change_nothing():
    book = make_book()
    guide = make_guide()
    make_entry(guide=guide, book=book)
    client = Client()
    posts = [
        (reverse("reviews:review", args=[book.slug]), {"rating": "5"}),
        (reverse("reviews:shelve", args=[book.slug]), {"status": "read"}),
        (
            reverse("guides:shelve", args=[guide.slug]),
            {"books": [book.pk], "status": "read"},
        ),
        (reverse("email_confirm_resend"), {}),
        (reverse("password_change"), {"new_password1": "x", "new_password2": "x"}),
        (reverse("email_change"), {"email": "x@example.org", "password": "x"}),
        (reverse("account_data"), {}),
        (reverse("account_delete"), {"password": "x"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    assert not Review.objects.exists()
    assert not ReadingStatus.objects.exists()


def test_a_reader_cannot_touch_another_readers_review_by_forging_fields():
    book = make_book()
    victim = make_review(book=book, rating=5, text="Mine, approved.")
    forger = make_reader()
    client = client_for(forger)
    url = reverse("reviews:review", args=[book.slug])
    forged = {
        "reader": victim.reader.pk,
        "reader_id": victim.reader.pk,
        "review": victim.pk,
        "pk": victim.pk,
        "status": "approved",
    }

    client.post(url, {**forged, "rating": "1", "text": "", "website": ""})
    client.post(url, {**forged, "withdraw": "1"})
    client.post(
        reverse("reviews:shelve", args=[book.slug]), {**forged, "status": "read"}
    )

    victim.refresh_from_db()
    assert (victim.rating, victim.text, victim.status) == (
        5,
        "Mine, approved.",
        Review.Status.APPROVED,
    )
    assert not Review.objects.filter(reader=forger).exists()
    assert ReadingStatus.objects.get().reader == forger
    book.refresh_from_db()
    assert (book.ratings_count, book.rating_sum, book.read_count) == (1, 5, 1)


def test_written_reviews_need_a_confirmed_address():
    book = make_book()
    client = client_for(make_reader(confirmed=False))
    client.post(
        reverse("reviews:review", args=[book.slug]),
        {"rating": "4", "text": "Unconfirmed words.", "website": ""},
    )
    assert not Review.objects.filter(text="Unconfirmed words.").exists()


def test_readers_cannot_review_or_shelve_books_that_are_not_live():
    draft = make_book(status=Status.DRAFT)
    scheduled = make_book(publish_at=timezone.now() + timedelta(days=1))
    client = client_for(make_reader())
    for book in (draft, scheduled):
        for url, data in (
            (reverse("reviews:review", args=[book.slug]), {"rating": "5"}),
            (reverse("reviews:shelve", args=[book.slug]), {"status": "read"}),
        ):
            assert client.post(url, data).status_code == 404
    assert not Review.objects.exists()
    assert not ReadingStatus.objects.exists()


def test_a_guide_shelves_only_its_own_live_books():
    guide = make_guide()
    own = make_book()
    make_entry(guide=guide, book=own)
    other = make_book()
    client = client_for(make_reader())
    response = client.post(
        reverse("guides:shelve", args=[guide.slug]),
        {"books": [own.pk, other.pk], "status": "read"},
    )
    assert response.status_code == 400
    assert not ReadingStatus.objects.exists()


def drafts():
    return [
        make_person(status=Status.DRAFT),
        make_event(status=Status.DRAFT),
        make_article(status=Status.DRAFT),
        make_book(status=Status.DRAFT),
        make_guide(status=Status.DRAFT),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_drafts_are_shown_only_to_staff_who_may_change_them(role, users):
    user = users[role]
    client = client_for(user)
    for draft in drafts():
        response = client.get(draft.get_absolute_url())
        if may(user, "change", type(draft)):
            assert response.status_code == 200, (role, draft)
            assert "no-cache" in response["Cache-Control"]
        else:
            assert response.status_code == 404, (role, draft)


def test_inactive_readers_have_no_public_profile(client):
    reader = make_reader(is_active=False)
    response = client.get(reverse("readers:profile", args=[reader.username]))
    assert response.status_code == 404
