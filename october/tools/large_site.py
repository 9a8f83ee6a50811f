"""Fill the database with a large, realistic site for benchmarks
(``manage.py generate_large_site``; ``make bench`` makes one for itself).

At full size: 10,000 people, 2,000 events, 100,000 articles (with authors,
tags and, for interviews, episodes), 10,000 books, 20,000 readers giving
1,000,000 ratings of which 50,000 are written reviews, 100,000 shelf
entries and 1,000 reading guides with their entries. Everything is live.
``--scale 0.01`` makes a site a hundredth of that size.

Text is drawn from a vocabulary with a long-tailed (Zipf-like) frequency,
English with a tenth of the articles in Spanish, and the people's names mix
Latin and Cyrillic spellings, so full-text search meets common words, rare
words and names as on the real site.

Rows go in with PostgreSQL's COPY in one transaction (an interrupted run
leaves nothing behind); the search vectors are generated columns, so they
are filled as the rows arrive. Books' stored figures are then computed in
SQL from the ratings and shelves, as ``reviews.services`` would have kept
them. A database that already holds a generated site is left as it is.
"""

import datetime
import itertools
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem
from tqdm import tqdm

from articles.models import Article, ArticleAuthor, InterviewEpisode, Series
from guides.models import GuideEntry, ReadingGuide
from october.accounts.models import ReaderProfile
from october.core.publishing import Status
from people.models import Person
from reviews.models import Book, ReadingStatus, Review
from timeline.models import Event, Period

# Every generated slug and username starts with this, so a run can tell that
# the site is already there.
PREFIX = "gen-"

FULL_SIZE = {
    "people": 10_000,
    "events": 2_000,
    "articles": 100_000,
    "books": 10_000,
    "readers": 20_000,
    "ratings": 1_000_000,
    "reviews": 50_000,
    "shelves": 100_000,
    "guides": 1_000,
}
SPANISH_SHARE = 0.1
# About one article in a thousand mentions one of these, for rare-word searches.
RARE_WORDS = ["narodnik", "mezhraiontsy", "obshchina", "zemlyachestvo", "sovnarkom"]
RARE_SHARE = 0.001
INTERVIEW_SHARE = 0.02
VIDEO_SHARE = 0.08
AUTHOR_SHARE = 0.2
STAR_WEIGHTS = {5: 40, 4: 30, 3: 15, 2: 8, 1: 7}

# The demo content's periods (fixtures/periods.json), by their Gregorian days:
# a site generated into an empty database has the same timeline.
PERIODS = [
    ("february", "The February Revolution", (1917, 3, 8), (1917, 4, 15)),
    ("april", "Lenin Returns", (1917, 4, 16), (1917, 6, 15)),
    ("june-days", "The June Days", (1917, 6, 16), (1917, 7, 15)),
    ("july-days", "The July Days", (1917, 7, 16), (1917, 9, 5)),
    ("kornilov", "The Kornilov Affair", (1917, 9, 6), (1917, 10, 13)),
    ("october", "The October Revolution", (1917, 10, 14), (1917, 11, 8)),
    ("soviet-power", "Soviet Power", (1917, 11, 9), (1918, 1, 19)),
    ("brest-litovsk", "Brest-Litovsk", (1918, 1, 20), (1918, 3, 3)),
]

