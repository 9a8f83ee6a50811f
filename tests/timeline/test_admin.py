import datetime

import pytest
from django.contrib.auth.models import Group

from october.core.roles import EDITORS, MODERATORS
from tests.core.image_helpers import make_image_file
from tests.people.factories import make_person
from tests.timeline.factories import make_event, make_period
from timeline.models import Event

pytestmark = pytest.mark.django_db


def _user(django_user_model, group=None, **extra):
    user = django_user_model.objects.create_user(
        username=group or "admin", password="pw", is_staff=True, **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(django_user_model):
    return _user(django_user_model, EDITORS)


def _pages():
    period = make_period()
    event = make_event(
        period=period,
        people=[make_person()],
        image=make_image_file("e.jpg"),
        image_alt="A crowd",
    )
    event.sources.create(
        author="Leon Trotsky", title="The History of the Russian Revolution"
    )
    return [
        "/admin/timeline/period/",
        "/admin/timeline/period/add/",
        f"/admin/timeline/period/{period.pk}/change/",
        "/admin/timeline/event/",
        "/admin/timeline/event/add/",
        f"/admin/timeline/event/{event.pk}/change/",
    ]


@pytest.mark.parametrize("group", [None, EDITORS])
def test_superusers_and_editors_open_every_timeline_admin_page(
    client, django_user_model, group
):
    extra = {} if group else {"is_superuser": True}
    client.force_login(_user(django_user_model, group, **extra))
    for url in _pages():
        assert client.get(url).status_code == 200, url


def test_moderators_cannot_open_the_timeline_admin(client, django_user_model):
    client.force_login(_user(django_user_model, MODERATORS))
    for url in _pages():
        assert client.get(url).status_code == 403, url


def test_event_changelist_queries_do_not_grow_with_events(
    client, editor, django_assert_max_num_queries
):
    client.force_login(editor)
    make_event(period=make_period())
    client.get("/admin/timeline/event/")
    with django_assert_max_num_queries(15) as one:
        client.get("/admin/timeline/event/")
    queries_for_one = len(one)
    for _ in range(29):
        make_event(
            period=make_period(),
            image=make_image_file("e.jpg"),
            image_alt="A crowd",
        )
    client.get("/admin/timeline/event/")
    with django_assert_max_num_queries(queries_for_one):
        assert client.get("/admin/timeline/event/").status_code == 200


def test_period_and_event_autocomplete_serve_other_apps(client, editor):
    client.force_login(editor)
    make_period(title="The July Days")
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": "july",
            "app_label": "timeline",
            "model_name": "event",
            "field_name": "period",
        },
    )
    assert response.json()["results"][0]["text"] == "The July Days"


def _event_form(**overrides):
    data = {
        "title": "The October Revolution",
        "slug": "october-revolution",
        "summary": "The Provisional Government is overthrown.",
        "body": "",
        "start": "1917-10-25",
        "start_calendar": "julian",
        "start_precision": "day",
        "end": "",
        "end_calendar": "gregorian",
        "end_precision": "day",
        "date_note": "",
        "place": "Petrograd",
        "image_alt": "",
        "status": "published",
        "publish_at_0": "2017-11-07",
        "publish_at_1": "12:00:00",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_editor_enters_a_julian_date_and_the_gregorian_one_is_stored(client, editor):
    client.force_login(editor)
    response = client.post("/admin/timeline/event/add/", _event_form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert event.start == datetime.date(1917, 11, 7)
    assert event.start_calendar == "julian"
    assert event.end is None


def test_event_form_shows_the_other_calendar_beside_the_date(client, editor):
    client.force_login(editor)
    event = make_event(start=datetime.date(1917, 11, 7), start_calendar="julian")
    html = client.get(f"/admin/timeline/event/{event.pk}/change/").content.decode()
    assert 'value="1917-10-25"' in html
    assert "= 7 November 1917 (New Style)" in html


def test_an_end_before_the_start_is_a_form_error(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/timeline/event/add/",
        _event_form(end="1917-10-24", end_calendar="julian"),
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["end"] == ["The end date is before the start date."]
    assert not Event.objects.exists()
