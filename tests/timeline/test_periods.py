"""A period's page: /timeline/periods/<slug>/."""

import datetime

import pytest

from articles.models import Article
from october.core.publishing import Status
from tests.articles.factories import make_article
from tests.guides.factories import make_guide
from tests.people.factories import make_person
from tests.timeline.factories import make_event, make_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def july():
    return make_period(
        title="The July Days",
        slug="july-days",
        description="Armed demonstrations in Petrograd are put down.",
        start=datetime.date(1917, 7, 16),
        end=datetime.date(1917, 9, 5),
    )


def test_period_page_gathers_its_events_people_guides_articles_and_videos(client, july):
    lenin = make_person(display_name="V. I. Lenin")
    trotsky = make_person(display_name="L. Trotsky")
    hidden = make_person(display_name="Draft Person", status=Status.DRAFT)
    make_event(
        title="The July Days",
        start=datetime.date(1917, 7, 16),
        start_calendar="julian",
        period=july,
        people=[lenin, trotsky, hidden],
    )
    make_event(title="Lenin goes into hiding", period=july, people=[lenin])
    make_event(title="Elsewhere", period=make_period(), people=[trotsky])
    make_event(title="Not yet", period=july, status=Status.DRAFT)
    make_guide(title="Reading the July Days", period=july)
    make_article(title="Lessons of July", period=july)
    make_article(
        title="A film of July",
        period=july,
        kind=Article.Kind.VIDEO,
        embed_url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    )
    make_article(title="Another period's article", period=make_period())
    response = client.get("/timeline/periods/july-days/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>The July Days</h1>" in html
    assert "3 July – 23 August (16 July – 5 September) 1917" in html
    assert "Armed demonstrations in Petrograd are put down." in html
    assert "2 events on the timeline" in html
    assert "Lenin goes into hiding" in html
    assert "Not yet" not in html and "Elsewhere" not in html
    assert "Draft Person" not in html
    # People, most often on the period's timeline first.
    assert html.index("V. I. Lenin") < html.index("L. Trotsky")
    assert "Reading the July Days" in html
    assert "Lessons of July" in html
    assert "A film of July" in html
    assert html.index("Lessons of July") < html.index("Videos and interviews")
    assert html.index("Videos and interviews") < html.index("A film of July")
    assert "Another period&#x27;s article" not in html


def test_period_page_links_the_periods_either_side(client):
    first = make_period(title="February", slug="february", order=1)
    middle = make_period(title="April", slug="april", order=2)
    last = make_period(title="June", slug="june", order=3)
    html = client.get(middle.get_absolute_url()).content.decode()
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html
    assert f'rel="next" href="{last.get_absolute_url()}"' in html
    assert 'rel="prev"' not in client.get(first.get_absolute_url()).content.decode()
    assert 'rel="next"' not in client.get(last.get_absolute_url()).content.decode()


def test_an_unknown_period_is_404(client):
    assert client.get("/timeline/periods/no-such-period/").status_code == 404


def test_period_page_without_content_says_so(client, july):
    html = client.get(july.get_absolute_url()).content.decode()
    assert "No events of this period are on the timeline yet." in html


def test_timeline_and_events_link_to_their_period_page(client, july):
    event = make_event(period=july)
    assert (
        'href="/timeline/periods/july-days/"'
        in client.get("/timeline/").content.decode()
    )
    assert (
        'href="/timeline/periods/july-days/"'
        in client.get(event.get_absolute_url()).content.decode()
    )


def _period_queries(client, django_assert_max_num_queries, size):
    period = make_period()
    people = [make_person() for _ in range(size)]
    for _ in range(size):
        make_event(period=period, people=people)
        make_guide(period=period)
        make_article(period=period)
        make_article(
            period=period,
            kind=Article.Kind.VIDEO,
            embed_url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        )
    client.get(period.get_absolute_url())
    with django_assert_max_num_queries(12) as captured:
        assert client.get(period.get_absolute_url()).status_code == 200
    return len(captured)


def test_period_page_queries_do_not_grow_with_content(
    client, django_assert_max_num_queries
):
    one = _period_queries(client, django_assert_max_num_queries, 1)
    thirty = _period_queries(client, django_assert_max_num_queries, 30)
    assert one == thirty
