import datetime

import pytest
from django.contrib.auth.models import Group
from django.forms import FileField

from october.core.roles import EDITORS, MODERATORS
from tests.core.image_helpers import make_image_file
from tests.people.factories import make_person, make_quote

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


@pytest.fixture
def moderator(django_user_model):
    return _user(django_user_model, MODERATORS)


@pytest.fixture
def superuser(django_user_model):
    return _user(django_user_model, is_superuser=True)


def _pages(person):
    return [
        "/admin/people/person/",
        "/admin/people/person/add/",
        f"/admin/people/person/{person.pk}/change/",
    ]


@pytest.mark.parametrize("who", ["superuser", "editor"])
def test_staff_who_edit_content_open_every_person_admin_page(client, request, who):
    client.force_login(request.getfixturevalue(who))
    person = make_person(portrait=make_image_file("p.jpg"), portrait_alt="A face")
    make_quote(person=person, is_featured=True)
    for url in _pages(person):
        assert client.get(url).status_code == 200, url


def test_moderators_cannot_open_the_person_admin(client, moderator):
    client.force_login(moderator)
    for url in _pages(make_person()):
        assert client.get(url).status_code == 403, url


def test_person_admin_finds_people_by_any_spelling_of_their_name(client, editor):
    client.force_login(editor)
    make_person(
        display_name="L. Trotsky",
        native_name="Лев Троцкий",
        birth_name="Lev Davidovich Bronstein",
        alternative_names="Trotskii\nTrotzki",
    )
    make_person(display_name="V. I. Lenin")
    for query in ("Trotzki", "Троцкий", "Bronstein", "trotsky"):
        response = client.get("/admin/people/person/", {"q": query})
        html = response.content.decode()
        assert "L. Trotsky" in html, query
        assert "V. I. Lenin" not in html, query


def test_person_autocomplete_serves_other_apps_admin(client, editor):
    client.force_login(editor)
    make_person(display_name="Y. M. Sverdlov")
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": "sverd",
            "app_label": "people",
            "model_name": "quote",
            "field_name": "said_by_person",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["text"] == "Y. M. Sverdlov"


def test_person_changelist_queries_do_not_grow_with_people(
    client, editor, django_assert_max_num_queries
):
    client.force_login(editor)
    make_person()
    client.get("/admin/people/person/")
    with django_assert_max_num_queries(12) as one:
        client.get("/admin/people/person/")
    queries_for_one = len(one)
    for _ in range(29):
        make_person(portrait=make_image_file("p.jpg"), portrait_alt="A face")
    client.get("/admin/people/person/")
    with django_assert_max_num_queries(queries_for_one):
        assert client.get("/admin/people/person/").status_code == 200


def _change_form_data(response):
    """The POST data the change page would send back unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.extend(formset.forms)
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    for form in forms:
        for name in form.fields:
            bound = form[name]
            widget = bound.field.widget
            value = bound.value()
            if isinstance(bound.field, FileField):
                continue
            if hasattr(widget, "widgets"):  # dual dates, split date-times
                parts = (
                    widget.decompress(value) if not isinstance(value, list) else value
                )
                for suffix, part in zip(widget.widgets_names, parts, strict=True):
                    data[bound.html_name + suffix] = "" if part is None else part
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif value is not None:
                data[bound.html_name] = value
    return data


def test_editor_moves_the_featured_mark_to_another_quote_in_one_save(client, editor):
    client.force_login(editor)
    person = make_person()
    old = make_quote(person=person, is_featured=True, order=0)
    new = make_quote(person=person, is_featured=False, order=1)
    url = f"/admin/people/person/{person.pk}/change/"
    data = _change_form_data(client.get(url))
    data.pop("quotes-0-is_featured")
    data["quotes-1-is_featured"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.is_featured, new.is_featured) == (False, True)


def test_two_featured_quotes_are_a_form_error_not_a_crash(client, editor):
    client.force_login(editor)
    person = make_person()
    make_quote(person=person, is_featured=True)
    make_quote(person=person)
    url = f"/admin/people/person/{person.pk}/change/"
    data = _change_form_data(client.get(url))
    data["quotes-1-is_featured"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Only one quote can be featured" in response.content.decode()
    assert person.quotes.filter(is_featured=True).count() == 1


def test_editor_enters_a_julian_birth_date(client, editor):
    client.force_login(editor)
    person = make_person()
    url = f"/admin/people/person/{person.pk}/change/"
    data = _change_form_data(client.get(url))
    data.update(birth="1879-10-26", birth_calendar="julian", birth_precision="day")
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.birth == datetime.date(1879, 11, 7)
    assert person.birth_calendar == "julian"


def test_death_before_birth_is_a_form_error(client, editor):
    client.force_login(editor)
    person = make_person()
    url = f"/admin/people/person/{person.pk}/change/"
    data = _change_form_data(client.get(url))
    data.update(birth="1879-11-07", death="1870-01-01")
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["death"] == [
        "The date of death is before the date of birth."
    ]
