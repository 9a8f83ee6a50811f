"""Everything that changes a review, a shelf or a book's figures.

Rules these functions keep:

- **Stars count at once; only the words wait.** A rating counts in its
  book's figures (ratings, average, histogram) from the moment it is given,
  with or without text (``Review.rating_counted``). Text is pending until a
  moderator approves it, and only then is it shown or counted as a review
  (``reviews_count``). Editing the text sends only the text back to the
  queue: the rating keeps counting. Changing only the stars leaves the
  words' status alone. A bare rating has no words to read and is approved
  at once.
- A rejection judges the words: the rating keeps counting, unless the
  reason is spam (then the stars were never a reader's opinion).
- A reader with ``HOLD_AFTER_REJECTIONS`` rejected reviews has everything
  moderated, bare ratings included: their stars count only once approved.
- The figures are exactly a count of the rows: counted ratings, and approved
  written reviews (``book_counters_recount`` checks). Each transition below
  is the one place its change happens; they all move the figures by the
  difference between a review's contribution before and after
  (``_contribution``).
- Written reviews need a confirmed e-mail address; ratings and shelves don't.
- A reader's report sends approved words back to pending (``review_report``):
  hidden until a moderator decides again, whose decision closes the reports.

Concurrency: every function runs in one transaction and locks the book's row
first (``select_for_update``), then the review or shelf row, always in that
order, so two writers never deadlock and counters move with ``F()``
arithmetic one change at a time. A decision re-reads the review under the
lock and does nothing unless its status still allows it, so eight moderators
approving the same review at once count it once. Once the transaction
commits, the mail telling the reader is queued for the task worker
(``october.core.mail``): a mail server that fails never undoes a decision.
"""

from collections import Counter, defaultdict
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from october.accounts.models import EmailConfirmation
from october.core.addresses import absolute_url
from october.core.mail import queue_email
from reviews.models import (
    COUNTER_FIELDS,
    MAX_REPORT_NOTE_LENGTH,
    MAX_REVIEW_LENGTH,
    STARS,
    Book,
    ReadingStatus,
    Review,
    ReviewReport,
)

Status = Review.Status


def review_submit(
    *, reader: AbstractBaseUser, book: Book, rating: int, text: str = ""
) -> Review:
    """Create or change ``reader``'s review of ``book``.

    Raises ``ValidationError`` (code ``too_long``, ``rating``,
    ``email_unconfirmed`` or ``book_not_live``) and changes nothing when the
    submission is refused. Submitting what is already stored changes nothing.
    """
    text = (text or "").strip()
    if len(text) > MAX_REVIEW_LENGTH:
        raise ValidationError(
            _(
                "A review can be at most %(limit)s characters long; this one "
                "is %(length)s."
            )
            % {"limit": f"{MAX_REVIEW_LENGTH:,}", "length": f"{len(text):,}"},
            code="too_long",
        )
    if isinstance(rating, bool) or rating not in STARS:
        raise ValidationError(_("Choose from 1 to 5 stars."), code="rating")
    if text and not EmailConfirmation.objects.is_confirmed(reader):
        raise ValidationError(
            _(
                "Please confirm your e-mail address before sending a written "
                "review. You can still rate the book."
            ),
            code="email_unconfirmed",
        )
    held = Review.objects.holds_reader(reader)

    with transaction.atomic():
        locked_book = _lock_live_book(book)
        review = (
            Review.objects.select_for_update()
            .filter(book=locked_book, reader=reader)
            .first()
        )
        now = timezone.now()
        if review is None:
            review = Review(book=locked_book, reader=reader, created_at=now)
            before = Counter()
            new_words = True
        elif review.rating == rating and review.text == text:
            return review
        else:
            before = _contribution(review)
            new_words = review.text != text

        review.rating = rating
        review.text = text
        review.edited_at = now
        if held or (new_words and text):
            # Words nobody has read yet (or a held reader's anything) wait.
            _set_decision(review, Status.PENDING, at=None)
        elif new_words:
            # A bare rating has nothing to read.
            _set_decision(review, Status.APPROVED, at=now)
        # Otherwise only the stars changed: the words' status stands.
        review.rating_counted = not held and not _rejected_as_spam(review)
        review.save()
        _move_counters(locked_book.pk, before=before, after=_contribution(review))
    return review


