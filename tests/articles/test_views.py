import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Series
from october.core.publishing import Status
from october.core.roles import EDITORS
from tests.articles.factories import make_article, make_episode, make_series
from tests.people.factories import make_person
from tests.timeline.factories import make_event, make_period

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"

INTERVIEW = [
    ("Joshua Rubenstein – Leon Trotsky – Intro", ["Studied at Columbia"]),
    ("What was Trotsky’s childhood like?", ["Father was a very successful farmer"]),
    ("What led Trotsky to become a revolutionary?", ["Arrested & exiled to Siberia"]),
    ("What were Trotsky’s outstanding skills?", ["Masterful writer", "Great orator"]),
    ("How radical was Trotsky?", ["Early 1920s Trotsky seen as radical"]),
    ("Did Trotsky get along with Lenin?", ["Reconciled in 1917 & worked together"]),
    ("Was Trotsky evil like Stalin?", ["Trotsky made a good impression"]),
    ("When was Trotsky exiled?", ["Murdered by Stalin’s assassin in 1940"]),
    ("Did Trotsky write about Jewish issues?", ["Wrote about Beilis Trial in 1913"]),
    ("What do we learn from Trotsky’s life?", ["Importance of civil liberties"]),
]


def hidden_articles():
    """A draft and a scheduled article, sharing a tag, a series and an author."""
    series = make_series(slug="hidden-series")
    author = make_person(slug="hidden-author")
    common = {"tags": ["secret"], "series": series, "authors": [author]}
    draft = make_article(title="Draft piece", status=Status.DRAFT, **common)
    future = make_article(
        title="Future piece", publish_at=timezone.now() + timedelta(days=1), **common
    )
    return draft, future


def titles(response):
    return [article.title for article in response.context["article_list"]]


# The list


def test_list_shows_live_articles_as_cards_newest_first(client):
    older = make_article(
        title="Older", publish_at=timezone.now() - timedelta(days=3), tags=["women"]
    )
    newer = make_article(title="Newer", authors=[make_person(display_name="A. Woods")])
    response = client.get("/articles/")
    assert response.status_code == 200
    assert titles(response) == [newer.title, older.title]
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'href="/articles/tag/women/"' in html
    assert "A. Woods" in html
    assert f'datetime="{timezone.localdate(newer.publish_at).isoformat()}"' in html
    assert 'type="application/atom+xml"' in html


def test_drafts_and_scheduled_articles_are_in_no_list_tag_or_series_page(client):
    hidden_articles()
    visible = make_article(tags=["secret"], series=make_series())
    response = client.get("/articles/")
    assert titles(response) == [visible.title]
    assert response.context["paginator"].count == 1
    assert "Draft piece" not in response.content.decode()

    tagged = client.get("/articles/tag/secret/")
    assert titles(tagged) == [visible.title]
    assert tagged.context["paginator"].count == 1

    series = client.get("/articles/series/hidden-series/")
    assert series.status_code == 200
    assert titles(series) == []
    assert (
        client.get("/articles/", {"author": "hidden-author"})
        .context["article_list"]
        .count()
        == 0
    )


def test_a_tag_only_drafts_carry_is_not_found(client):
    hidden_articles()
    assert client.get("/articles/tag/secret/").status_code == 404


def test_drafts_and_scheduled_articles_are_not_found_by_anonymous_readers(client):
    for article in hidden_articles():
        assert client.get(article.get_absolute_url()).status_code == 404


def test_editors_preview_a_draft_with_its_banner_uncached(client, django_user_model):
    draft, future = hidden_articles()
    editor = django_user_model.objects.create_user(username="ed", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft — not public." in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert "Scheduled" in client.get(future.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"kind": "video"}, {"Video"}),
        ({"language": "es"}, {"Artículo"}),
        ({"period": "july"}, {"Video"}),
        ({"series": "centenary"}, {"Article"}),
        ({"tag": "women"}, {"Article", "Artículo"}),
        ({"author": "alan-woods"}, {"Video", "Interview"}),
        ({"kind": "video", "author": "alan-woods"}, {"Video"}),
        ({"language": "es", "kind": "video"}, set()),
        (
            {"unknown": "ignored", "utm_source": "x"},
            {"Video", "Article", "Artículo", "Interview"},
        ),
    ],
)
def test_list_filters_by_kind_language_period_series_tag_and_author(
    client, filters, expected
):
    woods = make_person(slug="alan-woods")
    make_article(
        title="Video",
        kind=Article.Kind.VIDEO,
        period=make_period(slug="july"),
        authors=[woods],
    )
    make_article(title="Article", series=make_series(slug="centenary"), tags=["women"])
    make_article(title="Artículo", language="es", tags=["Women"])
    make_article(title="Interview", kind=Article.Kind.INTERVIEW, interviewees=[woods])
    response = client.get("/articles/", filters)
    assert response.status_code == 200
    assert set(titles(response)) == expected


