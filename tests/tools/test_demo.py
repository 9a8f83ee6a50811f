"""The demo content: loaded from fixtures/, complete, live and loadable twice.

The content is loaded once for the module inside a transaction that is rolled
back at the end, so each test sees it without paying for a fresh load
(placeholder images make a load take a few seconds).
"""

import json
from datetime import date
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from articles.models import Article
from guides.models import GuideEntry, ReadingGuide
from october.core.dates import to_gregorian
from october.tools.demo import FIXTURES_DIR, load_demo
from people.models import Person, Quote
from reviews.models import Book, ReadingStatus, Review
from reviews.services import book_counters_recount
from timeline.models import Event, Period

HOME_PAGE_PEOPLE = [
    "lenin",
    "trotsky",
    "plekhanov",
    "zinoviev",
    "sverdlov",
    "volodarsky",
]
EVENTS = [
    "The February Revolution",
    "Lenin Returns",
    "The June Days",
    "The July Days",
    "The Kornilov Affair",
    "The October Revolution",
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", allow_production=True, stdout=StringIO())
        yield
        transaction.set_rollback(True)


def fixture(name):
    with open(FIXTURES_DIR / f"{name}.json", encoding="utf-8") as file:
        return json.load(file)


def test_the_six_events_are_loaded_in_date_order_with_their_seed_summaries(demo, db):
    events = list(Event.objects.live())
    assert [event.title for event in events] == EVENTS
    october = Event.objects.get(slug="october-revolution")
    assert october.start == date(1917, 11, 7)
    assert october.start_calendar == "julian"
    assert october.summary.startswith("The Provisional Government is overthrown.")
    assert october.sources.exists()
    assert all(event.period for event in events)
    assert Period.objects.count() == 6


def test_the_home_page_people_have_their_featured_quotes(demo, db):
    people = (
        Person.objects.live()
        .with_featured_quote()
        .in_bulk(HOME_PAGE_PEOPLE, field_name="slug")
    )
    assert len(people) == 6
    trotsky = people["trotsky"]
    assert trotsky.featured_quote.text == (
        "Astounding speeches, fanfares of orders, the unceasing electrifier of a "
        "weakening army."
    )
    assert trotsky.native_name == "Лев Троцкий"
    assert {"Trotskii", "Trotzki", "Bronstein"} <= set(trotsky.alternative_name_list)
    assert trotsky.birth == date(1879, 11, 7)
    assert "Ulyanov" in people["lenin"].alternative_name_list
    assert all(person.featured_quote for person in people.values())


def test_the_authors_and_the_interviewed_historian_are_loaded(demo, db):
    assert Person.objects.get(slug="joshua-rubenstein").kind == Person.Kind.HISTORIAN
    assert Person.objects.filter(kind=Person.Kind.AUTHOR).count() >= 5


def test_the_book_has_the_seeds_ratings_reviews_and_shelves(demo, db):
    book = Book.objects.live().get(slug="in-defence-of-the-october-revolution")
    assert book.pages == 32
    assert book.first_published_year == 1932
    assert "Copenhagen" in book.description
    assert list(book.authors.values_list("slug", flat=True)) == ["trotsky"]
    assert book.ratings_count == 51
    assert book.star_counts() == {5: 35, 4: 13, 3: 1, 2: 1, 1: 1}
    assert [row.percent for row in book.rating_histogram()] == [69, 25, 2, 2, 2]
    assert book.reviews_count == 4
    assert book.reading_count == 2
    assert book.want_to_read_count == 62

    written = Review.objects.public().filter(book=book).order_by("created_at")
    assert [r.reader.get_username() for r in written] == [
        "Gilly_Singh",
        "Connor_B",
        "zach",
        "Harley",
    ]
    assert written[0].created_at.date() == date(2020, 11, 22)
    assert {r.decided_by.get_username() for r in written} == {"moderator"}
    assert book_counters_recount() == []


def test_the_interview_has_its_ten_episodes_in_order(demo, db):
    interview = Article.objects.live().get(kind=Article.Kind.INTERVIEW)
    assert interview.title == "Joshua Rubenstein – Leon Trotsky"
    assert list(interview.interviewees.values_list("slug", flat=True)) == [
        "joshua-rubenstein"
    ]
    episodes = list(interview.episodes.all())
    assert [episode.number for episode in episodes] == list(range(1, 11))
    assert episodes[1].question == "What was Trotsky’s childhood like?"
    assert episodes[1].points[0] == "Raised in Southern Russia / Ukraine not in Pale"
    assert episodes[9].points == [
        "Need to adhere to basic democratic values",
        "Look for moderate way forward; avoid violence",
        "Importance of civil liberties",
        "Fanaticism – be wary whether from the right or the left",
    ]
    assert sum(len(episode.points) for episode in episodes) == 54


def test_the_centenary_series_holds_the_seed_articles_and_videos(demo, db):
    series = Article.objects.live().filter(series__slug="1917-centenary")
    assert series.count() == 21
    assert series.filter(kind=Article.Kind.VIDEO).count() == 5
    video = series.get(slug="the-october-revolution-the-masses-take-power")
    assert [person.slug for person in video.ordered_authors] == ["alan-woods"]
    assert video.period.slug == "october"


def test_the_spanish_articles_are_loaded_with_their_translation(demo, db):
    spanish = Article.objects.live().filter(language="es")
    assert spanish.count() == 3
    original = spanish.get(slug="la-lucha-de-los-trabajadores-del-garrahan")
    assert [(a.language, a.slug) for a in original.translation_group()] == [
        ("es", "la-lucha-de-los-trabajadores-del-garrahan"),
        ("en", "solidarity-with-the-workers-of-garrahan"),
    ]
    assert all("argentina.elmilitante.org" in article.body for article in spanish)


def test_the_six_reading_guides_have_their_entries_in_order(demo, db):
    guides = list(ReadingGuide.objects.live().select_related("period"))
    assert [guide.title for guide in guides] == [
        "The 1917 February Revolution",
        "Lenin Returns in April",
        "The June Days 1917",
        "The July Days 1917",
        "The Kornilov affair",
        "The October Insurrection 1917",
    ]
    assert [guide.period.slug for guide in guides] == [
        "february",
        "april",
        "june-days",
        "july-days",
        "kornilov",
        "october",
    ]
    october = guides[-1]
    entries = list(october.entries.all())
    assert [entry.position for entry in entries] == [10, 20, 30, 40, 50, 60, 70, 80]
    assert entries[0].article.slug == "lenin-and-the-build-up-to-the-insurrection"
    assert entries[-2].kind == GuideEntry.Kind.BOOK
    assert entries[-1].kind == GuideEntry.Kind.LINK
    assert all(entry.url for entry in GuideEntry.objects.all())


def test_every_loaded_item_is_live(demo, db):
    for model in (Person, Event, Book, Article, ReadingGuide):
        assert model.objects.exists()
        assert model.objects.count() == model.objects.live().count()


def test_placeholder_images_say_they_are_placeholders(demo, db):
    lenin = Person.objects.get(slug="lenin")
    assert lenin.portrait
    assert lenin.portrait_alt == "Placeholder portrait for V. I. Lenin"
    assert all(
        event.image and "Placeholder" in event.image_alt
        for event in Event.objects.all()
    )
    book = Book.objects.get()
    assert book.cover and book.cover_alt.startswith("Placeholder cover")


def test_loading_again_creates_nothing_and_keeps_editors_changes(demo, db):
    Event.objects.filter(slug="july-days").update(place="Petrograd and Kronstadt")
    counts = {
        model: model.objects.count()
        for model in (
            Period,
            Person,
            Quote,
            Event,
            Book,
            Review,
            ReadingStatus,
            Article,
            ReadingGuide,
            GuideEntry,
        )
    }

    assert load_demo() == {}

    assert counts == {model: model.objects.count() for model in counts}
    assert Event.objects.get(slug="july-days").place == "Petrograd and Kronstadt"
    assert Book.objects.get().ratings_count == 51


def test_the_command_refuses_to_run_in_production(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="allow-production"):
        call_command("load_demo")


def test_the_fixtures_gregorian_dates_agree_with_the_sites_conversion():
    dated = [
        value
        for event in fixture("events")["events"]
        for value in (event["start"], event["end"])
        if value
    ] + [
        value
        for person in fixture("people")["people"]
        for value in (person.get("birth"), person.get("death"))
        if value
    ]
    assert len([value for value in dated if value["calendar"] == "julian"]) >= 12
    for value in dated:
        year, month, day = [*map(int, value["date"].split("-")), 1, 1][:3]
        stored = to_gregorian(year, month, day, calendar=value["calendar"])
        assert stored == date.fromisoformat(value["gregorian"]), value


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = set()

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.add(href)


def test_the_home_page_and_every_page_it_links_to_answer(demo, db, client):
    response = client.get("/")
    assert response.status_code == 200
    parser = _Links()
    parser.feed(response.content.decode())
    paths = set()
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        paths.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert paths
    failures = {
        path: client.get(path).status_code
        for path in sorted(paths)
        if not path.startswith("/admin/")
    }
    assert {path: status for path, status in failures.items() if status != 200} == {}
