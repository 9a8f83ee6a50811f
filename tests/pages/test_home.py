import datetime
import re

import pytest
from django.utils import timezone

from articles.models import Article
from october.core.dates import julian_to_gregorian
from october.core.publishing import Status
from tests.articles.factories import make_article
from tests.core.image_helpers import make_image_file
from tests.guides.factories import make_entry, make_guide
from tests.people.factories import make_person, make_quote
from tests.reviews.factories import make_book, make_review
from tests.timeline.factories import make_event, make_period

pytestmark = pytest.mark.django_db


def anniversary_today():
    """A day-precision date whose anniversary is today (1916 has 29 February)."""
    today = timezone.localdate()
    return datetime.date(1916, today.month, today.day)


def fill_site(count, *, images=False):
    """``count`` live items for every section of the home page."""
    for number in range(count):
        period = make_period()
        make_event(period=period, start=anniversary_today())
        portrait = {}
        if images:
            portrait = {
                "portrait": make_image_file("portrait.png"),
                "portrait_alt": f"Portrait of person {number}",
            }
        person = make_person(**portrait)
        make_quote(person=person, is_featured=True, text=f"Quote {number}.")
        author = make_person(kind="author")
        article = make_article(authors=[author], tags=["1917"])
        make_article(kind=Article.Kind.VIDEO, authors=[author])
        book = make_book(authors=[author])
        make_review(book=book, rating=5)
        guide = make_guide(period=period)
        make_entry(guide=guide, article=article)
        make_entry(guide=guide, book=book)


def test_empty_site_shows_the_title_tagline_and_join_us_only(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>In Defence of October</h1>" in html
    assert "Study the lessons of the Russian Revolution" in html
    assert 'href="/join/"' in html
    for section in (
        "home-timeline",
        "home-people",
        "home-guides",
        "home-articles",
        "home-videos",
        "home-book",
        "home-today",
    ):
        assert f'id="{section}"' not in html


def test_home_shows_every_section_from_live_content(client):
    period = make_period(
        title="The July Days", description="Spontaneous, armed demonstrations."
    )
    make_event(period=period, title="July demonstrations")
    person = make_person(display_name="V. Volodarsky")
    make_quote(person=person, is_featured=True, text="He was always in the front row.")
    make_article(title="The lessons of October")
    make_article(title="Alan Woods on the July Days", kind=Article.Kind.VIDEO)
    book = make_book(title="In Defence of the October Revolution")
    for rating in (5, 5, 4):
        make_review(book=book, rating=rating)
    make_guide(title="The July Days 1917", period=period)
    make_event(title="An anniversary", start=anniversary_today())

    html = client.get("/").content.decode()

    assert "The July Days" in html
    assert "Spontaneous, armed demonstrations." in html
    assert "V. Volodarsky" in html
    assert "He was always in the front row." in html
    assert "The July Days 1917" in html
    assert "The lessons of October" in html
    assert "Alan Woods on the July Days" in html
    assert "In Defence of the October Revolution" in html
    assert "4.67 average · 3 ratings" in html
    assert "An anniversary" in html


def test_unpublished_content_stays_off_the_home_page(client):
    later = timezone.now() + datetime.timedelta(days=1)
    period = make_period(title="Period without live events")
    make_event(period=period, status=Status.DRAFT)
    make_quote(
        person=make_person(display_name="Draft person", status=Status.DRAFT),
        is_featured=True,
    )
    make_article(title="Draft article", status=Status.DRAFT)
    make_article(title="Future video", kind=Article.Kind.VIDEO, publish_at=later)
    book = make_book(title="Future book")
    make_review(book=book, rating=5)
    book.publish_at = later
    book.save()
    make_guide(title="Draft guide", status=Status.DRAFT)
    make_event(
        title="Draft anniversary", start=anniversary_today(), status=Status.DRAFT
    )

    html = client.get("/").content.decode()

    for title in (
        "Period without live events",
        "Draft person",
        "Draft article",
        "Future video",
        "Future book",
        "Draft guide",
        "Draft anniversary",
    ):
        assert title not in html


def test_on_this_day_matches_the_old_style_date_too(client):
    today = timezone.localdate()
    make_event(
        title="Old Style anniversary",
        # Today's day and month in the Julian calendar (1916 has 29 February).
        start=julian_to_gregorian(1916, today.month, today.day),
        start_calendar="julian",
    )

    assert "Old Style anniversary" in client.get("/").content.decode()


def test_people_row_scrolls_and_is_reachable_by_keyboard(client):
    make_quote(person=make_person(), is_featured=True)

    html = client.get("/").content.decode()

    assert re.search(
        r'<div class="home-strip" role="region" tabindex="0" '
        r'aria-labelledby="home-people">',
        html,
    )
    assert "october/home.css" in html


def test_every_link_in_a_full_home_page_leads_to_a_page(client):
    fill_site(2, images=True)

    html = client.get("/").content.decode()

    # The page's own content; the site header and footer have their own tests.
    main = html[html.index('<main id="main"') : html.index("</main>")]
    links = set(re.findall(r'href="([^"]+)"', main))
    internal = {
        link.split("#")[0].replace("&amp;", "&")
        for link in links
        if link.startswith("/") and not link.startswith("/static/")
    }
    assert len(internal) > 20
    for link in sorted(internal):
        response = client.get(link, follow=True)
        assert response.status_code == 200, link


def test_home_queries_do_not_grow_with_content(client, django_assert_num_queries):
    fill_site(1)
    with django_assert_num_queries(10) as one:
        client.get("/")
    fill_site(29)

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/")

    home = response.context["view"]
    assert len(home.people) == 12
    assert len(home.guides) == 6
    assert len(home.latest_articles) == 5
    assert len(home.latest_videos) == 5


def test_latest_articles_and_videos_are_the_newest_of_each(client):
    now = timezone.now()
    for hours in range(1, 8):
        make_article(
            title=f"Article {hours}h", publish_at=now - datetime.timedelta(hours=hours)
        )
        make_article(
            title=f"Video {hours}h",
            kind=Article.Kind.VIDEO,
            publish_at=now - datetime.timedelta(hours=hours, minutes=30),
        )

    home = client.get("/").context["view"]

    assert [a.title for a in home.latest_articles] == [
        f"Article {hours}h" for hours in range(1, 6)
    ]
    assert [a.title for a in home.latest_videos] == [
        f"Video {hours}h" for hours in range(1, 6)
    ]