def test_list_filtered_to_spanish_marks_the_spanish_cards(client):
    make_article(title="La lucha", language="es")
    make_article(title="The struggle")
    response = client.get("/articles/", {"language": "es"})
    assert titles(response) == ["La lucha"]
    html = response.content.decode()
    assert 'lang="es"' in html
    assert "Español" in html
    assert '<option value="es" selected>' in html


@pytest.mark.parametrize(
    "filters",
    [
        {"kind": "podcast"},
        {"language": "xx"},
        {"period": "no-such-period"},
        {"series": "no-such-series"},
        {"tag": "no-such-tag"},
        {"tag": "<script>"},
        {"author": "nobody"},
        {"author": "x" * 500},
        {"author": "drafted"},
        {"kind": ["video", "podcast"]},
    ],
)
def test_unknown_filter_values_are_a_bad_request_not_an_error(client, filters):
    make_person(slug="drafted", status=Status.DRAFT)
    make_article()
    response = client.get("/articles/", filters)
    assert response.status_code == 400
    assert list(response.context["article_list"]) == []
    html = response.content.decode()
    assert "These filters cannot be used" in html
    assert "<script>" not in html.split("<main", 1)[1]


@pytest.mark.parametrize("filters", [{"kind": "video\x00"}, {"tag": "a\x00b"}])
def test_a_nul_in_a_filter_is_refused_before_the_list(client, filters):
    # Refused for every address by the hostile-input middleware.
    response = client.get("/articles/", filters)
    assert response.status_code == 400
    assert "something the site does not understand" in response.content.decode()


@pytest.mark.parametrize(
    "page, status",
    [
        ("1", 200),
        ("2", 200),
        ("3", 404),
        ("abc", 404),
        ("999999", 404),
        ("-1", 404),
        ("last", 200),
    ],
)
def test_list_pages_through_articles_and_refuses_pages_that_do_not_exist(
    client, page, status
):
    for _ in range(25):
        make_article()
    response = client.get("/articles/", {"page": page})
    assert response.status_code == status


def test_pagination_links_keep_the_filters(client):
    for _ in range(21):
        make_article(kind=Article.Kind.VIDEO)
    html = client.get("/articles/", {"kind": "video"}).content.decode()
    assert 'href="?kind=video&amp;page=2"' in html


# Tag and series pages


@pytest.mark.parametrize(
    "path",
    [
        "/articles/tag/no-such-tag/",
        "/articles/tag/%00/",
        "/articles/tag/%3Cscript%3E/",
        "/articles/tag/a%20b/",
        "/articles/tag/..%2F..%2Fetc/",
        "/articles/tag/" + "x" * 300 + "/",
        "/articles/tag/%F0%9F%92%A5/",
        "/articles/tag/%ff/",
        "/articles/tag/no-such-tag/feed/atom/",
        "/articles/series/no-such-series/",
        "/articles/no-such-article/",
    ],
)
def test_odd_or_unknown_names_are_not_found(client, path):
    make_article(tags=["women"])
    assert client.get(path).status_code == 404


def test_a_tag_with_letters_of_any_script_has_its_page(client):
    article = make_article(tags=["Revolución"])
    response = client.get("/articles/tag/revolución/")
    assert response.status_code == 200
    assert titles(response) == [article.title]
    assert "Tagged “Revolución”" in response.content.decode()


def test_series_page_lists_its_live_articles_in_series_order(client):
    series = make_series(title="The 1917 centenary", description="A week of articles.")
    second = make_article(series=series, series_position=2)
    first = make_article(series=series, series_position=1)
    make_article()
    response = client.get(series.get_absolute_url())
    assert response.status_code == 200
    assert titles(response) == [first.title, second.title]
    html = response.content.decode()
    assert "<h1>The 1917 centenary</h1>" in html
    assert "Part 1" in html


# The article page


