from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from october.core.publishing import Status
from tests.articles.factories import make_article
from tests.people.factories import make_person

pytestmark = pytest.mark.django_db


def test_a_persons_page_lists_their_live_articles_and_those_about_them(client):
    trotsky = make_person(display_name="L. Trotsky")
    make_article(title="My Life", authors=[trotsky], kind=Article.Kind.EXTRACT)
    make_article(title="The life of Leon Trotsky", people=[trotsky])
    make_article(title="Draft about him", people=[trotsky], status=Status.DRAFT)
    make_article(
        title="Future by him",
        authors=[trotsky],
        publish_at=timezone.now() + timedelta(days=1),
    )
    html = client.get(trotsky.get_absolute_url()).content.decode()
    assert "Articles, videos and interviews" in html
    assert "My Life" in html
    assert "Written about in" in html
    assert "The life of Leon Trotsky" in html
    assert "Draft about him" not in html
    assert "Future by him" not in html


def test_interviews_a_person_gave_are_listed_as_theirs(client):
    historian = make_person()
    make_article(
        title="Joshua Rubenstein – Leon Trotsky",
        kind=Article.Kind.INTERVIEW,
        interviewees=[historian],
    )
    html = client.get(historian.get_absolute_url()).content.decode()
    assert "Joshua Rubenstein – Leon Trotsky" in html


def test_a_person_without_articles_has_no_article_sections(client):
    html = client.get(make_person().get_absolute_url()).content.decode()
    assert "Written about in" not in html
    assert "Articles, videos and interviews" not in html


def test_the_sections_cost_the_same_for_one_article_or_many(client):
    person = make_person()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(person.get_absolute_url()).status_code == 200
        return len(captured)

    make_article(authors=[person], people=[person], tags=["a"])
    one = queries()
    for _ in range(11):
        make_article(authors=[person, make_person()], people=[person], tags=["a", "b"])
    assert queries() == one
