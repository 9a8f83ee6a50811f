"""The demo content: loaded from fixtures/, complete, live and loadable twice.

The content is loaded once for the module inside a transaction that is rolled
back at the end, so each test sees it without paying for a fresh load
(placeholder images make a load take a few seconds).
"""

import json
import re
from datetime import date, timedelta
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

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
# The six events of the first timeline, with the seed's titles.
SEED_EVENTS = {
    "february-revolution": "The February Revolution",
    "lenin-returns": "Lenin Returns",
    "june-days": "The June Days",
    "july-days": "The July Days",
    "kornilov-affair": "The Kornilov Affair",
    "october-revolution": "The October Revolution",
}
PERIODS = [
    "february",
    "april",
    "june-days",
    "july-days",
    "kornilov",
    "october",
    "soviet-power",
    "brest-litovsk",
]
# Public text never says how the demo content was made.
SEED_WORDS = re.compile(r"\bseeds?\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", allow_production=True, stdout=StringIO())
        yield
        transaction.set_rollback(True)


def fixture(name):
    with open(FIXTURES_DIR / f"{name}.json", encoding="utf-8") as file:
        return json.load(file)


def test_the_chronology_runs_from_february_1917_to_brest_litovsk(demo, db):
    events = list(Event.objects.live().select_related("period"))
    assert len(events) >= 80
    first, last = events[0], events[-1]
    assert (first.start, first.start_calendar) == (date(1917, 3, 8), "julian")
    assert last.slug == "treaty-of-brest-litovsk"
    assert (last.start, last.start_calendar) == (date(1918, 3, 3), "gregorian")
    assert Event.objects.filter(
        slug="constituent-assembly-opens-and-is-dissolved", start=date(1918, 1, 18)
    ).exists()
    # Russia's events before the switch are entered in the Old Style.
    before_switch = [e for e in events if e.start < date(1918, 2, 14)]
    julian = [e for e in before_switch if e.start_calendar == "julian"]
    assert len(julian) >= len(before_switch) - 3
    after_switch = [e for e in events if e not in before_switch]
    assert all(e.start_calendar == "gregorian" for e in after_switch)
    for event in events:
        assert event.period and event.place, event.slug
        assert 0 < len(event.summary) <= 600, event.slug
        assert len(event.body) > 400, event.slug
        assert event.period.start <= event.start <= event.period.end, event.slug


def test_the_seed_timeline_events_keep_their_titles_and_summaries(demo, db):
    events = Event.objects.in_bulk(list(SEED_EVENTS), field_name="slug")
    assert {slug: event.title for slug, event in events.items()} == SEED_EVENTS
    october = events["october-revolution"]
    assert october.start == date(1917, 11, 7)
    assert october.start_calendar == "julian"
    assert october.summary.startswith("The Provisional Government is overthrown.")
    assert "the Military Revolutionary Committee" in october.body
    assert events["kornilov-affair"].summary.endswith(
        "who attempted to march on Petrograd and crush the revolutionary movement "
        "in its entirety."
    )


def test_every_event_has_sources_as_real_citations(demo, db):
    for event in Event.objects.prefetch_related("sources"):
        sources = list(event.sources.all())
        assert sources, event.slug
        for source in sources:
            assert source.title and source.author, (event.slug, source.title)
            # Only works revised online all the time go without a year.
            assert source.year or source.url.startswith(
                ("https://www.britannica.com/", "https://www.marxists.org/glossary/")
            ), source.citation
            assert not SEED_WORDS.search(source.citation), source.citation
    trotsky = Event.objects.get(slug="international-womens-day-strike").sources.first()
    assert trotsky.citation == (
        "Leon Trotsky, The History of the Russian Revolution (1930), "
        "vol. 1, ch. 7, “Five Days”"
    )
    assert trotsky.url == "https://www.marxists.org/archive/trotsky/1930/hrr/ch07.htm"


def test_the_october_revolution_page_names_no_seed_pages(demo, db, client):
    html = client.get("/timeline/october-revolution/").content.decode()
    assert "Rabinowitch" in html and "Ten Days That Shook the World" in html
    assert not SEED_WORDS.search(html)


