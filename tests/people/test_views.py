import datetime
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from october.core.publishing import Status
from october.core.roles import EDITORS
from people.models import Person
from tests.core.image_helpers import make_image_file
from tests.people.factories import make_person, make_quote
from tests.timeline.factories import make_event

pytestmark = pytest.mark.django_db


def make_trotsky():
    trotsky = make_person(
        display_name="L. Trotsky",
        slug="trotsky",
        full_name="Leon Trotsky",
        birth_name="Lev Davidovich Bronstein",
        native_name="Лев Троцкий",
        alternative_names="Trotskii\nTrotzki",
        birth=datetime.date(1879, 11, 7),
        birth_calendar="julian",
        birth_place="Yanovka, Kherson Governorate",
        death=datetime.date(1940, 8, 21),
        death_place="Coyoacán, Mexico City",
        roles="People's Commissar for Foreign Affairs\nPeople's Commissar for War",
        biography="<p>Chairman of the Petrograd Soviet.</p>",
    )
    make_quote(
        person=trotsky,
        text="Astounding speeches, fanfares of orders",
        said_by="Anatoly Lunacharsky",
        source_title="Revolutionary Silhouettes",
        year=1923,
        is_featured=True,
    )
    return trotsky


# The list


def test_people_list_shows_live_people_with_portraits_and_featured_quotes(client):
    person = make_person(
        display_name="V. Volodarsky",
        portrait=make_image_file("v.jpg", size=(200, 200)),
        portrait_alt="V. Volodarsky in 1918",
    )
    make_quote(person=person, text="He was always in the front row.", is_featured=True)
    make_quote(person=person, text="Not the featured one.")
    html = client.get("/people/").content.decode()
    assert "V. Volodarsky" in html
    assert 'alt="V. Volodarsky in 1918"' in html
    assert "He was always in the front row." in html
    assert "Not the featured one." not in html
    assert html.count("<h1") == 1


def test_drafts_and_scheduled_people_are_not_listed(client):
    make_person(display_name="Draft Person", status=Status.DRAFT)
    make_person(
        display_name="Future Person", publish_at=timezone.now() + timedelta(days=1)
    )
    make_person(display_name="Live Person")
    html = client.get("/people/").content.decode()
    assert "Live Person" in html
    assert "Draft Person" not in html
    assert "Future Person" not in html


def test_people_list_filters_by_kind(client):
    make_person(display_name="A. Historian", kind=Person.Kind.HISTORIAN)
    make_person(display_name="An Author", kind=Person.Kind.AUTHOR)
    html = client.get("/people/", {"kind": "historian"}).content.decode()
    assert "A. Historian" in html
    assert "An Author" not in html
    assert "Historians and interviewees" in html


@pytest.mark.parametrize("kind", ["nobody", "'; drop table", "", "x" * 5000])
def test_unknown_kind_is_ignored(client, kind):
    make_person(display_name="Someone")
    response = client.get("/people/", {"kind": kind})
    assert response.status_code == 200
    assert "Someone" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "99999", "-1", "0"])
def test_bad_page_numbers_are_404_not_500(client, page):
    make_person()
    assert client.get("/people/", {"page": page}).status_code == 404


def test_people_list_paginates_and_keeps_the_kind_filter(client):
    for _ in range(25):
        make_person(kind=Person.Kind.AUTHOR)
    response = client.get("/people/", {"kind": "author"})
    assert len(response.context["object_list"]) == 24
    assert "?kind=author&amp;page=2" in response.content.decode()
    assert client.get("/people/", {"kind": "author", "page": 2}).status_code == 200


def _list_queries(client, django_assert_max_num_queries, count):
    for _ in range(count):
        person = make_person(
            portrait=make_image_file("p.jpg", size=(200, 200)), portrait_alt="A face"
        )
        make_quote(person=person, is_featured=True)
    client.get("/people/")  # renditions are made and cached on first view
    with django_assert_max_num_queries(50) as captured:
        assert client.get("/people/").status_code == 200
    return len(captured)


def test_people_list_queries_do_not_grow_with_people(
    client, django_assert_max_num_queries
):
    one = _list_queries(client, django_assert_max_num_queries, 1)
    thirty = _list_queries(client, django_assert_max_num_queries, 29)
    assert one == thirty


# One person