# (Latin, Cyrillic, other Latin spellings) of surnames; first names likewise.
# BIRTH_SURNAMES: the names some of them were born with.
SURNAMES = [
    ("Trotsky", "Троцкий", ("Trotskii", "Trotzki")),
    ("Lenin", "Ленин", ()),
    ("Plekhanov", "Плеханов", ("Plechanow",)),
    ("Zinoviev", "Зиновьев", ("Zinovyev", "Sinowjew")),
    ("Kamenev", "Каменев", ()),
    ("Sverdlov", "Свердлов", ("Swerdlow",)),
    ("Volodarsky", "Володарский", ("Volodarskii",)),
    ("Bukharin", "Бухарин", ("Bucharin",)),
    ("Kollontai", "Коллонтай", ("Kollontay",)),
    ("Kerensky", "Керенский", ("Kerenskii", "Kerenski")),
    ("Kornilov", "Корнилов", ()),
    ("Martov", "Мартов", ()),
    ("Tsereteli", "Церетели", ()),
    ("Chernov", "Чернов", ("Tchernov",)),
    ("Miliukov", "Милюков", ("Milyukov",)),
    ("Lunacharsky", "Луначарский", ("Lunacharskii",)),
    ("Dzerzhinsky", "Дзержинский", ("Dzierzynski",)),
    ("Antonov-Ovseenko", "Антонов-Овсеенко", ()),
    ("Raskolnikov", "Раскольников", ()),
    ("Shliapnikov", "Шляпников", ("Shlyapnikov",)),
    ("Uritsky", "Урицкий", ("Uritskii",)),
    ("Krupskaya", "Крупская", ()),
    ("Armand", "Арманд", ()),
    ("Radek", "Радек", ()),
    ("Rykov", "Рыков", ()),
    ("Tomsky", "Томский", ("Tomskii",)),
    ("Preobrazhensky", "Преображенский", ()),
    ("Smilga", "Смилга", ()),
    ("Podvoisky", "Подвойский", ("Podvoiskii",)),
    ("Dybenko", "Дыбенко", ()),
    ("Spiridonova", "Спиридонова", ()),
    ("Tseretelli", "Церетелли", ()),
    ("Gorky", "Горький", ("Gorkii",)),
    ("Sukhanov", "Суханов", ()),
    ("Ioffe", "Иоффе", ("Joffe",)),
    ("Stasova", "Стасова", ()),
    ("Nogin", "Ногин", ()),
    ("Larin", "Ларин", ()),
    ("Ryazanov", "Рязанов", ("Riazanov",)),
    ("Pokrovsky", "Покровский", ("Pokrovskii",)),
]
BIRTH_SURNAMES = {
    "Trotsky": "Bronstein",
    "Lenin": "Ulyanov",
    "Zinoviev": "Radomyslsky",
    "Kamenev": "Rosenfeld",
    "Martov": "Tsederbaum",
    "Volodarsky": "Goldstein",
    "Radek": "Sobelsohn",
    "Gorky": "Peshkov",
}
FIRST_NAMES = [
    ("Leon", "Лев"),
    ("Vladimir", "Владимир"),
    ("Georgi", "Георгий"),
    ("Grigory", "Григорий"),
    ("Yakov", "Яков"),
    ("Nikolai", "Николай"),
    ("Alexandra", "Александра"),
    ("Alexander", "Александр"),
    ("Lavr", "Лавр"),
    ("Julius", "Юлий"),
    ("Irakli", "Ираклий"),
    ("Viktor", "Виктор"),
    ("Pavel", "Павел"),
    ("Anatoly", "Анатолий"),
    ("Felix", "Феликс"),
    ("Fyodor", "Фёдор"),
    ("Moisei", "Моисей"),
    ("Nadezhda", "Надежда"),
    ("Inessa", "Инесса"),
    ("Karl", "Карл"),
    ("Alexei", "Алексей"),
    ("Maria", "Мария"),
    ("Maxim", "Максим"),
    ("Elena", "Елена"),
    ("Adolph", "Адольф"),
    ("Viktor", "Виктор"),
    ("Mikhail", "Михаил"),
    ("Ivan", "Иван"),
]