def test_nothing_public_says_how_the_content_was_made(demo, db):
    public = {
        Event: ["title", "summary", "body", "place", "date_note", "image_credit"],
        Person: ["display_name", "summary", "biography", "roles", "birth_place"],
        Period: ["title", "description"],
    }
    for model, fields in public.items():
        for values in model.objects.values(*fields):
            for field, value in values.items():
                assert not SEED_WORDS.search(value or ""), (model, field, value)


def test_the_periods_have_real_spans_one_after_another(demo, db):
    periods = list(Period.objects.all())
    assert [period.slug for period in periods] == PERIODS
    assert periods[0].start == date(1917, 3, 8)  # 23 February O.S.
    assert periods[-1].end == date(1918, 3, 3)
    for earlier, later in zip(periods, periods[1:], strict=False):
        assert earlier.start < earlier.end
        assert later.start == earlier.end + timedelta(days=1), later.slug


def test_every_historical_figure_has_a_sourced_biography(demo, db):
    historical = Person.objects.filter(
        kind=Person.Kind.HISTORICAL_FIGURE
    ).prefetch_related("sources")
    assert historical.count() >= 32
    for person in historical:
        words = len(re.sub("<[^>]+>", " ", person.biography).split())
        assert words >= 250, (person.slug, words)
        assert person.sources.all(), person.slug
        assert person.role_list, person.slug
    kerensky = Person.objects.get(slug="kerensky")
    assert kerensky.birth == date(1881, 5, 4)  # 22 April 1881 O.S.
    assert kerensky.native_name == "Александр Фёдорович Керенский"


def test_articles_are_dated_when_they_were_published(demo, db):
    def day(slug):
        return timezone.localtime(Article.objects.get(slug=slug).publish_at).date()

    assert day("overview-of-the-russian-revolution-and-its-lessons") == date(
        2017, 11, 7
    )
    assert day("how-the-working-class-defeated-kornilov") == date(2017, 8, 28)
    assert day("trotsky-my-life") == date(2017, 8, 21)
    assert day("solidarity-with-the-workers-of-garrahan") == date(2005, 8, 15)
    assert not Article.objects.filter(publish_at__year__gt=2017).exists()
    for item in fixture("articles")["articles"]:
        assert item["published"] and item["_published"], item["slug"]


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
        event.image
        and "Placeholder" in event.image_alt
        and event.image_credit == "Placeholder image, In Defence of October"
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


def test_filling_empty_fields_brings_an_older_demo_up_to_date(demo, db):
    # What a database loaded from the first fixtures looks like.
    october = Event.objects.get(slug="october-revolution")
    Event.objects.filter(pk=october.pk).update(body="", image_credit="")
    october.sources.all().delete()
    october.sources.create(title="Seed page 002: the insurrection on 25th October")
    Event.objects.filter(slug="july-days").update(body="<p>An editor's account.</p>")
    Period.objects.filter(slug="june-days").update(start=None, end=None)
    Person.objects.filter(slug="kerensky").update(biography="")
    Person.objects.get(slug="kerensky").sources.all().delete()
    article = Article.objects.get(slug="trotsky-my-life")
    Article.objects.filter(pk=article.pk).update(
        publish_at=article.created_at - timedelta(hours=1)
    )

    assert load_demo() == {}
    filled = load_demo(fill_empty=True)

    assert filled["events filled"] == 1
    october.refresh_from_db()
    assert "the Military Revolutionary Committee" in october.body
    assert october.image_credit == "Placeholder image, In Defence of October"
    # An event that has sources keeps them: editors choose them.
    assert [s.title for s in october.sources.all()] == [
        "Seed page 002: the insurrection on 25th October"
    ]
    assert Event.objects.get(slug="july-days").body == "<p>An editor's account.</p>"
    assert Period.objects.get(slug="june-days").start == date(1917, 6, 16)
    kerensky = Person.objects.get(slug="kerensky")
    assert len(kerensky.biography) > 1000 and kerensky.sources.count() == 4
    assert timezone.localtime(
        Article.objects.get(slug="trotsky-my-life").publish_at
    ).date() == date(2017, 8, 21)
    assert load_demo(fill_empty=True) == {}


def test_the_command_refuses_to_run_in_production(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="allow-production"):
        call_command("load_demo")


def test_the_fixtures_gregorian_dates_agree_with_the_sites_conversion():
    dated = [
        value
        for event in fixture("events")["events"]
        for value in (event["start"], event.get("end"))
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
