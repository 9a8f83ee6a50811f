from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from october.core.publishing import Status
from reviews.models import Review
from tests.articles.factories import make_article
from tests.editorial.factories import make_superuser
from tests.people.factories import make_person
from tests.reviews.factories import (
    make_book,
    make_editor,
    make_moderator,
    make_review,
)
from tests.timeline.factories import make_event

pytestmark = pytest.mark.django_db

SCHEDULE = reverse("admin:schedule")
INDEX = reverse("admin:index")


def titles(entries):
    return [str(entry.item) for entry in entries]


def test_calendar_lists_scheduled_and_recent_items_of_every_kind_in_date_order(
    client,
):
    now = timezone.now()
    make_article(title="In two days", publish_at=now + timedelta(days=2))
    make_event(title="Yesterday", publish_at=now - timedelta(days=1))
    make_book(title="In an hour", publish_at=now + timedelta(hours=1))
    make_person(display_name="Ten days ago", publish_at=now - timedelta(days=10))
    make_article(title="Long ago", publish_at=now - timedelta(days=200))
    make_article(title="A draft", status=Status.DRAFT, publish_at=now)
    client.force_login(make_editor())

    response = client.get(SCHEDULE)

    assert response.status_code == 200
    entries = [
        entry for _day, day_entries in response.context["days"] for entry in day_entries
    ]
    assert titles(entries) == ["Ten days ago", "Yesterday", "In an hour", "In two days"]
    assert response.context["scheduled_count"] == 2
    page = response.content.decode()
    assert "Europe/London" in page
    assert reverse("admin:articles_article_change", args=[entries[-1].item.pk]) in page


def test_calendar_window_comes_from_an_allowlist(client):
    now = timezone.now()
    make_article(title="Two months ago", publish_at=now - timedelta(days=60))
    client.force_login(make_editor())

    assert client.get(SCHEDULE).context["days"] == []
    response = client.get(SCHEDULE, {"days": 90})
    entries = [e for _day, day_entries in response.context["days"] for e in day_entries]
    assert titles(entries) == ["Two months ago"]
    assert client.get(SCHEDULE, {"days": "abc"}).status_code == 404
    assert client.get(SCHEDULE, {"days": "5"}).status_code == 404


def test_moderators_have_no_calendar(client):
    client.force_login(make_moderator())

    assert client.get(SCHEDULE).status_code == 403


def test_calendar_queries_do_not_grow_with_items(client, django_assert_max_num_queries):
    client.force_login(make_editor())
    now = timezone.now()
    for hours in range(1, 31):
        make_article(publish_at=now + timedelta(hours=hours))
        make_event(publish_at=now + timedelta(hours=hours))

    with django_assert_max_num_queries(12):
        response = client.get(SCHEDULE)
    assert response.context["scheduled_count"] == 60


def test_index_shows_pending_reviews_to_those_who_see_reviews_only(client):
    make_review(text="Waiting for a moderator.", status=Review.Status.PENDING)
    make_review(text="Also waiting.", status=Review.Status.PENDING)

    client.force_login(make_moderator())
    response = client.get(INDEX)
    assert "2 reviews waiting for a moderator" in response.content.decode()
    assert "Next scheduled" not in response.content.decode()

    client.force_login(make_editor())
    response = client.get(INDEX)
    assert "waiting for a moderator" not in response.content.decode()

    client.force_login(make_superuser())
    response = client.get(INDEX)
    assert "2 reviews waiting for a moderator" in response.content.decode()


def test_index_shows_the_next_scheduled_items_soonest_first(client):
    now = timezone.now()
    for days in (9, 3, 5, 1, 7, 2):
        make_article(title=f"In {days} days", publish_at=now + timedelta(days=days))
    make_article(title="Live", publish_at=now - timedelta(days=1))
    client.force_login(make_editor())

    response = client.get(INDEX)

    assert titles(response.context["upcoming"]) == [
        "In 1 days",
        "In 2 days",
        "In 3 days",
        "In 5 days",
        "In 7 days",
    ]
    assert SCHEDULE in response.content.decode()


def test_a_scheduled_article_goes_live_by_itself_on_its_page_list_and_feed():
    """No job runs: live() alone decides, so moving the clock is enough."""
    when = timezone.now() + timedelta(days=3)
    article = make_article(title="The October Insurrection", publish_at=when)
    anonymous = Client()
    feed = reverse("articles:feed_atom")

    assert anonymous.get(article.get_absolute_url()).status_code == 404
    assert article.title not in anonymous.get(reverse("articles:list")).content.decode()
    assert article.title not in anonymous.get(feed).content.decode()

    with time_machine.travel(when + timedelta(seconds=1), tick=False):
        assert anonymous.get(article.get_absolute_url()).status_code == 200
        assert article.title in anonymous.get(reverse("articles:list")).content.decode()
        assert article.title in anonymous.get(feed).content.decode()
