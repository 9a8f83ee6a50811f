from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews.admin import ReviewAdmin
from reviews.models import Book, Review
from tests.reviews.factories import (
    make_book,
    make_editor,
    make_moderator,
    make_reader,
    make_review,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:reviews_review_changelist")


@pytest.fixture
def moderator_client(client):
    client.force_login(make_moderator())
    return client


def pending(text="Words.", age_days=0, **kwargs):
    review = make_review(text=text, status=Review.Status.PENDING, **kwargs)
    Review.objects.filter(pk=review.pk).update(
        created_at=timezone.now() - timedelta(days=age_days)
    )
    return review


def action(name, reviews, **extra):
    return {
        "action": name,
        "_selected_action": [review.pk for review in reviews],
        "index": 0,
        **extra,
    }


# The moderators' list


def test_list_opens_on_pending_reviews_oldest_first(moderator_client):
    newer = pending(age_days=1)
    older = pending(age_days=5)
    make_review(text="Already approved.")

    response = moderator_client.get(CHANGELIST)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [older, newer]
    filters = response.content.decode()
    assert 'class="selected"' in filters


@pytest.mark.parametrize(
    "status, expected", [("all", 3), ("approved", 1), ("pending", 2), ("bogus", 0)]
)
@pytest.mark.parametrize("facets", [{}, {"_facets": "True"}])
def test_list_filters_by_status_with_all_as_a_choice(
    moderator_client, status, expected, facets
):
    pending()
    pending()
    make_review(text="Approved.")
    response = moderator_client.get(CHANGELIST, {"status": status, **facets})
    assert response.status_code == 200
    assert response.context["cl"].result_count == expected


def test_list_shows_book_reader_rating_excerpt_and_history(moderator_client):
    reader = make_reader(username="zach")
    make_review(reader=reader, text="Approved one.")
    make_review(reader=reader, text="Rejected one.", status=Review.Status.REJECTED)
    review = pending(
        text="Every man with experience of life can recall.", reader=reader
    )

    html = moderator_client.get(CHANGELIST).content.decode()

    assert review.book.title in html
    assert "zach" in html
    assert "★★★★☆" in html
    assert "Every man with experience of life can recall." in html
    assert "1 approved, 1 rejected" in html


def test_list_marks_held_readers(moderator_client):
    reader = make_reader()
    for _ in range(3):
        make_review(reader=reader, text="Spam.", status=Review.Status.REJECTED)
    pending(reader=reader)
    assert "(held)" in moderator_client.get(CHANGELIST).content.decode()


def test_list_query_count_does_not_grow_with_reviews(
    moderator_client, django_assert_num_queries
):
    pending()
    with CaptureQueriesContext(connection) as one:
        moderator_client.get(CHANGELIST)
    for _ in range(29):
        pending()
    with django_assert_num_queries(len(one)):
        response = moderator_client.get(CHANGELIST)
    assert response.context["cl"].result_count == 30


def test_nothing_on_the_list_is_editable():
    assert ReviewAdmin.list_editable == ()


# Actions


def test_approve_action_approves_and_says_how_many(moderator_client):
    first, second = pending(), pending()
    already = make_review(text="Approved before.")

    response = moderator_client.post(
        CHANGELIST + "?status=all",
        action("approve_reviews", [first, second, already]),
        follow=True,
    )

    assert "2 reviews approved." in response.content.decode()
    assert Review.objects.pending().count() == 0
    first.book.refresh_from_db()
    assert first.book.ratings_count == 1


def test_reject_action_asks_for_a_reason_first(moderator_client):
    review = pending()
    response = moderator_client.post(CHANGELIST, action("reject_reviews", [review]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Reject reviews" in html
    assert "Not about the book" in html
    assert f'name="_selected_action" value="{review.pk}"' in html
    review.refresh_from_db()
    assert review.status == Review.Status.PENDING


def test_reject_action_rejects_with_the_reason_and_mails_the_reader(
    moderator_client, django_capture_on_commit_callbacks
):
    review = pending(text="Buy cheap watches.")
    data = {
        "action": "reject_reviews",
        "_selected_action": [review.pk],
        "apply": "yes",
        "reason": Review.RejectionReason.SPAM,
        "note": "Advertising.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(CHANGELIST, data, follow=True)

    assert "1 review rejected." in response.content.decode()
    review.refresh_from_db()
    assert review.status == Review.Status.REJECTED
    assert review.rejection_reason == Review.RejectionReason.SPAM
    assert review.rejection_note == "Advertising."
    assert len(mail.outbox) == 1
    assert "Spam or advertising" in mail.outbox[0].body


def test_reject_with_another_reason_needs_a_note(moderator_client):
    review = pending()
    data = {
        "action": "reject_reviews",
        "_selected_action": [review.pk],
        "apply": "yes",
        "reason": Review.RejectionReason.OTHER,
        "note": "",
    }
    response = moderator_client.post(CHANGELIST, data)
    assert response.status_code == 200
    assert "Explain the reason to the reader." in response.content.decode()
    review.refresh_from_db()
    assert review.status == Review.Status.PENDING


# One review


def test_a_review_opens_read_only(moderator_client):
    review = pending(text="The reader writes this.")
    url = reverse("admin:reviews_review_change", args=[review.pk])
    response = moderator_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The reader writes this." in html
    assert 'name="_save"' not in html
    # The only text box is the rejection's note to the reader.
    assert 'name="text"' not in html and 'name="rating"' not in html

    response = moderator_client.post(url, {"text": "Changed by a moderator."})
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.text == "The reader writes this."


def test_moderators_cannot_add_or_delete_reviews(moderator_client):
    review = pending()
    assert moderator_client.get(reverse("admin:reviews_review_add")).status_code == 403
    delete = reverse("admin:reviews_review_delete", args=[review.pk])
    assert moderator_client.post(delete, {"post": "yes"}).status_code == 403
    assert Review.objects.filter(pk=review.pk).exists()


def test_moderators_see_only_reviews_in_the_admin(moderator_client):
    response = moderator_client.get(reverse("admin:index"))
    models = [
        (app["app_label"], model["object_name"])
        for app in response.context["app_list"]
        for model in app["models"]
    ]
    assert models == [("reviews", "Review")]
    assert (
        moderator_client.get(reverse("admin:reviews_book_changelist")).status_code
        == 403
    )
    assert (
        moderator_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    )


def test_superuser_deleting_a_review_keeps_the_figures_right(client):
    client.force_login(
        get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    )
    review = make_review(rating=5, text="To be removed.")
    client.post(
        CHANGELIST + "?status=all",
        {"action": "delete_selected", "_selected_action": [review.pk], "post": "yes"},
    )
    assert not Review.objects.exists()
    review.book.refresh_from_db()
    assert review.book.ratings_count == 0


# Books, for editors


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def test_editors_do_not_see_reviews(editor_client):
    assert editor_client.get(CHANGELIST).status_code == 403


def test_editor_edits_a_book_and_cannot_touch_its_figures(editor_client):
    review = make_review(rating=4)
    book = review.book
    url = reverse("admin:reviews_book_change", args=[book.pk])
    html = editor_client.get(url).content.decode()
    assert 'name="title"' in html
    assert 'name="ratings_count"' not in html

    response = editor_client.post(
        url,
        {
            "title": "Renamed",
            "subtitle": "",
            "slug": book.slug,
            "description": "",
            "pages": "",
            "first_published_year": "",
            "original_language": "",
            "cover_alt": "",
            "status": "published",
            "publish_at_0": "2020-01-01",
            "publish_at_1": "12:00:00",
            "ratings_count": "999",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    book.refresh_from_db()
    assert book.title == "Renamed"
    assert book.ratings_count == 1


def test_book_list_query_count_does_not_grow_with_books(
    editor_client, django_assert_num_queries
):
    from tests.people.factories import make_person

    make_book(authors=[make_person()])
    url = reverse("admin:reviews_book_changelist")
    with CaptureQueriesContext(connection) as one:
        editor_client.get(url)
    for _ in range(29):
        make_book(authors=[make_person(), make_person()])
    with django_assert_num_queries(len(one)):
        response = editor_client.get(url)
    assert response.context["cl"].result_count == Book.objects.count()
