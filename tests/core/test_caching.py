from datetime import timedelta
from io import StringIO

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


def test_responses_say_whether_they_came_from_the_cache(client):
    person = make_person()
    first = client.get(person.get_absolute_url())
    second = client.get(person.get_absolute_url())
    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"


def test_public_pages_tell_shared_caches_how_long_and_what_they_show(client):
    person = make_person(display_name="Moisei Uritsky")
    for response in (client.get("/people/"), client.get("/people/")):
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"public", "max-age=0", "s-maxage=300"} <= directives
        assert "stale-while-revalidate=30" in directives
        tags = response["Surrogate-Key"].split()
        assert f"people.person:{person.pk}" in tags
        assert "people.person" in tags


def test_signed_in_pages_stay_private_and_name_nothing(client):
    person = make_person()
    client.force_login(make_reader())
    response = client.get(person.get_absolute_url())
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert not response.has_header("Surrogate-Key")
    assert response.get("X-Cache") != "HIT"


def test_junk_query_parameters_share_the_pages_one_copy(
    client, django_assert_num_queries
):
    make_person()
    client.get("/people/")
    for number in range(5):
        with django_assert_num_queries(0):
            response = client.get("/people/", {"utm_source": f"mail-{number}"})
        assert response["X-Cache"] == "HIT"


def test_the_parameters_a_page_reads_are_pages_of_their_own(client):
    make_person(display_name="Nikolai Sukhanov", kind="author")
    client.get("/people/")
    authors = client.get("/people/", {"kind": "author"})
    assert authors["X-Cache"] == "MISS"
    assert client.get("/people/", {"kind": "author", "fbclid": "x"})["X-Cache"] == (
        "HIT"
    )
    client.get("/people/", {"page": "1"})
    assert client.get("/people/", {"page": "01"})["X-Cache"] == "HIT"


def test_a_page_that_reads_a_parameter_it_did_not_declare_is_not_stored(client):
    make_person()
    # Django's sitemap view reads ?p= without saying so to the page cache.
    client.get("/sitemap-people.xml", {"p": "1"})
    assert client.get("/sitemap-people.xml", {"p": "1"})["X-Cache"] == "MISS"
    client.get("/sitemap-people.xml")
    assert client.get("/sitemap-people.xml")["X-Cache"] == "HIT"


def test_a_preview_link_is_never_answered_from_the_cache(client):
    person = make_person()
    client.get(person.get_absolute_url())
    response = client.get(person.get_absolute_url(), {"preview": "forged"})
    assert response.status_code == 200
    assert not response.has_header("X-Cache")


purged = []


def record_purge(tags):
    purged.append(tags)


def test_the_purge_hook_hears_what_a_committed_change_moves(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_PURGE = "tests.core.test_caching.record_purge"
    purged.clear()
    person = make_person()
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        person.display_name = "G. V. Plekhanov"
        person.save()
    assert len(purged) == 1
    assert f"people.person:{person.pk}" in purged[0]


def test_no_purge_hook_is_configured_by_default(settings):
    assert not getattr(settings, "PAGE_CACHE_PURGE", None)


@pytest.fixture
def redis_cache(settings):
    """The shared cache the production settings use, on this suite's own
    Redis database."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/7",
        }
    }
    cache.clear()
    yield
    cache.clear()


@pytest.mark.usefixtures("redis_cache")
def test_with_redis_a_rating_moves_its_book_and_leaves_the_timeline(client):
    from tests.reviews.factories import make_book, make_review
    from tests.timeline.factories import make_event

    make_event(title="The July Days")
    book = make_book(title="The History of the Russian Revolution")
    client.get("/timeline/")
    client.get(book.get_absolute_url())

    make_review(book=book, rating=5)

    assert client.get("/timeline/")["X-Cache"] == "HIT"
    response = client.get(book.get_absolute_url())
    assert response["X-Cache"] == "MISS"
    assert "1 rating" in response.content.decode()


def test_dropping_every_cached_page_after_a_release(client):
    from django.core.management import call_command

    person = make_person()
    client.get(person.get_absolute_url())
    assert client.get(person.get_absolute_url())["X-Cache"] == "HIT"

    call_command("drop_cached_pages", stdout=StringIO())

    assert client.get(person.get_absolute_url())["X-Cache"] == "MISS"
