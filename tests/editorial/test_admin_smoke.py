"""Every page of every model registered in the admin opens, for each role.

The models come from ``admin.site._registry``, so a model registered later
is covered as soon as ``tests.editorial.factories.MAKERS`` can make one.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.editorial.factories import MAKERS, make_superuser
from tests.reviews.factories import make_editor, make_moderator

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
ROLES = {
    "superuser": make_superuser,
    "editor": make_editor,
    "moderator": make_moderator,
}


def label(model):
    return model._meta.label


def url(model, view, *args):
    opts = model._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_{view}",
        args=[quote(arg) for arg in args],
    )


def may(user, action, model):
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")


def may_see(user, model):
    return may(user, "view", model) or may(user, "change", model)


def admin_allows_adding(model):
    """Whether the model's admin takes new objects at all (some never do:
    reviews come from readers, join requests from the form)."""
    return admin.site._registry[model].has_add_permission(
        type("Request", (), {"user": make_superuser()})()
    )


def test_every_registered_model_has_a_maker():
    missing = [label(model) for model in REGISTERED if model not in MAKERS]
    assert not missing, f"Add a maker to tests/editorial/factories.py for {missing}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_changelist_add_change_and_history_pages_open_for_who_may_see_them(
    client, model, role
):
    user = ROLES[role]()
    obj = MAKERS[model]()
    client.force_login(user)
    seen = 200 if may_see(user, model) else 403
    added = 200 if may(user, "add", model) and admin_allows_adding(model) else 403

    assert client.get(url(model, "changelist")).status_code == seen
    assert client.get(url(model, "add")).status_code == added
    assert client.get(url(model, "change", obj.pk)).status_code == seen
    assert client.get(url(model, "history", obj.pk)).status_code == seen


def test_editors_see_content_but_neither_users_nor_reviews(client):
    from django.contrib.auth import get_user_model

    from reviews.models import Review

    client.force_login(make_editor())

    index = client.get(reverse("admin:index"))
    models = {
        model["object_name"]
        for app in index.context["app_list"]
        for model in app["models"]
    }
    assert {"Article", "Event", "Person", "Book", "ReadingGuide"} <= models
    assert not {"User", "Group", "Review"} & models
    assert client.get(url(get_user_model(), "changelist")).status_code == 403
    assert client.get(url(Review, "changelist")).status_code == 403


def test_moderators_see_reviews_and_nothing_else(client):
    from reviews.models import Review

    review = MAKERS[Review]()
    client.force_login(make_moderator())

    index = client.get(reverse("admin:index"))
    models = [
        model["object_name"]
        for app in index.context["app_list"]
        for model in app["models"]
    ]
    assert models == ["Review"]
    assert client.get(url(Review, "changelist")).status_code == 200
    assert client.get(url(Review, "change", review.pk)).status_code == 200
    for model in REGISTERED:
        if model is not Review:
            assert client.get(url(model, "changelist")).status_code == 403, model


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_search_and_every_filter_choice_work_on_every_changelist(client, model):
    obj = MAKERS[model]()
    MAKERS[model]()
    client.force_login(make_superuser())
    changelist = url(model, "changelist")

    response = client.get(changelist)
    assert response.status_code == 200
    cl = response.context["cl"]
    assert client.get(changelist, {"q": "zzz-nothing-matches"}).status_code == 200
    assert client.get(changelist, {"q": str(obj)[:20]}).status_code == 200
    for spec in cl.filter_specs:
        for choice in spec.choices(cl):
            response = client.get(changelist + choice["query_string"])
            assert response.status_code == 200, (spec.title, choice["display"])
    if cl.date_hierarchy:
        response = client.get(changelist, {f"{cl.date_hierarchy}__year": "1917"})
        assert response.status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_unknown_filters_and_pages_never_fail(client, model):
    MAKERS[model]()
    client.force_login(make_superuser())
    changelist = url(model, "changelist")

    for params in (
        {"no_such_filter": "1"},
        {"p": "abc"},
        {"p": "99999"},
        {"o": "abc"},
        {"publication": "nonsense"},
    ):
        assert client.get(changelist, params).status_code in (200, 302), params


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_changelist_queries_do_not_grow_with_rows(
    client, model, django_assert_num_queries
):
    client.force_login(make_superuser())
    MAKERS[model]()
    changelist = url(model, "changelist")
    client.get(changelist)  # warm the content-type and site caches
    with CaptureQueriesContext(connection) as one_row:
        assert client.get(changelist).status_code == 200

    for _ in range(29):
        MAKERS[model]()

    with django_assert_num_queries(len(one_row)):
        response = client.get(changelist)
    assert response.context["cl"].result_count >= 30