# Content words, most frequent first; their frequency falls off with rank.
ENGLISH_WORDS = """
revolution workers party soviet power bolsheviks war peasants government
petrograd masses class struggle strike soldiers congress socialist lenin
trotsky programme democracy capitalism history movement army land bread
peace committee factory revolutionary state provisional leadership regime
insurrection organisation crisis demands working people political tsar
october february july june april september masses mensheviks minister
kerensky kornilov theory marxism international counter-revolution press
delegates assembly elections majority minority resolution meeting city
moscow russia europe germany front offensive desertion discipline sailors
kronstadt garrison guards railway telegraph palace winter smolny bridge
newspaper pravda iskra slogan theses dual freedom speech strategy tactics
conference union trade wages hours famine shortages queue queues prices
inflation coalition cadets liberals landlords nobility church monarchy
abdication dynasty romanov duma zemstvo village commune cooperative grain
requisition harvest cavalry artillery regiment battalion officer general
commissar decree nationalisation control workers' councils district ward
women equality education literacy culture art theatre poetry cinema
socialism communism internationalism imperialism colonialism nationalism
economy industry production railways coal oil steel textile metalworkers
printers miners dockers teachers students youth veterans wounded prisoners
refugees emigration exile siberia prison fortress execution terror amnesty
proletariat bourgeoisie intelligentsia petty-bourgeois reformism opportunism
sectarianism dialectics materialism philosophy economics debate polemic
pamphlet manifesto constitution charter treaty brest-litovsk armistice
negotiations delegation ultimatum telegram dispatch courier agitator orator
leaflet banner demonstration procession barricade uprising mutiny rising
victory defeat retreat advance siege blockade intervention allies entente
civil red white green black anarchists socialist-revolutionaries left
right centre faction split unity merger platform opposition bloc fraction
memoir diary letters archive document chronicle eyewitness historian
biography autobiography lecture interview documentary footage photograph
samovar icon troika balalaika kvass borscht dacha izba verst pood arshin
""".split()
SPANISH_WORDS = """
revolución obreros partido soviet poder bolcheviques guerra campesinos
gobierno petrogrado masas clase lucha huelga soldados congreso socialista
lenin trotsky programa democracia capitalismo historia movimiento ejército
tierra pan paz comité fábrica revolucionario estado provisional dirección
insurrección organización crisis demandas trabajadores pueblo político zar
octubre febrero julio junio abril septiembre mencheviques ministro
kerensky kornilov teoría marxismo internacional contrarrevolución prensa
delegados asamblea elecciones mayoría minoría resolución reunión ciudad
moscú rusia europa alemania frente ofensiva sindicato salarios hambre
mujeres igualdad educación cultura socialismo comunismo imperialismo
economía industria producción ferrocarriles proletariado burguesía
manifiesto constitución tratado armisticio victoria derrota barricada
levantamiento memorias diario cartas archivo documento historiador
""".split()
ENGLISH_GLUE = (
    "the of and to in a that was for on with as by were at from it their".split()
)
SPANISH_GLUE = "el la de los las y en que del por con para una un se su al".split()
QUESTIONS = [
    "What did {} think of the Provisional Government?",
    "How did {} come to the revolution?",
    "Why did {} break with the Mensheviks?",
    "What was the role of {} in the soviets?",
    "How did {} see the agrarian question?",
    "What did {} write about the world revolution?",
    "Was {} right about the July Days?",
    "What happened to {} after October?",
]


@dataclass
class Vocabulary:
    words: list[str]
    glue: list[str]

    pool: list[str] = ()

    def __post_init__(self):
        # Zipf-like: the n-th word is about 1/n as frequent as the first.
        self.cumulative = list(
            itertools.accumulate(1 / (rank + 1) for rank in range(len(self.words)))
        )


class Writer:
    """Random but readable text from a vocabulary.

    Paragraphs are drawn from a pool of sentences made once per language, so
    a hundred thousand articles take seconds rather than minutes; every text
    is still a different mix with the vocabulary's word frequencies.
    """

    POOL = 20_000

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.english = Vocabulary(ENGLISH_WORDS, ENGLISH_GLUE)
        self.spanish = Vocabulary(SPANISH_WORDS, SPANISH_GLUE)
        self.names = [surname for surname, _cyrillic, _others in SURNAMES]
        for vocabulary in (self.english, self.spanish):
            vocabulary.pool = [self.sentence(vocabulary) for _ in range(self.POOL)]

    def words(self, count, vocabulary):
        content = self.rng.choices(
            vocabulary.words, cum_weights=vocabulary.cumulative, k=count
        )
        glue = self.rng.choices(vocabulary.glue, k=count)
        out = []
        for index, word in enumerate(content):
            if index % 3 == 1:
                out.append(glue[index])
            out.append(word)
        if self.rng.random() < 0.3:
            out.insert(self.rng.randrange(len(out) + 1), self.rng.choice(self.names))
        return out

    def sentence(self, vocabulary, low=6, high=16):
        words = self.words(self.rng.randint(low, high), vocabulary)
        return " ".join(words).capitalize() + "."

    def title(self, vocabulary):
        words = self.words(self.rng.randint(2, 6), vocabulary)
        return " ".join(words).capitalize()[:190]

    def paragraph(self, vocabulary, sentences=(2, 5)):
        return " ".join(
            self.rng.choices(vocabulary.pool, k=self.rng.randint(*sentences))
        )

    def html(self, vocabulary, paragraphs=(2, 6)):
        return "".join(
            f"<p>{self.paragraph(vocabulary)}</p>"
            for _ in range(self.rng.randint(*paragraphs))
        )


