"""The edges of ``live()``, ``visible_to()`` and draft preview, on Person."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from october.core.publishing import Status
from october.core.roles import EDITORS
from people.models import Person
from tests.people.factories import make_person

pytestmark = pytest.mark.django_db


def _staff(django_user_model, *, can_change):
    user = django_user_model.objects.create_user(
        username=f"staff-{can_change}", password="pw", is_staff=True
    )
    if can_change:
        user.user_permissions.add(Permission.objects.get(codename="change_person"))
    return user


def test_published_item_in_the_past_is_live():
    person = make_person()
    assert list(Person.objects.live()) == [person]
    assert person.is_live


def test_draft_is_not_live_even_when_its_time_has_come():
    person = make_person(status=Status.DRAFT)
    assert not Person.objects.live().exists()
    assert not person.is_live
    assert not person.is_scheduled


def test_published_item_with_future_publish_at_is_scheduled_not_live():
    person = make_person(publish_at=timezone.now() + timedelta(hours=1))
    assert not Person.objects.live().exists()
    assert list(Person.objects.scheduled()) == [person]
    assert person.is_scheduled


def test_item_becomes_live_the_moment_publish_at_passes():
    moment = timezone.now() + timedelta(days=2)
    person = make_person(publish_at=moment)
    with time_machine.travel(moment - timedelta(seconds=1), tick=False):
        assert not Person.objects.live().exists()
    with time_machine.travel(moment, tick=False):
        assert list(Person.objects.live()) == [person]
        assert person.is_live


def test_new_item_is_a_draft_by_default():
    person = Person.objects.create(display_name="V. Volodarsky")
    assert person.status == Status.DRAFT
    assert person.slug == "v-volodarsky"


def test_visible_to_anonymous_and_readers_is_live_only(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    live = make_person()
    make_person(status=Status.DRAFT)
    reader = django_user_model.objects.create_user(username="reader", password="pw")
    assert list(Person.objects.visible_to(AnonymousUser())) == [live]
    assert list(Person.objects.visible_to(reader)) == [live]


def test_visible_to_staff_without_change_permission_is_live_only(django_user_model):
    live = make_person()
    make_person(status=Status.DRAFT)
    staff = _staff(django_user_model, can_change=False)
    assert list(Person.objects.visible_to(staff)) == [live]


def test_visible_to_staff_with_change_permission_includes_drafts(django_user_model):
    make_person()
    make_person(status=Status.DRAFT)
    make_person(publish_at=timezone.now() + timedelta(days=1))
    staff = _staff(django_user_model, can_change=True)
    assert Person.objects.visible_to(staff).count() == 3


def test_draft_detail_is_404_for_anonymous(client):
    person = make_person(status=Status.DRAFT)
    assert client.get(person.get_absolute_url()).status_code == 404


def test_draft_detail_is_404_for_staff_without_change_permission(
    client, django_user_model
):
    person = make_person(status=Status.DRAFT)
    client.force_login(_staff(django_user_model, can_change=False))
    assert client.get(person.get_absolute_url()).status_code == 404


def test_editor_previews_draft_with_banner_and_no_caching(client, django_user_model):
    person = make_person(status=Status.DRAFT, display_name="Draft Person")
    editor = django_user_model.objects.create_user(
        username="editor", password="pw", is_staff=True
    )
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert "Draft — not public." in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_editor_preview_of_scheduled_item_names_its_publication_time(
    client, django_user_model
):
    person = make_person(publish_at=timezone.now() + timedelta(days=3))
    editor = django_user_model.objects.create_user(
        username="editor", password="pw", is_staff=True
    )
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert "Scheduled" in response.content.decode()


def test_live_detail_has_no_banner_and_may_be_cached(client):
    person = make_person()
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert "preview-banner" not in response.content.decode()
    assert "no-cache" not in response.get("Cache-Control", "")
