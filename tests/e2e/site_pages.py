"""One of every page type, for the checks that visit them all (axe, vnu).

``make_site()`` saves a small site with every kind of content linked the way
editors link it, and returns ``SitePages``: the public page types as
``(name, path)`` pairs, the pages a signed-in reader sees, and that reader.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from articles.models import Article
from tests.articles.factories import make_article, make_episode, make_series
from tests.core.image_helpers import make_image_file
from tests.guides.factories import make_entry, make_guide
from tests.people.factories import make_person, make_quote
from tests.reviews.factories import make_book, make_reader, make_review
from tests.timeline.factories import make_event, make_period


@dataclass
class SitePages:
    public: list[tuple[str, str]]
    signed_in: list[tuple[str, str]]
    reader: object
    trotsky: object
    book: object
    article: object
    translation: object


def make_site() -> SitePages:
    october = make_period(title="October", slug="october")
    lenin = make_person(
        display_name="V. I. Lenin",
        slug="lenin",
        native_name="Владимир Ленин",
        summary="Leader of the Bolshevik party.",
    )
    trotsky = make_person(
        display_name="L. Trotsky",
        slug="trotsky",
        full_name="Leon Trotsky",
        birth_name="Lev Davidovich Bronstein",
        native_name="Лев Троцкий",
        alternative_names="Trotskii\nTrotzki",
        birth=datetime.date(1879, 11, 7),
        birth_calendar="julian",
        birth_place="Yanovka",
        roles="Chairman of the Petrograd Soviet",
        summary="Chairman of the Petrograd Soviet in 1905 and 1917.",
        biography="<p>Organiser of the October insurrection.</p>",
        portrait=make_image_file("trotsky.jpg", size=(480, 480)),
        portrait_alt="Trotsky in 1918, in a greatcoat",
    )
    make_quote(person=trotsky, said_by_person=lenin, is_featured=True)
    today = timezone.localdate()
    event = make_event(
        title="The October Revolution",
        slug="october-revolution",
        start=datetime.date(1917, 11, 7),
        start_calendar="julian",
        end=datetime.date(1917, 11, 8),
        end_calendar="julian",
        place="Petrograd",
        country="RU",
        period=october,
        people=[lenin, trotsky],
        body="<p>The Military Revolutionary Committee takes the city.</p>",
        image=make_image_file("smolny.jpg", size=(960, 640)),
        image_alt="Red Guards outside the Smolny Institute",
    )
    # 1916 was a leap year, so even 29 February has its anniversary event.
    make_event(title="An anniversary", start=today.replace(year=1916), period=october)
    series = make_series(title="The 1917 centenary", slug="centenary")
    article = make_article(
        title="Lenin and the insurrection",
        slug="lenin-and-the-insurrection",
        authors=[trotsky],
        tags=["insurrection"],
        events=[event],
        people=[lenin],
        series=series,
        series_position=1,
        period=october,
        reading_minutes=7,
    )
    translation = make_article(
        title="Lenin y la insurrección",
        slug="lenin-y-la-insurreccion",
        language="es",
        translation_of=article,
        authors=[trotsky],
    )
    historian = make_person(
        display_name="Joshua Rubenstein",
        slug="joshua-rubenstein",
        kind="historian",
    )
    interview = make_article(
        title="Joshua Rubenstein on Leon Trotsky",
        slug="rubenstein-on-trotsky",
        kind=Article.Kind.INTERVIEW,
        interviewees=[historian],
        people=[trotsky],
        embed_url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    )
    make_episode(article=interview, question="What was his childhood like?")
    make_episode(article=interview, question="Why did he join the revolution?")
    make_article(
        title="The October Revolution: the masses take power",
        kind=Article.Kind.VIDEO,
        embed_url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        series=series,
        series_position=2,
    )
    book = make_book(
        title="In Defence of the October Revolution",
        slug="in-defence-of-october",
        subtitle="Lecture given in Copenhagen, 27 November 1932",
        description="<p>Trotsky's defence of the revolution.</p>",
        authors=[trotsky],
        pages=32,
        first_published_year=1932,
        original_language="ru",
        cover=make_image_file("cover.jpg", size=(480, 720)),
        cover_alt="The cover: a red star over the title",
    )
    reader = make_reader(username="natasha")
    make_review(book=book, reader=reader, rating=5, text="Clear and essential.")
    make_review(book=book, rating=4)
    guide = make_guide(
        title="The October Insurrection",
        slug="october-insurrection",
        period=october,
        introduction="<p>Start with Lenin's letters.</p>",
    )
    make_entry(guide=guide, article=article, note="The best account.")
    make_entry(guide=guide, book=book, note="Trotsky's own summary.")
    make_entry(guide=guide, note="Lenin's letter to the Central Committee.")

    public = [
        ("home", "/"),
        ("timeline", "/timeline/"),
        ("event", event.get_absolute_url()),
        ("on this day", "/timeline/on-this-day/"),
        ("on a chosen day", "/timeline/on-this-day/?month=11&day=7"),
        ("period", october.get_absolute_url()),
        ("calendar converter", "/timeline/convert/?date=1917-10-25&calendar=julian"),
        ("people", "/people/"),
        ("person", trotsky.get_absolute_url()),
        ("articles", "/articles/"),
        ("article", article.get_absolute_url()),
        ("translation", translation.get_absolute_url()),
        ("interview", interview.get_absolute_url()),
        ("series", series.get_absolute_url()),
        ("tag", "/articles/tag/insurrection/"),
        ("books", "/books/"),
        ("book", book.get_absolute_url()),
        ("reader profile", f"/readers/{reader.username}/"),
        ("guides", "/guides/"),
        ("guide", guide.get_absolute_url()),
        ("search", "/search/?q=Trotsky"),
        ("join", "/join/"),
        ("about", "/about/"),
        ("login", "/accounts/login/"),
        ("signup", "/accounts/signup/"),
        ("password reset", "/accounts/password_reset/"),
        ("not found", "/no-such-page/"),
    ]
    signed_in = [
        ("review form", f"{book.get_absolute_url()}review/"),
        ("book, signed in", book.get_absolute_url()),
        ("guide, signed in", guide.get_absolute_url()),
        ("account settings", "/accounts/settings/"),
    ]
    return SitePages(
        public=public,
        signed_in=signed_in,
        reader=reader,
        trotsky=trotsky,
        book=book,
        article=article,
        translation=translation,
    )
