"""timeline.json against the structure TimelineJS 3 requires.

TimelineJS reads ``events`` (each a slide with a ``start_date`` whose
``year`` is required, optional ``end_date``, ``text``, ``media``, ``group``,
``display_date``, ``unique_id``), an optional ``title`` slide and optional
``eras`` (each with both ``start_date`` and ``end_date``). Date objects hold
integers; ``month`` needs ``year`` and ``day`` needs ``month``.
"""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from october.core.publishing import Status
from tests.core.image_helpers import make_image_file
from tests.timeline.factories import make_event, make_period

pytestmark = pytest.mark.django_db

DATE_KEYS = {"year", "month", "day", "hour", "minute", "second", "millisecond"}
SLIDE_KEYS = {
    "start_date",
    "end_date",
    "text",
    "media",
    "group",
    "display_date",
    "background",
    "autolink",
    "unique_id",
}


def assert_timelinejs_date(value):
    assert isinstance(value, dict)
    assert set(value) <= DATE_KEYS
    assert isinstance(value["year"], int)
    if "day" in value:
        assert "month" in value
    if "month" in value:
        assert 1 <= value["month"] <= 12
        datetime.date(value["year"], value["month"], value.get("day", 1))


def assert_text(value):
    assert set(value) <= {"headline", "text"}
    assert all(isinstance(part, str) for part in value.values())


def assert_valid_timeline(data):
    assert set(data) <= {"title", "events", "eras", "scale"}
    assert isinstance(data["events"], list)
    unique_ids = set()
    for slide in (
        [data["title"], *data["events"]] if "title" in data else data["events"]
    ):
        assert set(slide) <= SLIDE_KEYS
        if "text" in slide:
            assert_text(slide["text"])
        if "media" in slide:
            assert isinstance(slide["media"]["url"], str)
        if "unique_id" in slide:
            assert slide["unique_id"] not in unique_ids
            unique_ids.add(slide["unique_id"])
    for slide in data["events"]:
        assert_timelinejs_date(slide["start_date"])
        if "end_date" in slide:
            assert_timelinejs_date(slide["end_date"])
    for era in data.get("eras", []):
        assert_timelinejs_date(era["start_date"])
        assert_timelinejs_date(era["end_date"])
        assert_text(era["text"])


