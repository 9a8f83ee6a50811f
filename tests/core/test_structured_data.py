"""Every page type's JSON-LD, as its consumers read it.

Each block goes through a real JSON-LD processor (pyld): it must expand
against schema.org's context without error, every type and property must be
schema.org's and belong to the type it is given on, every address a
processor reads as a link must be absolute, and the dates Google reads must
be ISO 8601. The expanded graph is then compacted again and held to Google's
rich-result rules for the types the site uses (``GOOGLE_RULES``).

schema.org serves its context at https://schema.org/ (by content
negotiation); the tests never use the network, so a document loader answers
from tests/core/schemaorg/context.jsonld instead. That file stubs the part of
the real context that changes how a processor reads our data: the vocabulary
(``@vocab``) and the properties whose values are links (``@type: @id``).
Which properties each type has is ``SCHEMA`` below, from schema.org's
definitions; a property the site starts to use is added there, once checked.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest
from pyld import jsonld
from pyld.jsonld import JsonLdError

from articles.models import Article
from tests.articles.factories import make_article
from tests.e2e.site_pages import make_site
from tests.timeline.factories import make_event

pytestmark = pytest.mark.django_db

SCHEMA_ORG = "http://schema.org/"
CONTEXT = json.loads(
    (Path(__file__).parent / "schemaorg" / "context.jsonld").read_text()
)
# The addresses schema.org's context is known by.
CONTEXT_URLS = {
    "https://schema.org",
    "https://schema.org/",
    "http://schema.org",
    "http://schema.org/",
    "https://schema.org/docs/jsonldcontext.jsonld",
}


def schema_org_loader(url, options=None):
    """pyld's document loader: schema.org's context from the local copy,
    nothing from the network."""
    if url not in CONTEXT_URLS:
        raise JsonLdError(
            f"No network in tests: {url}",
            "jsonld.LoadDocumentError",
            code="loading document failed",
        )
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": CONTEXT,
    }


# No base address: pyld would otherwise resolve a relative link against its
# example.org default, and hide it.
OPTIONS = {"documentLoader": schema_org_loader, "base": None}

# schema.org's types the site uses: (parent type, own properties). A type
# has its own properties and all its ancestors'.
SCHEMA = {
    "Thing": (
        None,
        "name description url image alternateName sameAs identifier "
        "mainEntityOfPage potentialAction",
    ),
    "CreativeWork": (
        "Thing",
        "author creator publisher datePublished dateModified headline inLanguage "
        "isPartOf about review aggregateRating thumbnailUrl mainEntity keywords "
        "video position",
    ),
    "Article": ("CreativeWork", "articleBody articleSection wordCount"),
    "MediaObject": ("CreativeWork", "embedUrl contentUrl uploadDate duration"),
    "VideoObject": ("MediaObject", ""),
    "Book": ("CreativeWork", "numberOfPages isbn bookFormat"),
    "Review": ("CreativeWork", "reviewBody reviewRating itemReviewed"),
    "WebPage": ("CreativeWork", "breadcrumb"),
    "CollectionPage": ("WebPage", ""),
    "ProfilePage": ("WebPage", ""),
    "WebSite": ("CreativeWork", ""),
    "CreativeWorkSeries": ("CreativeWork", ""),
    "Event": (
        "Thing",
        "startDate endDate location eventStatus eventAttendanceMode about "
        "inLanguage organizer performer",
    ),
    "Person": (
        "Thing",
        "birthDate deathDate birthPlace deathPlace jobTitle",
    ),
    "Organization": ("Thing", "logo"),
    "Place": ("Thing", "address"),
    "PostalAddress": (
        "Thing",
        "addressLocality addressCountry addressRegion streetAddress postalCode",
    ),
    "Rating": ("Thing", "ratingValue bestRating worstRating"),
    "AggregateRating": ("Rating", "ratingCount reviewCount itemReviewed"),
    "ItemList": ("Thing", "itemListElement numberOfItems itemListOrder"),
    "BreadcrumbList": ("ItemList", ""),
    "ListItem": ("Thing", "position item"),
    "Action": ("Thing", "target"),
    # "query-input" is schema.org's, for the input a SearchAction's target
    # takes (schema.org's "-input" annotation of a property).
    "SearchAction": ("Action", "query query-input"),
    "EntryPoint": ("Thing", "urlTemplate"),
}
# Properties whose values are links: a processor must read them as absolute
# IRIs (the context coerces them to @id).
LINKS = {
    term
    for term, definition in CONTEXT["@context"].items()
    if isinstance(definition, dict) and definition.get("@type") == "@id"
}
# Dates Google reads, which must be ISO 8601.
DATES = {"datePublished", "dateModified", "uploadDate", "startDate", "endDate"}


def properties_of(type_name):
    names = set()
    while type_name:
        parent, own = SCHEMA[type_name]
        names.update(own.split())
        type_name = parent
    return names


@dataclass(frozen=True)
class Rules:
    """Google's rules for one type, as property paths: "a.b" is b on every
    value of a, "a|b" either of them. ``not_applicable`` lists recommended
    properties the site has no data for, and why."""

    source: str
    required: tuple[str, ...] = ()
    recommended: tuple[str, ...] = ()
    not_applicable: dict[str, str] = field(default_factory=dict)


GOOGLE = "https://developers.google.com/search/docs/appearance/structured-data/"
GOOGLE_RULES = {
    "Article": Rules(
        GOOGLE + "article",
        # Google requires nothing of an Article; the site requires an author.
        required=("author", "author.name", "author.@type"),
        recommended=(
            "author.url",
            "datePublished",
            "dateModified",
            "headline",
            "image",
        ),
    ),
    "VideoObject": Rules(
        GOOGLE + "video",
        required=("name", "thumbnailUrl", "uploadDate", "author.name"),
        recommended=("description", "embedUrl|contentUrl"),
        not_applicable={
            "duration": "the site keeps no running times",
            "expires": "videos stay",
            "hasPart": "interview episodes link a time, not a clip",
            "interactionStatistic": "the site counts no views",
            "publication": "nothing is broadcast live",
            "regionsAllowed": "no regional limits",
        },
    ),
    "Event": Rules(
        GOOGLE + "event",
        required=("name", "startDate", "location", "location.address"),
        recommended=(
            "description",
            "endDate",
            "eventStatus",
            "eventAttendanceMode",
            "image",
            "location.name",
            "location.address.addressLocality",
            "location.address.addressCountry",
        ),
        not_applicable={
            "offers": "events of 1917 sell no tickets",
            "organizer": "a revolution has no single organiser",
            "performer": "not a performance",
            "previousStartDate": "never rescheduled",
        },
    ),
    "Review": Rules(
        GOOGLE + "review-snippet",
        required=("author", "author.name", "reviewRating", "reviewRating.ratingValue"),
        recommended=(
            "datePublished",
            "reviewBody",
            "reviewRating.bestRating",
            "reviewRating.worstRating",
        ),
    ),
    "AggregateRating": Rules(
        GOOGLE + "review-snippet",
        required=("ratingValue", "ratingCount|reviewCount"),
        recommended=("bestRating", "worstRating"),
    ),
    "Book": Rules(
        # What a review snippet needs of the item reviewed; Google's Book
        # actions are for shops and libraries, which the site is not.
        GOOGLE + "review-snippet",
        required=("name",),
        recommended=("author", "author.name", "url", "image"),
    ),
    "ProfilePage": Rules(
        GOOGLE + "profile-page",
        required=("mainEntity", "mainEntity.name"),
    ),
    "Person": Rules(GOOGLE + "profile-page", required=("name",)),
    "BreadcrumbList": Rules(
        GOOGLE + "breadcrumb",
        required=(
            "itemListElement",
            "itemListElement.position",
            "itemListElement.name",
            "itemListElement.item",
        ),
    ),
}


def blocks(html):
    return [
        json.loads(text)
        for text in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, re.S
        )
    ]


def iso_8601(text):
    """A date, a date and time with its offset, or a year or month alone
    (ISO 8601's reduced precision: a book's year of publication)."""
    if re.fullmatch(r"[0-9]{4}(-[0-9]{2})?", text):
        return True
    try:
        parsed = (datetime if "T" in text else date).fromisoformat(text)
    except ValueError:
        return False
    return not isinstance(parsed, datetime) or parsed.tzinfo is not None


def schema_problems(node, where):
    """What is wrong with one expanded node and the nodes inside it."""
    problems = []
    types = node.get("@type", [])
    if not types and not node.get("@id"):
        problems.append(f"{where}: a node without a type")
    names = set()
    for type_iri in types:
        type_name = type_iri.removeprefix(SCHEMA_ORG)
        if type_name not in SCHEMA:
            problems.append(f"{where}: {type_iri} is not a schema.org type we know")
        else:
            names |= properties_of(type_name)
    for key, values in node.items():
        if key.startswith("@"):
            continue
        name = key.removeprefix(SCHEMA_ORG)
        here = f"{where}.{name}"
        if not key.startswith(SCHEMA_ORG):
            problems.append(f"{here}: not a schema.org property ({key})")
        elif types and name not in names:
            problems.append(f"{here}: not a property of {', '.join(types)}")
        for value in values:
            if name in LINKS:
                link = value.get("@id", "")
                if not re.match(r"https?://[^/\s]+/", link):
                    problems.append(f"{here}: {value} is not an absolute link")
            elif name in DATES:
                text = value.get("@value", "")
                if not iso_8601(text):
                    problems.append(f"{here}: {text!r} is not an ISO 8601 date")
            elif "@value" not in value and "@id" not in value.keys() - {"@type"}:
                problems += schema_problems(value, here)
    return problems


def values_at(node, path):
    """The values at a dotted path in a compacted node, lists flattened."""
    found = [node]
    for part in path.split("."):
        found = [
            item
            for value in found
            if isinstance(value, dict) and part in value
            for item in (
                value[part] if isinstance(value[part], list) else [value[part]]
            )
        ]
    return found


def present(node, path):
    """Whether every value on the way has the last property of ``path``."""
    for option in path.split("|"):
        head, _dot, last = option.rpartition(".")
        parents = values_at(node, head) if head else [node]
        if parents and all(
            isinstance(parent, dict) and parent.get(last) not in (None, "", [])
            for parent in parents
        ):
            return True
    return False


def nodes_by_type(node):
    """Every node of a compacted document with its type, nested ones too."""
    if isinstance(node, list):
        for item in node:
            yield from nodes_by_type(item)
    elif isinstance(node, dict):
        types = node.get("@type", [])
        for type_name in types if isinstance(types, list) else [types]:
            yield type_name, node
        for key, value in node.items():
            if not key.startswith("@"):
                yield from nodes_by_type(value)


def rule_problems(document, where):
    problems = []
    for type_name, node in nodes_by_type(document):
        rules = GOOGLE_RULES.get(type_name)
        if rules is None:
            continue
        for kind, paths in (
            ("required", rules.required),
            ("recommended", rules.recommended),
        ):
            problems += [
                f"{where}: {type_name} lacks {kind} {path} ({rules.source})"
                for path in paths
                if not present(node, path)
            ]
    return problems


def check_page(client, name, path):
    """Every problem of the page's JSON-LD, and the types it holds."""
    response = client.get(path)
    assert response.status_code == 200, name
    problems, types = [], []
    for number, document in enumerate(blocks(response.content.decode()), start=1):
        where = f"{name} #{number}"
        try:
            expanded = jsonld.expand(document, OPTIONS)
            compacted = jsonld.compact(expanded, "https://schema.org", OPTIONS)
        except JsonLdError as error:
            problems.append(f"{where}: {error}")
            continue
        if not expanded:
            problems.append(f"{where}: nothing left once expanded")
        for node in expanded:
            problems += schema_problems(node, where)
        problems += rule_problems(compacted, where)
        types += [type_name for type_name, _node in nodes_by_type(compacted)]
    return problems, types


