import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from following.models import Follow
from october.core.publishing import Status
from tests.articles.factories import make_article
from tests.following.factories import make_follow
from tests.people.factories import make_person
from tests.reviews.factories import make_book, make_moderator, make_reader, make_review

pytestmark = pytest.mark.django_db


def follow_url(reader):
    return reverse("following:follow_reader", args=[reader.username])


def unfollow_url(reader):
    return reverse("following:unfollow_reader", args=[reader.username])


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def signed_in(client, reader):
    client.force_login(reader)
    return client


def test_a_reader_follows_another_and_the_profile_counts_it(client):
    ann, bob = make_reader(), make_reader()
    response = signed_in(client, ann).post(follow_url(bob), follow=True)
    assert Follow.objects.filter(follower=ann, reader=bob).exists()
    assert f"You now follow {bob.username}." in text_of(response)
    assert "1 follower · 0 following" in text_of(response)
    assert "Following — stop following" in text_of(response)
    own = client.get(reverse("readers:profile", args=[ann.username]))
    assert "0 followers · 1 following" in text_of(own)


def test_unfollowing_takes_the_follow_away(client):
    ann, bob = make_reader(), make_reader()
    make_follow(follower=ann, reader=bob)
    response = signed_in(client, ann).post(unfollow_url(bob), follow=True)
    assert not Follow.objects.exists()
    assert f"You no longer follow {bob.username}." in text_of(response)


def test_following_yourself_is_refused(client):
    ann = make_reader()
    response = signed_in(client, ann).post(follow_url(ann))
    assert response.status_code == 400
    assert "You cannot follow yourself." in text_of(response)
    assert not Follow.objects.exists()


def test_following_twice_is_refused_and_keeps_one_follow(client):
    ann, bob = make_reader(), make_reader()
    signed_in(client, ann).post(follow_url(bob))
    response = client.post(follow_url(bob), follow=True)
    assert f"You already follow {bob.username}." in text_of(response)
    assert Follow.objects.count() == 1


@pytest.mark.parametrize("kind", ["staff", "inactive", "missing"])
def test_staff_inactive_and_missing_readers_cannot_be_followed(client, kind):
    ann = make_reader()
    if kind == "staff":
        target = make_moderator()
    elif kind == "inactive":
        target = make_reader(is_active=False)
    else:
        target = get_user_model()(username="nobody-at-all")
    response = signed_in(client, ann).post(follow_url(target))
    assert response.status_code == 404
    assert not Follow.objects.exists()


def test_staff_do_not_follow(client):
    response = signed_in(client, make_moderator()).post(follow_url(make_reader()))
    assert response.status_code == 403
    assert not Follow.objects.exists()


def test_following_asks_a_visitor_to_sign_in_and_comes_back(client):
    bob = make_reader()
    response = client.post(follow_url(bob))
    assert response.status_code == 302
    profile = reverse("readers:profile", args=[bob.username])
    assert response["Location"].startswith(reverse("login"))
    assert response["Location"].endswith(f"?next={profile}")
    assert not Follow.objects.exists()


def test_following_is_post_only_with_csrf():
    ann, bob = make_reader(), make_reader()
    client = Client(enforce_csrf_checks=True)
    client.force_login(ann)
    assert client.get(follow_url(bob)).status_code == 405
    assert client.post(follow_url(bob)).status_code == 403
    assert not Follow.objects.exists()