def test_article_page_shows_authors_date_reading_time_tags_and_related_items(client):
    lenin = make_person(display_name="V. I. Lenin")
    hidden = make_person(display_name="Hidden Person", status=Status.DRAFT)
    woods, grant = (
        make_person(display_name="Alan Woods"),
        make_person(display_name="Alex Grant"),
    )
    event = make_event(title="The July Days")
    draft_event = make_event(title="Secret event", status=Status.DRAFT)
    article = make_article(
        title="The July Days",
        body="<p>" + "word " * 500 + "</p>",
        authors=[woods, grant],
        tags=["July Days"],
        events=[event, draft_event],
        people=[lenin, hidden],
        original_publication="First published in 1992.",
        series=make_series(title="The 1917 centenary"),
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert re.search(
        rf'By <a href="{woods.get_absolute_url()}">Alan Woods</a> and '
        rf'<a href="{grant.get_absolute_url()}">Alex Grant</a>',
        html,
    )
    assert (
        f'<time datetime="{timezone.localdate(article.publish_at).isoformat()}"' in html
    )
    assert "3 min read" in html
    assert 'href="/articles/tag/july-days/" rel="tag"' in html
    assert event.get_absolute_url() in html
    assert "Secret event" not in html
    assert lenin.get_absolute_url() in html
    assert "Hidden Person" not in html
    assert "First published in 1992." in html
    assert "The 1917 centenary" in html
    assert '<html lang="en">' in html


def test_a_video_is_embedded_with_a_title_for_screen_readers(client):
    article = make_article(
        title="The October Revolution", kind=Article.Kind.VIDEO, embed_url=YOUTUBE
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<iframe name="article-video" src="{YOUTUBE}"' in html
    assert 'title="Video: The October Revolution"' in html
    assert 'loading="lazy"' in html
    assert "allowfullscreen" in html
    assert 'referrerpolicy="strict-origin-when-cross-origin"' in html


def test_the_interview_shows_its_ten_episodes_in_order_with_their_points(client):
    interview = make_article(
        title="Joshua Rubenstein – Leon Trotsky",
        kind=Article.Kind.INTERVIEW,
        interviewees=[make_person(display_name="Joshua Rubenstein")],
    )
    # Saved out of order: the page puts them in order by number.
    for number in [*range(10, 0, -2), *range(9, 0, -2)]:
        question, points = INTERVIEW[number - 1]
        make_episode(
            article=interview,
            number=number,
            question=question,
            answer_points="\n".join(points),
        )
    response = client.get(interview.get_absolute_url())
    html = response.content.decode()
    assert [episode.number for episode in response.context["episodes"]] == list(
        range(1, 11)
    )
    positions = [html.index(f'id="episode-{number}"') for number in range(1, 11)]
    assert positions == sorted(positions)
    for number, (question, points) in enumerate(INTERVIEW, start=1):
        section = html[positions[number - 1] :].split("</li>\n    \n", 1)[0]
        assert question.replace("&", "&amp;").replace("’", "’") in section
        for point in points:
            assert f"<li>{point.replace('&', '&amp;')}</li>" in section
    assert "Interview with" in html and "Joshua Rubenstein" in html
    assert '<a rel="next" href="#episode-2">' in html
    assert '<a rel="prev" href="#episode-9">' in html
    assert "10 episodes" in html


def test_an_episode_with_a_start_time_plays_the_video_from_there(client):
    interview = make_article(kind=Article.Kind.INTERVIEW, embed_url=YOUTUBE)
    make_episode(article=interview, number=1, video_start=754)
    make_episode(article=interview, number=2)
    html = client.get(interview.get_absolute_url()).content.decode()
    assert (
        f'<a href="{YOUTUBE}?start=754&amp;autoplay=1" target="article-video">' in html
    )
    assert '<time datetime="PT754S">12:34</time>' in html
    assert html.count('target="article-video"') == 1


def test_a_spanish_article_and_its_translation_link_to_each_other(client):
    spanish = make_article(title="La lucha de los trabajadores", language="es")
    english = make_article(
        title="Solidarity with the workers", language="en", translation_of=spanish
    )
    make_article(language="fr", translation_of=spanish, status=Status.DRAFT)

    # The page's interface is English; the article itself says it is Spanish.
    es = client.get(spanish.get_absolute_url()).content.decode()
    assert '<html lang="en">' in es
    assert '<h1 lang="es">La lucha de los trabajadores</h1>' in es
    assert "Read this article in:" in es
    assert (
        f'<a href="{english.get_absolute_url()}" hreflang="en" lang="en">English</a>'
        in es
    )
    assert 'hreflang="fr"' not in es

    en = client.get(english.get_absolute_url()).content.decode()
    assert '<html lang="en">' in en
    assert "Read this article in:" in en
    assert (
        f'<a href="{spanish.get_absolute_url()}" hreflang="es" lang="es">Español</a>'
        in en
    )


def test_an_article_without_live_translations_offers_none(client):
    original = make_article(language="es", status=Status.DRAFT)
    english = make_article(translation_of=original)
    html = client.get(english.get_absolute_url()).content.decode()
    assert "Read this article in" not in html


# Query counts


def _add_articles(count):
    series, _created = Series.objects.get_or_create(slug="many", title="Many")
    people = [make_person() for _ in range(3)]
    for _ in range(count):
        article = make_article(
            authors=people,
            interviewees=people[:1],
            tags=[f"tag {article_number()}", "common", "other"],
            series=series,
            series_position=article_number(),
        )
        make_article(language="es", translation_of=article)


def article_number():
    return Article.objects.count() + 1


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/articles/",
        "/articles/?kind=article&tag=common&series=many&language=en&author=",
        "/articles/tag/common/",
        "/articles/series/many/",
        "/articles/feed/atom/",
        "/articles/feed/rss/",
        "/articles/tag/common/feed/rss/",
    ],
)
def test_list_pages_and_feeds_cost_the_same_for_one_article_or_thirty(client, url):
    _add_articles(1)
    client.get(url)
    one = count_queries(client, url)
    _add_articles(29)
    assert count_queries(client, url) == one


