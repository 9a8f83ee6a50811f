"""Readers report published reviews; moderators decide on them again."""

import html
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from reviews.models import Review, ReviewReport
from reviews.services import (
    book_counters_recount,
    review_approve,
    review_reject,
    review_report,
)
from tests.reviews.factories import make_book, make_moderator, make_reader, make_review

pytestmark = pytest.mark.django_db

OTHER = Review.RejectionReason.OTHER
SPAM = Review.RejectionReason.SPAM


def text_of(response):
    return html.unescape(
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    )


def report_url(review):
    return reverse("reviews:report", args=[review.book.slug, review.pk])


@pytest.fixture
def review():
    return make_review(rating=5, text="Buy cheap watches at example.com")


def test_a_reader_reports_a_review_and_is_thanked(client, review):
    reader = make_reader()
    client.force_login(reader)
    book_page = client.get(review.book.get_absolute_url())
    assert report_url(review) in book_page.content.decode()
    form = client.get(report_url(review))
    assert "What is wrong with this review?" in text_of(form)
    response = client.post(
        report_url(review), {"reason": SPAM, "note": "Advertising."}, follow=True
    )
    assert "Thank you for your report." in text_of(response)
    report = ReviewReport.objects.get()
    assert (report.reporter, report.reason, report.note) == (
        reader,
        SPAM,
        "Advertising.",
    )
    review.refresh_from_db()
    assert review.status == Review.Status.PENDING
    assert review.decided_by is None
    # The words are hidden from everyone but their writer.
    assert "Buy cheap watches" not in text_of(response)


def test_the_stars_keep_counting_while_the_words_wait(review):
    book = review.book
    book.refresh_from_db()
    assert (book.ratings_count, book.stars_5, book.reviews_count) == (1, 1, 1)
    review_report(review=review, reporter=make_reader(), reason=SPAM)
    book.refresh_from_db()
    assert (book.ratings_count, book.stars_5, book.reviews_count) == (1, 1, 0)
    assert not Review.objects.public().filter(pk=review.pk).exists()
    assert book_counters_recount() == []
    review_approve(review=review, moderator=make_moderator())
    book.refresh_from_db()
    assert (book.ratings_count, book.reviews_count) == (1, 1)
    assert book_counters_recount() == []


def test_reporting_your_own_review_is_refused(client, review):
    client.force_login(review.reader)
    page = client.get(report_url(review))
    assert "You cannot report your own review." in text_of(page)
    assert "Send the report" not in text_of(page)
    response = client.post(report_url(review), {"reason": SPAM})
    assert response.status_code == 400
    assert "You cannot report your own review." in text_of(response)
    assert not ReviewReport.objects.exists()
    review.refresh_from_db()
    assert review.status == Review.Status.APPROVED


def test_one_report_per_reader_per_review(review):
    reader = make_reader()
    review_report(review=review, reporter=reader, reason=SPAM)
    review_approve(review=review, moderator=make_moderator())
    with pytest.raises(Exception) as error:
        review_report(review=review, reporter=reader, reason=SPAM)
    assert error.value.code == "already_reported"
    assert ReviewReport.objects.count() == 1
    review.refresh_from_db()
    assert review.status == Review.Status.APPROVED


def test_reporting_twice_through_the_form_says_so(client, review):
    reader = make_reader()
    review_report(review=review, reporter=reader, reason=SPAM)
    review_approve(review=review, moderator=make_moderator())
    client.force_login(reader)
    response = client.post(report_url(review), {"reason": SPAM})
    assert response.status_code == 400
    assert "You have already reported this review." in text_of(response)


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Choose a reason for your report."),
        ({"reason": "bored"}, "Select a valid choice."),
        ({"reason": OTHER, "note": "  "}, "Say in the note what is wrong"),
        ({"reason": SPAM, "note": "x" * 1001}, "at most 1000 characters"),
    ],
)
def test_bad_reports_get_a_form_error_and_change_nothing(client, review, data, message):
    client.force_login(make_reader())
    response = client.post(report_url(review), data)
    assert response.status_code in (200, 400)
    assert message in text_of(response)
    assert not ReviewReport.objects.exists()
    review.refresh_from_db()
    assert review.status == Review.Status.APPROVED


