from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.articles.factories import make_article
from tests.reviews.factories import make_editor, make_moderator

pytestmark = pytest.mark.django_db

GRID = reverse("admin:translations")


def states(row):
    return {cell["language"]: cell["state"] for cell in row["cells"]}


def test_grid_shows_each_article_against_every_language(client):
    original = make_article(title="The Kornilov affair", language="en")
    current = make_article(language="es", translation_of=original)
    outdated = make_article(language="fr", translation_of=original)
    earlier = timezone.now() - timedelta(days=2)
    Article.objects.filter(pk=outdated.pk).update(updated_at=earlier)
    Article.objects.filter(pk=current.pk).update(
        updated_at=timezone.now() + timedelta(minutes=1)
    )
    client.force_login(make_editor())

    response = client.get(GRID)

    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert row["article"] == original
    names = dict(settings.CONTENT_LANGUAGES)
    assert states(row) == {
        names["en"]: "original",
        names["es"]: "current",
        names["fr"]: "outdated",
        names["ru"]: "missing",
        names["de"]: "missing",
        names["it"]: "missing",
        names["pt"]: "missing",
    }
    page = response.content.decode()
    add = reverse("admin:articles_article_add")
    assert f"{add}?translation_of={original.pk}&amp;language=ru" in page


def test_translations_are_rows_of_their_original_only(client):
    original = make_article(language="es")
    make_article(language="en", translation_of=original)
    make_article(language="en")
    client.force_login(make_editor())

    response = client.get(GRID)

    assert len(response.context["rows"]) == 2


def test_grid_queries_do_not_grow_with_articles(client, django_assert_num_queries):
    client.force_login(make_editor())
    make_article(language="en", translation_of=make_article(language="es"))
    client.get(GRID)
    with CaptureQueriesContext(connection) as one:
        client.get(GRID)
    for _ in range(29):
        make_article(language="en", translation_of=make_article(language="es"))

    with django_assert_num_queries(len(one)):
        response = client.get(GRID)
    assert len(response.context["rows"]) == 30


def test_bad_pages_and_moderators_are_refused_politely(client):
    make_article()
    client.force_login(make_editor())
    assert client.get(GRID, {"page": "abc"}).status_code == 200
    assert client.get(GRID, {"page": "99999"}).status_code == 200

    client.force_login(make_moderator())
    assert client.get(GRID).status_code == 403
