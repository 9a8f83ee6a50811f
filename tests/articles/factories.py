"""Test data for articles: ``make_article``, ``make_series`` and ``make_episode``.

All save to the database and accept any model field as a keyword override.
Articles are published and live by default (an hour ago), in English, with
unique titles and slugs. ``make_article`` also takes ``authors`` (people,
named in that order), ``tags`` (names), ``events``, ``people`` and
``interviewees``, set after saving.
"""

import itertools
from datetime import timedelta

from django.utils import timezone

from articles.models import Article, ArticleAuthor, InterviewEpisode, Series
from october.core.publishing import Status

_numbers = itertools.count(1)


def make_series(**overrides):
    """A series "Series N"."""
    number = next(_numbers)
    fields = {
        "title": f"Series {number}",
        "slug": f"series-{number}",
        "description": f"What series {number} is about.",
    }
    fields.update(overrides)
    return Series.objects.create(**fields)


def make_article(
    *, authors=(), tags=(), events=(), people=(), interviewees=(), **overrides
):
    """A live English article "Article N" with a short body."""
    number = next(_numbers)
    fields = {
        "title": f"Article {number}",
        "slug": f"article-{number}",
        "kind": Article.Kind.ARTICLE,
        "standfirst": f"The standfirst of article {number}.",
        "body": f"<p>The body of article {number}.</p>",
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(hours=1),
    }
    fields.update(overrides)
    article = Article.objects.create(**fields)
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=article, person=person, order=order)
        for order, person in enumerate(authors)
    )
    if tags:
        article.tags.add(*tags)
    if events:
        article.events.set(events)
    if people:
        article.people.set(people)
    if interviewees:
        article.interviewees.set(interviewees)
    return article


def make_episode(**overrides):
    """Episode N of a new interview (or ``article=``), with two answer points."""
    fields = {"question": "What was his childhood like?"}
    fields.update(overrides)
    if "article" not in fields:
        fields["article"] = make_article(kind=Article.Kind.INTERVIEW)
    if "number" not in fields:
        fields["number"] = fields["article"].episodes.count() + 1
    fields.setdefault("answer_points", "Raised in the south\nFather was a farmer")
    return InterviewEpisode.objects.create(**fields)