@pytest.fixture
def pages():
    """Every public page type, and the articles that vary in who wrote them
    and whether they have a video."""
    site = make_site()
    extra = {
        "video": make_article(
            kind=Article.Kind.VIDEO,
            embed_url="https://player.vimeo.com/video/76979871",
        ),
        "unsigned article": make_article(title="Unsigned"),
        "documentary without a video": make_article(kind=Article.Kind.DOCUMENTARY),
        "Spanish interview": make_article(
            kind=Article.Kind.INTERVIEW,
            language="es",
            interviewees=[site.trotsky],
        ),
    }
    return site.public + [
        (name, article.get_absolute_url()) for name, article in extra.items()
    ]


def test_every_page_types_json_ld_is_valid_schema_org_and_meets_google_rules(
    client, pages
):
    problems, types = [], set()
    for name, path in pages:
        if name == "not found":
            continue
        page_problems, page_types = check_page(client, name, path)
        problems += page_problems
        types.update(page_types)
    assert not problems, "\n".join(problems)
    # Every type that has rules was met and checked.
    assert set(GOOGLE_RULES) <= types, set(GOOGLE_RULES) - types


def article_json_ld(client, article):
    return blocks(client.get(article.get_absolute_url()).content.decode())[0]


def test_an_interview_is_by_its_interviewee(client):
    site = make_site()
    interview = make_article(kind=Article.Kind.INTERVIEW, interviewees=[site.trotsky])
    data = article_json_ld(client, interview)
    assert data["@type"] == "Article"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "L. Trotsky",
            "url": f"http://testserver{site.trotsky.get_absolute_url()}",
        }
    ]