def sizes_at(scale: float) -> dict[str, int]:
    sizes = {name: max(1, round(count * scale)) for name, count in FULL_SIZE.items()}
    sizes["readers"] = max(sizes["readers"], 2)
    # Each reader rates a book at most once.
    sizes["ratings"] = min(sizes["ratings"], sizes["readers"] * sizes["books"])
    sizes["reviews"] = min(sizes["reviews"], sizes["ratings"])
    sizes["shelves"] = min(sizes["shelves"], sizes["readers"] * sizes["books"])
    return sizes


def copy_rows(model, columns, rows):
    """COPY ``rows`` (tuples in the order of ``columns``, attribute names)
    into ``model``'s table; other columns get their field's default.
    Returns the new primary keys in insertion order."""
    fields = {
        field.attname: field
        for field in model._meta.concrete_fields
        if not field.generated and not field.primary_key
    }
    now = timezone.now()
    extra = [name for name in fields if name not in columns]
    extra_values = tuple(_default(fields[name], now) for name in extra)
    names = ", ".join(
        connection.ops.quote_name(fields[name].column) for name in [*columns, *extra]
    )
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max({pk}), 0) FROM {table}")
        (before,) = cursor.fetchone()
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((*row, *extra_values))
        cursor.execute(
            f"SELECT {pk} FROM {table} WHERE {pk} > %s ORDER BY {pk}", [before]
        )
        return [pk for (pk,) in cursor.fetchall()]


