"""The demo content of ``fixtures/``: what the seed pages show, loaded as rows.

Each fixture file holds one kind of content under natural keys (slugs for
content, usernames for readers); ``fixtures/README.md`` describes the format
and where every fact comes from. Keys starting with "_" are notes for people
and are ignored here.

Loading goes through the models (so slugs, sanitised HTML and image checks
apply) and, for the book's figures, through the reviews app's own recount.
It creates what is missing and leaves whatever already exists alone: it runs
on every ``make run`` without duplicating anything and without undoing an
editor's changes to a demo item. Asked to (``fill_empty``), it also fills in
the fields of existing demo items that are still empty, for databases loaded
from an older version of the fixtures. Everything is published with a
``publish_at`` in the past, so it is live at once; articles on the day the
fixture says they were first published. Images the seeds lack are generated
placeholders whose alt text says so.
"""

import json
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from articles.models import Article, ArticleAuthor, InterviewEpisode, Series
from guides.models import GuideEntry, ReadingGuide
from october.accounts.models import ReaderProfile
from october.core.dates import Calendar, Precision, to_gregorian
from october.core.images import placeholder_image
from october.core.publishing import Status
from october.core.roles import EDITORS, MODERATORS
from people.models import BiographySource, Person, Quote
from reviews.models import Book, ReadingStatus, Review
from reviews.services import book_counters_recount
from timeline.models import Event, Period, Source

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"

# Sizes of the generated placeholders, by kind of picture.
PORTRAIT = (480, 480)
LANDSCAPE = (960, 540)
GUIDE_COVER = (900, 600)
COVER = (400, 600)

# Local staff accounts, with a password everybody knows.
DEMO_PASSWORD = "october1917"
DEMO_STAFF = [
    ("admin", {"is_superuser": True}, None),
    ("editor", {}, EDITORS),
    ("moderator", {}, MODERATORS),
]

# Who the placeholder images are credited to.
PLACEHOLDER_CREDIT = "Placeholder image, In Defence of October"

# Bare ratings and shelves come from generated readers with these names.
DEMO_READER = "demo-reader-{:03d}"
SHELVES = {
    "currently_reading": ReadingStatus.Shelf.CURRENTLY_READING,
    "want_to_read": ReadingStatus.Shelf.WANT_TO_READ,
    "read": ReadingStatus.Shelf.READ,
}


def load_demo(
    *,
    directory: Path = FIXTURES_DIR,
    moderator_username: str = "moderator",
    show_progress: bool = False,
    fill_empty: bool = False,
) -> Counter:
    """Create the demo content that is not in the database yet.

    Returns how many rows of each kind were created (an empty Counter when
    everything was already there). ``moderator_username`` names the account
    recorded as having approved the written reviews; without it they are
    recorded as approved by nobody in particular. ``show_progress`` shows a
    bar of the steps on stderr.

    With ``fill_empty``, demo items already in the database also get what the
    fixtures have and they lack: a period's dates, an event's account, date
    note, people and sources, a person's biography, roles and sources, an
    article's publication date while it is still the day it was loaded. What
    an editor has filled in is never replaced. The Counter then also counts
    the items filled ("events filled", ...).
    """
    loader = _Loader(directory, moderator_username, fill_empty=fill_empty)
    with transaction.atomic():
        loader.load(show_progress=show_progress)
    return +loader.created


def demo_staff_create() -> list[str]:
    """The local staff accounts (password ``DEMO_PASSWORD``) that are missing;
    returns the usernames created."""
    User = get_user_model()
    created = []
    for username, flags, group_name in DEMO_STAFF:
        if User.objects.filter(username=username).exists():
            continue
        user = User.objects.create_user(
            username=username,
            email=f"{username}@example.org",
            password=DEMO_PASSWORD,
            is_staff=True,
            **flags,
        )
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        created.append(username)
    return created


def _published(at):
    return {"status": Status.PUBLISHED, "publish_at": at}


def _date(value: str | dict | None) -> date | None:
    """A Gregorian day from "1917-03-08" or a dual date of the fixtures."""
    if not value:
        return None
    if isinstance(value, str):
        return date.fromisoformat(value)
    return _dual_date(value, "day")["day"]


