from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from guides.models import GuideEntry, ReadingGuide
from october.core.publishing import Status
from tests.articles.factories import make_article
from tests.core.image_helpers import make_image_file
from tests.guides.factories import make_entry, make_guide
from tests.reviews.factories import make_book

pytestmark = pytest.mark.django_db


def test_entry_with_no_target_is_refused_by_the_database():
    guide = make_guide()

    with pytest.raises(IntegrityError, match="guides_guideentry_exactly_one_target"):
        GuideEntry.objects.create(guide=guide, position=1)


@pytest.mark.parametrize(
    "targets",
    [
        {"article": True, "book": True},
        {"article": True, "link_url": "https://example.org/", "link_title": "T"},
        {"book": True, "link_url": "https://example.org/", "link_title": "T"},
    ],
)
def test_entry_with_two_targets_is_refused_by_the_database(targets):
    guide = make_guide()
    fields = dict(targets)
    if fields.pop("article", False):
        fields["article"] = make_article()
    if fields.pop("book", False):
        fields["book"] = make_book()

    with pytest.raises(IntegrityError, match="guides_guideentry_exactly_one_target"):
        GuideEntry.objects.create(guide=guide, position=1, **fields)


def test_external_link_needs_a_title_in_the_database():
    with pytest.raises(IntegrityError, match="guides_guideentry_link_has_title"):
        GuideEntry.objects.create(
            guide=make_guide(), position=1, link_url="https://example.org/"
        )


def test_two_entries_cannot_share_a_position_once_committed():
    guide = make_guide()
    make_entry(guide=guide, position=1)

    with pytest.raises(IntegrityError, match="guides_guideentry_unique_position"):
        with transaction.atomic():
            make_entry(guide=guide, position=1)
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_positions_can_be_swapped_inside_one_transaction():
    guide = make_guide()
    first, second = make_entry(guide=guide), make_entry(guide=guide)

    with transaction.atomic():
        GuideEntry.objects.filter(pk=first.pk).update(position=2)
        GuideEntry.objects.filter(pk=second.pk).update(position=1)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    assert list(guide.entries.values_list("pk", flat=True)) == [second.pk, first.pk]


def test_clean_explains_a_missing_target():
    entry = GuideEntry(guide=make_guide(), position=1)

    with pytest.raises(ValidationError) as error:
        entry.full_clean()

    assert "Choose an article or a book, or give an external address." in str(
        error.value
    )


def test_clean_marks_each_of_two_targets():
    entry = GuideEntry(
        guide=make_guide(), position=1, article=make_article(), book=make_book()
    )

    with pytest.raises(ValidationError) as error:
        entry.full_clean()

    assert {"article", "book"} <= error.value.message_dict.keys()


def test_clean_asks_for_the_title_of_an_external_text():
    entry = GuideEntry(guide=make_guide(), position=1, link_url="https://example.org/")

    with pytest.raises(ValidationError) as error:
        entry.full_clean()

    assert "link_title" in error.value.message_dict


def test_clean_refuses_link_details_without_an_address():
    entry = GuideEntry(
        guide=make_guide(), position=1, book=make_book(), link_author="Lenin"
    )

    with pytest.raises(ValidationError) as error:
        entry.full_clean()

    assert "link_url" in error.value.message_dict


def test_entry_leads_to_its_live_target_or_the_external_address():
    article, book = make_article(), make_book()

    assert make_entry(article=article).url == article.get_absolute_url()
    assert make_entry(book=book).url == book.get_absolute_url()
    link = make_entry(link_url="https://example.org/x", link_title="X")
    assert link.url == "https://example.org/x"
    assert link.title == "X"
    assert link.kind == GuideEntry.Kind.LINK


@pytest.mark.parametrize(
    "unpublished",
    [
        {"status": Status.DRAFT},
        {"publish_at": timezone.now() + timedelta(days=1)},
    ],
)
def test_entry_for_an_unpublished_article_or_book_has_no_url(unpublished):
    assert make_entry(article=make_article(**unpublished)).url is None
    assert make_entry(book=make_book(**unpublished)).url is None


def test_deleting_an_article_in_a_guide_is_refused():
    article = make_article()
    make_entry(article=article)

    with pytest.raises(ProtectedError):
        article.delete()


def test_live_guides_exclude_drafts_and_future_ones():
    live = make_guide()
    make_guide(status=Status.DRAFT)
    make_guide(publish_at=timezone.now() + timedelta(minutes=1))

    assert list(ReadingGuide.objects.live()) == [live]


def test_guide_and_entry_have_public_addresses():
    guide = make_guide(slug="the-july-days")
    entry = make_entry(guide=guide)

    assert guide.get_absolute_url() == "/guides/the-july-days/"
    assert entry.get_absolute_url() == f"/guides/the-july-days/#entry-{entry.pk}"
    assert str(entry) == f"{guide.title}: {entry.position}. {entry.title}"


def test_cover_needs_alt_text():
    guide = make_guide()
    guide.cover = make_image_file("cover.png")
    guide.cover_alt = " "

    with pytest.raises(ValidationError) as error:
        guide.full_clean()

    assert "cover_alt" in error.value.message_dict
