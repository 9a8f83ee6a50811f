import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from october.core.search import query_language
from tests.articles.factories import make_article
from tests.people.factories import make_person
from tests.reviews.factories import make_review
from tests.timeline.factories import make_event

pytestmark = pytest.mark.django_db

URL = "/search/"


def test_search_page_lists_ranked_results_with_type_badges(client):
    make_person(display_name="Vladimir Lenin", summary="Bolshevik leader.")
    make_article(title="Lenin returns", body="<p>At the Finland Station.</p>")

    response = client.get(URL, {"q": "Lenin"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Results for “Lenin”</h1>" in html
    assert 'class="search-result__type">Person<' in html
    assert 'class="search-result__type">Article<' in html
    assert "<mark>Lenin</mark>" in html
    assert 'href="/people/' in html
    assert 'aria-current="page">Everything <span class="search-filters__count">2<' in (
        html
    )
    # The header's search box keeps the query.
    assert 'id="site-search-q" type="search" name="q" placeholder="Search" ' in html
    assert 'value="Lenin"' in html


def test_empty_query_shows_the_form_and_runs_no_query(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(URL)

    assert response.status_code == 200
    assert "<h1>Search the site</h1>" in response.content.decode()


def test_misspelt_name_offers_did_you_mean_and_the_person(client):
    make_person(display_name="Georgi Plekhanov", slug="georgi-plekhanov")

    response = client.get(URL, {"q": "Plekanov"})

    html = response.content.decode()
    assert 'Did you mean <a href="?q=Plekhanov">Plekhanov</a>?' in html
    assert "Close matches" in html
    assert 'href="/people/georgi-plekhanov/"' in html


def test_dual_dated_event_shows_both_dates(client):
    make_event(
        title="The October insurrection",
        start=datetime.date(1917, 11, 7),
        start_calendar="julian",
    )

    html = client.get(URL, {"q": "insurrection"}).content.decode()

    assert '<time datetime="1917-11-07">25 October (7 November) 1917</time>' in html


def test_stored_script_is_never_rendered_as_markup(client):
    make_review(text="<script>alert('x')</script> A dreadful polemic.")
    make_person(display_name="Polemic <script>alert(1)</script> Person")

    html = client.get(URL, {"q": "polemic"}).content.decode()

    assert "<mark>polemic</mark>" in html.lower()
    assert "<script>alert" not in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 10_000,
        "Lenin " * 2_000,
        "&|!:*",
        "& | ! :*",
        "lenin:*",
        "!lenin",
        "((( )))",
        '"unclosed phrase',
        "'; DROP TABLE people_person; --",
        "%",
        "\\",
        "😀 революция",
    ],
)
def test_hostile_queries_answer_quickly_with_a_page(client, query):
    make_person(display_name="Vladimir Lenin")

    started = time.monotonic()
    response = client.get(URL, {"q": query})
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert elapsed < 2


@pytest.mark.parametrize(
    "query_string", ["q=%00lenin%00", "q=Le%00nin", "q=Lenin&page=%00", "language=%00"]
)
def test_a_nul_anywhere_in_the_query_string_is_a_bad_request(client, query_string):
    # Refused for every address before any view (HostileInputMiddleware).
    response = client.get(f"{URL}?{query_string}")

    assert response.status_code == 400


def test_long_query_is_cut_before_the_database(client):
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"q": "soviet " * 2_000})

    assert queries.captured_queries
    for query in queries.captured_queries:
        assert "soviet " * 40 not in query["sql"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Lenin", "type": "nope"},
        {"q": "Lenin", "type": ["person", "<script>"]},
        {"q": "Lenin", "language": "xx"},
    ],
)
def test_unknown_filter_values_are_a_bad_request(client, params):
    response = client.get(URL, params)

    assert response.status_code == 400
    assert "not one this site offers" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "9" * 40, "1.5", "١"])
def test_junk_page_numbers_show_a_page(client, page):
    make_person(display_name="Vladimir Lenin")

    response = client.get(URL, {"q": "Lenin", "page": page})

    assert response.status_code == 200
    assert "Vladimir <mark>Lenin</mark>" in response.content.decode()


