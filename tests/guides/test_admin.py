import pytest
from django.contrib.auth import get_user_model
from django.contrib.redirects.models import Redirect

from guides.models import GuideEntry
from october.core.publishing import Status
from tests.articles.factories import make_article
from tests.guides.factories import make_entry, make_guide
from tests.reviews.factories import make_book, make_editor, make_moderator
from tests.timeline.factories import make_period

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/guides/readingguide/"


def make_superuser():
    return get_user_model().objects.create_superuser(
        username="root", email="root@example.org", password="password"
    )


def guide_form_data(guide, entries=(), **overrides):
    """The change form's POST data for ``guide`` with ``entries`` (dicts)."""
    data = {
        "title": guide.title,
        "slug": guide.slug,
        "period": guide.period_id or "",
        "summary": guide.summary,
        "introduction": guide.introduction,
        "cover_alt": guide.cover_alt,
        "status": guide.status,
        "publish_at_0": guide.publish_at.strftime("%Y-%m-%d"),
        "publish_at_1": guide.publish_at.strftime("%H:%M:%S"),
        "order": guide.order,
        "entries-TOTAL_FORMS": len(entries),
        "entries-INITIAL_FORMS": sum(1 for e in entries if e.get("id")),
        "entries-MIN_NUM_FORMS": 0,
        "entries-MAX_NUM_FORMS": 1000,
    }
    for index, entry in enumerate(entries):
        defaults = {
            "id": "",
            "guide": guide.pk,
            "position": index + 1,
            "article": "",
            "book": "",
            "link_url": "",
            "link_title": "",
            "link_author": "",
            "note": "",
        }
        defaults.update(entry)
        data.update({f"entries-{index}-{k}": v for k, v in defaults.items()})
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("make_user", "status"),
    [(make_superuser, 200), (make_editor, 200), (make_moderator, 403)],
)
def test_guide_admin_pages_by_role(client, make_user, status):
    guide = make_guide()
    make_entry(guide=guide)
    client.force_login(make_user())

    assert client.get(CHANGELIST).status_code == status
    assert client.get(f"{CHANGELIST}add/").status_code == status
    assert client.get(f"{CHANGELIST}{guide.pk}/change/").status_code == status


def test_editor_saves_entries_of_each_kind_through_the_inline(client):
    guide = make_guide()
    article, book = make_article(), make_book()
    client.force_login(make_editor())

    response = client.post(
        f"{CHANGELIST}{guide.pk}/change/",
        guide_form_data(
            guide,
            [
                {"position": 10, "article": article.pk, "note": "Start here."},
                {"position": 20, "book": book.pk},
                {
                    "position": 30,
                    "link_url": "https://www.marxists.org/",
                    "link_title": "Marxists Internet Archive",
                },
            ],
        ),
    )

    assert response.status_code == 302, response.context["errors"]
    entries = list(guide.entries.all())
    assert [e.kind for e in entries] == ["article", "book", "link"]
    assert entries[0].note == "Start here."


def test_editor_can_swap_two_entries(client):
    guide = make_guide()
    first, second = make_entry(guide=guide), make_entry(guide=guide)
    client.force_login(make_editor())

    response = client.post(
        f"{CHANGELIST}{guide.pk}/change/",
        guide_form_data(
            guide,
            [
                {
                    "id": first.pk,
                    "position": 2,
                    "link_url": first.link_url,
                    "link_title": first.link_title,
                },
                {
                    "id": second.pk,
                    "position": 1,
                    "link_url": second.link_url,
                    "link_title": second.link_title,
                },
            ],
        ),
    )

    assert response.status_code == 302, response.context["errors"]
    assert list(guide.entries.values_list("pk", flat=True)) == [second.pk, first.pk]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({}, "Choose an article or a book, or give an external address."),
        ({"book": "BOOK", "article": "ARTICLE"}, "An entry is one text"),
        ({"link_url": "https://example.org/"}, "Give the external text&#x27;s title."),
    ],
)
def test_inline_explains_an_entry_it_refuses(client, entry, message):
    guide = make_guide()
    fields = {
        key: {"BOOK": make_book, "ARTICLE": make_article}[value]().pk
        if value in ("BOOK", "ARTICLE")
        else value
        for key, value in entry.items()
    }
    client.force_login(make_editor())

    response = client.post(
        f"{CHANGELIST}{guide.pk}/change/", guide_form_data(guide, [fields])
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not GuideEntry.objects.exists()


def test_inline_refuses_two_entries_at_one_position(client):
    guide = make_guide()
    client.force_login(make_editor())
    link = {"link_url": "https://example.org/", "link_title": "T"}

    response = client.post(
        f"{CHANGELIST}{guide.pk}/change/",
        guide_form_data(guide, [{**link, "position": 1}, {**link, "position": 1}]),
    )

    assert response.status_code == 200
    assert not GuideEntry.objects.exists()


def test_changing_a_live_guides_slug_redirects_the_old_address(client):
    guide = make_guide(slug="july-days")
    client.force_login(make_editor())

    response = client.post(
        f"{CHANGELIST}{guide.pk}/change/",
        guide_form_data(guide, slug="the-july-days-1917"),
    )

    assert response.status_code == 302
    old = client.get("/guides/july-days/")
    assert old.status_code == 301
    assert old["Location"] == "/guides/the-july-days-1917/"
    client.logout()
    assert client.get(old["Location"]).status_code == 200


def test_changing_a_draft_guides_slug_records_no_redirect(client):
    guide = make_guide(slug="draft-guide", status=Status.DRAFT)
    client.force_login(make_editor())

    client.post(
        f"{CHANGELIST}{guide.pk}/change/", guide_form_data(guide, slug="new-slug")
    )

    assert not Redirect.objects.exists()


def test_changelist_queries_do_not_grow(client, django_assert_max_num_queries):
    client.force_login(make_editor())
    make_entry(guide=make_guide(period=make_period()))
    client.get(CHANGELIST)
    with django_assert_max_num_queries(15) as one:
        client.get(CHANGELIST)
    for _number in range(29):
        make_entry(guide=make_guide(period=make_period()))

    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(CHANGELIST).status_code == 200


def test_search_finds_guides_by_title(client):
    make_guide(title="The Kornilov affair")
    make_guide(title="Lenin Returns in April")
    client.force_login(make_editor())

    response = client.get(CHANGELIST, {"q": "kornilov"})

    assert "The Kornilov affair" in response.content.decode()
    assert "Lenin Returns in April" not in response.content.decode()