def _default(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if field.empty_strings_allowed:
        return ""
    raise ValueError(f"{field.model.__name__}.{field.name} needs a value.")


def filled_models():
    return [
        Person,
        Event,
        Event.people.through,
        Series,
        Article,
        ArticleAuthor,
        InterviewEpisode,
        Tag,
        TaggedItem,
        Book,
        Book.authors.through,
        get_user_model(),
        ReaderProfile,
        Review,
        ReadingStatus,
        ReadingGuide,
        GuideEntry,
    ]


def generated_articles() -> int:
    """How many generated articles the database holds: none unless a large
    site was generated in it."""
    return Article.objects.filter(slug__startswith=PREFIX).count()


def generate_large_site(
    *, scale: float = 1.0, seed: int = 1917, show_progress: bool = True
) -> dict[str, int]:
    """Generate a large site ``scale`` times the full size, in one transaction,
    with a progress bar on stderr; return how many of each kind were made."""
    if not 0 < scale <= 10:
        raise ValueError("The scale must be above 0 and at most 10.")
    generator = LargeSite(sizes_at(scale), random.Random(seed))
    generator.generate(show_progress=show_progress)
    return generator.sizes


def generate_timeline(
    *, events: int = FULL_SIZE["events"], people: int = 30, seed: int = 1917
) -> list[int]:
    """Only the timeline of a large site: ``events`` generated events over
    the periods, each with three of ``people`` generated people. For the
    browser test that draws the large site's timeline without waiting for a
    hundred thousand articles; returns the new events' primary keys."""
    sizes = {**dict.fromkeys(FULL_SIZE, 0), "people": people, "events": events}
    generator = LargeSite(sizes, random.Random(seed))
    with transaction.atomic(), tqdm(disable=True) as generator.progress:
        generator.periods = generator.ensure_periods()
        generator.make_people()
        generator.make_events()
    return generator.event_ids


class LargeSite:
    """The steps that fill the database, sharing what each step made."""

    def __init__(self, sizes: dict[str, int], rng: random.Random):
        self.sizes = sizes
        self.rng = rng
        self.writer = Writer(rng)
        self.now = timezone.now()

    def generate(self, *, show_progress: bool = True) -> None:
        steps = [
            ("people", self.make_people),
            ("events", self.make_events),
            ("articles", self.make_articles),
            ("books", self.make_books),
            ("readers", self.make_readers),
            ("ratings", self.make_ratings),
            ("shelves", self.make_shelves),
            ("guides", self.make_guides),
        ]
        with (
            transaction.atomic(),
            tqdm(
                total=sum(self.sizes[name] for name, _step in steps),
                unit="rows",
                unit_scale=True,
                disable=not show_progress,
            ) as self.progress,
        ):
            with connection.cursor() as cursor:
                # A bulk load runs longer than the site's per-statement limit.
                cursor.execute("SET LOCAL statement_timeout = 0")
            self.periods = self.ensure_periods()
            for name, step in steps:
                self.progress.set_description(name)
                step()
            self.progress.set_description("book figures")
            self.count_book_figures()
        with connection.cursor() as cursor:
            # Vacuum, not only analyze: it also moves the GIN indexes' pending
            # entries into the index proper and marks the new pages visible.
            for model in filled_models():
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"VACUUM (ANALYZE) {table}")

    # Helpers

    def past(self, years=8):
        """A publication time in the last ``years`` years, at least a minute ago."""
        seconds = self.rng.randrange(60, years * 365 * 24 * 3600)
        return self.now - datetime.timedelta(seconds=seconds)

    def ensure_periods(self):
        """The six periods of 1917 (made if missing), each with the dates its
        events are drawn from."""
        periods = []
        for order, (slug, title, start, end) in enumerate(PERIODS, start=1):
            start, end = datetime.date(*start), datetime.date(*end)
            period, _created = Period.objects.get_or_create(
                slug=slug,
                defaults={"title": title, "order": order, "start": start, "end": end},
            )
            period.span = (period.start or start, period.end or end)
            periods.append(period)
        return periods

    # Steps

    def make_people(self):
        rng, writer = self.rng, self.writer
        rows, authors, self.person_surnames = [], [], []
        for number in range(self.sizes["people"]):
            surname, cyrillic, others = rng.choice(SURNAMES)
            first, first_cyrillic = rng.choice(FIRST_NAMES)
            patronymic = rng.choice(FIRST_NAMES)[0] + "ovich"
            born = datetime.date(rng.randint(1840, 1910), rng.randint(1, 12), 1)
            born += datetime.timedelta(days=rng.randrange(28))
            died = born + datetime.timedelta(days=rng.randint(25 * 365, 85 * 365))
            kind = (
                Person.Kind.AUTHOR
                if rng.random() < AUTHOR_SHARE
                else Person.Kind.HISTORICAL_FIGURE
            )
            rows.append(
                (
                    f"{PREFIX}{number}-{surname.lower()}",
                    Status.PUBLISHED,
                    self.past(),
                    f"{first} {surname}",
                    surname,
                    f"{first} {patronymic} {surname}",
                    f"{first} {patronymic} {BIRTH_SURNAMES.get(surname, surname)}",
                    f"{first_cyrillic} {cyrillic}",
                    "\n".join(others),
                    kind,
                    born,
                    "julian" if born.year < 1918 else "gregorian",
                    died,
                    writer.sentence(writer.english, 8, 20)[:290],
                    writer.html(writer.english, (2, 5)),
                )
            )
            self.person_surnames.append(surname)
            authors.append(kind == Person.Kind.AUTHOR)
        self.person_ids = copy_rows(
            Person,
            [
                "slug",
                "status",
                "publish_at",
                "display_name",
                "sort_name",
                "full_name",
                "birth_name",
                "native_name",
                "alternative_names",
                "kind",
                "birth",
                "birth_calendar",
                "death",
                "summary",
                "biography",
            ],
            rows,
        )
        self.author_ids = [
            pk
            for pk, is_author in zip(self.person_ids, authors, strict=True)
            if is_author
        ] or self.person_ids
        self.progress.update(len(rows))

    def make_events(self):
        rng, writer = self.rng, self.writer
        rows = []
        for number in range(self.sizes["events"]):
            period = rng.choice(self.periods)
            first, last = period.span
            start = first + datetime.timedelta(
                days=rng.randrange(max((last - first).days, 1))
            )
            end = start + datetime.timedelta(days=rng.randint(1, 6))
            rows.append(
                (
                    f"{PREFIX}event-{number}",
                    Status.PUBLISHED,
                    self.past(),
                    writer.title(writer.english),
                    writer.sentence(writer.english, 10, 25)[:590],
                    writer.html(writer.english, (1, 4)),
                    start,
                    "julian",
                    end if rng.random() < 0.3 else None,
                    "julian",
                    rng.choice(["Petrograd", "Moscow", "Kronstadt", "Helsingfors"]),
                    period.pk,
                )
            )
        event_ids = copy_rows(
            Event,
            [
                "slug",
                "status",
                "publish_at",
                "title",
                "summary",
                "body",
                "start",
                "start_calendar",
                "end",
                "end_calendar",
                "place",
                "period_id",
            ],
            rows,
        )
        self.event_ids = event_ids
        copy_rows(
            Event.people.through,
            ["event_id", "person_id"],
            (
                (event_id, person_id)
                for event_id in event_ids
                for person_id in self.rng.sample(
                    self.person_ids, min(3, len(self.person_ids))
                )
            ),
        )
        self.progress.update(len(rows))

    def make_articles(self):
        rng, writer = self.rng, self.writer
        series_ids = copy_rows(
            Series,
            ["title", "slug", "description"],
            [
                (writer.title(writer.english), f"{PREFIX}series-{n}", "")
                for n in range(max(1, self.sizes["articles"] // 500))
            ],
        )
        rows, interviews = [], []
        for number in range(self.sizes["articles"]):
            spanish = rng.random() < SPANISH_SHARE
            vocabulary = writer.spanish if spanish else writer.english
            roll = rng.random()
            if roll < INTERVIEW_SHARE:
                kind, embed = Article.Kind.INTERVIEW, ""
                interviews.append(number)
            elif roll < INTERVIEW_SHARE + VIDEO_SHARE:
                kind = Article.Kind.VIDEO
                embed = f"https://www.youtube-nocookie.com/embed/{number:011d}"
            else:
                kind, embed = Article.Kind.ARTICLE, ""
            body = writer.html(vocabulary, (2, 7))
            if rng.random() < RARE_SHARE:
                body += (
                    f"<p>{writer.sentence(vocabulary)} {rng.choice(RARE_WORDS)}.</p>"
                )
            rows.append(
                (
                    f"{PREFIX}article-{number}",
                    Status.PUBLISHED,
                    self.past(),
                    kind,
                    writer.title(vocabulary),
                    writer.sentence(vocabulary, 12, 30)[:790],
                    body,
                    "es" if spanish else "en",
                    rng.choice(series_ids) if rng.random() < 0.05 else None,
                    rng.choice(self.periods).pk if rng.random() < 0.5 else None,
                    embed,
                    max(1, len(body) // 1400),
                )
            )
        article_ids = copy_rows(
            Article,
            [
                "slug",
                "status",
                "publish_at",
                "kind",
                "title",
                "standfirst",
                "body",
                "language",
                "series_id",
                "period_id",
                "embed_url",
                "reading_minutes",
            ],
            rows,
        )
        copy_rows(
            ArticleAuthor,
            ["article_id", "person_id", "order"],
            (
                (article_id, person_id, order)
                for article_id in article_ids
                for order, person_id in enumerate(
                    rng.sample(
                        self.author_ids,
                        min(rng.choice((1, 1, 2)), len(self.author_ids)),
                    )
                )
            ),
        )
        self.make_tags(article_ids)
        self.make_episodes([article_ids[number] for number in interviews])
        self.article_ids = article_ids
        self.progress.update(len(rows))

    def make_tags(self, article_ids):
        names = sorted({word.strip("'") for word in ENGLISH_WORDS[:200]})
        existing = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
        missing = [name for name in names if name not in existing]
        new_ids = copy_rows(
            Tag, ["name", "slug"], [(name, f"{PREFIX}{name}") for name in missing]
        )
        tag_ids = [*existing.values(), *new_ids]
        content_type = ContentType.objects.get_for_model(Article).pk
        copy_rows(
            TaggedItem,
            ["tag_id", "content_type_id", "object_id"],
            (
                (tag_id, content_type, article_id)
                for article_id in article_ids
                for tag_id in self.rng.sample(tag_ids, self.rng.randint(1, 4))
            ),
        )

    def make_episodes(self, interview_ids):
        rng, writer = self.rng, self.writer
        copy_rows(
            InterviewEpisode,
            ["article_id", "number", "question", "answer_points", "video_start"],
            (
                (
                    article_id,
                    number,
                    rng.choice(QUESTIONS).format(rng.choice(self.person_surnames)),
                    "\n".join(
                        writer.sentence(writer.english, 6, 14)
                        for _ in range(rng.randint(2, 5))
                    ),
                    number * 300,
                )
                for article_id in interview_ids
                for number in range(1, rng.randint(5, 10) + 1)
            ),
        )

    def make_books(self):
        rng, writer = self.rng, self.writer
        rows = [
            (
                f"{PREFIX}book-{number}",
                Status.PUBLISHED,
                self.past(),
                writer.title(writer.english),
                writer.sentence(writer.english, 5, 12)[:290],
                writer.html(writer.english, (1, 3)),
                rng.randint(80, 900),
                rng.randint(1890, 2020),
                rng.choice(["en", "ru", "de", "es", "fr"]),
            )
            for number in range(self.sizes["books"])
        ]
        self.book_ids = copy_rows(
            Book,
            [
                "slug",
                "status",
                "publish_at",
                "title",
                "subtitle",
                "description",
                "pages",
                "first_published_year",
                "original_language",
            ],
            rows,
        )
        copy_rows(
            Book.authors.through,
            ["book_id", "person_id"],
            ((book_id, rng.choice(self.author_ids)) for book_id in self.book_ids),
        )
        # Some books are far more popular than others.
        self.book_weights = list(
            itertools.accumulate(1 / (rank + 5) for rank in range(len(self.book_ids)))
        )
        self.progress.update(len(rows))

    def make_readers(self):
        self.reader_ids = copy_rows(
            get_user_model(),
            ["username", "email", "password", "date_joined"],
            (
                (
                    f"{PREFIX}reader-{number}",
                    f"{PREFIX}reader-{number}@example.org",
                    "!generated",
                    self.past(),
                )
                for number in range(self.sizes["readers"])
            ),
        )
        copy_rows(
            ReaderProfile,
            ["user_id", "display_name"],
            (
                (reader_id, f"Reader {number}")
                for number, reader_id in enumerate(self.reader_ids)
            ),
        )
        self.progress.update(len(self.reader_ids))

    def books_for(self, count):
        """``count`` different books, popular ones more often."""
        chosen = set()
        while len(chosen) < count:
            chosen.update(
                self.rng.choices(
                    self.book_ids, cum_weights=self.book_weights, k=count - len(chosen)
                )
            )
        return chosen

    def make_ratings(self):
        rng, writer = self.rng, self.writer
        ratings, readers = self.sizes["ratings"], self.reader_ids
        per_reader, extra = divmod(ratings, len(readers))
        written = set(rng.sample(range(ratings), self.sizes["reviews"]))
        stars, star_weights = zip(*STAR_WEIGHTS.items(), strict=True)
        ratings_given = iter(rng.choices(stars, weights=star_weights, k=ratings))

        def rows():
            number = itertools.count()
            for index, reader_id in enumerate(readers):
                count = min(per_reader + (index < extra), len(self.book_ids))
                for book_id in self.books_for(count):
                    when = self.past(5)
                    text = ""
                    if next(number) in written:
                        text = writer.paragraph(writer.english, (1, 5))
                    yield (
                        book_id,
                        reader_id,
                        next(ratings_given),
                        text,
                        Review.Status.APPROVED,
                        True,
                        when,
                        when,
                        when,
                    )
                self.progress.update(count)

        copy_rows(
            Review,
            [
                "book_id",
                "reader_id",
                "rating",
                "text",
                "status",
                "rating_counted",
                "decided_at",
                "created_at",
                "edited_at",
            ],
            rows(),
        )

    def make_shelves(self):
        shelves = list(ReadingStatus.Shelf.values)
        per_reader, extra = divmod(self.sizes["shelves"], len(self.reader_ids))

        def rows():
            for index, reader_id in enumerate(self.reader_ids):
                count = min(per_reader + (index < extra), len(self.book_ids))
                for book_id in self.books_for(count):
                    yield (reader_id, book_id, self.rng.choice(shelves))
                self.progress.update(count)

        copy_rows(ReadingStatus, ["reader_id", "book_id", "status"], rows())

    def make_guides(self):
        rng, writer = self.rng, self.writer
        guide_ids = copy_rows(
            ReadingGuide,
            [
                "slug",
                "status",
                "publish_at",
                "title",
                "summary",
                "introduction",
                "period_id",
                "order",
            ],
            [
                (
                    f"{PREFIX}guide-{number}",
                    Status.PUBLISHED,
                    self.past(),
                    writer.title(writer.english),
                    writer.sentence(writer.english, 12, 30)[:590],
                    writer.html(writer.english, (1, 3)),
                    rng.choice(self.periods).pk,
                    number,
                )
                for number in range(self.sizes["guides"])
            ],
        )

        def entries():
            for guide_id in guide_ids:
                for position in range(1, rng.randint(3, 8) + 1):
                    roll = rng.random()
                    article = rng.choice(self.article_ids) if roll < 0.6 else None
                    book = rng.choice(self.book_ids) if 0.6 <= roll < 0.9 else None
                    link = roll >= 0.9
                    yield (
                        guide_id,
                        position * 10,
                        article,
                        book,
                        f"https://www.marxists.org/{guide_id}/{position}"
                        if link
                        else "",
                        writer.title(writer.english) if link else "",
                        writer.sentence(writer.english, 6, 14),
                    )

        copy_rows(
            GuideEntry,
            [
                "guide_id",
                "position",
                "article_id",
                "book_id",
                "link_url",
                "link_title",
                "note",
            ],
            entries(),
        )
        self.progress.update(len(guide_ids))

    def count_book_figures(self):
        """Each generated book's stored figures, from its ratings and shelves,
        counted as ``reviews.services`` counts them."""
        star_columns = ", ".join(
            f"stars_{n} = coalesce(r.stars_{n}, 0)" for n in range(1, 6)
        )
        star_counts = ", ".join(
            f"count(*) FILTER (WHERE rating = {n}) AS stars_{n}" for n in range(1, 6)
        )
        shelves = ReadingStatus.COUNTER_FIELDS
        shelf_columns = ", ".join(
            f"{field} = coalesce(s.{field}, 0)" for field in shelves.values()
        )
        shelf_counts = ", ".join(
            f"count(*) FILTER (WHERE status = '{shelf}') AS {field}"
            for shelf, field in shelves.items()
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE reviews_book AS b SET
                    ratings_count = coalesce(r.ratings, 0),
                    rating_sum = coalesce(r.total, 0),
                    reviews_count = coalesce(r.written, 0),
                    {star_columns},
                    {shelf_columns}
                FROM reviews_book AS g
                LEFT JOIN (
                    SELECT book_id, count(*) AS ratings, sum(rating) AS total,
                        count(*) FILTER (WHERE text <> '') AS written, {star_counts}
                    FROM reviews_review WHERE status = %s GROUP BY book_id
                ) AS r ON r.book_id = g.id
                LEFT JOIN (
                    SELECT book_id, {shelf_counts}
                    FROM reviews_readingstatus GROUP BY book_id
                ) AS s ON s.book_id = g.id
                WHERE b.id = g.id AND g.slug LIKE %s
                """,
                [Review.Status.APPROVED, f"{PREFIX}%"],
            )