def test_results_are_paginated(client):
    for number in range(25):
        make_event(title=f"Strike number {number}")

    first = client.get(URL, {"q": "strike"}).content.decode()
    second = client.get(URL, {"q": "strike", "page": "2"}).content.decode()

    assert first.count('class="search-result ') == 20
    assert second.count('class="search-result ') == 5
    assert 'href="?q=strike&amp;page=2"' in first


def test_type_and_language_filters(client):
    make_person(display_name="Antonov-Ovseenko")
    make_article(title="Antonov-Ovseenko en el Palacio de Invierno", language="es")
    make_article(title="Antonov-Ovseenko at the Winter Palace", language="en")

    people = client.get(URL, {"q": "Antonov", "type": "person"}).content.decode()
    spanish = client.get(URL, {"q": "Antonov", "language": "es"}).content.decode()

    assert people.count('class="search-result ') == 1
    assert 'class="search-result__type">Person<' in people
    assert spanish.count('class="search-result ') == 1
    assert 'lang="es">Antonov-Ovseenko en el Palacio de Invierno' in spanish.replace(
        "<mark>", ""
    ).replace("</mark>", "")


def query_count(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize(
    "make",
    [
        lambda n: make_article(title=f"Kronstadt sailors {n}"),
        lambda n: make_event(title=f"Kronstadt sailors {n}"),
        lambda n: make_person(display_name=f"Kronstadt sailor {n}"),
        lambda n: make_review(text=f"Kronstadt sailors, review {n}"),
    ],
    ids=["articles", "events", "people", "reviews"],
)
def test_query_count_does_not_grow_with_the_results(client, make):
    make(0)
    one = query_count(client, {"q": "Kronstadt"})
    for number in range(1, 30):
        make(number)

    assert query_count(client, {"q": "Kronstadt"}) == one


def test_query_count_is_fixed_for_a_page_of_every_type(client):
    make_article(title="Kronstadt")
    make_event(title="Kronstadt")
    make_person(display_name="Kronstadt")
    make_review(text="Kronstadt")

    # One statement for the counts, the page and the close matches, then one
    # query per type shown, and one for the articles' authors.
    assert query_count(client, {"q": "Kronstadt"}) == 1 + 4 + 1


# Language


def test_a_query_names_its_language_by_its_letters():
    assert query_language("Троцкий") == "ru"
    assert query_language("revolución") == "es"
    assert query_language("¿Qué pasó en Octubre?") == "es"
    assert query_language("Trotsky") is None


def titles(response):
    return [str(result.object) for result in response.context["search"].results]


def test_results_in_the_readers_language_rank_first(client):
    make_article(title="Garrahan workers", language="en", slug="garrahan-en")
    make_article(title="Garrahan trabajadores", language="es", slug="garrahan-es")
    assert titles(client.get("/search/?q=Garrahan"))[0] == "Garrahan workers"
    assert titles(client.get("/es/search/?q=Garrahan"))[0] == "Garrahan trabajadores"


def test_the_querys_own_language_outranks_the_interfaces(client):
    make_article(title="Троцкий и Ленин", language="ru", slug="trotsky-ru")
    make_article(title="Троцкий in English", language="en", slug="trotsky-en")
    found = titles(client.get("/es/search/?q=Троцкий"))
    assert found[0] == "Троцкий и Ленин"


def make_results(count):
    """``count`` each of a person named Kollontai, a book and a tagged
    article by her, an interview answer and an event about her."""
    from tests.articles.factories import make_episode
    from tests.reviews.factories import make_book

    for number in range(count):
        person = make_person(display_name=f"Kollontai {number}")
        make_book(title=f"Book {number}", authors=[person])
        article = make_article(title=f"Article {number}", authors=[person])
        article.tags.add(f"Kollontai tag {number}")
        make_episode(answer_points=f"Kollontai spoke {number}")
        make_event(title=f"Event {number}", summary="Kollontai spoke.")


@pytest.mark.parametrize("count", [1, 4])
def test_search_page_queries_do_not_grow_with_the_results(
    client, django_assert_num_queries, count
):
    make_results(count)
    client.get(URL, {"q": "Kollontai"})  # compiles the statement

    # Sessions and the like, the search statement, one query per kind shown
    # (people, books, articles and their authors, answers, events).
    with django_assert_num_queries(8):
        response = client.get(URL, {"q": "Kollontai"})

    assert (
        response.content.decode().count('<article class="search-result ') == 5 * count
    )
