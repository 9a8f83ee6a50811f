import datetime
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone, translation

from october.core.publishing import Status
from october.core.roles import EDITORS
from tests.core.image_helpers import make_image_file
from tests.people.factories import make_person
from tests.timeline.factories import make_event, make_period
from timeline.views import timelinejs_language

pytestmark = pytest.mark.django_db


def make_october_revolution(**overrides):
    fields = {
        "title": "The October Revolution",
        "slug": "october-revolution",
        "summary": "The Provisional Government is overthrown.",
        "start": datetime.date(1917, 11, 7),
        "start_calendar": "julian",
        "place": "Petrograd",
    }
    return make_event(**{**fields, **overrides})


# The timeline


def test_timeline_groups_events_by_period_in_date_order(client):
    february = make_period(title="The February Revolution", slug="february")
    july = make_period(title="The July Days", slug="july-days")
    make_event(title="July Days", period=july, start=datetime.date(1917, 7, 16))
    make_event(title="Women's Day", period=february, start=datetime.date(1917, 3, 8))
    html = client.get("/timeline/").content.decode()
    positions = [
        html.index(text)
        for text in (
            ">The February Revolution</a></h2>",
            ">Women&#x27;s Day</a>",
            ">The July Days</a></h2>",
            ">July Days</a>",
        )
    ]
    assert positions == sorted(positions)
    assert html.count("<h1") == 1


def test_timeline_shows_dual_dates_and_summaries(client):
    make_october_revolution()
    html = client.get("/timeline/").content.decode()
    assert "25 October (7 November) 1917" in html
    assert '<time datetime="1917-11-07"' in html
    assert "The Provisional Government is overthrown." in html


def test_a_date_range_shows_both_calendars(client):
    make_event(
        title="July Days",
        start=datetime.date(1917, 7, 16),
        start_calendar="julian",
        end=datetime.date(1917, 7, 20),
        end_calendar="julian",
    )
    html = client.get("/timeline/").content.decode()
    assert "3–7 July (16–20 July) 1917" in html


def test_drafts_and_scheduled_events_appear_nowhere_for_the_public(client):
    make_event(title="Live event")
    make_event(title="Draft event", status=Status.DRAFT)
    make_event(title="Future event", publish_at=timezone.now() + timedelta(days=1))
    for url in ("/timeline/", "/timeline/timeline.json"):
        body = client.get(url).content.decode()
        assert "Live event" in body, url
        assert "Draft event" not in body, url
        assert "Future event" not in body, url


def test_timeline_filters_by_period(client):
    july = make_period(slug="july-days", title="The July Days")
    make_event(title="In July", period=july)
    make_event(title="Elsewhere")
    response = client.get("/timeline/", {"period": "july-days"})
    html = response.content.decode()
    assert "In July" in html
    assert "Elsewhere" not in html


def test_timeline_filters_by_person(client):
    lenin = make_person(display_name="V. I. Lenin", slug="lenin")
    make_event(title="Lenin returns", people=[lenin])
    make_event(title="Without Lenin")
    html = client.get("/timeline/", {"person": "lenin"}).content.decode()
    assert "Lenin returns" in html
    assert "Without Lenin" not in html


def test_timeline_ignores_a_draft_person_filter(client):
    draft = make_person(slug="secret", status=Status.DRAFT)
    make_event(title="With the draft person", people=[draft])
    make_event(title="Another event")
    html = client.get("/timeline/", {"person": "secret"}).content.decode()
    assert "Another event" in html


@pytest.mark.parametrize(
    "params",
    [
        {"period": "no-such-period"},
        {"person": "nobody"},
        {"period": "x" * 5000},
        {"person": "\x00"},
        {"period": ["a", "b"]},
        {"page": "abc"},
    ],
)
def test_invalid_filters_are_ignored_or_404_never_500(client, params):
    make_event(title="Still here")
    response = client.get("/timeline/", params)
    assert response.status_code in (200, 400, 404)
    if response.status_code == 200:
        assert "Still here" in response.content.decode()


