import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from october.core.publishing import Status
from reviews.models import ReadingStatus
from tests.articles.factories import make_article
from tests.guides.factories import make_entry, make_guide
from tests.people.factories import make_person
from tests.reviews.factories import make_book, make_editor, make_reader
from tests.timeline.factories import make_event, make_period

pytestmark = pytest.mark.django_db


def entry_titles(html):
    start = html.index('<ol class="guide-entries">')
    return html[start : html.index("</ol>", start)]


def test_list_shows_live_guides_with_summary_and_period(client):
    period = make_period(title="The July Days")
    make_guide(
        title="The July Days 1917", summary="Background and events.", period=period
    )
    make_guide(title="Draft guide", status=Status.DRAFT)
    make_guide(title="Future guide", publish_at=timezone.now() + timedelta(hours=1))

    response = client.get("/guides/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "The July Days 1917" in html
    assert "Background and events." in html
    assert "The July Days" in html
    assert "Draft guide" not in html
    assert "Future guide" not in html


def test_list_counts_each_guides_texts(client):
    three = make_guide(title="Three texts", order=1)
    for _ in range(3):
        make_entry(guide=three)
    make_entry(guide=make_guide(title="One text", order=2))
    make_guide(title="No texts yet", order=3)

    response = client.get("/guides/")

    cards = response.content.decode().split('<article class="card guide-card">')[1:]
    assert "3 texts to read" in cards[0]
    assert "1 text to read" in cards[1]
    assert "to read" not in cards[2]


@pytest.mark.parametrize("page", ["abc", "99999", "0"])
def test_list_with_a_bad_page_is_404(client, page):
    make_guide()

    assert client.get(f"/guides/?page={page}").status_code == 404


def test_list_paginates(client):
    for number in range(13):
        make_guide(order=number)

    first = client.get("/guides/").content.decode()
    second = client.get("/guides/?page=2")

    assert 'rel="next"' in first
    assert second.status_code == 200


def test_entries_render_in_order_of_position(client):
    guide = make_guide()
    make_entry(guide=guide, position=30, link_title="Third text")
    make_entry(guide=guide, position=10, link_title="First text")
    make_entry(guide=guide, position=20, link_title="Second text")

    html = client.get(guide.get_absolute_url()).content.decode()

    assert '<a href="/guides/" aria-current="true">' in html
    listing = entry_titles(html)
    assert (
        listing.index("First text")
        < listing.index("Second text")
        < listing.index("Third text")
    )


def test_entries_link_to_article_book_and_external_text_with_notes(client):
    guide = make_guide()
    author = make_person(display_name="A. Woods")
    article = make_article(title="The lessons of October", authors=[author])
    book = make_book(title="History of the Russian Revolution")
    make_entry(guide=guide, article=article, note="The best overview.")
    make_entry(guide=guide, book=book, note="The classic account.")
    make_entry(
        guide=guide,
        link_url="https://www.marxists.org/archive/lenin/works/1917/apr/04.htm",
        link_title="The April Theses",
        link_author="V. I. Lenin",
    )

    html = client.get(guide.get_absolute_url()).content.decode()

    assert f'href="{article.get_absolute_url()}"' in html
    assert f'href="{book.get_absolute_url()}"' in html
    assert (
        'href="https://www.marxists.org/archive/lenin/works/1917/apr/04.htm" '
        'rel="noopener external"'
    ) in html
    assert "A. Woods" in html
    assert "V. I. Lenin" in html
    assert "The best overview." in html
    assert "The classic account." in html


def test_entry_for_a_draft_article_is_not_linked_for_anonymous_readers(client):
    guide = make_guide()
    draft = make_article(title="Coming soon: October", status=Status.DRAFT)
    future_book = make_book(publish_at=timezone.now() + timedelta(days=2))
    make_entry(guide=guide, article=draft)
    make_entry(guide=guide, book=future_book)

    html = client.get(guide.get_absolute_url()).content.decode()

    assert "Coming soon: October" in html
    assert draft.get_absolute_url() not in html
    assert future_book.get_absolute_url() not in html
    assert html.count("Not published yet.") == 2


def test_draft_guide_is_404_for_the_public_and_a_preview_for_editors(client):
    guide = make_guide(status=Status.DRAFT)

    assert client.get(guide.get_absolute_url()).status_code == 404
    client.force_login(make_editor())
    response = client.get(guide.get_absolute_url())
    assert response.status_code == 200
    assert response.context["is_preview"] is True


def test_guide_shows_its_periods_live_events_beside_it(client):
    period = make_period(title="The June Days")
    guide = make_guide(period=period)
    make_event(
        title="Demonstration of 18 June", period=period, start=datetime.date(1917, 7, 1)
    )
    make_event(title="Draft event", period=period, status=Status.DRAFT)
    make_event(title="Other period's event", period=make_period())

    html = client.get(guide.get_absolute_url()).content.decode()

    aside = html[html.index("<aside") : html.index("</aside>")]
    assert "Demonstration of 18 June" in aside
    assert "Draft event" not in aside
    assert "Other period&#x27;s event" not in aside
    assert period.get_absolute_url() in aside


def test_guide_without_period_has_no_event_column(client):
    guide = make_guide()

    assert "<aside" not in client.get(guide.get_absolute_url()).content.decode()


def _fill_guide(guide, count, period):
    for _number in range(count):
        make_entry(guide=guide, article=make_article(authors=[make_person()]))
        make_entry(guide=guide, book=make_book(authors=[make_person()]))
        make_entry(guide=guide)
        make_event(period=period)


def test_guide_page_queries_do_not_grow_with_entries(client, django_assert_num_queries):
    small_period, big_period = make_period(), make_period()
    small, big = make_guide(period=small_period), make_guide(period=big_period)
    _fill_guide(small, 1, small_period)
    _fill_guide(big, 30, big_period)
    client.get(small.get_absolute_url())

    with django_assert_num_queries(5) as small_queries:
        client.get(small.get_absolute_url())
    with django_assert_num_queries(len(small_queries.captured_queries)):
        response = client.get(big.get_absolute_url())

    assert response.context["entries"].__len__() == 90


def test_guide_page_queries_for_a_reader_do_not_grow(
    client, django_assert_max_num_queries
):
    small_period, big_period = make_period(), make_period()
    small, big = make_guide(period=small_period), make_guide(period=big_period)
    _fill_guide(small, 1, small_period)
    _fill_guide(big, 30, big_period)
    client.force_login(make_reader())
    client.get(small.get_absolute_url())

    with django_assert_max_num_queries(20) as small_queries:
        client.get(small.get_absolute_url())
    with django_assert_max_num_queries(len(small_queries.captured_queries)):
        client.get(big.get_absolute_url())


def test_list_queries_do_not_grow_with_guides(client, django_assert_num_queries):
    make_guide(period=make_period())
    with django_assert_num_queries(2) as one:
        client.get("/guides/")
    for _number in range(29):
        make_guide(period=make_period())

    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/guides/")


def test_anonymous_reader_is_invited_to_sign_in_to_shelve_books(client):
    guide = make_guide()
    make_entry(guide=guide, book=make_book())

    html = client.get(guide.get_absolute_url()).content.decode()

    assert f"/accounts/login/?next=/guides/{guide.slug}/" in html
    assert 'name="books"' not in html


def test_reader_ticks_the_guides_books_onto_a_shelf(client):
    reader = make_reader()
    guide = make_guide()
    first, second, unticked = make_book(), make_book(), make_book()
    for book in (first, second, unticked):
        make_entry(guide=guide, book=book)
    client.force_login(reader)

    html = client.get(guide.get_absolute_url()).content.decode()
    assert html.count('name="books"') == 3

    response = client.post(
        f"/guides/{guide.slug}/shelve/",
        {"books": [first.pk, second.pk], "status": ReadingStatus.Shelf.WANT_TO_READ},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/guides/{guide.slug}/#shelve"
    shelved = ReadingStatus.objects.filter(reader=reader)
    assert {s.book_id for s in shelved} == {first.pk, second.pk}
    first.refresh_from_db()
    assert first.want_to_read_count == 1
    page = client.get(response["Location"]).content.decode()
    assert "2 books are now on your “Want to read” shelf." in page
    assert "(now on “Want to read”)" in page


def test_shelving_a_book_from_another_guide_or_a_draft_is_refused(client):
    reader = make_reader()
    guide = make_guide()
    draft = make_book(status=Status.DRAFT)
    make_entry(guide=guide, book=draft)
    elsewhere = make_book()
    client.force_login(reader)

    for book in (draft, elsewhere):
        response = client.post(
            f"/guides/{guide.slug}/shelve/",
            {"books": [book.pk], "status": ReadingStatus.Shelf.READ},
        )
        assert response.status_code == 400
    response = client.post(
        f"/guides/{guide.slug}/shelve/", {"books": ["abc"], "status": "nonsense"}
    )
    assert response.status_code == 400
    assert not ReadingStatus.objects.exists()


def test_shelving_nothing_asks_to_tick_a_book(client):
    guide = make_guide()
    make_entry(guide=guide, book=make_book())
    client.force_login(make_reader())

    response = client.post(
        f"/guides/{guide.slug}/shelve/",
        {"status": ReadingStatus.Shelf.READ},
        follow=True,
    )

    assert "Tick the books you want to shelve." in response.content.decode()
    assert not ReadingStatus.objects.exists()


def test_anonymous_shelving_is_sent_to_sign_in_and_changes_nothing(client):
    guide = make_guide()
    book = make_book()
    make_entry(guide=guide, book=book)

    response = client.post(
        f"/guides/{guide.slug}/shelve/",
        {"books": [book.pk], "status": ReadingStatus.Shelf.READ},
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not ReadingStatus.objects.exists()


def test_shelving_needs_a_csrf_token():
    from django.test import Client

    reader = make_reader()
    guide = make_guide()
    book = make_book()
    make_entry(guide=guide, book=book)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)

    response = client.post(
        f"/guides/{guide.slug}/shelve/",
        {"books": [book.pk], "status": ReadingStatus.Shelf.READ},
    )

    assert response.status_code == 403


def test_shelving_from_a_draft_guide_is_404(client):
    guide = make_guide(status=Status.DRAFT)
    client.force_login(make_reader())

    assert client.post(f"/guides/{guide.slug}/shelve/", {}).status_code == 404


def test_shelve_url_accepts_only_post(client):
    guide = make_guide()
    client.force_login(make_reader())

    assert client.get(f"/guides/{guide.slug}/shelve/").status_code == 405


def test_sitemap_lists_live_guides_only(client):
    live = make_guide(slug="live-guide")
    make_guide(slug="draft-guide", status=Status.DRAFT)

    assert "/sitemap-guides.xml</loc>" in client.get("/sitemap.xml").content.decode()
    xml = client.get("/sitemap-guides.xml").content.decode()

    assert f"{live.get_absolute_url()}</loc>" in xml
    assert "draft-guide" not in xml