def test_trotsky_page_shows_both_calendars_and_his_russian_name(client):
    trotsky = make_trotsky()
    response = client.get(trotsky.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "26 October (7 November) 1879" in html
    assert '<time datetime="1879-11-07"' in html
    assert 'lang="ru">Лев Троцкий<' in html
    assert "Lev Davidovich Bronstein" in html
    assert "Trotskii, Trotzki" in html
    assert "People&#x27;s Commissar for War" in html
    assert "Chairman of the Petrograd Soviet." in html
    # After 1918 Russia used the Gregorian calendar: one date only.
    assert "21 August 1940" in html
    assert "(21 August" not in html


def test_person_page_shows_quotes_with_attribution(client):
    trotsky = make_trotsky()
    html = client.get(trotsky.get_absolute_url()).content.decode()
    assert "Astounding speeches, fanfares of orders" in html
    assert "Anatoly Lunacharsky" in html
    assert "<cite>Revolutionary Silhouettes</cite>, 1923" in html


def test_quote_by_a_live_person_links_to_them(client):
    reed = make_person(display_name="John Reed", slug="john-reed")
    quote = make_quote(said_by="", said_by_person=reed)
    html = client.get(quote.person.get_absolute_url()).content.decode()
    assert '<a href="/people/john-reed/">John Reed</a>' in html


def test_person_page_lists_their_live_events_only(client):
    person = make_person()
    make_event(title="Storming of the Winter Palace", people=[person])
    make_event(title="A draft event", people=[person], status=Status.DRAFT)
    make_event(title="Someone else's event")
    html = client.get(person.get_absolute_url()).content.decode()
    assert "On the timeline" in html
    assert "Storming of the Winter Palace" in html
    assert "A draft event" not in html
    assert "Someone else" not in html


def test_person_page_lists_their_first_events_and_links_to_all_of_them(client):
    person = make_person(display_name="Lenin", slug="lenin")
    for day in range(1, 31):
        make_event(
            title=f"Day {day} event", start=datetime.date(1917, 6, day), people=[person]
        )

    html = client.get(person.get_absolute_url()).content.decode()

    assert "Day 24 event" in html
    assert "Day 25 event" not in html
    assert '<a href="/timeline/?person=lenin">Lenin on the whole timeline</a>' in html
    timeline = client.get("/timeline/?person=lenin").content.decode()
    assert "Day 30 event" in timeline


def test_empty_related_sections_are_hidden(client):
    person = make_person()
    html = client.get(person.get_absolute_url()).content.decode()
    assert "On the timeline" not in html


def test_draft_and_scheduled_people_are_404_for_the_public(client):
    draft = make_person(status=Status.DRAFT)
    future = make_person(publish_at=timezone.now() + timedelta(days=1))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(future.get_absolute_url()).status_code == 404
    assert client.get("/people/nobody/").status_code == 404


def test_editor_sees_a_draft_person_with_the_banner(client, django_user_model):
    draft = make_person(status=Status.DRAFT)
    editor = django_user_model.objects.create_user(
        username="ed", password="pw", is_staff=True
    )
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft — not public." in response.content.decode()


def test_person_page_has_a_meta_description(client):
    person = make_person(
        summary="", biography="<p>Led the <b>Petrograd</b> Soviet.</p>"
    )
    html = client.get(person.get_absolute_url()).content.decode()
    assert '<meta name="description" content="Led the Petrograd Soviet.">' in html


def _detail_queries(client, django_assert_max_num_queries, count):
    person = make_person()
    for number in range(count):
        make_quote(person=person, said_by_person=make_person(), is_featured=not number)
        make_event(people=[person])
    client.get(person.get_absolute_url())
    with django_assert_max_num_queries(50) as captured:
        assert client.get(person.get_absolute_url()).status_code == 200
    return len(captured)


def test_person_page_queries_do_not_grow_with_quotes_and_events(
    client, django_assert_max_num_queries
):
    one = _detail_queries(client, django_assert_max_num_queries, 1)
    thirty = _detail_queries(client, django_assert_max_num_queries, 30)
    assert one == thirty


def test_a_biography_lists_its_sources_in_order(client):
    person = make_person(biography="<p>A life in the revolution.</p>")
    person.sources.create(
        author="Isaac Deutscher",
        title="The Prophet Armed: Trotsky, 1879–1921",
        year=1954,
        order=1,
    )
    person.sources.create(
        author="Leon Trotsky",
        title="My Life",
        year=1930,
        url="https://www.marxists.org/archive/trotsky/1930/mylife/",
        order=0,
    )
    html = client.get(person.get_absolute_url()).content.decode()
    assert '<h2 id="sources-heading">Sources</h2>' in html
    assert html.index("My Life") < html.index("The Prophet Armed")
    assert (
        'Leon Trotsky, <a href="https://www.marxists.org/archive/trotsky/1930/mylife/"'
        ' rel="noopener noreferrer"><cite>My Life</cite></a> (1930)'
    ) in html


def test_a_biography_without_sources_has_no_sources_heading(client):
    person = make_person()
    assert (
        "sources-heading" not in client.get(person.get_absolute_url()).content.decode()
    )
