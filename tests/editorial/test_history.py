import datetime

import pytest
from django.contrib.admin.utils import quote
from django.urls import reverse

from articles.models import Article
from october.core.publishing import Status
from october.core.services import history_revert, tags_add
from reviews.models import Book
from tests.articles.factories import make_article, make_series
from tests.editorial.factories import make_superuser
from tests.people.factories import make_person, make_quote
from tests.reviews.factories import (
    make_book,
    make_editor,
    make_moderator,
    make_review,
)
from tests.timeline.factories import make_event, make_period
from timeline.models import Event

pytestmark = pytest.mark.django_db


def admin_url(obj, view, *args):
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_{view}",
        args=[quote(obj.pk), *args],
    )


def article_state(article):
    article.refresh_from_db()
    return {
        "title": article.title,
        "standfirst": article.standfirst,
        "body": article.body,
        "status": article.status,
        "publish_at": article.publish_at,
        "series": article.series_id,
        "language": article.language,
        "authors": list(article.authorships.values_list("person", "order")),
        "tags": sorted(article.tags.names()),
        "people": sorted(article.people.values_list("pk", flat=True)),
        "events": sorted(article.events.values_list("pk", flat=True)),
        "interviewees": sorted(article.interviewees.values_list("pk", flat=True)),
    }


def edit_article_in_admin(client, article, **changes):
    """Post the article's change form as an editor would, with ``changes``."""
    data = {
        "kind": article.kind,
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "embed_url": "",
        "language": article.language,
        "translation_of": "",
        "series": article.series_id or "",
        "series_position": "",
        "period": "",
        "tags": ", ".join(article.tags.names()),
        "interviewees": [],
        "events": [e.pk for e in article.events.all()],
        "people": [p.pk for p in article.people.all()],
        "hero_image_alt": "",
        "status": article.status,
        "publish_at_0": article.publish_at.strftime("%Y-%m-%d"),
        "publish_at_1": article.publish_at.strftime("%H:%M:%S"),
        "original_publication": "",
        "authorships-TOTAL_FORMS": 0,
        "authorships-INITIAL_FORMS": 0,
        "authorships-MIN_NUM_FORMS": 0,
        "authorships-MAX_NUM_FORMS": 1000,
    }
    authorships = list(article.authorships.all())
    authors = changes.pop("authors", [a.person for a in authorships])
    data.update(changes)
    data["authorships-INITIAL_FORMS"] = len(authorships)
    data["authorships-TOTAL_FORMS"] = max(len(authorships), len(authors))
    for index in range(data["authorships-TOTAL_FORMS"]):
        existing = authorships[index] if index < len(authorships) else None
        person = authors[index] if index < len(authors) else None
        prefix = f"authorships-{index}"
        data[f"{prefix}-id"] = existing.pk if existing else ""
        data[f"{prefix}-article"] = article.pk
        data[f"{prefix}-person"] = person.pk if person else existing.person_id
        data[f"{prefix}-order"] = index
        if person is None:
            data[f"{prefix}-DELETE"] = "on"
    response = client.post(admin_url(article, "change"), data)
    assert response.status_code == 302, response.context["adminform"].errors
    return response


def test_revert_restores_exact_field_values_tags_authors_and_related_people(client):
    lenin, trotsky, krupskaya = (make_person() for _ in range(3))
    series = make_series()
    event = make_event()
    article = make_article(
        title="The April Theses",
        standfirst="Lenin returns.",
        body="<p>All power to the soviets.</p>",
        series=series,
        authors=[lenin, trotsky],
        tags=["soviets", "Lenin"],
        people=[lenin],
        events=[event],
    )
    editor = make_editor()
    client.force_login(editor)
    edit_article_in_admin(client, article, title="Touched once")
    earlier = article.history.latest()
    before = article_state(article)

    edit_article_in_admin(
        client,
        article,
        title="Rewritten",
        standfirst="Something else.",
        body="<p>Other words.</p>",
        series="",
        tags="war, peace",
        people=[trotsky.pk, krupskaya.pk],
        events=[],
        authors=[krupskaya],
    )
    assert article_state(article)["title"] == "Rewritten"
    assert article_state(article)["tags"] == ["peace", "war"]

    response = client.post(admin_url(article, "simple_history", earlier.history_id))

    assert response.status_code == 302
    assert article_state(article) == before
    latest = article.history.latest()
    assert latest.history_user == editor
    assert latest.history_change_reason.startswith("Reverted to the version of")
    assert latest.tags == ["Lenin", "soviets"]


def test_one_admin_save_is_one_version_with_its_related_rows(client):
    person = make_person()
    article = make_article(tags=["one"])
    client.force_login(make_superuser())
    versions = article.history.count()

    edit_article_in_admin(client, article, tags="one, two", people=[person.pk])

    assert article.history.count() == versions + 1
    version = article.history.latest()
    assert version.tags == ["one", "two"]
    assert list(version.people.values_list("person", flat=True)) == [person.pk]


