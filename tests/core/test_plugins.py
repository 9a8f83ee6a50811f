"""An app plugs itself into the kernel from its AppConfig alone.

``tests.pamphlets`` is installed by the test settings only; no module of
``october`` names it. It still shows up wherever content apps do.
"""

import pytest
from django.contrib.auth.models import Group

from october.core.publishing import Status
from october.core.roles import EDITORS
from october.core.search import search, sources
from october.core.sitemaps import sitemaps
from tests.pamphlets.models import Pamphlet

pytestmark = pytest.mark.django_db


def make_pamphlet(**overrides):
    return Pamphlet.objects.create(
        **{
            "title": "What Is To Be Done?",
            "text": "Burning questions of our movement, on the party press.",
            "status": Status.PUBLISHED,
            **overrides,
        }
    )


def test_a_plugged_in_app_is_searched(client):
    make_pamphlet()

    assert list(sources())[-1] == "pamphlet"
    found = search("burning questions")
    assert [result.object.title for result in found.results] == ["What Is To Be Done?"]
    page = client.get("/search/", {"q": "burning questions"}).content.decode()
    assert "What Is To Be Done?" in page
    assert "Pamphlets" in page


def test_a_plugged_in_app_has_its_sitemap_in_the_index(client):
    pamphlet = make_pamphlet()

    assert "pamphlets" in sitemaps()
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-pamphlets.xml" in index
    sitemap = client.get("/sitemap-pamphlets.xml").content.decode()
    assert f"/pamphlets/{pamphlet.slug}/" in sitemap


def test_a_plugged_in_apps_new_item_shows_at_once_on_cached_pages(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 300
    query = {"q": "burning questions"}
    client.get("/search/", query)
    with django_assert_num_queries(0):
        cached = client.get("/search/", query).content.decode()
    assert "What Is To Be Done?" not in cached

    make_pamphlet()

    assert "What Is To Be Done?" in client.get("/search/", query).content.decode()


def test_editors_may_edit_a_plugged_in_apps_items():
    editors = Group.objects.get(name=EDITORS)

    codenames = set(
        editors.permissions.filter(content_type__app_label="pamphlets").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {
        "add_pamphlet",
        "change_pamphlet",
        "delete_pamphlet",
        "view_pamphlet",
    }