def review_withdraw(*, review: Review) -> None:
    """Delete ``review``; if it was counted, its book's figures drop it."""
    with transaction.atomic():
        _lock_book(review.book_id)
        locked = Review.objects.select_for_update().filter(pk=review.pk).first()
        if locked is None:
            return
        before = _contribution(locked)
        locked.delete()
        _move_counters(review.book_id, before=before, after=Counter())


def review_approve(*, review: Review, moderator: AbstractBaseUser) -> bool:
    """Approve the words of a pending (or previously rejected) review; its
    rating counts from now if it did not already.

    Returns False, changing nothing, when the review is already approved or
    gone, which is what every moderator but the first sees when several
    approve it at once. Mails the reader once the approval is committed.
    """
    _check_moderator(moderator)

    def approve(locked):
        locked.rejection_reason = ""
        locked.rejection_note = ""
        locked.rating_counted = True

    return _decide(
        review,
        moderator,
        status=Status.APPROVED,
        resolution=ReviewReport.Resolution.DISMISSED,
        change=approve,
    )


def review_reject(
    *, review: Review, moderator: AbstractBaseUser, reason: str, note: str = ""
) -> bool:
    """Reject the words of a pending (or already approved) review, recording
    why.

    ``reason`` is one of ``Review.RejectionReason``; ``note`` is sent to the
    reader and is required with ``OTHER``. Approved words stop counting as a
    review; the rating keeps counting unless the reason is spam. Returns
    False when the review is already rejected or gone. Mails the reader the
    reason once the rejection is committed.
    """
    _check_moderator(moderator)
    note = (note or "").strip()
    if reason not in Review.RejectionReason.values:
        raise ValidationError(_("Choose a reason for the rejection."), code="reason")
    if reason == Review.RejectionReason.OTHER and not note:
        raise ValidationError(
            _("Explain the reason in the note to the reader."), code="note_required"
        )

    def reject(locked):
        locked.rejection_reason = reason
        locked.rejection_note = note
        locked.rating_counted = locked.rating_counted and not _rejected_as_spam(locked)

    return _decide(
        review,
        moderator,
        status=Status.REJECTED,
        resolution=ReviewReport.Resolution.UPHELD,
        change=reject,
    )


def _decide(review, moderator, *, status, resolution, change) -> bool:
    """A moderator's decision on a review's words, for approve and reject:
    lock the book and the review, leave it alone when it is gone or already
    ``status``, else set ``status``, ``change`` the locked row, close its open
    reports with ``resolution``, move the book's figures by the difference,
    and mail the reader once the decision is committed."""
    with transaction.atomic():
        _lock_book(review.book_id)
        locked = Review.objects.select_for_update().filter(pk=review.pk).first()
        if locked is None or locked.status == status:
            return False
        before = _contribution(locked)
        locked.status = status
        change(locked)
        _record_decision(locked, moderator)
        _close_reports(locked, resolution)
        _move_counters(review.book_id, before=before, after=_contribution(locked))
        _copy_decision(locked, review)
        transaction.on_commit(lambda: _mail_decision(locked.pk, status), robust=True)
    return True


def review_report(
    *, review: Review, reporter: AbstractBaseUser, reason: str, note: str = ""
) -> ReviewReport:
    """Report an approved review to the moderators: it goes back to their
    queue, its words hidden until one of them decides again.

    ``reason`` is one of ``Review.RejectionReason``; ``note`` is required with
    ``OTHER``. Raises ``ValidationError`` (code ``reason``, ``note_required``,
    ``too_long``, ``own_review``, ``not_public`` or ``already_reported``) and
    changes nothing when the report is refused. The words stop counting as
    a review while they wait; the stars keep counting.
    """
    note = (note or "").strip()
    if reason not in ReviewReport.Reason.values:
        raise ValidationError(_("Choose a reason for your report."), code="reason")
    if reason == ReviewReport.Reason.OTHER and not note:
        raise ValidationError(
            _("Say in the note what is wrong with the review."), code="note_required"
        )
    if len(note) > MAX_REPORT_NOTE_LENGTH:
        raise ValidationError(
            _("The note can be at most %(limit)s characters long.")
            % {"limit": f"{MAX_REPORT_NOTE_LENGTH:,}"},
            code="too_long",
        )
    if review.reader_id == reporter.pk:
        raise ValidationError(
            _("You cannot report your own review. You can edit or withdraw it."),
            code="own_review",
        )
    with transaction.atomic():
        _lock_book(review.book_id)
        locked = Review.objects.select_for_update().filter(pk=review.pk).first()
        if ReviewReport.objects.filter(review=review, reporter=reporter).exists():
            raise ValidationError(
                _("You have already reported this review. Thank you."),
                code="already_reported",
            )
        if locked is None or not Review.objects.public().filter(pk=locked.pk):
            raise ValidationError(
                _("This review is not published, so there is nothing to report."),
                code="not_public",
            )
        report = ReviewReport.objects.create(
            review=locked, reporter=reporter, reason=reason, note=note
        )
        before = _contribution(locked)
        _set_decision(locked, Status.PENDING, at=None)
        locked.save(
            update_fields=[
                "status",
                "decided_by",
                "decided_at",
                "rejection_reason",
                "rejection_note",
            ]
        )
        _move_counters(review.book_id, before=before, after=_contribution(locked))
        _copy_decision(locked, review)
    return report


