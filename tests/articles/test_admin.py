import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from october.core.roles import EDITORS, MODERATORS
from tests.articles.factories import make_article, make_episode, make_series
from tests.core.image_helpers import make_image_file
from tests.people.factories import make_person
from tests.timeline.factories import make_event, make_period

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"
ADD = "/admin/articles/article/add/"


def _user(django_user_model, group=None, **extra):
    user = django_user_model.objects.create_user(
        username=group or "admin", password="pw", is_staff=True, **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(django_user_model):
    return _user(django_user_model, EDITORS)


@pytest.fixture
def moderator(django_user_model):
    return _user(django_user_model, MODERATORS)


@pytest.fixture
def superuser(django_user_model):
    return _user(django_user_model, is_superuser=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _pages():
    series = make_series()
    interview = make_article(kind=Article.Kind.INTERVIEW, series=series)
    make_episode(article=interview)
    article = make_article(
        hero_image=make_image_file("hero.jpg"),
        hero_image_alt="A crowd",
        authors=[make_person()],
        tags=["women"],
    )
    return [
        CHANGELIST,
        ADD,
        f"/admin/articles/article/{interview.pk}/change/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/series/",
        "/admin/articles/series/add/",
        f"/admin/articles/series/{series.pk}/change/",
    ]


@pytest.mark.parametrize("who", ["superuser", "editor"])
def test_staff_who_edit_content_open_every_article_admin_page(client, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in _pages():
        assert client.get(url).status_code == 200, url


def test_moderators_cannot_open_the_article_admin(client, moderator):
    client.force_login(moderator)
    for url in _pages():
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"kind__exact": "video"}, {"Video"}),
        ({"language__exact": "es"}, {"Artículo"}),
        ({"status__exact": "draft"}, {"Draft"}),
        ({"tags__id__exact": "TAG"}, {"Artículo"}),
        ({"series__id__exact": "SERIES"}, {"Video"}),
        ({"period__id__exact": "PERIOD"}, {"Draft"}),
        ({"q": "artíc"}, {"Artículo"}),
    ],
)
def test_changelist_filters_by_kind_language_status_tag_series_and_period(
    editor_client, filters, expected
):
    series, period = make_series(), make_period()
    make_article(title="Video", kind=Article.Kind.VIDEO, series=series)
    spanish = make_article(title="Artículo", language="es", tags=["huelga"])
    make_article(title="Draft", status="draft", period=period)
    ids = {
        "TAG": str(spanish.tags.get().pk),
        "SERIES": str(series.pk),
        "PERIOD": str(period.pk),
    }
    params = {key: ids.get(value, value) for key, value in filters.items()}
    response = editor_client.get(CHANGELIST, params)
    assert response.status_code == 200
    assert {article.title for article in response.context["cl"].result_list} == expected


def test_changelist_shows_the_languages_each_article_exists_in(editor_client):
    spanish = make_article(title="Original", language="es")
    make_article(title="English version", language="en", translation_of=spanish)
    make_article(title="French version", language="fr", translation_of=spanish)
    make_article(title="Alone", language="en")
    html = editor_client.get(CHANGELIST).content.decode()
    assert "ES · EN · FR" in html
    assert "EN · ES · FR" in html
    assert "FR · EN · ES" in html


def test_changelist_queries_do_not_grow_with_articles(editor_client):
    def add(count):
        people = [make_person() for _ in range(2)]
        for _ in range(count):
            original = make_article(
                authors=people,
                tags=["a", "b"],
                series=make_series(),
                hero_image=make_image_file("hero.jpg"),
                hero_image_alt="A crowd",
            )
            make_article(language="es", translation_of=original)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(CHANGELIST).status_code == 200
        return len(captured)

    add(1)
    editor_client.get(CHANGELIST)
    one = queries()
    add(29)
    editor_client.get(CHANGELIST)
    assert queries() == one


def test_series_changelist_queries_do_not_grow_with_series(editor_client):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get("/admin/articles/series/").status_code == 200
        return len(captured)

    make_article(series=make_series())
    one = queries()
    for _ in range(29):
        make_article(series=make_series())
    assert queries() == one