def test_article_page_costs_the_same_with_one_or_thirty_of_everything(client):
    def article_with(count):
        people = [make_person() for _ in range(count)]
        article = make_article(
            kind=Article.Kind.INTERVIEW,
            authors=people,
            interviewees=people,
            people=people,
            events=[make_event() for _ in range(count)],
            tags=[f"tag {number}" for number in range(count)],
        )
        for number in range(1, count + 1):
            make_episode(article=article, number=number)
        for language in ["es", "fr", "de"][: min(count, 3)]:
            make_article(language=language, translation_of=article)
        return article

    small, large = article_with(1), article_with(30)
    client.get(small.get_absolute_url())
    one = count_queries(client, small.get_absolute_url())
    assert count_queries(client, large.get_absolute_url()) == one
    # A translation's page also fetches its original's other translations.
    small_translation, large_translation = (
        Article.objects.filter(translation_of=original).first().get_absolute_url()
        for original in (small, large)
    )
    assert count_queries(client, large_translation) == count_queries(
        client, small_translation
    )


def test_article_page_shows_what_was_published_after_the_server_started(client):
    client.get("/articles/")  # The server is up before these go live.
    soon = timezone.now() + timedelta(minutes=1)
    person = make_person(display_name="N. I. Podvoisky", publish_at=soon)
    event = make_event(title="The Winter Palace", publish_at=soon)
    original = make_article(title="La insurrección", language="es", publish_at=soon)
    article = make_article(people=[person], events=[event], translation_of=original)
    with time_machine.travel(soon + timedelta(minutes=1)):
        html = client.get(article.get_absolute_url()).content.decode()
    assert "N. I. Podvoisky" in html
    assert "The Winter Palace" in html
    assert f'href="{original.get_absolute_url()}" hreflang="es"' in html


# Article lists in the Spanish and Russian interfaces


def test_spanish_readers_see_spanish_articles_first_and_everything_after(client):
    older_spanish = make_article(
        title="La revolución de febrero",
        language="es",
        publish_at=timezone.now() - timedelta(days=30),
    )
    newer_english = make_article(title="The July Days")
    english = client.get("/articles/").context["article_list"]
    assert list(english) == [newer_english, older_spanish]

    response = client.get("/es/articles/")
    assert list(response.context["article_list"]) == [older_spanish, newer_english]
    html = response.content.decode()
    assert '<a href="?language=es">Ver solo esos</a>' in html

    only = client.get("/es/articles/?language=es").context["article_list"]
    assert list(only) == [older_spanish]


def test_the_other_filters_are_kept_when_narrowing_to_the_readers_language(client):
    make_article(title="Видео", kind="video", language="ru")
    html = client.get("/ru/articles/?kind=video").content.decode()
    assert '<a href="?kind=video&amp;language=ru">Показать только их</a>' in html
