"""The following page, readers' feeds and "download my data": nothing
pending, private or of a closed account shows through them."""

import json
import re
from xml.etree import ElementTree

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from following.models import Follow
from october.accounts.data import account_delete
from october.accounts.models import ReaderProfile
from october.core.publishing import Status
from reviews.services import book_shelve
from tests.following.factories import make_follow
from tests.people.factories import make_person
from tests.reviews.factories import make_book, make_moderator, make_reader, make_review

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def show_shelves(reader, public=True):
    ReaderProfile.objects.filter(user=reader).update(shelves_public=public)


def test_the_following_page_shows_reviews_and_finished_books(client):
    ann, bob = make_reader(), make_reader()
    make_follow(follower=ann, reader=bob)
    reviewed, finished = make_book(title="Reviewed"), make_book(title="Finished")
    make_review(book=reviewed, reader=bob, rating=5, text="A classic account.")
    book_shelve(reader=bob, book=finished, status="read")
    show_shelves(bob)
    client.force_login(ann)
    text = text_of(client.get(reverse("following:index")))
    assert "A classic account." in text
    assert f"{bob.username} reviewed Reviewed" in text
    assert f"{bob.username} finished Finished" in text


def test_the_following_page_keeps_out_what_is_not_public(client):
    ann = make_reader()
    private, pending, closed, stranger = (make_reader() for _ in range(4))
    for reader in (private, pending, closed):
        make_follow(follower=ann, reader=reader)
    show_shelves(closed)
    show_shelves(stranger)
    book_shelve(reader=private, book=make_book(title="Private shelf"), status="read")
    make_review(
        book=make_book(),
        reader=pending,
        rating=3,
        text="Pending words.",
        status="pending",
    )
    draft = make_book(title="Draft book")
    make_review(book=draft, reader=pending, rating=4, text="On a draft.")
    draft.status = Status.DRAFT
    draft.save()
    make_review(book=make_book(), reader=closed, rating=5, text="Closed account.")
    book_shelve(reader=closed, book=make_book(title="Closed shelf"), status="read")
    get_user_model().objects.filter(pk=closed.pk).update(is_active=False)
    book_shelve(reader=stranger, book=make_book(title="Not followed"), status="read")
    reading = make_book(title="Still reading")
    show_shelves(private)
    book_shelve(reader=private, book=reading, status="currently_reading")
    show_shelves(private, public=False)
    client.force_login(ann)
    text = text_of(client.get(reverse("following:index")))
    for hidden in (
        "Private shelf",
        "Pending words.",
        "On a draft.",
        "Closed account.",
        "Closed shelf",
        "Not followed",
        "Still reading",
    ):
        assert hidden not in text
    assert "Nothing yet." in text


def test_the_following_page_costs_the_same_with_1_and_1000_follows(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    from tests.following.test_book_page import QUERY_BUDGET, follow_many

    ann = make_reader()
    first = follow_many(ann, 1)[0]
    show_shelves(first)
    make_review(book=make_book(), reader=first, rating=5, text="Worth it.")
    client.force_login(ann)
    client.get(reverse("following:index"))
    with django_assert_max_num_queries(QUERY_BUDGET) as one:
        assert "Worth it." in text_of(client.get(reverse("following:index")))
    follow_many(ann, 999)
    with django_assert_num_queries(len(one)):
        assert "Worth it." in text_of(client.get(reverse("following:index")))


def feed_entries(response):
    root = ElementTree.fromstring(response.content)
    return root, root.findall(f"{ATOM}entry")


def test_a_readers_feed_has_their_approved_reviews_only(client):
    bob = make_reader()
    ReaderProfile.objects.filter(user=bob).update(display_name="Connor B.")
    make_review(book=make_book(title="Approved"), reader=bob, rating=5, text="Yes.")
    make_review(
        book=make_book(title="Waiting"),
        reader=bob,
        rating=2,
        text="No.",
        status="pending",
    )
    make_review(book=make_book(title="Bare"), reader=bob, rating=3)
    response = client.get(reverse("following:reader_feed", args=[bob.username]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root, entries = feed_entries(response)
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Approved: 5/5"]
    assert "Connor B." in root.find(f"{ATOM}title").text
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Connor B."


@pytest.mark.parametrize("kind", ["staff", "inactive", "missing"])
def test_no_feed_for_staff_closed_or_missing_accounts(client, kind):
    if kind == "staff":
        username = make_moderator().username
    elif kind == "inactive":
        username = make_reader(is_active=False).username
    else:
        username = "nobody-at-all"
    response = client.get(reverse("following:reader_feed", args=[username]))
    assert response.status_code == 404


def test_the_profile_links_its_feed(client):
    bob = make_reader()
    html = client.get(reverse("readers:profile", args=[bob.username])).content.decode()
    assert reverse("following:reader_feed", args=[bob.username]) in html


def test_download_my_data_has_follows_and_followers(client):
    ann, bob, cat = make_reader(), make_reader(), make_reader()
    trotsky = make_person(display_name="Leon Trotsky")
    make_book(authors=[trotsky])
    make_follow(follower=ann, reader=bob)
    make_follow(follower=ann, person=trotsky)
    make_follow(follower=cat, reader=ann)
    client.force_login(ann)
    data = json.loads(client.post(reverse("account_data")).content)
    assert [f.get("reader") or f.get("author") for f in data["follows"]] == [
        bob.username,
        "Leon Trotsky",
    ]
    assert [f["reader"] for f in data["followers"]] == [cat.username]


def test_deleting_an_account_takes_its_follows_both_ways():
    ann, bob = make_reader(), make_reader()
    make_follow(follower=ann, reader=bob)
    make_follow(follower=bob, reader=ann)
    account_delete(user=ann)
    assert not Follow.objects.exists()


def test_the_following_page_shows_what_followed_authors_published(client):
    from tests.articles.factories import make_article

    ann = make_reader()
    author, other = make_person(), make_person()
    make_article(authors=[author], title="Live article")
    make_article(authors=[author], title="Draft article", status=Status.DRAFT)
    make_book(authors=[author], title="Live book")
    make_article(authors=[other], title="Not followed")
    make_follow(follower=ann, person=author)
    client.force_login(ann)
    text = text_of(client.get(reverse("following:index")))
    assert "New from the authors you follow" in text
    assert "Live article" in text and "Live book" in text
    assert "Draft article" not in text and "Not followed" not in text