def get_timeline(client):
    response = client.get("/timeline/timeline.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_timeline_json_has_the_structure_timelinejs_requires(client):
    october = make_period(title="The October Revolution", slug="october")
    event = make_event(
        title="The October Revolution",
        slug="october-revolution",
        summary="The Provisional Government is overthrown.",
        start=datetime.date(1917, 11, 7),
        start_calendar="julian",
        period=october,
        image=make_image_file("palace.jpg"),
        image_alt="The Winter Palace",
    )
    make_event(
        title="The July Days",
        start=datetime.date(1917, 7, 16),
        start_calendar="julian",
        end=datetime.date(1917, 7, 20),
        end_calendar="julian",
    )
    data = get_timeline(client)
    assert_valid_timeline(data)
    july, revolution = data["events"]
    assert revolution["start_date"] == {"year": 1917, "month": 11, "day": 7}
    assert revolution["display_date"] == "25 October (7 November) 1917"
    assert revolution["text"]["headline"] == "The October Revolution"
    assert "The Provisional Government is overthrown." in revolution["text"]["text"]
    assert f"http://testserver{event.get_absolute_url()}" in revolution["text"]["text"]
    assert revolution["group"] == "The October Revolution"
    assert revolution["unique_id"] == "october-revolution"
    assert revolution["media"]["url"].startswith("http://testserver/media/events/")
    assert revolution["media"]["alt"] == "The Winter Palace"
    assert july["end_date"] == {"year": 1917, "month": 7, "day": 20}
    assert july["display_date"] == "3–7 July (16–20 July) 1917"
    assert "group" not in july and "media" not in july


def test_timeline_json_respects_precision(client):
    make_event(
        title="A month", start=datetime.date(1917, 1, 1), start_precision="month"
    )
    make_event(title="A year", start=datetime.date(1905, 1, 1), start_precision="year")
    events = {
        slide["text"]["headline"]: slide for slide in get_timeline(client)["events"]
    }
    assert events["A year"]["start_date"] == {"year": 1905}
    assert events["A month"]["start_date"] == {"year": 1917, "month": 1}


def test_a_julian_month_stays_in_its_own_month(client):
    make_event(
        title="December 1916, Old Style",
        start=datetime.date(1916, 12, 14),  # 1 December 1916 O.S.
        start_calendar="julian",
        start_precision="month",
    )
    slide = get_timeline(client)["events"][0]
    assert slide["start_date"] == {"year": 1916, "month": 12}
    assert slide["display_date"] == "December 1916 (O.S.)"


def test_periods_become_eras_spanning_their_dates_or_their_events(client):
    dated = make_period(
        title="February",
        start=datetime.date(1917, 3, 8),
        end=datetime.date(1917, 3, 16),
    )
    undated = make_period(title="July Days")
    make_period(title="Empty")
    make_event(period=dated, start=datetime.date(1917, 3, 10))
    make_event(period=undated, start=datetime.date(1917, 7, 16))
    make_event(
        period=undated,
        start=datetime.date(1917, 7, 17),
        end=datetime.date(1917, 7, 20),
    )
    make_event(period=undated, start=datetime.date(1917, 8, 1), status=Status.DRAFT)
    eras = get_timeline(client)["eras"]
    assert eras == [
        {
            "start_date": {"year": 1917, "month": 3, "day": 8},
            "end_date": {"year": 1917, "month": 3, "day": 16},
            "text": {"headline": "February"},
        },
        {
            "start_date": {"year": 1917, "month": 7, "day": 16},
            "end_date": {"year": 1917, "month": 7, "day": 20},
            "text": {"headline": "July Days"},
        },
    ]


def test_timeline_json_leaves_out_drafts_and_scheduled_events(client):
    make_event(title="Live")
    make_event(title="Draft", status=Status.DRAFT)
    make_event(title="Later", publish_at=timezone.now() + timedelta(hours=1))
    headlines = [s["text"]["headline"] for s in get_timeline(client)["events"]]
    assert headlines == ["Live"]


def test_timeline_json_escapes_html_in_editors_text(client):
    make_event(
        title="<script>alert(1)</script>", summary="<img src=x onerror=alert(1)>"
    )
    slide = get_timeline(client)["events"][0]
    assert "<script>" not in slide["text"]["headline"]
    assert "<img" not in slide["text"]["text"]


def test_timeline_json_may_be_fetched_from_other_sites(client):
    response = client.get("/timeline/timeline.json")
    assert response["Access-Control-Allow-Origin"] == "*"


def _json_queries(client, django_assert_max_num_queries, count):
    for _ in range(count):
        make_event(
            period=make_period(),
            image=make_image_file("e.jpg"),
            image_alt="An image",
        )
    with django_assert_max_num_queries(20) as captured:
        get_timeline(client)
    return len(captured)


def test_timeline_json_queries_do_not_grow_with_events(
    client, django_assert_max_num_queries
):
    one = _json_queries(client, django_assert_max_num_queries, 1)
    thirty = _json_queries(client, django_assert_max_num_queries, 29)
    assert one == thirty


def test_an_era_always_ends_after_it_starts(client):
    # TimelineJS refuses a whole timeline with an era that ends where it
    # starts ("All eras must have start and end dates").
    one_day = make_period(title="Lenin Returns")
    make_event(period=one_day, start=datetime.date(1917, 4, 16))
    same = make_period(
        title="Same day", start=datetime.date(1917, 7, 1), end=datetime.date(1917, 7, 1)
    )
    make_event(period=same, start=datetime.date(1917, 7, 1))
    eras = get_timeline(client)["eras"]
    assert len(eras) == 2
    for era in eras:
        start, end = (datetime.date(**era[key]) for key in ("start_date", "end_date"))
        assert end > start


def test_slides_are_grouped_by_period_and_carry_both_calendars(client):
    october = make_period(title="The October Revolution")
    make_event(
        title="Decree on Peace",
        start=datetime.date(1917, 11, 8),
        start_calendar="julian",
        period=october,
    )
    make_event(
        title="Treaty of Brest-Litovsk",
        start=datetime.date(1918, 3, 3),
        period=make_period(title="Brest-Litovsk"),
    )
    slides = {s["text"]["headline"]: s for s in get_timeline(client)["events"]}
    assert slides["Decree on Peace"]["group"] == "The October Revolution"
    assert slides["Decree on Peace"]["display_date"] == "26 October (8 November) 1917"
    assert slides["Treaty of Brest-Litovsk"]["group"] == "Brest-Litovsk"
    assert slides["Treaty of Brest-Litovsk"]["display_date"] == "3 March 1918"


def test_media_carries_alt_text_and_credit(client):
    make_event(
        image=make_image_file("palace.jpg"),
        image_alt="The Winter Palace from the Neva",
        image_credit="Photograph by Karl Bulla & Son",
    )
    media = get_timeline(client)["events"][0]["media"]
    assert media["alt"] == "The Winter Palace from the Neva"
    assert media["credit"] == "Photograph by Karl Bulla &amp; Son"


def test_slide_text_gives_the_place_and_a_link_to_the_event(client):
    event = make_event(place="Smolny <Institute>")
    text = get_timeline(client)["events"][0]["text"]["text"]
    assert '<p class="tl-place">Smolny &lt;Institute&gt;</p>' in text
    assert f'href="http://testserver{event.get_absolute_url()}"' in text


def test_timeline_json_is_built_once_until_an_event_changes(
    client, settings, django_assert_num_queries
):
    settings.FRAGMENT_CACHE_SECONDS = 300
    event = make_event(title="First title")
    get_timeline(client)
    with django_assert_num_queries(0):
        assert get_timeline(client)["events"][0]["text"]["headline"] == "First title"
    event.title = "Second title"
    event.save()
    assert get_timeline(client)["events"][0]["text"]["headline"] == "Second title"