def _form_data(**overrides):
    data = {
        "kind": "video",
        "title": "The October Revolution",
        "slug": "the-october-revolution",
        "standfirst": "Alan Woods discusses the October Revolution.",
        "body": "",
        "embed_url": "https://youtu.be/dQw4w9WgXcQ",
        "language": "en",
        "tags": "october, video",
        "status": "published",
        "publish_at_0": "2017-11-07",
        "publish_at_1": "10:00:00",
        "authorships-TOTAL_FORMS": "0",
        "authorships-INITIAL_FORMS": "0",
        "episodes-TOTAL_FORMS": "0",
        "episodes-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_adding_a_video_stores_the_privacy_enhanced_player_address(editor_client):
    response = editor_client.post(ADD, _form_data())
    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get()
    assert article.embed_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert set(article.tags.names()) == {"october", "video"}


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/embed/dQw4w9WgXcQ",
        "javascript:alert(1)",
        "http://evil/youtube.com/watch?v=dQw4w9WgXcQ",
    ],
)
def test_a_video_from_anywhere_else_is_a_form_error(editor_client, url):
    response = editor_client.post(ADD, _form_data(embed_url=url))
    assert response.status_code == 200
    assert "YouTube or Vimeo" in str(response.context["adminform"].form.errors)
    assert not Article.objects.exists()


def test_a_written_article_with_a_video_is_a_form_error(editor_client):
    response = editor_client.post(ADD, _form_data(kind="article"))
    assert response.status_code == 200
    assert "Only videos" in str(response.context["adminform"].form.errors)


def test_an_interview_is_saved_with_its_authors_and_episodes(editor_client):
    historian, interviewer = make_person(), make_person()
    event = make_event()
    data = _form_data(
        kind="interview",
        interviewees=[historian.pk],
        events=[event.pk],
        **{
            "authorships-TOTAL_FORMS": "1",
            "authorships-0-person": interviewer.pk,
            "authorships-0-order": "0",
            "episodes-TOTAL_FORMS": "2",
            "episodes-0-number": "2",
            "episodes-0-question": "How radical was Trotsky?",
            "episodes-0-answer_points": "Seen as radical\nPermanent revolution",
            "episodes-0-video_start": "750",
            "episodes-1-number": "1",
            "episodes-1-question": "Intro",
            "episodes-1-answer_points": "Studied at Columbia",
        },
    )
    response = editor_client.post(ADD, data)
    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get()
    assert article.ordered_authors == [interviewer]
    assert list(article.interviewees.all()) == [historian]
    assert [e.number for e in article.episodes.all()] == [1, 2]
    assert list(article.events.all()) == [event]


def test_episodes_on_an_article_that_is_not_an_interview_are_refused(editor_client):
    data = _form_data(
        **{
            "episodes-TOTAL_FORMS": "1",
            "episodes-0-number": "1",
            "episodes-0-question": "Intro",
            "episodes-0-answer_points": "Point",
        }
    )
    response = editor_client.post(ADD, data)
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_episodes_are_offered_only_on_interviews(editor_client):
    video = make_article(kind=Article.Kind.VIDEO)
    interview = make_article(kind=Article.Kind.INTERVIEW)
    html = editor_client.get(f"/admin/articles/article/{video.pk}/change/")
    assert "episodes-TOTAL_FORMS" not in html.content.decode()
    html = editor_client.get(f"/admin/articles/article/{interview.pk}/change/")
    assert "episodes-TOTAL_FORMS" in html.content.decode()


def test_translations_are_picked_by_autocomplete(editor_client):
    make_article(title="La lucha de los trabajadores del Garrahan", language="es")
    make_article(title="Something else")
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "term": "garrahan",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "translation_of",
        },
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [result["text"] for result in results] == [
        "La lucha de los trabajadores del Garrahan"
    ]


def test_the_series_page_puts_its_articles_in_order(editor_client):
    series = make_series()
    first = make_article(series=series, series_position=1)
    second = make_article(series=series, series_position=2)
    prefix = "articles-"
    response = editor_client.get(f"/admin/articles/series/{series.pk}/change/")
    assert prefix + "TOTAL_FORMS" in response.content.decode()
    response = editor_client.post(
        f"/admin/articles/series/{series.pk}/change/",
        {
            "title": series.title,
            "slug": series.slug,
            "description": series.description,
            "articles-TOTAL_FORMS": "2",
            "articles-INITIAL_FORMS": "2",
            "articles-0-id": first.pk,
            "articles-0-series": series.pk,
            "articles-0-series_position": "2",
            "articles-1-id": second.pk,
            "articles-1-series": series.pk,
            "articles-1-series_position": "1",
        },
    )
    assert response.status_code == 302
    assert list(Article.objects.filter(series=series).in_series_order()) == [
        second,
        first,
    ]
