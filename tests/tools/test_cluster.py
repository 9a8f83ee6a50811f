"""The site on more than one machine: nginx in front of two app servers that
share this suite's database and a Redis database of their own
(``october.tools.cluster``, ``make cluster``)."""

import random
import re
import secrets
import threading
import time
from datetime import timedelta

import pytest
import redis
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.utils import timezone

from october.tools.cluster import start_cluster
from october.tools.server import current_database_url
from reviews.models import ReadingStatus
from tests.people.factories import make_person
from tests.reviews.factories import make_book, make_reader

REDIS_URL = "redis://127.0.0.1:6379/8"
PASSWORD = "a long and unguessable password"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def cluster(django_db_setup, tmp_path_factory):
    running = start_cluster(
        current_database_url(),
        redis_url=REDIS_URL,
        secret_key=secrets.token_urlsafe(60),
        directory=tmp_path_factory.mktemp("cluster"),
        servers=2,
        workers=1,
    )
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def empty_shared_cache():
    # The cached pages, throttles and tag numbers of an earlier test would
    # describe rows its end took away.
    redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture
def servers(cluster):
    first, second = cluster.servers
    return first.url, second.url


def reader():
    """A reader whose password the servers can check (they hash with PBKDF2)."""
    person = make_reader()
    hasher = PBKDF2PasswordHasher()
    person.password = hasher.encode(PASSWORD, hasher.salt())
    person.save(update_fields=["password"])
    return person


def browser():
    session = requests.Session()
    session.headers["User-Agent"] = "october-cluster-test"
    return session


def sign_in(session, base, username, password=PASSWORD):
    session.get(f"{base}/accounts/login/")
    return session.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
        },
        allow_redirects=False,
    )


def rate(session, base, book, rating):
    return session.post(
        f"{base}/books/{book.slug}/review/",
        data={
            "rating": rating,
            "text": "",
            "website": "",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
    )


def shelve(session, base, book):
    return session.post(
        f"{base}/books/{book.slug}/shelve/",
        data={
            "status": "want_to_read",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=40,
    )


def test_a_write_through_one_server_shows_through_the_other_at_once(servers):
    first, second = servers
    book = make_book(title="Ten Days that Shook the World")
    anonymous = browser()
    anonymous.get(f"{second}{book.get_absolute_url()}")
    cached = anonymous.get(f"{second}{book.get_absolute_url()}")
    assert cached.headers["X-Cache"] == "HIT"
    assert "No ratings yet" in cached.text

    signed_in = browser()
    assert sign_in(signed_in, first, reader().username).status_code == 302
    assert rate(signed_in, first, book, 5).status_code == 302

    fresh = anonymous.get(f"{second}{book.get_absolute_url()}")
    assert fresh.headers["X-Cache"] == "MISS"
    assert "1 rating" in fresh.text


def test_a_session_begun_on_one_server_is_signed_in_on_the_other(servers):
    first, second = servers
    book = make_book()
    person = reader()
    session = browser()
    assert sign_in(session, first, person.username).status_code == 302

    page = session.get(f"{second}/books/{book.slug}/review/", allow_redirects=False)

    assert page.status_code == 200
    assert person.username in page.text
    assert "private" in page.headers["Cache-Control"]


def test_lockouts_are_shared_between_the_servers(servers):
    person = reader()
    session = browser()
    for attempt in range(4):
        base = servers[attempt % 2]
        assert sign_in(session, base, person.username, "wrong").status_code == 200
    # The fifth failure, wherever it lands, locks the pair out everywhere.
    assert sign_in(session, servers[0], person.username, "wrong").status_code == 429

    for base in servers:
        # Even the right password: the pair of username and address is locked.
        assert sign_in(browser(), base, person.username).status_code == 429


def test_throttles_are_shared_between_the_servers(servers):
    person = reader()
    session = browser()
    assert sign_in(session, servers[0], person.username).status_code == 302
    books = [make_book() for _ in range(11)]
    for number, book in enumerate(books[:10]):
        assert rate(session, servers[number % 2], book, 4).status_code == 302

    for base in servers:
        assert rate(session, base, books[10], 4).status_code == 429


def test_a_scheduled_item_goes_live_on_both_servers(servers):
    due = timezone.now() + timedelta(seconds=3)
    make_person(display_name="Moisei Uritsky", publish_at=due)
    visitor = browser()
    for base in servers:
        visitor.get(f"{base}/people/")
        cached = visitor.get(f"{base}/people/")
        assert cached.headers["X-Cache"] == "HIT"
        assert "Moisei Uritsky" not in cached.text

    time.sleep(max((due - timezone.now()).total_seconds(), 0) + 0.2)

    for base in servers:
        assert "Moisei Uritsky" in visitor.get(f"{base}/people/").text


def test_stopping_a_server_under_load_loses_no_read_and_no_write(cluster):
    # Last in this module: it leaves one server running.
    person = reader()
    books = [make_book() for _ in range(200)]
    pages = ["/", "/people/", "/books/", *(book.get_absolute_url() for book in books)]
    writer = browser()
    assert sign_in(writer, cluster.url, person.username).status_code == 302
    stop = threading.Event()
    reads, writes, failures = [], [], []

    def read():
        session = browser()
        while not stop.is_set():
            response = session.get(cluster.url + random.choice(pages), timeout=40)
            reads.append(response.status_code)
            if response.status_code != 200:
                failures.append(("GET", response.status_code))

    def write():
        for book in books:
            if stop.is_set():
                return
            response = shelve(writer, cluster.url, book)
            writes.append(book.pk)
            if response.status_code != 302 or "#shelf" not in response.headers.get(
                "Location", ""
            ):
                failures.append(("POST", response.status_code))
            time.sleep(0.02)

    threads = [threading.Thread(target=read) for _ in range(4)]
    threads.append(threading.Thread(target=write))
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    before_stop = len(reads)
    cluster.stop_server(cluster.servers[0])
    stopped_at = len(reads)
    time.sleep(1.5)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)

    assert before_stop > 0 and len(reads) > stopped_at
    assert failures == []
    # Every write that was answered is in the database, once.
    shelved = set(
        ReadingStatus.objects.filter(reader=person).values_list("book_id", flat=True)
    )
    assert shelved == set(writes)
    # Both servers took their share before one of them stopped.
    for number in (0, 1):
        log = (cluster.directory / f"server-{number}.log").read_text()
        assert re.search(r'"GET /books/[^ ]+ HTTP/1.1" 200', log), number