def _published_at(value: str | None):
    """Noon, in the site's time zone, of the day a fixture says an item was
    published: the same day wherever the reader is."""
    if not value:
        return None
    return timezone.make_aware(datetime.combine(date.fromisoformat(value), time(12)))


def _dual_date(value: dict | None, name: str) -> dict:
    """The three fields of a dual date from its fixture form.

    ``{"date": "1917-10-25", "calendar": "julian"}`` gives the Gregorian day
    (by the site's own conversion), the calendar and the precision. A date of
    only "YYYY" or "YYYY-MM" is the first day of that year or month in its
    calendar, with year or month precision, as ``october.core.dates`` stores them.
    """
    if not value:
        return {name: None}
    parts = [int(part) for part in value["date"].split("-")]
    precision = [Precision.YEAR, Precision.MONTH, Precision.DAY][len(parts) - 1]
    year, month, day = [*parts, 1, 1][:3]
    calendar = value.get("calendar", Calendar.GREGORIAN)
    return {
        name: to_gregorian(year, month, day, calendar=calendar),
        f"{name}_calendar": calendar,
        f"{name}_precision": value.get("precision", precision),
    }


class _Loader:
    def __init__(self, directory: Path, moderator_username: str, fill_empty=False):
        self.directory = Path(directory)
        self.moderator_username = moderator_username
        self.fill_empty = fill_empty
        self.created = Counter()
        # Everything goes live an hour before loading; articles step back a
        # minute each so the fixture order is the "latest first" order.
        self.published_at = timezone.now() - timedelta(hours=1)

    def load(self, *, show_progress: bool = False):
        steps = [
            ("periods", self.load_periods),
            ("people", self.load_people),
            ("events", self.load_events),
            ("books", self.load_books),
            ("reviews", self.load_reviews),
            ("articles", self.load_articles),
            ("guides", self.load_guides),
        ]
        # Most of the time goes into the placeholder images of a first load.
        with tqdm(steps, unit="steps", disable=not show_progress) as bar:
            for name, step in bar:
                bar.set_description(name)
                setattr(self, name, step())

    def read(self, name: str) -> dict:
        with open(self.directory / f"{name}.json", encoding="utf-8") as file:
            return json.load(file)

    # Timeline and people

    def load_periods(self) -> dict[str, Period]:
        periods = {}
        for item in self.read("periods")["periods"]:
            values = {
                "title": item["title"],
                "order": item["order"],
                "description": item.get("description", ""),
                "start": _date(item.get("start")),
                "end": _date(item.get("end")),
            }
            period, created = Period.objects.get_or_create(
                slug=item["slug"], defaults=values
            )
            self.created["periods"] += created
            if not created and self.fill_empty:
                self.fill(period, values, "periods")
            periods[period.slug] = period
        return periods

    def load_people(self) -> dict[str, Person]:
        people = {}
        for item in self.read("people")["people"]:
            person = Person.objects.filter(slug=item["slug"]).first()
            if person is None:
                person = self.create_person(item)
            elif self.fill_empty:
                self.fill_person(person, item)
            people[person.slug] = person
        return people

    def create_person(self, item: dict) -> Person:
        person = Person(
            slug=item["slug"],
            display_name=item["display_name"],
            sort_name=item.get("sort_name", ""),
            full_name=item.get("full_name", ""),
            birth_name=item.get("birth_name", ""),
            native_name=item.get("native_name", ""),
            alternative_names="\n".join(item.get("alternative_names", [])),
            kind=item["kind"],
            roles="\n".join(item.get("roles", [])),
            **_dual_date(item.get("birth"), "birth"),
            birth_place=item.get("birth_place", ""),
            **_dual_date(item.get("death"), "death"),
            death_place=item.get("death_place", ""),
            summary=item.get("summary", ""),
            biography=item.get("biography", ""),
            portrait_alt=f"Placeholder portrait for {item['display_name']}",
            **_published(self.published_at),
        )
        self.add_placeholder(person, "portrait", item["display_name"], PORTRAIT)
        person.save()
        self.created["people"] += 1
        for order, quote in enumerate(item.get("quotes", [])):
            Quote.objects.create(
                person=person,
                text=quote["text"],
                said_by=quote.get("said_by", ""),
                source_title=quote.get("source_title", ""),
                year=quote.get("year"),
                is_featured=quote.get("featured", False),
                order=order,
            )
            self.created["quotes"] += 1
        self.add_sources(BiographySource, "person", person, item)
        return person

    def fill_person(self, person: Person, item: dict):
        """An existing person's biography, roles and sources, where empty."""
        values = {
            "summary": item.get("summary", ""),
            "biography": item.get("biography", ""),
            "roles": "\n".join(item.get("roles", [])),
        }
        filled = self.fill(person, values, "people")
        if not person.sources.exists() and self.add_sources(
            BiographySource, "person", person, item
        ):
            self.created["people filled"] += not filled

    def add_sources(self, model, field: str, owner, item: dict) -> int:
        """The item's sources as rows of ``model`` under ``owner``."""
        rows = model.objects.bulk_create(
            model(
                **{field: owner},
                author=source.get("author", ""),
                title=source["title"],
                year=source.get("year"),
                locator=source.get("locator", ""),
                url=source.get("url", ""),
                order=order,
            )
            for order, source in enumerate(item.get("sources", []))
        )
        self.created["sources"] += len(rows)
        return len(rows)

    def fill(self, instance, values: dict, kind: str) -> bool:
        """Set the fields of ``values`` that are empty on ``instance``; count
        it under "<kind> filled" when any was."""
        empty = {
            name: value
            for name, value in values.items()
            if value not in ("", None) and getattr(instance, name) in ("", None)
        }
        if not empty:
            return False
        for name, value in empty.items():
            setattr(instance, name, value)
        instance.save(update_fields=[*empty, *self.auto_fields(instance)])
        self.created[f"{kind} filled"] += 1
        return True

    @staticmethod
    def auto_fields(instance) -> list[str]:
        """Fields save() maintains itself (search vectors, timestamps)."""
        return [
            field.name
            for field in instance._meta.concrete_fields
            if field.name in ("updated_at", "search_vector")
        ]

    def load_events(self) -> dict[str, Event]:
        events = {}
        for item in self.read("events")["events"]:
            event = Event.objects.filter(slug=item["slug"]).first()
            if event is None:
                event = self.create_event(item)
            elif self.fill_empty:
                self.fill_event(event, item)
            events[event.slug] = event
        return events

    def create_event(self, item: dict) -> Event:
        event = Event(
            slug=item["slug"],
            title=item["title"],
            summary=item["summary"],
            body=item.get("body", ""),
            **_dual_date(item["start"], "start"),
            **_dual_date(item.get("end"), "end"),
            date_note=item.get("date_note", ""),
            place=item.get("place", ""),
            country=item.get("country", ""),
            period=self.periods.get(item.get("period")),
            image_alt=f"Placeholder image for {item['title']}",
            image_credit=PLACEHOLDER_CREDIT,
            **_published(self.published_at),
        )
        self.add_placeholder(event, "image", item["title"], LANDSCAPE, kind="event")
        event.save()
        event.people.set(self.people[slug] for slug in item.get("people", []))
        self.add_sources(Source, "event", event, item)
        self.created["events"] += 1
        return event

    def fill_event(self, event: Event, item: dict):
        """An existing event's account, date note, country, credit, people
        and sources, where empty."""
        values = {
            "body": item.get("body", ""),
            "date_note": item.get("date_note", ""),
            "country": item.get("country", ""),
        }
        if event.image and event.image_alt.startswith("Placeholder"):
            values["image_credit"] = PLACEHOLDER_CREDIT
        filled = self.fill(event, values, "events")
        added = False
        if not event.people.exists() and item.get("people"):
            event.people.set(self.people[slug] for slug in item["people"])
            added = True
        if not event.sources.exists():
            added = bool(self.add_sources(Source, "event", event, item)) or added
        self.created["events filled"] += added and not filled

    # Books, reviews and shelves

    def load_books(self) -> dict[str, Book]:
        books = {}
        for item in self.read("books")["books"]:
            book = Book.objects.filter(slug=item["slug"]).first()
            if book is None:
                book = Book(
                    slug=item["slug"],
                    title=item["title"],
                    subtitle=item.get("subtitle", ""),
                    description=item.get("description", ""),
                    pages=item.get("pages"),
                    first_published_year=item.get("first_published_year"),
                    original_language=item.get("original_language", ""),
                    cover_alt=f"Placeholder cover for {item['title']}",
                    **_published(self.published_at),
                )
                self.add_placeholder(book, "cover", item["title"], COVER, kind="book")
                book.save()
                book.authors.set(self.people[slug] for slug in item.get("authors", []))
                self.created["books"] += 1
            books[book.slug] = book
        return books

    def load_reviews(self):
        """The seed's reviews, ratings and shelves as rows, then the book's figures.

        The rows are written in bulk and the figures recounted by the reviews
        app itself (``book_counters_recount``), which is both fast and exactly
        what the services would have arrived at one change at a time.
        """
        data = self.read("reviews")
        book = self.books[data["book"]]
        User = get_user_model()
        now = timezone.now()
        moderator = User.objects.filter(username=self.moderator_username).first()

        written = data["written_reviews"]
        bare = Counter({int(stars): count for stars, count in data["ratings"].items()})
        bare.subtract(review["rating"] for review in written)
        if any(count < 0 for count in bare.values()):
            raise ValueError("The written reviews have more stars than the ratings.")
        shelves = [
            (SHELVES[name], count) for name, count in data.get("shelves", {}).items()
        ]

        usernames = [review["username"] for review in written]
        generated = sum(bare.values()) + sum(count for _shelf, count in shelves)
        usernames += [DEMO_READER.format(number) for number in range(1, generated + 1)]
        readers = self.readers(usernames, {r["username"]: r for r in written})

        reviews = []
        for review in written:
            # The seed gives the day only; noon keeps it that day in any zone.
            day = timezone.make_aware(
                datetime.combine(date.fromisoformat(review["date"]), time(12))
            )
            reviews.append(
                Review(
                    book=book,
                    reader=readers[review["username"]],
                    rating=review["rating"],
                    text=review["text"],
                    status=Review.Status.APPROVED,
                    rating_counted=True,
                    decided_by=moderator,
                    decided_at=day,
                    created_at=day,
                    edited_at=day,
                )
            )
        generated_readers = iter(usernames[len(written) :])
        for stars in sorted(bare, reverse=True):
            for _count in range(bare[stars]):
                reviews.append(
                    Review(
                        book=book,
                        reader=readers[next(generated_readers)],
                        rating=stars,
                        status=Review.Status.APPROVED,
                        rating_counted=True,
                        decided_at=now,
                        created_at=now,
                        edited_at=now,
                    )
                )
        statuses = [
            ReadingStatus(
                book=book, reader=readers[next(generated_readers)], status=shelf
            )
            for shelf, count in shelves
            for _count in range(count)
        ]
        have_reviewed = set(
            Review.objects.filter(book=book).values_list("reader_id", flat=True)
        )
        have_shelved = set(
            ReadingStatus.objects.filter(book=book).values_list("reader_id", flat=True)
        )
        new_reviews = [r for r in reviews if r.reader_id not in have_reviewed]
        new_statuses = [s for s in statuses if s.reader_id not in have_shelved]
        Review.objects.bulk_create(new_reviews)
        ReadingStatus.objects.bulk_create(new_statuses)
        self.created["reviews"] += len(new_reviews)
        self.created["reading statuses"] += len(new_statuses)
        if new_reviews or new_statuses:
            book_counters_recount(fix=True)

    def readers(self, usernames: list[str], names: dict[str, dict]) -> dict:
        """The reader accounts called ``usernames``, created when missing.

        They get no usable password: they exist to have written the seed's
        reviews and ratings, not to be signed in to.
        """
        User = get_user_model()
        existing = set(
            User.objects.filter(username__in=usernames).values_list(
                "username", flat=True
            )
        )
        missing = []
        for username in usernames:
            if username in existing:
                continue
            user = User(
                username=username,
                first_name=names.get(username, {}).get("first_name", ""),
                last_name=names.get(username, {}).get("last_name", ""),
            )
            user.set_unusable_password()
            missing.append(user)
        User.objects.bulk_create(missing)
        self.created["readers"] += len(missing)
        readers = {
            user.username: user for user in User.objects.filter(username__in=usernames)
        }
        # bulk_create sends no signal: the seed's names ("Connor B.") become
        # the readers' display names here.
        ReaderProfile.objects.ensure_for(readers.values())
        return readers

    # Articles, the interview and reading guides

    def load_articles(self) -> dict[str, Article]:
        data = self.read("articles")
        series = {}
        for item in data["series"]:
            series[item["slug"]], created = Series.objects.get_or_create(
                slug=item["slug"],
                defaults={
                    "title": item["title"],
                    "description": item.get("description", ""),
                },
            )
            self.created["series"] += created
        interview = self.read("interview")["interview"]
        items = [interview, *data["articles"]]
        articles = {}
        for position, item in enumerate(items):
            published_at = _published_at(item.get("published")) or (
                self.published_at - timedelta(minutes=position)
            )
            article = Article.objects.filter(slug=item["slug"]).first()
            if article is None:
                article = self.create_article(item, series, articles, published_at)
            elif self.fill_empty and self.dated_on_loading(article):
                article.publish_at = published_at
                article.save(update_fields=["publish_at", "updated_at"])
                self.created["articles filled"] += 1
            articles[article.slug] = article
        return articles

    @staticmethod
    def dated_on_loading(article) -> bool:
        """Whether an article still has the publication time an older loader
        gave it: an hour or two before the row was created."""
        return article.created_at - timedelta(hours=2) <= article.publish_at

    def create_article(self, item, series, articles, published_at) -> Article:
        article = Article(
            slug=item["slug"],
            kind=item["kind"],
            title=item["title"],
            standfirst=item.get("standfirst", ""),
            body=item.get("body", ""),
            series=series.get(item.get("series")),
            language=item.get("language", "en"),
            translation_of=articles.get(item.get("translation_of")),
            period=self.periods.get(item.get("period")),
            original_publication=item.get("original_publication", ""),
            embed_url=item.get("embed_url", ""),
            **_published(published_at),
        )
        if image_title := item.get("image_title"):
            article.hero_image_alt = f"Placeholder image for {image_title}"
            self.add_placeholder(
                article, "hero_image", image_title, LANDSCAPE, kind="book"
            )
        article.save()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, person=self.people[slug], order=order)
            for order, slug in enumerate(item.get("authors", []))
        )
        article.interviewees.set(
            self.people[slug] for slug in item.get("interviewees", [])
        )
        article.people.set(self.people[slug] for slug in item.get("people", []))
        article.events.set(self.events[slug] for slug in item.get("events", []))
        InterviewEpisode.objects.bulk_create(
            InterviewEpisode(
                article=article,
                number=episode["number"],
                question=episode["question"],
                answer_points="\n".join(episode["answer_points"]),
            )
            for episode in item.get("episodes", [])
        )
        self.created["articles"] += 1
        self.created["interview episodes"] += len(item.get("episodes", []))
        return article

    def load_guides(self):
        for order, item in enumerate(self.read("guides")["guides"], start=1):
            if ReadingGuide.objects.filter(slug=item["slug"]).exists():
                continue
            guide = ReadingGuide(
                slug=item["slug"],
                title=item["title"],
                summary=item["summary"],
                introduction=item.get("introduction", ""),
                period=self.periods.get(item.get("period")),
                order=order,
                cover_alt=f"Placeholder cover for the reading guide {item['title']}",
                **_published(self.published_at),
            )
            self.add_placeholder(
                guide, "cover", item["title"], GUIDE_COVER, kind="guide"
            )
            guide.save()
            GuideEntry.objects.bulk_create(
                self.guide_entry(guide, position, entry)
                for position, entry in enumerate(item["entries"], start=1)
            )
            self.created["reading guides"] += 1
            self.created["guide entries"] += len(item["entries"])

    def guide_entry(self, guide, position: int, entry: dict) -> GuideEntry:
        link = entry.get("link") or {}
        return GuideEntry(
            guide=guide,
            # Tens leave room for editors to add entries in between.
            position=position * 10,
            article=self.articles.get(entry.get("article")),
            book=self.books.get(entry.get("book")),
            link_url=link.get("url", ""),
            link_title=link.get("title", ""),
            link_author=link.get("author", ""),
            note=entry.get("note", ""),
        )

    # Images

    def add_placeholder(self, instance, field: str, title: str, size, kind="portrait"):
        """Put a generated placeholder into an empty image ``field``."""
        width, height = size
        image = placeholder_image(title=title, width=width, height=height, kind=kind)
        getattr(instance, field).save(image.name, image, save=False)
