"""A reader's ratings, reviews and shelves in their "download my data" file
(registered with ``october.accounts.data`` in ``ReviewsConfig.ready()``)."""

from django.contrib.auth.models import AbstractBaseUser

from reviews.models import ReadingStatus, Review, ReviewReport


def export_reviews(reader: AbstractBaseUser) -> list[dict]:
    """Every rating and review, whatever a moderator made of it."""
    reviews = (
        Review.objects.filter(reader=reader)
        .select_related("book")
        .order_by("created_at", "pk")
    )
    return [
        {
            "book": review.book.title,
            "book_url": review.book.get_absolute_url(),
            "rating": review.rating,
            "text": review.text,
            "status": review.status,
            "rating_counted": review.rating_counted,
            "rejection_reason": review.rejection_reason,
            "rejection_note": review.rejection_note,
            "written_at": review.created_at,
            "edited_at": review.edited_at,
            "decided_at": review.decided_at,
        }
        for review in reviews
    ]


def export_shelves(reader: AbstractBaseUser) -> list[dict]:
    statuses = (
        ReadingStatus.objects.filter(reader=reader)
        .select_related("book")
        .order_by("created_at", "pk")
    )
    return [
        {
            "book": status.book.title,
            "book_url": status.book.get_absolute_url(),
            "shelf": status.status,
            "first_shelved_at": status.created_at,
            "on_this_shelf_since": status.shelved_at,
            "changed_at": status.updated_at,
            "progress_page": status.progress_page,
            "progress_pages": status.progress_pages,
            "progress_percent": status.progress_percent,
            "finished_at": status.finished_at,
        }
        for status in statuses
    ]


def export_reports(reader: AbstractBaseUser) -> list[dict]:
    """The reviews ``reader`` reported, and what the moderators decided.
    (They go with the account by cascade and move no figure.)"""
    reports = (
        ReviewReport.objects.filter(reporter=reader)
        .select_related("review__book")
        .order_by("created_at", "pk")
    )
    return [
        {
            "book": report.review.book.title,
            "review_url": report.review.get_absolute_url(),
            "reason": report.reason,
            "note": report.note,
            "reported_at": report.created_at,
            "outcome": report.resolution or "open",
            "decided_at": report.resolved_at,
        }
        for report in reports
    ]
