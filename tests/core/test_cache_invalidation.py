"""What a change drops from the page cache: the pages that show what changed,
at once, and nothing else."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from october.core.publishing import Status
from reviews.services import book_shelve
from tests.articles.factories import make_article, make_series
from tests.guides.factories import make_entry, make_guide
from tests.people.factories import make_person, make_quote
from tests.reviews.factories import make_book, make_reader, make_review
from tests.timeline.factories import make_event, make_period

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.FRAGMENT_CACHE_SECONDS = 300


def served_from_cache(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response["X-Cache"] == "HIT"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.fixture
def site():
    """A little of everything, linked the way the real site is."""
    lenin = make_person(display_name="V. I. Lenin")
    make_quote(person=lenin, is_featured=True, text="He was a genius.")
    period = make_period(title="October")
    event = make_event(title="The October Revolution", period=period, people=[lenin])
    series = make_series(title="Centenary")
    article = make_article(
        title="Lenin and the Soviets",
        authors=[lenin],
        tags=["soviets"],
        series=series,
        events=[event],
        people=[lenin],
    )
    book = make_book(title="The State and Revolution", authors=[lenin])
    make_review(book=book, rating=4)
    guide = make_guide(title="Reading Lenin", period=period)
    make_entry(guide=guide, book=book)
    make_entry(guide=guide, article=article)
    return {
        "lenin": lenin,
        "event": event,
        "article": article,
        "book": book,
        "guide": guide,
        "series": series,
    }


def urls_of(site):
    return {
        "home": "/",
        "timeline": "/timeline/",
        "event": site["event"].get_absolute_url(),
        "people": "/people/",
        "person": site["lenin"].get_absolute_url(),
        "articles": "/articles/",
        "article": site["article"].get_absolute_url(),
        "tag": "/articles/tag/soviets/",
        "series": site["series"].get_absolute_url(),
        "atom": "/articles/feed/atom/",
        "books": "/books/",
        "book": site["book"].get_absolute_url(),
        "guides": "/guides/",
        "guide": site["guide"].get_absolute_url(),
        "search": "/search/?q=lenin",
    }


def test_a_rating_drops_its_book_and_the_favourite_but_no_other_page(client, site):
    urls = urls_of(site)
    for url in urls.values():
        client.get(url)

    make_review(book=site["book"], rating=1)

    moved = {name for name, url in urls.items() if not served_from_cache(client, url)}
    # The book's page, the list showing it, the favourite on the home page,
    # the guide whose entry shows the book, and the search for its author.
    assert moved == {"book", "books", "home", "guide", "search"}
    assert "2 ratings" in page(client, urls["book"])
    assert "The State and Revolution" in page(client, urls["search"])


def test_a_shelf_drops_the_pages_that_show_its_book(client, site):
    urls = urls_of(site)
    for url in urls.values():
        client.get(url)

    book_shelve(reader=make_reader(), book=site["book"], status="want_to_read")

    moved = {name for name, url in urls.items() if not served_from_cache(client, url)}
    assert moved == {"book", "books", "home", "guide", "search"}
    assert "1 person wants to read" in page(client, urls["book"])


def test_an_article_edit_shows_at_once_wherever_it_is_shown(client, site):
    urls = urls_of(site)
    for url in urls.values():
        client.get(url)

    article = site["article"]
    article.title = "Lenin, the Soviets and the Insurrection"
    article.save()

    shown_on = {
        "home",
        "articles",
        "article",
        "tag",
        "series",
        "atom",
        "person",
        "guide",
        "search",
    }
    for name in shown_on:
        assert "the Insurrection" in page(client, urls[name]), name
    for name in {"timeline", "people", "books", "book", "guides"}:
        assert served_from_cache(client, urls[name]), name


def test_a_renamed_person_shows_at_once_on_every_page_that_shows_them(client, site):
    urls = urls_of(site)
    for url in urls.values():
        client.get(url)

    lenin = site["lenin"]
    lenin.display_name = "Vladimir Lenin"
    lenin.save()

    for name in (
        "home",
        "event",
        "people",
        "person",
        "article",
        "tag",
        "series",
        "articles",
        "book",
        "books",
        "guide",
    ):
        assert "Vladimir Lenin" in page(client, urls[name]), name
    assert served_from_cache(client, urls["guides"])


def test_publishing_a_draft_article_lists_it_at_once(client, site):
    lenin = site["lenin"]
    draft = make_article(
        title="Lenin on the April Theses",
        authors=[lenin],
        tags=["soviets"],
        status="draft",
    )
    urls = urls_of(site)
    for url in urls.values():
        assert "the April Theses" not in page(client, url)

    draft.status = Status.PUBLISHED
    draft.save()

    for name in ("home", "articles", "tag", "atom", "person", "search"):
        assert "the April Theses" in page(client, urls[name]), name
    assert served_from_cache(client, urls["timeline"])


def test_unpublishing_an_article_removes_its_page_and_its_mentions(client, site):
    article = site["article"]
    urls = urls_of(site)
    for url in urls.values():
        client.get(url)

    article.status = Status.DRAFT
    article.save()

    assert client.get(urls["article"]).status_code == 404
    for name in ("home", "articles", "person", "event", "search"):
        assert "Lenin and the Soviets" not in page(client, urls[name]), name


def test_another_articles_edit_leaves_an_article_page_cached(client, site):
    url = site["article"].get_absolute_url()
    client.get(url)

    make_article(title="Another article")

    assert served_from_cache(client, url)


def test_a_new_quote_shows_on_its_persons_page(client, site):
    lenin = site["lenin"]
    client.get(lenin.get_absolute_url())

    make_quote(person=lenin, text="He never rested.")

    assert "He never rested." in page(client, lenin.get_absolute_url())


def test_adding_a_person_to_an_event_shows_on_their_page(client, site):
    trotsky = make_person(display_name="L. D. Trotsky")
    client.get(trotsky.get_absolute_url())

    site["event"].people.add(trotsky)

    assert "The October Revolution" in page(client, trotsky.get_absolute_url())


def test_a_new_guide_entry_shows_on_the_guide(client, site):
    guide = site["guide"]
    client.get(guide.get_absolute_url())

    make_entry(
        guide=guide,
        link_title="Ten Days that Shook the World",
        link_url="https://example.org/",
    )

    assert "Ten Days that Shook the World" in page(client, guide.get_absolute_url())


def test_a_new_tag_on_an_article_shows_on_the_tag_page(client, site):
    other = make_article(title="The Kronstadt sailors", tags=["sailors"])
    client.get("/articles/tag/soviets/")

    other.tags.add("soviets")

    assert "The Kronstadt sailors" in page(client, "/articles/tag/soviets/")


def test_a_scheduled_article_appears_on_its_authors_page_when_due(client, site):
    lenin = site["lenin"]
    now = timezone.now()
    make_article(
        title="Can the Bolsheviks Retain State Power?",
        authors=[lenin],
        publish_at=now + timedelta(minutes=5),
    )
    assert "Retain State Power" not in page(client, lenin.get_absolute_url())
    assert "Retain State Power" not in page(client, "/articles/")

    with time_machine.travel(now + timedelta(minutes=6)):
        assert "Retain State Power" in page(client, "/articles/")
        assert "Retain State Power" in page(client, lenin.get_absolute_url())


def test_a_due_item_drops_only_what_shows_it(client, site):
    now = timezone.now()
    client.get("/timeline/")
    client.get("/books/")
    make_article(title="Scheduled", publish_at=now + timedelta(minutes=1))

    # Within the five minutes pages are kept for.
    with time_machine.travel(now + timedelta(minutes=2)):
        assert "Scheduled" in page(client, "/articles/")
        assert served_from_cache(client, "/timeline/")
        assert served_from_cache(client, "/books/")


def test_a_page_rendered_before_a_commit_is_dropped_by_the_commit(
    client, site, django_capture_on_commit_callbacks
):
    book = site["book"]
    url = book.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            book.title = "State and Revolution"
            book.save()
            # Another reader's request, between the save and the commit,
            # caches the page (here it sees the change; on another
            # connection it would not).
            client.get(url)
            assert served_from_cache(client, url)

    assert not served_from_cache(client, url)


def test_the_on_this_day_page_changes_at_midnight(client, site):
    today = timezone.localtime()
    evening = today.replace(hour=23, minute=50)
    with time_machine.travel(evening, tick=False):
        client.get("/timeline/on-this-day/")
        assert served_from_cache(client, "/timeline/on-this-day/")
    with time_machine.travel(evening + timedelta(minutes=20), tick=False):
        assert not served_from_cache(client, "/timeline/on-this-day/")


def test_an_article_kind_change_moves_the_filtered_list(client, site):
    client.get("/articles/?kind=video")
    article = site["article"]
    article.kind = Article.Kind.VIDEO
    article.embed_url = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    article.save()
    assert "Lenin and the Soviets" in page(client, "/articles/?kind=video")


def test_an_event_edit_shows_at_once_wherever_it_is_shown(client, site):
    urls = urls_of(site)
    for url in urls.values():
        client.get(url)

    event = site["event"]
    event.title = "The Storming of the Winter Palace"
    event.save()

    for name in ("timeline", "event", "person", "article"):
        assert "the Winter Palace" in page(client, urls[name]), name
    # (An event's save moves its period, which the article list offers as a
    # filter and the guide list names.)
    for name in ("people", "books", "book"):
        assert served_from_cache(client, urls[name]), name


def test_a_book_edit_shows_at_once_wherever_it_is_shown(client, site):
    urls = urls_of(site)
    for url in urls.values():
        client.get(url)

    book = site["book"]
    book.refresh_from_db()  # with the figures its review gave it
    book.title = "The State and Revolution (1917)"
    book.save()

    for name in ("home", "books", "book", "guide"):
        assert "The State and Revolution (1917)" in page(client, urls[name]), name
    for name in ("timeline", "event", "articles", "article", "people", "guides"):
        assert served_from_cache(client, urls[name]), name


# Signed-in readers get no whole pages from the cache, only the fragments
# that are the same for everyone: the lists, the home page's sections.


def test_an_edit_shows_at_once_to_a_signed_in_reader(client, site):
    client.force_login(make_reader())
    urls = urls_of(site)
    for url in urls.values():
        client.get(url)

    site["lenin"].display_name = "Vladimir Lenin"
    site["lenin"].save()
    site["event"].title = "The Storming of the Winter Palace"
    site["event"].save()
    book = site["book"]
    book.refresh_from_db()
    book.title = "The State and Revolution (1917)"
    book.save()
    site["article"].title = "Lenin, the Soviets and the Insurrection"
    site["article"].save()

    shown = {
        "Vladimir Lenin": ("home", "people", "person", "articles", "books", "event"),
        "the Winter Palace": ("timeline", "event", "person", "article"),
        "The State and Revolution (1917)": ("home", "books", "book", "guide"),
        "the Insurrection": ("home", "articles", "article", "person", "guide"),
    }
    for text, names in shown.items():
        for name in names:
            assert text in page(client, urls[name]), (text, name)


def test_a_signed_in_reader_gets_the_lists_from_fragments(
    client, site, django_assert_max_num_queries
):
    client.force_login(make_reader())
    for url in ("/timeline/", "/people/", "/articles/", "/books/", "/guides/"):
        client.get(url)
        # The session, the reader, their profile, and the pager's count
        # (the article list's is kept too, but it reads the filters' menus).
        with django_assert_max_num_queries(5):
            assert client.get(url).status_code == 200

    make_review(book=site["book"], rating=1)

    # A rating drops the book list's fragment, not the timeline's.
    with django_assert_max_num_queries(5):
        client.get("/timeline/")
    assert "2 ratings" in page(client, "/books/")
