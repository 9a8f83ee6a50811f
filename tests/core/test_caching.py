from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from october.core.publishing import Status
from tests.guides.factories import make_guide
from tests.people.factories import make_person
from tests.reviews.factories import make_reader

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_an_anonymous_page_is_served_from_the_cache_without_queries(
    client, django_assert_num_queries
):
    person = make_person(display_name="Yakov Sverdlov")
    first = client.get(person.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(person.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content


def test_changing_content_shows_at_once(client):
    person = make_person(display_name="Yakov Sverdlov")
    client.get(person.get_absolute_url())
    person.display_name = "Y. M. Sverdlov"
    person.save()
    assert "Y. M. Sverdlov" in client.get(person.get_absolute_url()).content.decode()


def test_a_scheduled_item_appears_when_its_time_comes(client):
    now = timezone.now()
    make_person(display_name="Already here")
    later = make_person(
        display_name="Scheduled person", publish_at=now + timedelta(minutes=10)
    )
    assert "Scheduled person" not in client.get("/people/").content.decode()
    with time_machine.travel(now + timedelta(minutes=11)):
        assert "Scheduled person" in client.get("/people/").content.decode()
        assert client.get(later.get_absolute_url()).status_code == 200


def test_signed_in_readers_are_never_served_a_cached_page(client):
    person = make_person(display_name="Yakov Sverdlov")
    client.get(person.get_absolute_url())
    reader = User.objects.create_user("reader", password="x")
    client.force_login(reader)
    response = client.get(person.get_absolute_url())
    assert "private" in response["Cache-Control"]


def test_a_signed_in_health_check_makes_no_query(client, django_assert_num_queries):
    client.force_login(make_reader())
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.content == b"ok\n"


def test_a_draft_preview_is_not_cached_for_anyone(client):
    draft = make_person(display_name="Draft person", status=Status.DRAFT)
    editor = User.objects.create_superuser("editor", password="x")
    client.force_login(editor)
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_conditional_get_answers_not_modified(client):
    person = make_person()
    etag = client.get(person.get_absolute_url())["ETag"]
    response = client.get(person.get_absolute_url(), headers={"If-None-Match": etag})
    assert response.status_code == 304


def test_a_reader_with_a_pending_message_is_not_served_a_cached_page(client):
    person = make_person()
    client.get(person.get_absolute_url())
    client.cookies["messages"] = "pending"
    with CaptureQueriesContext(connection) as queries:
        client.get(person.get_absolute_url())
    assert len(queries) > 0


@pytest.fixture
def fragment_cache_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 300


def sql_of(queries):
    return " ".join(query["sql"] for query in queries.captured_queries)


@pytest.mark.usefixtures("fragment_cache_on")
def test_a_signed_in_reader_gets_the_home_sections_from_the_fragment_cache(client):
    make_guide(title="The July Days 1917")
    client.force_login(make_reader())
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    with CaptureQueriesContext(connection) as second:
        page = client.get("/").content.decode()

    assert "The July Days 1917" in page
    assert "guides_readingguide" in sql_of(first)
    assert "guides_readingguide" not in sql_of(second)
    assert len(second) < len(first)


@pytest.mark.usefixtures("fragment_cache_on")
def test_a_cached_fragment_shows_content_changes_at_once(client):
    guide = make_guide(title="The July Days 1917")
    client.force_login(make_reader())
    client.get("/")
    guide.title = "The July Days"
    guide.save()

    page = client.get("/").content.decode()

    assert "The July Days<" in page
    assert "The July Days 1917" not in page


@pytest.mark.usefixtures("fragment_cache_on")
def test_a_cached_fragment_never_carries_one_readers_page_to_another(client):
    make_guide(title="The July Days 1917")
    client.force_login(make_reader(username="alexandra"))
    client.get("/")
    client.force_login(make_reader(username="nadezhda"))

    page = client.get("/").content.decode()

    assert "The July Days 1917" in page
    assert "nadezhda" in page
    assert "alexandra" not in page
