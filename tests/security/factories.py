"""One of everything, for the security tests, optionally full of hostile text.

    from tests.security.factories import make_site, HOSTILE

    site = make_site()                       # plain text, every page has content
    site = make_site(text=hostile_text)      # every free-text field attacks

``make_site`` builds, through the other apps' factories, a period, a person
with a featured quote, an event on today's date (so "on this day" shows it)
with a source, a series, an article and an interview with an episode, a
tagged article, a book with an approved written review, a reader, a guide
with an article, a book and a link entry, a "Join us" message and the About
page. Objects
are linked to each other so that each one shows on as many pages as it can.

``text(model, field_name, max_length)`` chooses the text of every editable
free-text field (not slugs, addresses, choices or e-mail addresses).
"""

import datetime
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from articles.models import Article, InterviewEpisode, Series
from guides.models import GuideEntry, ReadingGuide
from october.accounts.models import JoinRequest
from people.models import Person, Quote
from reviews.models import Book, Review
from tests.articles.factories import make_article, make_episode, make_series
from tests.guides.factories import make_entry, make_guide
from tests.people.factories import make_person, make_quote
from tests.reviews.factories import make_book, make_reader, make_review
from tests.timeline.factories import make_event, make_period
from timeline.models import Event, Period, Source

# Each is complete on its own, so that any that fits a short field attacks.
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "</textarea><svg onload=alert(1)>",
    "'><svg/onload=alert(1)>",
    "</script><script>alert(1)</script>",
    '<a href="javascript:alert(1)">link</a>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "</title><script>alert(1)</script>",
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "\u202e\u200b<b>odd\u0000unicode</b>",
]
# A word that search finds, so results pages show the hostile records too.
MARKER = "Kronstadt"


def plain_text(model, name, max_length):
    return f"{model.__name__} {name}"[:max_length]


def hostile_text(model, name, max_length):
    """The marker and as many payloads as fit, starting at a different one
    for each field so that every payload reaches many fields."""
    limit = max_length or 100_000
    start = sum(map(ord, f"{model.__name__}.{name}"))
    text = MARKER
    for step in range(len(HOSTILE)):
        payload = HOSTILE[(start + step) % len(HOSTILE)].replace("\u0000", "")
        if len(text) + 1 + len(payload) <= limit:
            text = f"{text} {payload}"
    return text


def free_text_fields(model):
    """The fields of ``model`` an editor types free text into."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(
            field, models.SlugField | models.EmailField | models.URLField
        )
        and field.editable
        and not field.choices
        # Codes held to a pattern (a country's two letters) are not free text.
        and not any(isinstance(v, RegexValidator) for v in field.validators)
        # Video addresses are allowlisted by the database itself.
        and "url" not in field.name
    ]


def texts(model, text, **overrides):
    values = {
        field.name: text(model, field.name, field.max_length)
        for field in free_text_fields(model)
    }
    values.update(overrides)
    return values


def on_this_day_in_1917():
    today = timezone.localdate()
    day = 28 if (today.month, today.day) == (2, 29) else today.day
    return datetime.date(1917, today.month, day)


def make_site(*, text=plain_text):
    """One of everything, linked together; see the module's docstring."""
    period = make_period(**texts(Period, text))
    person = make_person(**texts(Person, text))
    quote = make_quote(person=person, is_featured=True, **texts(Quote, text))
    event = make_event(
        people=[person],
        period=period,
        start=on_this_day_in_1917(),
        **texts(Event, text),
    )
    source = Source.objects.create(
        event=event, url="https://example.org/source", **texts(Source, text)
    )
    series = make_series(**texts(Series, text))
    article = make_article(
        authors=[person],
        tags=[text(Article, "tag", 100)],
        events=[event],
        people=[person],
        series=series,
        series_position=1,
        period=period,
        **texts(Article, text),
    )
    interview = make_article(
        kind=Article.Kind.INTERVIEW,
        authors=[person],
        interviewees=[person],
        **texts(Article, text),
    )
    episode = make_episode(article=interview, **texts(InterviewEpisode, text))
    book = make_book(authors=[person], **texts(Book, text, original_language="ru"))
    # Usernames are held to letters, digits and @.+-_ by their validator.
    User = get_user_model()
    reader = make_reader(
        first_name=text(User, "first_name", 150),
        last_name=text(User, "last_name", 150),
    )
    review = make_review(
        book=book, reader=reader, rating=4, text=text(Review, "text", None)
    )
    guide = make_guide(period=period, **texts(ReadingGuide, text))
    entry_texts = texts(GuideEntry, text)
    link_entry = make_entry(
        guide=guide, link_url="https://example.org/further-reading", **entry_texts
    )
    article_entry = make_entry(guide=guide, article=article, note=entry_texts["note"])
    book_entry = make_entry(guide=guide, book=book, note=entry_texts["note"])
    join_request = JoinRequest.objects.create(
        email="joiner@example.org", **texts(JoinRequest, text)
    )
    # A migration makes it, but committing tests flush it away.
    about, _created = FlatPage.objects.get_or_create(
        url="/about/", defaults={"title": "About us", "content": "<p>About us.</p>"}
    )
    about.sites.add(Site.objects.get_current())
    return SimpleNamespace(
        period=period,
        person=person,
        quote=quote,
        event=event,
        source=source,
        series=series,
        article=article,
        tag=article.tags.get(),
        interview=interview,
        episode=episode,
        book=book,
        reader=reader,
        review=review,
        guide=guide,
        entries=[link_entry, article_entry, book_entry],
        join_request=join_request,
        about=about,
    )