def test_an_article_without_a_byline_is_by_the_site(client):
    data = article_json_ld(client, make_article(title="Unsigned"))
    [author] = data["author"]
    assert author["@type"] == "Organization"
    assert author["name"] == "In Defence of October"
    assert author["url"] == "http://testserver/"


def test_a_video_is_a_video_object_with_its_player(client):
    video = make_article(
        kind=Article.Kind.DOCUMENTARY,
        embed_url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    )
    data = article_json_ld(client, video)
    assert data["@type"] == "VideoObject"
    assert data["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert data["uploadDate"] == video.publish_at.isoformat()
    assert data["thumbnailUrl"] == ["https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"]
    assert data["description"]
    assert data["author"][0]["@type"] == "Organization"


def test_an_events_location_has_an_address(client):
    site = make_site()
    event_path = dict(site.public)["event"]
    data = blocks(client.get(event_path).content.decode())[0]
    assert data["location"] == {
        "@type": "Place",
        "name": "Petrograd",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Petrograd",
            "addressCountry": "RU",
        },
    }


def test_the_checks_catch_what_consumers_reject(client):
    """The validator is not a rubber stamp: broken data is reported."""
    broken = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "The storming",
        "startDate": "25 October 1917",
        "url": "/timeline/storming/",
        "location": {"@type": "Place", "name": "Petrograd"},
        "headline": "Events have no headline",
        "colour": "red",
    }
    expanded = jsonld.expand(broken, OPTIONS)
    problems = schema_problems(expanded[0], "event")
    assert any("startDate" in problem and "ISO 8601" in problem for problem in problems)
    assert any("url" in problem and "absolute" in problem for problem in problems)
    assert any("headline: not a property of" in problem for problem in problems)
    assert any("colour: not a property of" in problem for problem in problems)
    compacted = jsonld.compact(expanded, "https://schema.org", OPTIONS)
    assert rule_problems(compacted, "event") == [
        f"event: Event lacks required location.address ({GOOGLE}event)",
        *(
            f"event: Event lacks recommended {path} ({GOOGLE}event)"
            for path in GOOGLE_RULES["Event"].recommended
            if path != "location.name"
        ),
    ]


def test_the_loader_never_reaches_the_network():
    with pytest.raises(JsonLdError):
        jsonld.expand({"@context": "https://example.org/context"}, OPTIONS)


def test_a_one_day_event_ends_the_day_it_starts(client):
    event = make_event(place="Petrograd", country="RU")
    data = blocks(client.get(event.get_absolute_url()).content.decode())[0]
    assert data["startDate"] == data["endDate"] == "1917-06-01"