def test_following_goes_back_to_a_page_of_the_site_only(client):
    ann, bob = make_reader(), make_reader()
    book = make_book()
    signed_in(client, ann)
    response = client.post(follow_url(bob), {"next": book.get_absolute_url()})
    assert response["Location"] == book.get_absolute_url()
    client.post(unfollow_url(bob))
    response = client.post(follow_url(bob), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("readers:profile", args=[bob.username])
    for word in ("-181", "home", "'; DROP TABLE x; --"):
        client.post(unfollow_url(bob))
        response = client.post(follow_url(bob), {"next": word})
        assert response["Location"] == reverse("readers:profile", args=[bob.username])


def test_follows_are_throttled_like_the_review_form(client, settings):
    ann = make_reader()
    others = [make_reader() for _ in range(3)]
    signed_in(client, ann)
    from following import views

    settings.RATELIMIT_ENABLE = True
    original = views.FollowView.throttle_rates
    views.FollowView.throttle_rates = [("user", "2/h")]
    try:
        answers = [client.post(follow_url(other)).status_code for other in others]
    finally:
        views.FollowView.throttle_rates = original
    assert answers == [302, 302, 429]
    assert Follow.objects.count() == 2


def test_an_author_is_followed_from_their_page(client):
    trotsky = make_person(display_name="Leon Trotsky", kind="author")
    make_book(authors=[trotsky])
    ann = make_reader()
    make_follow(follower=make_reader(), person=trotsky)
    page = signed_in(client, ann).get(trotsky.get_absolute_url())
    assert "1 follower" in text_of(page)
    response = client.post(
        reverse("following:follow_person", args=[trotsky.slug]), follow=True
    )
    assert "You now follow Leon Trotsky." in text_of(response)
    assert "2 followers" in text_of(response)
    assert Follow.objects.filter(follower=ann, person=trotsky).exists()


def test_an_author_of_articles_only_can_be_followed(client):
    writer = make_person()
    make_article(authors=[writer])
    response = signed_in(client, make_reader()).post(
        reverse("following:follow_person", args=[writer.slug])
    )
    assert response.status_code == 302
    assert Follow.objects.filter(person=writer).exists()


@pytest.mark.parametrize("kind", ["not an author", "draft", "draft book only"])
def test_people_who_wrote_nothing_public_cannot_be_followed(client, kind):
    if kind == "draft":
        person = make_person(status=Status.DRAFT)
        make_book(authors=[person])
    else:
        person = make_person()
        if kind == "draft book only":
            make_book(authors=[person], status=Status.DRAFT)
    response = signed_in(client, make_reader()).post(
        reverse("following:follow_person", args=[person.slug])
    )
    assert response.status_code == 404
    assert not Follow.objects.exists()
    if kind != "draft":
        assert "follower" not in text_of(client.get(person.get_absolute_url()))


def test_a_reader_removes_a_follower(client):
    ann, bob = make_reader(), make_reader()
    make_follow(follower=bob, reader=ann)
    page = signed_in(client, ann).get(reverse("following:followers"))
    assert bob.username in text_of(page)
    response = client.post(
        reverse("following:remove_follower", args=[bob.username]), follow=True
    )
    assert f"{bob.username} no longer follows you." in text_of(response)
    assert not Follow.objects.exists()


def test_only_your_own_followers_can_be_removed(client):
    ann, bob, cat = make_reader(), make_reader(), make_reader()
    make_follow(follower=bob, reader=cat)
    signed_in(client, ann)
    response = client.post(reverse("following:remove_follower", args=[bob.username]))
    assert response.status_code == 404
    admin = make_moderator()
    response = client.post(reverse("following:remove_follower", args=[admin.username]))
    assert response.status_code == 404
    assert Follow.objects.count() == 1


def test_counts_leave_out_inactive_and_staff_accounts(client):
    ann = make_reader()
    make_follow(follower=make_reader(), reader=ann)
    make_follow(follower=make_reader(is_active=False), reader=ann)
    gone = make_reader()
    make_follow(follower=ann, reader=gone)
    gone.is_active = False
    gone.save()
    page = client.get(reverse("readers:profile", args=[ann.username]))
    assert "1 follower · 0 following" in text_of(page)


def test_deleting_an_account_deletes_its_follows():
    ann, bob = make_reader(), make_reader()
    make_follow(follower=ann, reader=bob)
    make_follow(follower=bob, reader=ann)
    ann.delete()
    assert not Follow.objects.exists()


def test_follows_and_followers_pages_are_only_for_signed_in_readers(client):
    for name in ("index", "follows", "followers"):
        response = client.get(reverse(f"following:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_follows_page_lists_readers_and_authors_with_unfollow(client):
    ann, bob = make_reader(), make_reader()
    trotsky = make_person(display_name="Leon Trotsky")
    make_book(authors=[trotsky])
    make_follow(follower=ann, reader=bob)
    make_follow(follower=ann, person=trotsky)
    page = signed_in(client, ann).get(reverse("following:follows"))
    text = text_of(page)
    assert bob.username in text and "Leon Trotsky" in text
    assert text.count("Unfollow") == 2


def test_a_reader_with_reviews_is_followed_from_the_book_page_count(client):
    book = make_book()
    bob = make_reader()
    make_review(book=book, reader=bob, rating=5, text="Essential.")
    for _ in range(7):
        make_follow(follower=make_reader(), reader=bob)
    page = client.get(book.get_absolute_url())
    assert "1 review · 7 followers" in text_of(page)


def test_visitors_get_a_sign_in_link_so_the_page_stays_cacheable(client):
    bob = make_reader()
    trotsky = make_person()
    make_book(authors=[trotsky])
    for url in (
        reverse("readers:profile", args=[bob.username]),
        trotsky.get_absolute_url(),
    ):
        response = client.get(url)
        html = response.content.decode()
        assert f"{reverse('login')}?next={url}" in html
        assert "csrfmiddlewaretoken" not in html
        assert settings.CSRF_COOKIE_NAME not in response.cookies


def test_an_author_whose_works_were_unpublished_can_still_be_unfollowed(client):
    ann = make_reader()
    author = make_person()
    book = make_book(authors=[author])
    make_follow(follower=ann, person=author)
    book.status = Status.DRAFT
    book.save()
    signed_in(client, ann)
    response = client.post(reverse("following:unfollow_person", args=[author.slug]))
    assert response.status_code == 302
    assert not Follow.objects.exists()


def test_unfollowing_twice_says_so(client):
    ann, bob = make_reader(), make_reader()
    make_follow(follower=ann, reader=bob)
    signed_in(client, ann).post(unfollow_url(bob))
    response = client.post(unfollow_url(bob), follow=True)
    assert f"You were not following {bob.username}." in text_of(response)