def _timeline_queries(client, django_assert_max_num_queries, count):
    for _ in range(count):
        make_event(period=make_period(), people=[make_person()])
    client.get("/timeline/")
    with django_assert_max_num_queries(50) as captured:
        assert client.get("/timeline/").status_code == 200
    return len(captured)


def test_timeline_queries_do_not_grow_with_events(
    client, django_assert_max_num_queries
):
    one = _timeline_queries(client, django_assert_max_num_queries, 1)
    thirty = _timeline_queries(client, django_assert_max_num_queries, 29)
    assert one == thirty


# One event


def test_october_revolution_page_shows_both_calendars(client):
    event = make_october_revolution()
    response = client.get("/timeline/october-revolution/")
    html = response.content.decode()
    assert response.status_code == 200
    assert event.get_absolute_url() == "/timeline/october-revolution/"
    assert "25 October (7 November) 1917" in html
    assert '<time datetime="1917-11-07"' in html
    assert (
        '<meta name="description" content="The Provisional Government is overthrown.">'
        in html
    )


def test_an_event_of_1919_shows_one_date_only(client):
    event = make_event(
        title="Founding of the Communist International",
        start=datetime.date(1919, 3, 2),
        start_calendar="gregorian",
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "2 March 1919" in html
    assert "(2 March" not in html
    assert "17 February" not in html


def test_event_page_shows_people_sources_image_and_date_note(client):
    lenin = make_person(display_name="V. I. Lenin")
    hidden = make_person(display_name="Draft Person", status=Status.DRAFT)
    event = make_october_revolution(
        people=[lenin, hidden],
        date_note="Some accounts date the seizure of the Winter Palace to the 26th.",
        image=make_image_file("palace.jpg", size=(400, 300)),
        image_alt="The Winter Palace",
        body="<p>The Military Revolutionary Committee seizes the city.</p>",
    )
    event.sources.create(
        author="Leon Trotsky",
        title="The History of the Russian Revolution",
        year=1930,
        locator="vol. 3, ch. 10",
        url="https://www.marxists.org/archive/trotsky/1930/hrr/",
        order=1,
    )
    event.sources.create(
        author="John Reed", title="Ten Days That Shook the World", year=1919, order=0
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "V. I. Lenin" in html
    assert "Draft Person" not in html
    assert "Some accounts date the seizure" in html
    assert 'alt="The Winter Palace"' in html
    assert "The Military Revolutionary Committee" in html
    assert html.index("Ten Days That Shook the World") < html.index(
        "History of the Russian Revolution"
    )
    assert (
        'Leon Trotsky, <a href="https://www.marxists.org/archive/trotsky/1930/hrr/" '
        'rel="noopener noreferrer"><cite>The History of the Russian Revolution</cite>'
        "</a> (1930), vol. 3, ch. 10"
    ) in html
    assert "John Reed, <cite>Ten Days That Shook the World</cite> (1919)" in html


def test_draft_event_is_404_for_the_public_and_previewed_by_editors(
    client, django_user_model
):
    event = make_event(status=Status.DRAFT)
    assert client.get(event.get_absolute_url()).status_code == 404
    editor = django_user_model.objects.create_user(
        username="ed", password="pw", is_staff=True
    )
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert "Draft — not public." in response.content.decode()


def _detail_queries(client, django_assert_max_num_queries, count):
    event = make_event(period=make_period())
    for number in range(count):
        event.people.add(make_person())
        event.sources.create(title=f"Source {number}")
    client.get(event.get_absolute_url())
    with django_assert_max_num_queries(50) as captured:
        assert client.get(event.get_absolute_url()).status_code == 200
    return len(captured)


def test_event_page_queries_do_not_grow_with_people_and_sources(
    client, django_assert_max_num_queries
):
    one = _detail_queries(client, django_assert_max_num_queries, 1)
    thirty = _detail_queries(client, django_assert_max_num_queries, 30)
    assert one == thirty


def test_event_page_shows_people_published_after_the_server_started(client):
    client.get("/timeline/")  # The server is up before the person goes live.
    soon = timezone.now() + timedelta(minutes=1)
    person = make_person(display_name="N. I. Podvoisky", publish_at=soon)
    event = make_event(people=[person])
    with time_machine.travel(soon + timedelta(minutes=1)):
        html = client.get(event.get_absolute_url()).content.decode()
    assert "N. I. Podvoisky" in html


# Previous and next, and the way back to the timeline


def test_event_page_links_the_events_before_and_after_it(client):
    before = make_event(title="The July Days", start=datetime.date(1917, 7, 16))
    event = make_october_revolution()
    make_event(title="A draft", start=datetime.date(1917, 11, 8), status=Status.DRAFT)
    after = make_event(title="Decree on Land", start=datetime.date(1917, 11, 9))
    html = client.get(event.get_absolute_url()).content.decode()
    assert f'rel="prev" href="{before.get_absolute_url()}"' in html
    assert f'rel="next" href="{after.get_absolute_url()}"' in html
    assert "A draft" not in html
    first = client.get(before.get_absolute_url()).content.decode()
    assert 'rel="prev"' not in first


def test_event_page_links_to_itself_on_the_right_page_of_the_timeline(client):
    for day in range(1, 101):
        make_event(start=datetime.date(1917, 1, 1) + timedelta(days=day))
    late = make_event(slug="late", start=datetime.date(1918, 1, 1))
    early = make_event(slug="early", start=datetime.date(1916, 1, 1))
    assert (
        'href="/timeline/?page=2#event-late"'
        in client.get(late.get_absolute_url()).content.decode()
    )
    assert (
        'href="/timeline/#event-early"'
        in client.get(early.get_absolute_url()).content.decode()
    )
    assert 'id="event-late"' in client.get("/timeline/?page=2").content.decode()


def test_timeline_list_items_are_anchored_for_deep_links(client):
    make_october_revolution()
    html = client.get("/timeline/").content.decode()
    assert '<li class="timeline__event" id="event-october-revolution">' in html


# The visual timeline


def test_visual_timeline_is_a_frame_filled_later_from_this_sites_files(client):
    make_october_revolution()
    html = client.get("/timeline/").content.decode()
    assert 'id="visual-timeline"' in html
    assert 'data-json="/timeline/timeline.json"' in html
    assert 'data-script="/static/timeline/vendor/timelinejs/js/timeline.js"' in html
    assert 'data-stylesheet="/static/timeline/vendor/timelinejs/css/timeline.css"' in (
        html
    )
    # Nothing of TimelineJS is in the page as it is first drawn: no script
    # or stylesheet of it in the head, only the deferred loader.
    head = html.split("</head>")[0]
    assert "vendor/timelinejs" not in head
    assert '<script src="/static/timeline/visual.js" defer></script>' in html
    assert (
        "<noscript><style>.visual-timeline { display: none; }</style></noscript>"
        in (head)
    )
    assert "cdn." not in html


def test_visual_timeline_opens_on_the_title_or_on_the_first_listed_event(client):
    period = make_period(slug="july-days")
    make_october_revolution()
    make_event(slug="july-days-event", period=period, start=datetime.date(1917, 7, 16))
    assert 'data-start=""' in client.get("/timeline/").content.decode()
    narrowed = client.get("/timeline/?period=july-days").content.decode()
    assert 'data-start="july-days-event"' in narrowed


def test_visual_timeline_speaks_the_pages_language():
    with translation.override("es"):
        assert timelinejs_language() == "timeline/vendor/timelinejs/js/locale/es.json"
    with translation.override("ru"):
        assert timelinejs_language() == "timeline/vendor/timelinejs/js/locale/ru.json"
    with translation.override("en"):
        assert timelinejs_language() == ""


def test_no_visual_timeline_without_events(client):
    assert 'id="visual-timeline"' not in client.get("/timeline/").content.decode()
