import pytest
from django.contrib.redirects.models import Redirect

from october.core.redirects import redirect_add

pytestmark = pytest.mark.django_db


def test_old_address_redirects_permanently_to_the_new_one(client):
    redirect_add(old_path="/guides/old/", new_path="/guides/new/")

    response = client.get("/guides/old/")

    assert response.status_code == 301
    assert response["Location"] == "/guides/new/"


def test_renaming_twice_costs_one_hop():
    redirect_add(old_path="/guides/a/", new_path="/guides/b/")
    redirect_add(old_path="/guides/b/", new_path="/guides/c/")

    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/guides/a/": "/guides/c/",
        "/guides/b/": "/guides/c/",
    }


def test_renaming_back_leaves_no_loop():
    redirect_add(old_path="/guides/a/", new_path="/guides/b/")
    redirect_add(old_path="/guides/b/", new_path="/guides/a/")

    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/guides/b/": "/guides/a/",
    }


def test_nothing_is_recorded_for_the_same_or_an_overlong_path():
    assert redirect_add(old_path="/guides/a/", new_path="/guides/a/") is None
    assert redirect_add(old_path="/guides/" + "x" * 200, new_path="/g/") is None
    assert not Redirect.objects.exists()


def test_every_public_model_admin_keeps_old_addresses_working():
    from django.contrib import admin

    from october.core.admin.bases import SlugRedirectAdminMixin
    from october.core.publishing import Publishable

    publishable_admins = {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if issubclass(model, Publishable)
    }
    assert len(publishable_admins) == 5
    for model, model_admin in publishable_admins.items():
        assert isinstance(model_admin, SlugRedirectAdminMixin), model