@pytest.mark.parametrize("state", ["pending", "rejected", "bare rating", "missing"])
def test_only_published_reviews_can_be_reported(client, state):
    if state == "bare rating":
        review = make_review(rating=3)
    elif state == "missing":
        review = make_review(rating=3, text="Gone.")
        url = report_url(review)
        review.delete()
    else:
        review = make_review(rating=3, text="Words.", status=state)
    url = url if state == "missing" else report_url(review)
    client.force_login(make_reader())
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": SPAM}).status_code == 404
    assert not ReviewReport.objects.exists()


def test_visitors_sign_in_first_and_come_back_to_the_form(client, review):
    response = client.get(report_url(review))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={report_url(review)}"
    assert client.post(report_url(review), {"reason": SPAM}).status_code == 302
    assert not ReviewReport.objects.exists()


def test_reporting_needs_the_csrf_token(review):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_reader())
    assert client.post(report_url(review), {"reason": SPAM}).status_code == 403
    assert not ReviewReport.objects.exists()


def test_reports_are_throttled(client, review, monkeypatch):
    from reviews import views

    monkeypatch.setattr(views.ReportReviewView, "throttle_rates", [("user", "1/h")])
    client.force_login(make_reader())
    client.post(report_url(review), {"reason": "bored"})
    response = client.post(report_url(review), {"reason": SPAM})
    assert response.status_code == 429
    assert not ReviewReport.objects.exists()


def test_the_moderator_sees_the_reports_and_their_decision_is_recorded(client, review):
    review_report(review=review, reporter=make_reader(), reason=SPAM, note="An advert.")
    moderator = make_moderator()
    client.force_login(moderator)
    changelist = reverse("admin:reviews_review_changelist")
    listing = text_of(client.get(changelist + "?reported=open"))
    assert "Buy cheap watches" in listing and "reported 1 time" in listing
    page = text_of(client.get(reverse("admin:reviews_review_change", args=[review.pk])))
    assert "An advert." in page and "Spam or advertising" in page

    assert review_reject(review=review, moderator=moderator, reason=SPAM)
    report = ReviewReport.objects.get()
    review.refresh_from_db()
    assert report.resolution == ReviewReport.Resolution.UPHELD
    assert report.resolved_at == review.decided_at
    assert review.decided_by == moderator
    assert "Buy cheap watches" not in text_of(client.get(changelist + "?reported=open"))


def test_approving_again_dismisses_the_reports_and_publishes_the_words(client, review):
    review_report(review=review, reporter=make_reader(), reason=SPAM)
    review_approve(review=review, moderator=make_moderator())
    assert ReviewReport.objects.get().resolution == ReviewReport.Resolution.DISMISSED
    assert "Buy cheap watches" in text_of(client.get(review.book.get_absolute_url()))


def test_reports_are_in_the_reporters_data_download(client, review):
    reader = make_reader()
    review_report(review=review, reporter=reader, reason=SPAM, note="An advert.")
    client.force_login(reader)
    data = json.loads(client.post(reverse("account_data")).content)
    assert [(r["reason"], r["note"], r["outcome"]) for r in data["review_reports"]] == [
        ("spam", "An advert.", "open")
    ]


def test_the_report_form_in_russian(client, review):
    client.force_login(make_reader())
    page = text_of(client.get("/ru" + report_url(review)))
    assert "Пожаловаться на отзыв" in page


def test_a_review_page_link_leads_to_the_report_form_for_others_only(client):
    book = make_book()
    mine = make_review(book=book, rating=4, text="Mine.")
    theirs = make_review(book=book, rating=4, text="Theirs.")
    client.force_login(mine.reader)
    page = client.get(book.get_absolute_url()).content.decode()
    assert report_url(theirs) in page
    assert report_url(mine) not in page
