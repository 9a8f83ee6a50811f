from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from october.core.publishing import Publishable, Status
from october.core.services import (
    publishable_publish,
    publishable_unpublish,
    tags_add,
    tags_remove,
)
from tests.articles.factories import make_article
from tests.editorial.factories import MAKERS
from tests.reviews.factories import make_editor
from tests.timeline.factories import make_event

pytestmark = pytest.mark.django_db

PUBLISHABLE = sorted(
    (model for model in admin.site._registry if issubclass(model, Publishable)),
    key=lambda model: model._meta.label,
)


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def run(client, model, name, items, **extra):
    return client.post(
        changelist(model),
        {
            "action": name,
            "_selected_action": [item.pk for item in items],
            "index": 0,
            **extra,
        },
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize("model", PUBLISHABLE, ids=lambda m: m._meta.label)
def test_every_publishable_admin_publishes_and_unpublishes_and_says_how_many(
    client, model
):
    draft = MAKERS[model]()
    live = MAKERS[model]()
    model.objects.filter(pk=draft.pk).update(status=Status.DRAFT)
    client.force_login(make_editor())
    plural = model._meta.verbose_name_plural

    response = run(client, model, "publish", [draft, live])

    assert messages_of(response) == [f"1 {model._meta.verbose_name} published."]
    assert model.objects.live().filter(pk__in=[draft.pk, live.pk]).count() == 2

    response = run(client, model, "unpublish", [draft, live])

    assert messages_of(response) == [f"2 {plural} unpublished."]
    assert not model.objects.filter(pk__in=[draft.pk, live.pk]).live().exists()


@pytest.mark.parametrize("model", PUBLISHABLE, ids=lambda m: m._meta.label)
def test_schedule_asks_for_a_time_then_schedules(client, model):
    items = [MAKERS[model](), MAKERS[model]()]
    client.force_login(make_editor())

    response = run(client, model, "schedule", items)

    assert response.status_code == 200
    assert response.templates[0].name == "admin/editorial/action_form.html"
    assert "Europe/London" in response.context["form"].fields["publish_at"].help_text

    when = timezone.localtime() + timedelta(days=3)
    response = run(
        client,
        model,
        "schedule",
        items,
        apply="yes",
        publish_at_0=when.strftime("%Y-%m-%d"),
        publish_at_1=when.strftime("%H:%M:%S"),
    )

    assert messages_of(response)[0].startswith(
        f"2 {model._meta.verbose_name_plural} scheduled (public from"
    )
    assert model.objects.scheduled().filter(pk__in=[i.pk for i in items]).count() == 2


def test_schedule_refuses_a_time_in_the_past(client):
    event = make_event()
    client.force_login(make_editor())
    when = timezone.localtime() - timedelta(hours=1)

    response = run(
        client,
        type(event),
        "schedule",
        [event],
        apply="yes",
        publish_at_0=when.strftime("%Y-%m-%d"),
        publish_at_1=when.strftime("%H:%M:%S"),
    )

    assert response.context["form"].errors["publish_at"]
    event.refresh_from_db()
    assert event.is_live


def test_tag_actions_add_and_remove_tags_and_say_how_many(client):
    tagged = make_article(tags=["Soviets"])
    untagged = make_article()
    client.force_login(make_editor())

    response = run(
        client,
        Article,
        "add_tags",
        [tagged, untagged],
        apply="yes",
        tags="soviets, war",
    )

    assert messages_of(response) == ["2 articles tagged."]
    assert sorted(tagged.tags.names()) == ["Soviets", "war"]
    assert {name.casefold() for name in untagged.tags.names()} == {"soviets", "war"}

    response = run(
        client, Article, "remove_tags", [tagged, untagged], apply="yes", tags="WAR"
    )

    assert messages_of(response) == ["2 articles untagged."]
    assert list(tagged.tags.names()) == ["Soviets"]


def test_tag_actions_ask_for_tags_first(client):
    article = make_article()
    client.force_login(make_editor())

    response = run(client, Article, "add_tags", [article], apply="yes", tags=" , ")

    assert response.context["form"].errors["tags"]
    assert not article.tags.exists()


def test_tag_actions_are_offered_only_where_items_have_tags(client):
    client.force_login(make_editor())
    make_event()
    make_article()

    event_actions = client.get(changelist(type(make_event()))).context["action_form"]
    article_actions = client.get(changelist(Article)).context["action_form"]

    event_choices = {name for name, _ in event_actions.fields["action"].choices}
    article_choices = {name for name, _ in article_actions.fields["action"].choices}
    assert {"publish", "unpublish", "schedule"} <= event_choices
    assert not {"add_tags", "remove_tags"} & event_choices
    assert {"add_tags", "remove_tags"} <= article_choices


def test_publish_now_dates_drafts_now_and_keeps_live_items_dates():
    long_ago = timezone.now() - timedelta(days=300)
    draft = make_article(status=Status.DRAFT, publish_at=long_ago)
    live = make_article(publish_at=long_ago)
    scheduled = make_article(publish_at=timezone.now() + timedelta(days=1))

    assert publishable_publish(items=Article.objects.all()) == 2

    draft.refresh_from_db()
    live.refresh_from_db()
    scheduled.refresh_from_db()
    assert draft.is_live and draft.publish_at > long_ago
    assert live.publish_at == long_ago
    assert scheduled.is_live


def test_unpublish_keeps_dates_and_counts_only_changes():
    article = make_article()
    draft = make_article(status=Status.DRAFT)

    assert publishable_unpublish(items=[article, draft]) == 1
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_publishing_is_recorded_in_the_history_with_who():
    article = make_article(status=Status.DRAFT)
    versions = article.history.count()

    publishable_publish(items=[article])

    assert article.history.count() == versions + 1
    assert article.history.latest().status == Status.PUBLISHED


def test_tag_services_count_items_changed():
    first = make_article(tags=["a"])
    second = make_article()

    assert tags_add(items=[first, second], names=["a"]) == 1
    assert tags_remove(items=[first, second], names=["b"]) == 0
    assert tags_remove(items=[first, second], names=["A"]) == 2
