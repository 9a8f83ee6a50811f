"""Exact query counts for the pages whose queries were cut, so a change that
brings one back shows here (the budget test allows up to 12)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.forms import SERIES_OFFERED
from articles.models import Article
from tests.articles.factories import make_article, make_series
from tests.people.factories import make_person
from tests.reviews.factories import make_reader
from tests.timeline.factories import make_event

pytestmark = pytest.mark.django_db


def test_a_persons_page_fetches_titles_not_bylines_of_their_articles(
    client, django_assert_num_queries
):
    lenin = make_person(display_name="V. I. Lenin")
    trotsky = make_person(display_name="L. D. Trotsky")
    make_event(people=[lenin])
    for _ in range(3):
        make_article(authors=[lenin, trotsky], tags=["soviets"], people=[lenin])
    make_article(kind=Article.Kind.INTERVIEW, authors=[trotsky], interviewees=[lenin])
    url = lenin.get_absolute_url()
    client.get(url)

    # The person, their quotes, their sources, their events, the articles
    # they wrote or gave, and those written about them: no authors,
    # interviewees or tags of those articles.
    with django_assert_num_queries(6):
        response = client.get(url)
    html = response.content.decode()
    assert html.count('class="article-compact"') == 2


@pytest.fixture
def fragments_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.FRAGMENT_CACHE_SECONDS = 300


def test_the_article_lists_count_is_kept_until_an_article_changes(
    client, fragments_on, django_assert_num_queries
):
    for _ in range(3):
        make_article(authors=[make_person()])
    # A signed-in reader: no whole-page cache, so only the count is kept.
    client.force_login(make_reader())
    client.get("/articles/")
    with CaptureQueriesContext(connection) as first:
        client.get("/articles/?kind=video")
    with CaptureQueriesContext(connection) as again:
        response = client.get("/articles/?kind=video")
    assert len(again) == len(first) - 1
    assert not any("COUNT(" in query["sql"] for query in again)

    make_article(kind=Article.Kind.VIDEO, title="Ten Days that Shook the World")
    response = client.get("/articles/?kind=video")
    assert "1 article" in response.content.decode()
    assert "Ten Days that Shook the World" in response.content.decode()
    response = client.get("/articles/")
    assert "4 articles" in response.content.decode()


def test_the_series_menu_offers_the_newest_series_and_accepts_any(client):
    series = [make_series(title=f"Series {n:02d}") for n in range(SERIES_OFFERED + 3)]
    make_article(series=series[0], title="The first of all")

    html = client.get("/articles/").content.decode()
    menu = html.split('name="series"')[1].split("</select>")[0]
    assert menu.count("<option") == SERIES_OFFERED + 1
    assert "Series 00" not in menu

    response = client.get("/articles/", {"series": series[0].slug})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The first of all" in html
    menu = html.split('name="series"')[1].split("</select>")[0]
    assert f'<option value="{series[0].slug}" selected>Series 00</option>' in menu

    assert client.get("/articles/", {"series": "no-such-series"}).status_code == 400
