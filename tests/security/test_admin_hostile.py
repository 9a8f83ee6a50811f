"""Staff-only failures the fuzzer found, checked on every admin they touch:
dates no calendar holds in a change list's date hierarchy, a NUL in a
filter, and a history address whose key is not a key."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from simple_history.admin import SimpleHistoryAdmin

from tests.security.factories import make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    client = Client(raise_request_exception=False)
    client.force_login(
        get_user_model().objects.create_superuser("root", "r@example.org", "pw")
    )
    return client


def admins(kind):
    return [
        (model._meta.app_label, model._meta.model_name, model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, kind)
    ]


def test_every_date_hierarchy_takes_dates_no_calendar_holds(staff):
    make_site()
    with_hierarchy = [
        (app, name, model_admin.date_hierarchy)
        for app, name, model_admin in admins(admin.ModelAdmin)
        if model_admin.date_hierarchy
    ]
    assert len(with_hierarchy) >= 5
    for app, name, field in with_hierarchy:
        for query in (
            f"{field}__year=99999",
            f"{field}__year=99999999999999999999999999",
            f"{field}__year=9999",
            f"{field}__year=9999&{field}__month=12",
            f"{field}__year=9999&{field}__month=12&{field}__day=31",
            f"{field}__year=-1",
            f"{field}__year=2024&{field}__month=99999999999999999999",
        ):
            response = staff.get(f"/admin/{app}/{name}/?{query}")
            assert response.status_code in (200, 302), (app, name, query)
            if response.status_code == 302:
                assert response["Location"].endswith("?e=1")
    # A real year still filters.
    app, name, field = with_hierarchy[0]
    assert staff.get(f"/admin/{app}/{name}/?{field}__year=1917").status_code == 200


def test_a_nul_in_an_admin_filter_is_a_bad_request(staff):
    for app, name, model_admin in admins(admin.ModelAdmin):
        for entry in model_admin.list_filter:
            if isinstance(entry, str):
                response = staff.get(f"/admin/{app}/{name}/?{entry}__exact=%00")
                assert response.status_code == 400, (app, name, entry)


def test_history_addresses_with_keys_that_are_no_keys_are_not_found(staff):
    tracked = admins(SimpleHistoryAdmin)
    assert len(tracked) >= 7
    site = make_site()
    for app, name, _model_admin in tracked:
        for key in ("x", "1.5", "%C3%9B", "-", "99999999999999999999"):
            response = staff.get(f"/admin/{app}/{name}/{key}/history/")
            assert response.status_code in (302, 404), (app, name, key)
            response = staff.get(f"/admin/{app}/{name}/{key}/history/x/")
            assert response.status_code in (302, 404), (app, name, key)
    # A real item's history, and a version number that is no number.
    person = site.person.pk
    assert staff.get(f"/admin/people/person/{person}/history/").status_code == 200
    response = staff.get(f"/admin/people/person/{person}/history/x/")
    assert response.status_code == 404
