import datetime
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from october.core.publishing import Status
from october.core.seo import json_ld
from tests.articles.factories import make_article
from tests.guides.factories import make_entry, make_guide
from tests.people.factories import make_person
from tests.reviews.factories import make_book, make_review
from tests.timeline.factories import make_event

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def structured_data(response):
    """The JSON-LD objects of a page, by their @type."""
    return {
        data["@type"]: data
        for data in (
            json.loads(block) for block in JSON_LD.findall(response.content.decode())
        )
    }


def meta(response, attribute, name):
    match = re.search(
        rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">',
        response.content.decode(),
    )
    return match and match.group(1)


def test_json_ld_cannot_be_closed_by_the_content():
    script = json_ld({"name": "</script><script>alert(1)</script> & more"})
    assert script.count("</script>") == 1
    assert "\\u003C/script\\u003E" in script
    assert "\\u0026" in script
    body = script.removeprefix('<script type="application/ld+json">')
    assert json.loads(body.removesuffix("</script>"))["name"].startswith("</script>")


@pytest.mark.parametrize(
    "path", ["/", "/timeline/", "/people/", "/books/", "/guides/", "/join/"]
)
def test_every_page_has_a_canonical_url_description_and_card(client, path):
    response = client.get(path)
    html = response.content.decode()
    assert f'<link rel="canonical" href="http://testserver{path}">' in html
    assert meta(response, "name", "description")
    assert meta(response, "property", "og:title")
    assert meta(response, "property", "og:image").startswith("http://testserver/")
    assert meta(response, "name", "twitter:card") == "summary_large_image"
    assert meta(response, "name", "twitter:image").startswith("http://testserver/")


def test_canonical_url_keeps_the_page_number_and_drops_other_parameters(client):
    for number in range(30):
        make_person(display_name=f"Comrade {number}")
    response = client.get("/people/?page=2&kind=historical&utm_source=x")
    assert '<link rel="canonical" href="http://testserver/people/?page=2">' in (
        response.content.decode()
    )


def test_home_page_describes_the_site_and_its_search(client):
    website = structured_data(client.get("/"))["WebSite"]
    assert website["url"] == "http://testserver/"
    assert website["potentialAction"]["target"]["urlTemplate"] == (
        "http://testserver/search/?q={search_term_string}"
    )


def test_event_gives_both_calendars_in_its_description(client):
    event = make_event(
        title="The October Revolution",
        slug="october-revolution",
        start=datetime.date(1917, 11, 7),
        start_calendar="julian",
        place="Petrograd",
        summary="The Provisional Government is overthrown.",
    )
    data = structured_data(client.get(event.get_absolute_url()))
    assert data["Event"]["startDate"] == "1917-11-07"
    assert data["Event"]["description"].startswith(
        "25 October (7 November) 1917, Petrograd."
    )
    assert data["Event"]["location"]["name"] == "Petrograd"
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == [
        "Home",
        "Timeline",
        "The October Revolution",
    ]
    assert crumbs[-1]["item"] == "http://testserver/timeline/october-revolution/"


def test_person_has_every_other_name_and_life_dates(client):
    trotsky = make_person(
        display_name="L. Trotsky",
        full_name="Leon Trotsky",
        native_name="Лев Троцкий",
        alternative_names="Trotskii\nTrotzki",
        birth=datetime.date(1879, 11, 7),
        birth_calendar="julian",
    )
    response = client.get(trotsky.get_absolute_url())
    person = structured_data(response)["Person"]
    assert person["name"] == "L. Trotsky"
    assert person["alternateName"] == [
        "Leon Trotsky",
        "Лев Троцкий",
        "Trotskii",
        "Trotzki",
    ]
    assert person["birthDate"] == "1879-11-07"
    assert meta(response, "property", "og:type") == "profile"


def test_book_has_its_rating_and_only_approved_reviews(client):
    book = make_book(title="In Defence of the October Revolution")
    make_review(book=book, rating=5, text="Essential reading.")
    make_review(book=book, rating=3)
    make_review(book=book, rating=1, text="Awaiting a moderator.", status="pending")
    data = structured_data(client.get(book.get_absolute_url()))["Book"]
    # Stars count at once, as the page shows them; only the words wait.
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "3.00",
        "ratingCount": 3,
        "reviewCount": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert [review["reviewBody"] for review in data["review"]] == ["Essential reading."]


def test_article_and_video_and_their_translations(client):
    spanish = make_article(title="La lucha", language="es")
    english = make_article(
        title="The struggle",
        translation_of=spanish,
        authors=[make_person(display_name="A. Woods")],
    )
    response = client.get(english.get_absolute_url())
    article = structured_data(response)["Article"]
    assert article["headline"] == "The struggle"
    assert article["author"][0]["name"] == "A. Woods"
    assert article["inLanguage"] == "en"
    html = response.content.decode()
    assert f'href="{spanish.get_absolute_url()}" hreflang="es"' in html
    assert meta(response, "property", "og:locale:alternate") == "es_ES"

    video = make_article(
        kind=Article.Kind.VIDEO,
        embed_url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    )
    data = structured_data(client.get(video.get_absolute_url()))["VideoObject"]
    assert data["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    # Without a picture of its own, the video's still.
    assert data["thumbnailUrl"] == ["https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"]


def test_guide_lists_its_entries_in_order(client):
    guide = make_guide(title="The July Days")
    article = make_article(title="A turning point")
    make_entry(guide=guide, article=article)
    make_entry(guide=guide, link_title="Lessons of October", link_url="https://a.b/")
    data = structured_data(client.get(guide.get_absolute_url()))["ItemList"]
    assert [(item["position"], item["name"]) for item in data["itemListElement"]] == [
        (1, "A turning point"),
        (2, "Lessons of October"),
    ]
    assert data["itemListElement"][0]["url"] == (
        f"http://testserver{article.get_absolute_url()}"
    )


def test_draft_preview_is_not_indexed(client, django_user_model):
    editor = django_user_model.objects.create_superuser("ed", "ed@x.org", "password")
    client.force_login(editor)
    draft = make_event(status=Status.DRAFT)
    response = client.get(draft.get_absolute_url())
    assert meta(response, "name", "robots") == "noindex"


def whole_sitemap(client):
    """The sitemap index and every section it points to, as one text."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = re.findall(
        r"<loc>https?://[^/<]+(/sitemap-[a-z]+\.xml)</loc>", index.content.decode()
    )
    assert sections
    return "".join(client.get(section).content.decode() for section in sections)


def test_sitemap_lists_live_content_with_its_last_change(client):
    event = make_event()
    person = make_person()
    article = make_article()
    book = make_book()
    guide = make_guide()
    hidden = [
        make_event(status=Status.DRAFT),
        make_person(publish_at=timezone.now() + timedelta(days=1)),
        make_article(status=Status.DRAFT),
        make_book(status=Status.DRAFT),
        make_guide(status=Status.DRAFT),
    ]
    xml = whole_sitemap(client)
    for item in (event, person, article, book, guide):
        url = item.get_absolute_url()
        assert f"{url}</loc><lastmod>{item.updated_at.date().isoformat()}" in xml
    for item in hidden:
        assert f"{item.get_absolute_url()}</loc>" not in xml
    for section in ("/timeline/</loc>", "/people/</loc>", "/books/</loc>"):
        assert section in xml
