"""What editors read in an item's history: real changes only, whole, with
no link they may not follow; and the preview links' filters."""

import re

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from october.core.publishing import Status
from october.core.services import preview_link_create
from tests.articles.factories import make_article
from tests.editorial.factories import MAKERS, make_superuser
from tests.editorial.test_history import admin_url, edit_article_in_admin
from tests.reviews.factories import make_editor
from tests.timeline.factories import make_event

pytestmark = pytest.mark.django_db

LONG = "The Bolsheviks took the Winter Palace in the night. " * 8


def history_changes(client, item):
    response = client.get(admin_url(item, "history"))
    assert response.status_code == 200
    return [
        list(getattr(record, "history_delta_changes", None) or [])
        for record in response.context["page_obj"]
    ]


def test_a_long_change_is_shown_whole(client):
    event = make_event(summary=LONG)
    event.summary = LONG + "Kerensky fled."
    event.save()
    client.force_login(make_editor())

    latest = history_changes(client, event)[0]

    assert [change["field"] for change in latest] == ["Summary"]
    assert latest[0]["old"] == LONG.strip() or latest[0]["old"] == LONG
    assert latest[0]["new"].endswith("Kerensky fled.")
    page = client.get(admin_url(event, "history")).content.decode()
    assert "chars]" not in page
    assert "Kerensky fled." in page


def test_a_long_rich_text_change_is_shown_whole(client):
    body = "".join(f"<p>Paragraph {n}: {LONG}</p>" for n in range(3))
    article = make_article(title="October", body=body)
    editor = make_editor()
    client.force_login(editor)
    edit_article_in_admin(client, article, body=body + "<p>The last word.</p>")

    latest = history_changes(client, article)[0]

    body_change = next(change for change in latest if change["field"] == "Body")
    assert "Paragraph 2" in body_change["new"]
    assert body_change["new"].endswith("The last word.")
    assert "…" not in body_change["old"] + body_change["new"]


def test_a_save_that_changes_nothing_visible_lists_no_change(client):
    """The admin's form keeps seconds, not microseconds: the first save of
    an item made elsewhere moves its time by less than a second."""
    article = make_article(title="October")
    client.force_login(make_editor())
    edit_article_in_admin(client, article, title="October 1917")

    latest = history_changes(client, article)[0]

    assert [change["field"] for change in latest] == ["Title"]


def test_formatting_alone_is_a_change_and_says_so(client):
    article = make_article(title="October", body="<p>All power to the soviets</p>")
    client.force_login(make_editor())
    edit_article_in_admin(
        client, article, body="<p><strong>All power to the soviets</strong></p>"
    )

    latest = history_changes(client, article)[0]

    assert latest == [
        {
            "field": "Body",
            "old": "All power to the soviets",
            "new": "(the same words, formatted differently)",
        }
    ]


def test_version_page_marks_only_what_changed_and_shows_it_whole(client):
    event = make_event(summary=LONG)
    earlier = event.history.latest()
    event.summary = LONG + "Kerensky fled."
    event.save()
    client.force_login(make_editor())

    response = client.get(admin_url(event, "simple_history", earlier.history_id))

    rows = {row["name"]: row for row in response.context["rows"]}
    assert rows["summary"]["changed"]
    assert rows["summary"]["now"].endswith("Kerensky fled.")
    assert [name for name, row in rows.items() if row["changed"]] == ["summary"]


def test_changed_by_is_a_link_only_for_who_may_open_accounts(client):
    event = make_event(title="Lenin returns")
    editor = make_editor(username="editor-ada")
    client.force_login(editor)
    event.title = "Lenin returns to Petrograd"
    event._history_user = editor
    event.save()
    user_page = reverse("admin:auth_user_change", args=[editor.pk])

    page = client.get(admin_url(event, "history")).content.decode()
    assert "editor-ada" in page
    assert user_page not in page

    client.force_login(make_superuser())
    page = client.get(admin_url(event, "history")).content.decode()
    assert user_page in page


def test_preview_link_filter_lists_only_kinds_of_content_with_links(client):
    event = make_event(status=Status.DRAFT)
    article = make_article(status=Status.DRAFT)
    preview_link_create(item=event)
    preview_link_create(item=article)
    client.force_login(make_superuser())

    response = client.get(reverse("admin:october_previewlink_changelist"))

    page = response.content.decode()
    filters = page[page.index('id="changelist-filter"') :]
    kinds = re.findall(r"content_type__id__exact=\d+[^>]*>([^<]+)<", filters)
    expected = [
        str(ContentType.objects.get_for_model(item)) for item in (event, article)
    ]
    assert sorted(kind.strip() for kind in kinds) == sorted(expected)
    for internal in ("session", "permission", "access attempt", "Task Result"):
        assert internal.lower() not in filters.lower()


def test_every_admin_link_on_an_editors_pages_opens(client):
    """Every model's list, change and history page, as an editor: each link
    on them opens (the editor's own account aside, nothing is a 403)."""
    editor = make_editor()
    for model in admin.site._registry:
        MAKERS[model]()
    client.force_login(editor)
    start = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(
            type("Request", (), {"user": editor})()
        ):
            continue
        opts = model._meta
        obj = model._default_manager.order_by("-pk").first()
        name = f"admin:{opts.app_label}_{opts.model_name}"
        start.append(reverse(f"{name}_changelist"))
        start.append(reverse(f"{name}_change", args=[obj.pk]))
        start.append(reverse(f"{name}_history", args=[obj.pk]))
    seen, failures = set(), []
    for url in start:
        html = client.get(url).content.decode()
        for href in re.findall(r'href="(/admin/[^"#?]*)', html):
            if href in seen or "logout" in href:
                continue
            seen.add(href)
            status = client.get(href).status_code
            if status == 403:
                failures.append((url, href))
    assert len(start) > 20
    assert not failures
