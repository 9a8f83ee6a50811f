from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from october.core.publishing import Status
from tests.articles.factories import make_article, make_episode, make_series
from tests.core.image_helpers import make_image_file
from tests.people.factories import make_person

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"


# Publishing


def test_live_articles_exclude_drafts_and_future_ones_but_not_the_just_published():
    now = timezone.now()
    live = make_article(publish_at=now - timedelta(seconds=1))
    make_article(status=Status.DRAFT)
    make_article(publish_at=now + timedelta(minutes=1))
    assert list(Article.objects.live()) == [live]


def test_articles_are_listed_newest_first():
    now = timezone.now()
    older = make_article(publish_at=now - timedelta(days=2))
    newer = make_article(publish_at=now - timedelta(days=1))
    assert list(Article.objects.all()) == [newer, older]


def test_slug_is_made_from_the_title_when_left_empty():
    article = make_article(title="Lenin and the April Theses", slug="")
    assert article.slug == "lenin-and-the-april-theses"
    assert article.get_absolute_url() == "/articles/lenin-and-the-april-theses/"


# Reading time


@pytest.mark.parametrize(
    "words, minutes", [(0, 0), (1, 1), (220, 1), (221, 2), (2200, 10)]
)
def test_reading_time_is_stored_from_the_words_of_the_body(words, minutes):
    body = f"<p>{' '.join(['word'] * words)}</p>" if words else ""
    article = make_article(body=body)
    article.refresh_from_db()
    assert article.reading_minutes == minutes


def test_reading_time_ignores_markup_and_follows_edits():
    article = make_article(body="<p><strong>One</strong> <em>two</em></p>")
    assert article.reading_minutes == 1
    article.body = ""
    article.save()
    assert article.reading_minutes == 0


# Video


def test_the_database_refuses_a_video_address_from_another_host():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(kind=Article.Kind.VIDEO, embed_url="https://evil.example/x")


def test_the_database_refuses_a_video_on_a_written_article():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(kind=Article.Kind.ARTICLE, embed_url=YOUTUBE)


@pytest.mark.parametrize("kind", ["video", "documentary", "interview"])
def test_videos_documentaries_and_interviews_carry_a_video(kind):
    article = make_article(kind=kind, embed_url=YOUTUBE)
    article.full_clean()
    assert article.is_video


def test_full_clean_explains_a_video_on_a_written_article():
    article = make_article()
    article.embed_url = YOUTUBE
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "Only videos" in error.value.message_dict["embed_url"][0]


def test_full_clean_refuses_an_address_that_is_not_a_player():
    article = make_article(kind=Article.Kind.VIDEO)
    article.embed_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "embed_url" in error.value.message_dict


# Images


def test_an_image_needs_its_description():
    article = make_article(hero_image=make_image_file("hero.jpg"), hero_image_alt="A")
    article.hero_image_alt = " "
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "hero_image_alt" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(hero_image_alt="")


# Authors and people


def test_authors_are_named_in_their_order():
    first, second, third = make_person(), make_person(), make_person()
    article = make_article(authors=[second, third, first])
    assert article.ordered_authors == [second, third, first]


def test_by_person_finds_articles_written_and_interviews_given():
    person = make_person()
    written = make_article(authors=[person, make_person()])
    interview = make_article(kind=Article.Kind.INTERVIEW, interviewees=[person])
    make_article(people=[person])
    make_article()
    found = set(Article.objects.by_person(person))
    assert found == {written, interview}


def test_about_person_finds_articles_that_discuss_them():
    person = make_person()
    about = make_article(people=[person, make_person()])
    make_article(authors=[person])
    assert list(Article.objects.about_person(person)) == [about]


# Translations


def test_every_article_of_a_translation_group_sees_the_others():
    original = make_article(language="es")
    english = make_article(language="en", translation_of=original)
    french = make_article(language="fr", translation_of=original)
    for article in (original, english, french):
        assert set(article.translation_group()) == {original, english, french}
    assert make_article().translation_group() != [english]


def test_a_group_has_one_translation_per_language():
    original = make_article(language="es")
    make_article(language="en", translation_of=original)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(language="en", translation_of=original)


def test_an_article_cannot_translate_itself():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(translation_of=article)


def test_full_clean_points_a_translation_of_a_translation_to_the_original():
    original = make_article(language="es", title="La lucha")
    english = make_article(language="en", translation_of=original)
    french = make_article(language="fr")
    french.translation_of = english
    with pytest.raises(ValidationError) as error:
        french.full_clean()
    assert "La lucha" in error.value.message_dict["translation_of"][0]


def test_full_clean_refuses_a_translation_in_the_original_language():
    original = make_article(language="es")
    copy = make_article(language="es")
    copy.translation_of = original
    with pytest.raises(ValidationError) as error:
        copy.full_clean()
    assert "language" in error.value.message_dict


def test_full_clean_refuses_to_make_an_original_a_translation():
    original = make_article(language="es")
    make_article(language="en", translation_of=original)
    other = make_article(language="fr")
    original.translation_of = other
    with pytest.raises(ValidationError) as error:
        original.full_clean()
    assert "translation_of" in error.value.message_dict


def test_language_is_named_in_its_own_language():
    assert make_article(language="es").language_name == "Español"
    assert make_article(language="en").language_name == "English"


# Series


def test_series_order_puts_positioned_articles_first_in_position_order():
    series = make_series()
    now = timezone.now()
    loose = make_article(series=series, publish_at=now - timedelta(hours=2))
    second = make_article(series=series, series_position=2)
    first = make_article(series=series, series_position=1)
    ordered = list(Article.objects.filter(series=series).in_series_order())
    assert ordered == [first, second, loose]
    assert series.get_absolute_url() == f"/articles/series/{series.slug}/"


# Interview episodes


def test_answer_points_are_the_lines_of_the_text():
    episode = make_episode(answer_points="  Masterful writer \n\nGreat orator\n")
    assert episode.points == ["Masterful writer", "Great orator"]


@pytest.mark.parametrize(
    "seconds, shown", [(None, ""), (0, "0:00"), (65, "1:05"), (3723, "1:02:03")]
)
def test_start_time_is_shown_as_a_clock(seconds, shown):
    assert make_episode(video_start=seconds).start_display == shown


def test_an_episode_links_into_the_interview_video_at_its_start():
    interview = make_article(kind=Article.Kind.INTERVIEW, embed_url=YOUTUBE)
    episode = make_episode(article=interview, number=3, video_start=754)
    assert episode.video_url == f"{YOUTUBE}?start=754&autoplay=1"
    assert episode.get_absolute_url() == f"{interview.get_absolute_url()}#episode-3"
    assert make_episode(article=interview, number=4).video_url == ""


def test_episode_numbers_are_unique_per_interview_and_start_at_one():
    interview = make_article(kind=Article.Kind.INTERVIEW)
    make_episode(article=interview, number=1)
    make_episode(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_episode(article=interview, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_episode(article=interview, number=0)


def test_only_interviews_have_episodes():
    episode = make_episode(article=make_article(kind=Article.Kind.VIDEO))
    with pytest.raises(ValidationError):
        episode.full_clean()
