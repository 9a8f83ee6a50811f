from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from october.core.publishing import Status
from tests.articles.factories import make_article
from tests.people.factories import make_person

pytestmark = pytest.mark.django_db

FEEDS = ["/articles/feed/atom/", "/articles/feed/rss/"]
TAG_FEEDS = ["/articles/tag/women/feed/atom/", "/articles/tag/women/feed/rss/"]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.fixture
def articles():
    now = timezone.now()
    woods, grant = (
        make_person(display_name="Alan Woods"),
        make_person(display_name="Alex Grant"),
    )
    written = make_article(
        title="The 10 biggest lies about the Bolsheviks & October",
        standfirst="Alex Grant's list of the <10> biggest lies.",
        authors=[grant, woods],
        tags=["women", "lies"],
        publish_at=now - timedelta(hours=2),
    )
    anonymous = make_article(
        title="The insurrection as it happened", publish_at=now - timedelta(hours=1)
    )
    make_article(title="Draft piece", status=Status.DRAFT, tags=["women"])
    make_article(title="Future piece", publish_at=now + timedelta(days=1))
    return written, anonymous


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_parse_with_ids_titles_dates_authors_and_summaries(client, articles, url):
    written, anonymous = articles
    response, feed = parse(client, url)
    assert feed.feed.title == "In Defence of October: articles"
    assert [entry.title for entry in feed.entries] == [anonymous.title, written.title]
    entry = feed.entries[1]
    assert entry.link == f"http://testserver{written.get_absolute_url()}"
    assert entry.id.startswith("urn:uuid:")
    assert entry.author == "Alex Grant, Alan Woods"
    # The summary is text: feed readers get it escaped, never as markup.
    assert "&lt;10&gt; biggest lies" in entry.summary
    assert entry.published_parsed[:6] == written.publish_at.utctimetuple()[:6]
    assert {tag.term for tag in entry.tags} == {"women", "lies"}
    assert all(entry.id and entry.published_parsed for entry in feed.entries)


@pytest.mark.parametrize("url", FEEDS + TAG_FEEDS)
def test_drafts_and_scheduled_articles_are_in_no_feed(client, articles, url):
    _response, feed = parse(client, url)
    found = {entry.title for entry in feed.entries}
    assert "Draft piece" not in found
    assert "Future piece" not in found


@pytest.mark.parametrize("url", TAG_FEEDS)
def test_tag_feeds_hold_only_that_tag(client, articles, url):
    written, _anonymous = articles
    _response, feed = parse(client, url)
    assert [entry.title for entry in feed.entries] == [written.title]
    assert "women" in feed.feed.title


def test_atom_and_rss_have_their_content_types(client, articles):
    assert client.get(FEEDS[0])["Content-Type"].startswith("application/atom+xml")
    assert client.get(FEEDS[1])["Content-Type"].startswith("application/rss+xml")


@pytest.mark.parametrize("url", FEEDS)
def test_an_empty_feed_still_parses(client, url):
    _response, feed = parse(client, url)
    assert feed.entries == []


def entry_language(entry):
    # RSS items carry dc:language; Atom entries xml:lang, which feedparser
    # gives as the language of the entry's texts.
    return entry.get("language") or entry.title_detail.language


@pytest.mark.parametrize("url", FEEDS)
def test_each_entry_names_its_own_language(client, url):
    make_article(title="La insurrección", language="es")
    make_article(title="The insurrection", language="en")
    _response, feed = parse(client, url)
    languages = {entry.title: entry_language(entry) for entry in feed.entries}
    assert languages == {"La insurrección": "es", "The insurrection": "en"}


@pytest.mark.parametrize("url", FEEDS)
def test_every_entry_names_an_author(client, url):
    trotsky = make_person(display_name="Leon Trotsky")
    make_article(title="Interview", kind="interview", interviewees=[trotsky])
    make_article(title="Unsigned")
    _response, feed = parse(client, url)
    authors = {entry.title: entry.author for entry in feed.entries}
    assert authors == {"Interview": "Leon Trotsky", "Unsigned": "In Defence of October"}