def book_shelve(
    *, reader: AbstractBaseUser, book: Book, status: str | None
) -> ReadingStatus | None:
    """Put ``book`` on one of ``reader``'s shelves, or take it off with None.

    Returns the reading status, or None when the book is on no shelf.
    """
    if status is not None and status not in ReadingStatus.Shelf.values:
        raise ValidationError(_("Choose a shelf."), code="shelf")
    with transaction.atomic():
        locked_book = _lock_live_book(book)
        current = _lock_reading_status(locked_book, reader)
        return _shelve(locked_book, reader, current, status)


def reading_progress_update(
    *,
    reader: AbstractBaseUser,
    book: Book,
    page: int | None = None,
    pages: int | None = None,
    percent: int | None = None,
) -> ReadingStatus:
    """Record how far ``reader`` is into ``book``: ``page`` (of ``pages`` in
    their edition, else of the book's pages) or ``percent``.

    The book goes on "currently reading" if it was elsewhere; reaching the
    last page or 100% finishes it (see ``book_finish``). Raises
    ``ValidationError`` (codes ``progress_missing``, ``progress_both``,
    ``page_past_end``, ``percent_range``, ``pages_range``,
    ``book_not_live``) and changes nothing when the progress is impossible.
    """
    if (page is None) == (percent is None):
        if page is None:
            raise ValidationError(
                _("Give the page you have reached or a percentage."),
                code="progress_missing",
            )
        raise ValidationError(
            _("Give either a page or a percentage, not both."), code="progress_both"
        )
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError(
            _("A percentage is between 0 and 100."), code="percent_range"
        )
    if pages is not None and pages < 1:
        raise ValidationError(
            _("An edition has at least one page."), code="pages_range"
        )
    if page is not None and page < 0:
        raise ValidationError(_("Pages start at 0."), code="page_past_end")
    with transaction.atomic():
        locked_book = _lock_live_book(book)
        total = pages or locked_book.pages
        if page is not None and total and page > total:
            raise ValidationError(
                _(
                    "Page %(page)s is past the last page (%(total)s). If your "
                    "edition is longer, give its number of pages."
                )
                % {"page": page, "total": total},
                code="page_past_end",
            )
        current = _lock_reading_status(locked_book, reader)
        if (page is not None and total and page == total) or percent == 100:
            return _shelve(locked_book, reader, current, ReadingStatus.Shelf.READ)
        return _shelve(
            locked_book,
            reader,
            current,
            ReadingStatus.Shelf.CURRENTLY_READING,
            progress={
                "progress_page": page,
                "progress_pages": pages if page is not None else None,
                "progress_percent": percent,
            },
        )


def book_finish(*, reader: AbstractBaseUser, book: Book) -> ReadingStatus:
    """``reader`` has finished ``book``: it moves to "read", dated now."""
    return book_shelve(reader=reader, book=book, status=ReadingStatus.Shelf.READ)


def _lock_reading_status(book: Book, reader) -> ReadingStatus | None:
    return (
        ReadingStatus.objects.select_for_update()
        .filter(book=book, reader=reader)
        .select_related("book")
        .first()
    )


def _shelve(
    book: Book, reader, current: ReadingStatus | None, status, progress=None
) -> ReadingStatus | None:
    """The one place a book changes shelf (or progress), with the book and
    the reader's row for it locked: the shelf counters move by one, a new
    shelf is dated, "read" gets its finish date, progress is kept only on
    "currently reading"."""
    old = current.status if current else None
    if old == status and progress is None:
        return current
    if status is None:
        current.delete()
        current = None
    else:
        now = timezone.now()
        if current is None:
            current = ReadingStatus(reader=reader, book=book)
        if old != status:
            current.status = status
            current.shelved_at = now
            current.finished_at = now if status == ReadingStatus.Shelf.READ else None
        if status != ReadingStatus.Shelf.CURRENTLY_READING:
            progress = dict.fromkeys(
                ["progress_page", "progress_pages", "progress_percent"]
            )
        for field, value in (progress or {}).items():
            setattr(current, field, value)
        current.save()
    changes = Counter()
    if old is not None:
        changes[ReadingStatus.COUNTER_FIELDS[old]] -= 1
    if status is not None:
        changes[ReadingStatus.COUNTER_FIELDS[status]] += 1
    _update_counters(book.pk, changes)
    return current


