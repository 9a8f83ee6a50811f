"""Following on the book page: "Friends & Following" and the reviewer cards,
within the query budget however many readers one follows."""

import html
import re

import pytest
from django.contrib.auth import get_user_model

from following.models import Follow
from october.accounts.models import EmailConfirmation
from tests.following.factories import make_follow
from tests.reviews.factories import make_book, make_reader, make_review

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 12


def text_of(response):
    return html.unescape(
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    )


def friends_html(response):
    page = response.content.decode()
    start = page.index('id="friends"')
    return page[start : page.index("</section>", start)]


def friends_section(response):
    section = friends_html(response)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section)))


def test_visitors_are_invited_to_see_what_their_friends_think(client):
    book = make_book()
    section = friends_section(client.get(book.get_absolute_url()))
    assert "Friends & Following" in section
    assert (
        "Create a free account to discover what your friends think of this book!"
        in section
    )


def test_ratings_and_approved_reviews_of_people_you_follow_show(client):
    book = make_book()
    ann, bob, cat, dan = make_reader(), make_reader(), make_reader(), make_reader()
    make_review(book=book, reader=bob, rating=4)
    make_review(book=book, reader=cat, rating=5, text="Essential reading.")
    make_review(book=book, reader=dan, rating=1, text="Not followed.")
    make_follow(follower=ann, reader=bob)
    make_follow(follower=ann, reader=cat)
    client.force_login(ann)
    response = client.get(book.get_absolute_url())
    section = friends_section(response)
    assert bob.username in section and cat.username in section
    assert "Essential reading." in section
    assert dan.username not in section
    assert 'aria-label="4 out of 5 stars"' in friends_html(response)


def test_no_pending_or_rejected_words_nor_inactive_readers_or_other_books_show(
    client,
):
    book, other = make_book(), make_book()
    ann = make_reader()
    pending, rejected, inactive, elsewhere = (make_reader() for _ in range(4))
    make_review(book=book, reader=pending, rating=3, text="Waiting.", status="pending")
    make_review(
        book=book,
        reader=rejected,
        rating=2,
        text="Spam.",
        status="rejected",
        reason="spam",
    )
    make_review(book=book, reader=inactive, rating=5, text="Gone.")
    make_review(book=other, reader=elsewhere, rating=5, text="Other book.")
    for reader in (pending, rejected, inactive, elsewhere):
        make_follow(follower=ann, reader=reader)
    get_user_model().objects.filter(pk=inactive.pk).update(is_active=False)
    client.force_login(ann)
    section = friends_section(client.get(book.get_absolute_url()))
    for text in ("Waiting.", "Spam.", "Gone.", "Other book."):
        assert text not in section
    # The stars of words that wait count, and show; spam's stars never count.
    assert pending.username in section
    for reader in (rejected, inactive, elsewhere):
        assert reader.username not in section


def test_reviewer_cards_count_followers_in_plural_forms(client):
    book = make_book()
    one, seven = make_reader(), make_reader()
    make_review(book=book, reader=one, rating=5, text="One.")
    make_review(book=book, reader=seven, rating=5, text="Seven.")
    make_follow(follower=make_reader(), reader=one)
    for _ in range(7):
        make_follow(follower=make_reader(), reader=seven)
    text = text_of(client.get(book.get_absolute_url()))
    assert "1 review · 1 follower " in text
    assert "1 review · 7 followers" in text
    russian = text_of(client.get("/ru" + book.get_absolute_url()))
    assert "1 подписчик " in russian and "7 подписчиков" in russian


def follow_many(reader, count):
    """``reader`` follows ``count`` new readers (the first may write reviews)."""
    User = get_user_model()
    first = User.objects.count()
    readers = User.objects.bulk_create(
        User(username=f"followed-{first}-{n}", email=f"f{first}-{n}@example.org")
        for n in range(count)
    )
    Follow.objects.bulk_create(Follow(follower=reader, reader=r) for r in readers)
    EmailConfirmation.objects.bulk_create(
        EmailConfirmation(user=r, email=r.email) for r in readers
    )
    return readers


def test_signed_in_book_page_costs_the_same_with_1_and_1000_follows(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    book = make_book()
    ann = make_reader()
    followed = follow_many(ann, 1)
    make_review(book=book, reader=followed[0], rating=5, text="A friend's review.")
    for _ in range(3):
        make_review(book=book, rating=4, text="A stranger's review.")
    client.force_login(ann)
    client.get(book.get_absolute_url())
    with django_assert_max_num_queries(QUERY_BUDGET) as one_follow:
        response = client.get(book.get_absolute_url())
    assert "A friend's review." in friends_section(response)

    for reader in follow_many(ann, 999)[:5]:
        make_review(book=book, reader=reader, rating=3)
    assert Follow.objects.filter(follower=ann).count() == 1000
    with django_assert_num_queries(len(one_follow)):
        response = client.get(book.get_absolute_url())
    assert "A friend's review." in friends_section(response)


def test_staff_are_not_invited_to_sign_up(client):
    from tests.reviews.factories import make_moderator

    book = make_book()
    client.force_login(make_moderator())
    html = client.get(book.get_absolute_url()).content.decode()
    assert 'id="friends"' not in html
    assert "Create a free account to discover" not in html
