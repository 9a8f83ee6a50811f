"""Every public page stays within 12 SQL queries, whatever the amount of content.

Each page is requested once to warm process-wide caches (content types), then
counted; the count must be the same for a site with 1 item of everything and
one with 30, and at most the budget.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.articles.factories import make_article, make_episode, make_series
from tests.guides.factories import make_entry, make_guide
from tests.people.factories import make_person, make_quote
from tests.reviews.factories import make_book, make_reader, make_review
from tests.timeline.factories import make_event, make_period

QUERY_BUDGET = 12

pytestmark = pytest.mark.django_db


def build_site(size, prefix):
    """A site with `size` of everything, all linked to each other."""
    period = make_period(slug=f"{prefix}-october")
    people = [make_person(display_name=f"Person {n}") for n in range(size)]
    for person in people:
        make_quote(person=person, is_featured=True)
    subject = people[0]
    events = [make_event(period=period, people=people) for _ in range(size)]
    series = make_series(slug=f"{prefix}-centenary")
    articles = [
        make_article(
            authors=people[:2],
            tags=[f"{prefix}-lenin", f"{prefix}-soviets"],
            events=events,
            people=people,
            series=series,
            period=period,
        )
        for _ in range(size)
    ]
    interview = make_article(kind=Article.Kind.INTERVIEW, authors=people[:1])
    for number in range(1, size + 1):
        make_episode(article=interview, number=number)
    books = [make_book(authors=people[:2]) for _ in range(size)]
    book = books[0]
    readers = [make_reader() for _ in range(size)]
    for reader in readers:
        make_review(book=book, reader=reader, rating=5, text="A fine lecture.")
    for _ in range(size):
        guide = make_guide(period=period)
        make_entry(guide=guide, article=articles[0], note="Read first.")
        make_entry(guide=guide, book=book, note="Then this.")
        make_entry(guide=guide, note="And this.")
    return {
        "home": "/",
        "timeline": "/timeline/",
        "event": events[0].get_absolute_url(),
        "on this day": "/timeline/on-this-day/",
        "timeline json": "/timeline/timeline.json",
        "period": period.get_absolute_url(),
        "converter": "/timeline/convert/?date=1917-06-01&calendar=gregorian",
        "on a chosen day": "/timeline/on-this-day/?month=6&day=1",
        "anniversaries": "/timeline/anniversaries.ics",
        "people": "/people/",
        "person": subject.get_absolute_url(),
        "articles": "/articles/",
        "article": articles[0].get_absolute_url(),
        "interview": interview.get_absolute_url(),
        "series": series.get_absolute_url(),
        "tag": f"/articles/tag/{prefix}-lenin/",
        "atom feed": "/articles/feed/atom/",
        "rss feed": "/articles/feed/rss/",
        "books": "/books/",
        "book": book.get_absolute_url(),
        "reader": f"/readers/{readers[0].username}/",
        "guides": "/guides/",
        "guide": guide.get_absolute_url(),
        "search": "/search/?q=person",
        "join": "/join/",
        "about": "/about/",
        "sitemap": "/sitemap.xml",
    }


def count_queries(client, urls):
    counts = {}
    for name, url in urls.items():
        assert client.get(url).status_code == 200, name
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[name] = len(queries)
    return counts


def in_language(urls, language):
    """The same pages under /es/ or /ru/ (the machines' pages have no prefix)."""
    return {
        name: url if url.startswith("/sitemap") else f"/{language}{url}"
        for name, url in urls.items()
    }


@pytest.mark.parametrize("language", ["en", "es", "ru"])
def test_every_public_page_is_within_the_query_budget_and_flat(client, language):
    small_site, large_site = build_site(1, "small"), build_site(30, "large")
    if language != "en":
        small_site = in_language(small_site, language)
        large_site = in_language(large_site, language)
    small = count_queries(client, small_site)
    large = count_queries(client, large_site)
    over = {page: n for page, n in large.items() if n > QUERY_BUDGET}
    assert not over, f"over {QUERY_BUDGET} queries: {over}"
    grown = {
        page: (small[page], large[page]) for page in small if small[page] != large[page]
    }
    assert not grown, f"query count grows with content: {grown}"
