from datetime import timedelta

import pytest
import time_machine
from django.contrib.admin.utils import quote
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from october.core.models import PreviewLink
from october.core.preview import PREVIEW_PARAMETER, preview_url
from october.core.publishing import Status
from october.core.services import preview_link_create, preview_link_revoke
from tests.articles.factories import make_article
from tests.guides.factories import make_guide
from tests.people.factories import make_person
from tests.reviews.factories import make_book, make_editor, make_moderator
from tests.timeline.factories import make_event, make_period

pytestmark = pytest.mark.django_db

DRAFT_MAKERS = {
    "article": lambda: make_article(status=Status.DRAFT),
    "event": lambda: make_event(status=Status.DRAFT),
    "person": lambda: make_person(status=Status.DRAFT),
    "book": lambda: make_book(status=Status.DRAFT),
    "guide": lambda: make_guide(status=Status.DRAFT),
}


def admin_url(obj, view, *args):
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_{view}",
        args=[quote(obj.pk), *args],
    )


@pytest.mark.parametrize("kind", DRAFT_MAKERS)
def test_a_preview_link_shows_a_draft_to_anyone_with_a_banner_never_cached(kind):
    item = DRAFT_MAKERS[kind]()
    link = preview_link_create(item=item)
    anonymous = Client()

    assert anonymous.get(item.get_absolute_url()).status_code == 404
    response = anonymous.get(preview_url(link))

    assert response.status_code == 200
    assert "Draft — not public." in response.content.decode()
    assert "preview link" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_preview_link_shows_a_scheduled_item_as_scheduled():
    article = make_article(publish_at=timezone.now() + timedelta(days=2))
    link = preview_link_create(item=article)

    response = Client().get(preview_url(link))

    assert response.status_code == 200
    assert "Scheduled" in response.content.decode()


def test_a_links_address_is_the_same_at_every_look():
    link = preview_link_create(item=make_article(status=Status.DRAFT))
    first = preview_url(link)

    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        assert preview_url(link) == first


def test_an_expired_preview_link_gives_404():
    article = make_article(status=Status.DRAFT)
    link = preview_link_create(item=article)
    url = preview_url(link)

    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert Client().get(url).status_code == 404
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        assert Client().get(url).status_code == 200


def test_a_revoked_preview_link_gives_404():
    article = make_article(status=Status.DRAFT)
    link = preview_link_create(item=article)
    url = preview_url(link)
    assert Client().get(url).status_code == 200

    assert preview_link_revoke(link=link)

    assert Client().get(url).status_code == 404
    assert not preview_link_revoke(link=link)


def test_a_preview_link_opens_its_own_item_only():
    article = make_article(status=Status.DRAFT)
    other = make_article(status=Status.DRAFT)
    event = make_event(status=Status.DRAFT, slug=article.slug)
    value = preview_url(preview_link_create(item=article)).split("=", 1)[1]

    client = Client()
    assert (
        client.get(other.get_absolute_url(), {PREVIEW_PARAMETER: value}).status_code
        == 404
    )
    assert (
        client.get(event.get_absolute_url(), {PREVIEW_PARAMETER: value}).status_code
        == 404
    )


def test_a_live_page_with_a_stale_preview_link_still_shows():
    article = make_article()
    link = preview_link_create(item=article)
    preview_link_revoke(link=link)

    response = Client().get(preview_url(link))

    assert response.status_code == 200
    assert "preview-banner" not in response.content.decode()


@pytest.mark.parametrize(
    "value",
    [
        "nonsense",
        "",
        "a:b:c",
        signing.Signer().sign_object({"token": "x", "expires": 9999999999}),
    ],
)
def test_forged_preview_values_give_404(value):
    article = make_article(status=Status.DRAFT)
    preview_link_create(item=article)

    response = Client().get(article.get_absolute_url(), {PREVIEW_PARAMETER: value})

    assert response.status_code == 404


def test_a_tampered_expiry_fails_the_signature():
    article = make_article(status=Status.DRAFT)
    link = preview_link_create(item=article)
    payload = {"token": link.token, "expires": int(link.expires_at.timestamp()) + 1}
    forged = signing.Signer(salt="another-salt").sign_object(payload)

    response = Client().get(article.get_absolute_url(), {PREVIEW_PARAMETER: forged})

    assert response.status_code == 404


def test_staff_see_drafts_at_their_address_with_a_banner_and_no_cache(client):
    article = make_article(status=Status.DRAFT)
    client.force_login(make_editor())

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "Draft — not public." in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_change_page_offers_preview_and_preview_links_for_unpublished_items(client):
    article = make_article(status=Status.DRAFT)
    client.force_login(make_editor())

    response = client.get(admin_url(article, "change"))

    page = response.content.decode()
    assert f'href="{article.get_absolute_url()}"' in page
    assert "Preview (draft)" in page
    assert "Make a preview link" in page


def test_change_page_of_a_live_item_links_to_the_site_without_preview_links(client):
    article = make_article()
    client.force_login(make_editor())

    response = client.get(admin_url(article, "change"))

    page = response.content.decode()
    assert "View on site" in page
    assert "Make a preview link" not in page


def test_editors_make_copy_and_revoke_preview_links_from_the_change_page(client):
    article = make_article(status=Status.DRAFT)
    editor = make_editor()
    client.force_login(editor)

    response = client.post(admin_url(article, "preview_link_create"))
    assert response.status_code == 302
    link = PreviewLink.objects.get()
    assert link.item == article
    assert link.created_by == editor
    assert link.expires_at - link.created_at == timedelta(days=7)

    page = client.get(admin_url(article, "change")).content.decode()
    assert preview_url(link).replace("&", "&amp;") in page
    assert 'data-copy="preview-link-' in page

    response = client.post(admin_url(article, "preview_link_revoke", link.pk))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert Client().get(preview_url(link)).status_code == 404


def test_preview_link_views_take_posts_from_editors_only(client):
    article = make_article(status=Status.DRAFT)
    link = preview_link_create(item=article)

    client.force_login(make_moderator())
    assert client.post(admin_url(article, "preview_link_create")).status_code == 403
    revoke = admin_url(article, "preview_link_revoke", link.pk)
    assert client.post(revoke).status_code == 403

    client.force_login(make_editor())
    assert client.get(admin_url(article, "preview_link_create")).status_code == 405
    other = make_article(status=Status.DRAFT)
    assert (
        client.post(admin_url(other, "preview_link_revoke", link.pk)).status_code == 404
    )
    assert PreviewLink.objects.active().count() == 1


def test_preview_links_list_and_revoke_action(client):
    links = [
        preview_link_create(item=make_event(status=Status.DRAFT)) for _ in range(2)
    ]
    client.force_login(make_editor())

    response = client.post(
        reverse("admin:october_previewlink_changelist"),
        {
            "action": "revoke_links",
            "_selected_action": [link.pk for link in links],
            "index": 0,
        },
        follow=True,
    )

    assert "2 preview links revoked." in response.content.decode()
    assert not PreviewLink.objects.active().exists()


def test_view_on_site_links_straight_to_the_public_page(client):
    period = make_period()
    event = make_event()
    client.force_login(make_editor())

    for obj in (period, event):
        page = client.get(admin_url(obj, "change")).content.decode()
        url = f"http://testserver{obj.get_absolute_url()}"
        assert f'href="{url}"'.replace("&", "&amp;") in page