def test_tag_changes_outside_the_admin_are_versions_too():
    article = make_article()
    versions = article.history.count()

    tags_add(items=[article], names=["kornilov"])

    assert article.history.count() == versions + 1
    assert article.history.latest().tags == ["kornilov"]


def test_revert_restores_an_events_people_and_period():
    first, second = make_person(), make_person()
    period = make_period()
    event = make_event(people=[first], period=period, title="July Days")
    earlier = event.history.latest()
    event.title = "Changed"
    event.period = None
    event.save()
    event.people.set([second])

    history_revert(record=earlier, user=None)

    event.refresh_from_db()
    assert event.title == "July Days"
    assert event.period == period
    assert list(event.people.all()) == [first]


def test_revert_leaves_out_people_deleted_since():
    kept, gone = make_person(), make_person()
    event = make_event(people=[kept, gone])
    earlier = event.history.latest()
    event.people.clear()
    gone.delete()

    history_revert(record=earlier)

    assert list(event.people.all()) == [kept]


def test_a_books_rating_figures_make_no_version_and_survive_a_revert():
    book = make_book(title="History of the Russian Revolution")
    earlier = book.history.latest()
    versions = book.history.count()

    make_review(book=book, rating=5)
    book.refresh_from_db()
    assert book.ratings_count == 1
    assert book.history.count() == versions

    book.title = "Renamed"
    book.save()
    history_revert(record=earlier)

    book = Book.objects.get(pk=book.pk)
    assert book.title == "History of the Russian Revolution"
    assert book.ratings_count == 1
    assert book.stars_5 == 1


def test_generated_search_columns_are_not_kept_in_versions():
    historical = Event.history.model
    assert "search_vector" not in {field.name for field in historical._meta.fields}


def test_history_page_shows_who_changed_what_tags_included(client):
    article = make_article(title="Before", tags=["old"])
    editor = make_editor(username="editor-ada")
    client.force_login(editor)
    edit_article_in_admin(client, article, title="After", tags="new")

    response = client.get(admin_url(article, "history"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "editor-ada" in page
    assert "Before" in page and "After" in page
    assert "[old]" in page and "[new]" in page


def test_version_page_shows_the_version_beside_the_present(client):
    event = make_event(title="Lenin Returns")
    earlier = event.history.latest()
    event.title = "Lenin returns to Petrograd"
    event.save()
    client.force_login(make_editor())

    response = client.get(admin_url(event, "simple_history", earlier.history_id))

    assert response.status_code == 200
    rows = {row["name"]: row for row in response.context["rows"]}
    assert rows["title"]["value"] == "Lenin Returns"
    assert rows["title"]["now"] == "Lenin returns to Petrograd"
    assert rows["title"]["changed"]
    assert not rows["summary"]["changed"]
    assert b"Revert to this version" in response.content


def test_moderators_can_neither_see_nor_revert_content_history(client):
    event = make_event()
    earlier = event.history.latest()
    client.force_login(make_moderator())

    assert client.get(admin_url(event, "history")).status_code == 403
    page = admin_url(event, "simple_history", earlier.history_id)
    assert client.get(page).status_code == 403
    assert client.post(page).status_code == 403


def test_a_version_whose_address_is_taken_is_refused_with_a_message(client):
    article = make_article(slug="april-theses")
    earlier = article.history.latest()
    Article.objects.filter(pk=article.pk).update(slug="renamed")
    make_article(slug="april-theses")
    client.force_login(make_editor())

    response = client.post(
        admin_url(article, "simple_history", earlier.history_id), follow=True
    )

    assert response.status_code == 200
    assert "cannot be restored" in response.content.decode()
    article.refresh_from_db()
    assert article.slug == "renamed"


def test_deleted_draft_can_be_brought_back():
    event = make_event(status=Status.DRAFT, start=datetime.date(1917, 7, 16))
    earlier = event.history.latest()
    pk = event.pk
    event.delete()

    restored = history_revert(record=earlier)

    assert restored.pk == pk
    assert Event.objects.get(pk=pk).start == datetime.date(1917, 7, 16)


def test_an_items_history_page_lists_changes_to_its_inline_rows(client):
    person = make_person()
    quote = make_quote(person=person, text="Always in the front row.")
    quote.text = "Always in the very front row."
    quote.save()
    client.force_login(make_editor())

    response = client.get(admin_url(person, "history"))

    (section,) = response.context["related_histories"]
    assert [record.history_type for record in section["records"]] == ["~", "+"]
    page = response.content.decode()
    assert "Recent changes to its quotes" in page
    assert "Always in the very front row." in page


def test_revert_leaves_links_to_deleted_things_empty():
    series = make_series()
    article = make_article(series=series, title="Part one")
    earlier = article.history.latest()
    article.title = "Renamed"
    article.save()
    series.delete()

    history_revert(record=earlier)

    article.refresh_from_db()
    assert article.title == "Part one"
    assert article.series is None