def reader_books_forget(*, reader: AbstractBaseUser) -> None:
    """Delete every rating, review and shelf of ``reader``, taking each out of
    its book's figures in the same transaction (the reader's account is
    being deleted).

    The books are locked first, in the order of their ids, as every other
    writer here locks its one book, so this never deadlocks with them; books
    no longer live are included, so no figure keeps a departed reader.
    """
    with transaction.atomic():
        book_ids = set(
            Review.objects.filter(reader=reader).values_list("book_id", flat=True)
        ) | set(
            ReadingStatus.objects.filter(reader=reader).values_list(
                "book_id", flat=True
            )
        )
        if not book_ids:
            return
        list(
            Book.objects.select_for_update()
            .filter(pk__in=book_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        # A rating the reader sends from another tab meanwhile lands on a book
        # not locked here; its figures still move with F(), one at a time.
        changes: defaultdict[int, Counter] = defaultdict(Counter)
        reviews = list(Review.objects.select_for_update().filter(reader=reader))
        for review in reviews:
            changes[review.book_id].subtract(_contribution(review))
        statuses = list(ReadingStatus.objects.select_for_update().filter(reader=reader))
        for status in statuses:
            changes[status.book_id][ReadingStatus.COUNTER_FIELDS[status.status]] -= 1
        Review.objects.filter(pk__in=[review.pk for review in reviews]).delete()
        ReadingStatus.objects.filter(pk__in=[status.pk for status in statuses]).delete()
        for book_id in sorted(changes):
            _update_counters(book_id, changes[book_id])


def book_counters_recount(
    *,
    fix: bool = False,
    batch_size: int = 1000,
    progress: Callable[[int], object] | None = None,
) -> list[tuple[Book, dict]]:
    """Compare every book's stored figures with a count of its rows.

    Returns ``(book, {field: (stored, actual)})`` for each book whose figures
    differ. With ``fix``, each such book is locked, recounted under the lock
    and its figures overwritten with the true values. Books are checked
    ``batch_size`` at a time; ``progress``, if given, is called with the
    number of books each batch checked (``tqdm.update`` fits).
    """
    drifted = []
    books = Book.objects.only("title", "slug", *COUNTER_FIELDS).order_by("pk")
    last_pk = 0
    while batch := list(books.filter(pk__gt=last_pk)[:batch_size]):
        last_pk = batch[-1].pk
        actual = _counters_from_rows(book_ids=[book.pk for book in batch])
        for book in batch:
            expected = actual.get(book.pk, dict.fromkeys(COUNTER_FIELDS, 0))
            differences = {
                field: (getattr(book, field), expected[field])
                for field in COUNTER_FIELDS
                if getattr(book, field) != expected[field]
            }
            if differences:
                drifted.append((book, differences))
        if progress is not None:
            progress(len(batch))
    if fix:
        for book, _differences in drifted:
            with transaction.atomic():
                locked = _lock_book(book.pk)
                values = _counters_from_rows(book_ids=[book.pk]).get(
                    book.pk, dict.fromkeys(COUNTER_FIELDS, 0)
                )
                for field, value in values.items():
                    setattr(locked, field, value)
                # A save, not an update(), so that cached pages are dropped.
                locked.save(update_fields=list(COUNTER_FIELDS))
    return drifted


# Helpers


def _lock_book(book_id: int) -> Book:
    return Book.objects.select_for_update().get(pk=book_id)


def _lock_live_book(book: Book) -> Book:
    locked = _lock_book(book.pk)
    if not locked.is_live:
        raise ValidationError(_("This book is not published."), code="book_not_live")
    return locked


def _check_moderator(moderator: AbstractBaseUser) -> None:
    if not (
        moderator.is_active
        and moderator.is_staff
        and moderator.has_perm("reviews.change_review")
    ):
        raise PermissionDenied("Only moderators decide on reviews.")


def _record_decision(review: Review, moderator: AbstractBaseUser) -> None:
    review.decided_by = moderator
    review.decided_at = timezone.now()
    review.save(
        update_fields=[
            "status",
            "rejection_reason",
            "rejection_note",
            "rating_counted",
            "decided_by",
            "decided_at",
        ]
    )


def _copy_decision(source: Review, target: Review) -> None:
    """Let the caller's instance show the decision without a reload."""
    for field in (
        "status",
        "rejection_reason",
        "rejection_note",
        "rating_counted",
        "decided_by",
        "decided_at",
    ):
        setattr(target, field, getattr(source, field))


def _set_decision(review: Review, status: str, *, at) -> None:
    """Put the words back to ``status`` with no moderator's decision on them."""
    review.status = status
    review.decided_by = None
    review.decided_at = at
    review.rejection_reason = ""
    review.rejection_note = ""


def _rejected_as_spam(review: Review) -> bool:
    return (
        review.status == Status.REJECTED
        and review.rejection_reason == Review.RejectionReason.SPAM
    )


def _close_reports(review: Review, resolution: str) -> None:
    """Record a moderator's decision on the open reports of ``review``."""
    ReviewReport.objects.filter(
        review=review, resolution=ReviewReport.Resolution.OPEN
    ).update(resolution=resolution, resolved_at=review.decided_at)


def _contribution(review: Review) -> Counter:
    """What ``review`` adds to its book's figures: its stars while its rating
    counts, and one review while its words are approved."""
    counters = Counter()
    if review.rating_counted:
        counters["ratings_count"] += 1
        counters["rating_sum"] += review.rating
        counters[f"stars_{review.rating}"] += 1
    if review.status == Status.APPROVED and review.text:
        counters["reviews_count"] += 1
    return counters


def _move_counters(book_id: int, *, before: Counter, after: Counter) -> None:
    changes = Counter(after)
    changes.subtract(before)
    _update_counters(book_id, changes)


def _update_counters(book_id: int, changes: Counter) -> None:
    updates = {field: F(field) + delta for field, delta in changes.items() if delta}
    if updates:
        Book.objects.filter(pk=book_id).update(**updates)


def _counters_from_rows(book_ids: list[int] | None = None) -> dict[int, dict]:
    """Every book's figures as the rows say they should be."""
    reviews = Review.objects.counted()
    statuses = ReadingStatus.objects.all()
    if book_ids is not None:
        reviews = reviews.filter(book_id__in=book_ids)
        statuses = statuses.filter(book_id__in=book_ids)
    result = {}

    def counters(book_id):
        return result.setdefault(book_id, dict.fromkeys(COUNTER_FIELDS, 0))

    by_rating = (
        reviews.order_by()
        .values("book_id", "rating")
        .annotate(
            count=Count("pk"),
            written=Count("pk", filter=Q(status=Status.APPROVED) & ~Q(text="")),
        )
    )
    for row in by_rating:
        book = counters(row["book_id"])
        book["ratings_count"] += row["count"]
        book["rating_sum"] += row["count"] * row["rating"]
        book[f"stars_{row['rating']}"] += row["count"]
        book["reviews_count"] += row["written"]
    by_shelf = (
        statuses.order_by().values("book_id", "status").annotate(count=Count("pk"))
    )
    for row in by_shelf:
        field = ReadingStatus.COUNTER_FIELDS[row["status"]]
        counters(row["book_id"])[field] += row["count"]
    return result


def _mail_decision(review_id: int, decision: str) -> None:
    """Tell the reader what a moderator decided, unless it has since changed."""
    review = (
        Review.objects.select_related("book", "reader").filter(pk=review_id).first()
    )
    if review is None or review.status != decision or not review.reader.email:
        return
    # Readers keep no language of their own yet; the site's default, rather
    # than whichever language the moderator's admin is in.
    with translation.override(settings.LANGUAGE_CODE):
        _send_decision(review, decision)


def _send_decision(review, decision: str) -> None:
    context = {
        "review": review,
        "reader": review.reader,
        "book": review.book,
        "book_url": absolute_url(review.book.get_absolute_url()),
        "edit_url": absolute_url(reverse("reviews:review", args=[review.book.slug])),
        "site_name": translation.gettext(settings.SITE_NAME),
    }
    template = f"reviews/email/review_{decision}"
    subject = render_to_string(f"{template}_subject.txt", context)
    body = render_to_string(f"{template}_body.txt", context)
    queue_email(subject, body, [review.reader.email])
