"""Books, readers' reviews and shelves.

A book's figures (ratings, written reviews, the star histogram and the shelf
counts) are stored on the book and moved only by ``reviews.services``, in the
same transaction as the change that moves them, so the book page costs the
same with ten ratings or a million. ``recount_book_counters`` checks them
against the rows.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import global_settings, settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.db.models.functions import Coalesce, Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from october.core.history import ContentHistory
from october.core.images import alt_text_required, check_alt_text, image_fields
from october.core.publishing import Publishable, PublishableQuerySet
from october.core.richtext import RichTextField
from october.core.search_fields import (
    Part,
    search_vector_field,
    search_vector_index,
    trigram_index,
)
from people.models import Person

STARS = (5, 4, 3, 2, 1)
# The cache tag of "which book is the most rated" (the home page's
# favourite): every rating moves it, no edit of a book does.
BOOK_RANKING_TAG = "reviews.book:ranking"


def book_authors_prefetch(lookup: str = "authors") -> Prefetch:
    """Prefetch books' authors (through ``lookup``) in the order bylines
    name them."""
    return Prefetch(
        lookup, queryset=Person.objects.order_by("sort_name", "display_name", "pk")
    )


MAX_REVIEW_LENGTH = 10_000
# A reader with this many rejected reviews has every later rating moderated.
HOLD_AFTER_REJECTIONS = 3


COUNTER_FIELDS = (
    "ratings_count",
    "rating_sum",
    "reviews_count",
    "stars_1",
    "stars_2",
    "stars_3",
    "stars_4",
    "stars_5",
    "want_to_read_count",
    "reading_count",
    "read_count",
)


def language_choices():
    return global_settings.LANGUAGES


@dataclass(frozen=True)
class StarRow:
    """One bar of a book's histogram: "5 stars 35 (69%)"."""

    stars: int
    count: int
    percent: int


def largest_remainder_percentages(counts: list[int]) -> list[int]:
    """Whole percentages of ``counts`` that add up to exactly 100.

    Each share is rounded down, then the points still missing go one each to
    the shares that lost the most in rounding (the largest remainder, or
    Hamilton, method); ties go to the earlier count. All zero when there is
    nothing to share.
    """
    total = sum(counts)
    if total == 0:
        return [0] * len(counts)
    floors = [count * 100 // total for count in counts]
    remainders = [count * 100 % total for count in counts]
    missing = 100 - sum(floors)
    by_remainder = sorted(range(len(counts)), key=lambda i: (-remainders[i], i))
    for index in by_remainder[:missing]:
        floors[index] += 1
    return floors


class Book(Publishable):
    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(
        _("subtitle"),
        max_length=300,
        blank=True,
        help_text=_(
            "Shown under the title, e.g. “Lecture given in Copenhagen, "
            "27 November 1932”."
        ),
    )
    description = RichTextField(
        _("description"), blank=True, help_text=_("What the book is about.")
    )
    authors = models.ManyToManyField(
        "people.Person",
        related_name="books",
        blank=True,
        verbose_name=_("authors"),
        help_text=_("Authors need a page among the people first."),
    )
    pages = models.PositiveIntegerField(
        _("pages"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty if unknown."),
    )
    first_published_year = models.SmallIntegerField(
        _("first published (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1450), MaxValueValidator(2100)],
        help_text=_("The year of the first edition in any language."),
    )
    original_language = models.CharField(
        _("original language"),
        max_length=10,
        choices=language_choices,
        blank=True,
        help_text=_("The language the book was written in."),
    )
    cover, cover_alt, cover_width, cover_height = image_fields(
        "cover",
        verbose_name=_("cover"),
        upload_to="books",
        # Cards and the home page, and the book's own page.
        renditions=[("160 320", "2:3"), ("240 480", "2:3")],
        help_text=_("A photo or scan of the front cover. JPEG, PNG or WebP."),
    )

    # Stored figures; only reviews.services changes them.
    ratings_count = models.IntegerField(_("ratings"), default=0, editable=False)
    rating_sum = models.IntegerField(_("sum of ratings"), default=0, editable=False)
    reviews_count = models.IntegerField(_("written reviews"), default=0, editable=False)
    stars_1 = models.IntegerField(_("1-star ratings"), default=0, editable=False)
    stars_2 = models.IntegerField(_("2-star ratings"), default=0, editable=False)
    stars_3 = models.IntegerField(_("3-star ratings"), default=0, editable=False)
    stars_4 = models.IntegerField(_("4-star ratings"), default=0, editable=False)
    stars_5 = models.IntegerField(_("5-star ratings"), default=0, editable=False)
    want_to_read_count = models.IntegerField(
        _("want to read"), default=0, editable=False
    )
    reading_count = models.IntegerField(
        _("currently reading"), default=0, editable=False
    )
    read_count = models.IntegerField(_("have read"), default=0, editable=False)
    search_vector = search_vector_field(
        Part(("title",), "A"),
        Part(("subtitle",), "B"),
        Part(("description",), "C"),
    )

    objects = PublishableQuerySet.as_manager()
    # The stored figures move with every rating; their history is the
    # reviews' own decision trail, not the book's.
    history = ContentHistory(m2m_fields=["authors"], excluded_fields=COUNTER_FIELDS)

    class Meta(Publishable.Meta):
        verbose_name = _("book")
        verbose_name_plural = _("books")
        ordering = ["title"]
        indexes = [
            *Publishable.Meta.indexes,
            search_vector_index("reviews_book"),
            trigram_index("title", "reviews_book_title_trgm", siglen=256),
            models.Index(fields=["title", "id"], name="reviews_book_by_title"),
            # The home page's featured book: the most rated.
            models.Index(
                fields=["-ratings_count", "-rating_sum", "title", "id"],
                name="reviews_book_most_rated",
            ),
        ]
        constraints = [
            alt_text_required("cover"),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{field}__gte": 0}),
                    name=f"reviews_book_{field}_not_negative",
                )
                for field in COUNTER_FIELDS
            ],
            models.CheckConstraint(
                condition=models.Q(
                    ratings_count=models.F("stars_1")
                    + models.F("stars_2")
                    + models.F("stars_3")
                    + models.F("stars_4")
                    + models.F("stars_5")
                ),
                name="reviews_book_ratings_count_is_sum_of_stars",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    rating_sum=models.F("stars_1")
                    + 2 * models.F("stars_2")
                    + 3 * models.F("stars_3")
                    + 4 * models.F("stars_4")
                    + 5 * models.F("stars_5")
                ),
                name="reviews_book_rating_sum_matches_stars",
            ),
            models.CheckConstraint(
                condition=models.Q(reviews_count__lte=models.F("ratings_count")),
                name="reviews_book_reviews_within_ratings",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reviews:detail", args=[self.slug])

    def clean(self):
        super().clean()
        check_alt_text(self, "cover")

    @property
    def average(self) -> Decimal | None:
        """The average rating to two decimals, or None before the first rating."""
        if not self.ratings_count:
            return None
        return (Decimal(self.rating_sum) / Decimal(self.ratings_count)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    def star_counts(self) -> dict[int, int]:
        return {stars: getattr(self, f"stars_{stars}") for stars in STARS}

    def rating_histogram(self) -> list[StarRow]:
        """Five rows, five stars first, with percentages adding up to 100."""
        counts = self.star_counts()
        percentages = largest_remainder_percentages([counts[s] for s in STARS])
        return [
            StarRow(stars=s, count=counts[s], percent=p)
            for s, p in zip(STARS, percentages, strict=True)
        ]


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class RejectionReason(models.TextChoices):
    OFF_TOPIC = "off_topic", _("Not about the book")
    ABUSIVE = "abusive", _("Abusive, hateful or harassing")
    SPAM = "spam", _("Spam or advertising")
    PERSONAL_DATA = "personal_data", _("Reveals someone's personal information")
    OTHER = "other", _("Another reason (explained in the note)")


class Shelf(models.TextChoices):
    WANT_TO_READ = "want_to_read", _("Want to read")
    CURRENTLY_READING = "currently_reading", _("Currently reading")
    READ = "read", _("Read")


class ReviewQuerySet(models.QuerySet):
    def pending(self):
        """Waiting for a moderator; nobody but the reader sees them."""
        return self.filter(status=Review.Status.PENDING)

    def approved(self):
        """Reviews whose words a moderator approved (or bare ratings, which
        have none to read); their text counts as a book's review."""
        return self.filter(status=Review.Status.APPROVED)

    def counted(self):
        """Ratings whose stars count in their book's figures: every rating
        from the moment it is given, text or not, unless its reader is held
        for moderation or it was rejected as spam."""
        return self.filter(rating_counted=True)

    def rejected(self):
        return self.filter(status=Review.Status.REJECTED)

    def written(self):
        """Reviews with text, as opposed to bare ratings."""
        return self.exclude(text="")

    def public(self):
        """What anyone may read: approved written reviews of live books."""
        return (
            self.approved().written().filter(book__in=Book.objects.live().values("pk"))
        )

    def with_reader_review_count(self):
        """Annotate ``reader_reviews_count``: the reader's public reviews.

        One subquery, so a page of reviews costs one query however many
        readers it shows.
        """
        public_by_reader = (
            Review.objects.public()
            .filter(reader=models.OuterRef("reader"))
            .order_by()
            .values("reader")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(
            reader_reviews_count=Coalesce(models.Subquery(public_by_reader), 0)
        )

    def with_reader_history(self):
        """Annotate ``reader_approved_count`` and ``reader_rejected_count``
        (all books), for moderators judging a review."""

        def count(status):
            return Coalesce(
                models.Subquery(
                    Review.objects.filter(
                        reader=models.OuterRef("reader"), status=status
                    )
                    .order_by()
                    .values("reader")
                    .annotate(count=models.Count("pk"))
                    .values("count")
                ),
                0,
            )

        return self.annotate(
            reader_approved_count=count(Review.Status.APPROVED),
            reader_rejected_count=count(Review.Status.REJECTED),
        )

    def with_open_reports(self):
        """Annotate ``open_reports_count``: readers' reports no moderator has
        decided on yet."""
        open_reports = (
            ReviewReport.objects.filter(
                review=models.OuterRef("pk"), resolution=ReportResolution.OPEN
            )
            .order_by()
            .values("review")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(
            open_reports_count=Coalesce(models.Subquery(open_reports), 0)
        )

    def holds_reader(self, reader) -> bool:
        """Whether ``reader`` has had enough reviews rejected that everything
        they send, even a bare rating, waits for a moderator."""
        return self.rejected().filter(reader=reader).count() >= HOLD_AFTER_REJECTIONS


_REJECTED = models.Q(status=ReviewStatus.REJECTED)
_NO_REASON = models.Q(rejection_reason="")


class Review(models.Model):
    """A reader's rating of a book, with or without text.

    The stars count in the book's figures at once (``rating_counted``); the
    words wait for a moderator (``status``), and only approved words are
    shown and counted as a review. Bare ratings are approved at once.
    """

    Status = ReviewStatus
    RejectionReason = RejectionReason

    book = models.ForeignKey(
        "reviews.Book",
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("book"),
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # Deleting a reader must go through the services so figures stay right.
        on_delete=models.PROTECT,
        related_name="book_reviews",
        verbose_name=_("reader"),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("From 1 to 5 stars."),
    )
    text = models.TextField(_("review"), blank=True, max_length=MAX_REVIEW_LENGTH)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.PENDING,
        help_text=_("Whether a moderator has approved the words."),
    )
    rating_counted = models.BooleanField(
        _("rating counts"),
        default=False,
        editable=False,
        help_text=_(
            "Whether the stars count in the book's figures. They do from the "
            "moment they are given, unless the reader is held for moderation "
            "or the review was rejected as spam."
        ),
    )
    rejection_reason = models.CharField(
        _("reason for rejection"),
        max_length=20,
        choices=RejectionReason.choices,
        blank=True,
    )
    rejection_note = models.TextField(
        _("note to the reader"),
        blank=True,
        max_length=1000,
        help_text=_("Sent to the reader with the reason."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
        help_text=_("Empty when a bare rating was approved automatically."),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    edited_at = models.DateTimeField(_("last edited at"), default=timezone.now)
    search_vector = search_vector_field(Part(("text",), "C"))

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="reviews_moderation"),
            models.Index(
                fields=["book", "status", "-created_at"], name="reviews_book_page"
            ),
            # Only what the public may read is searched.
            search_vector_index(
                "reviews_review",
                condition=models.Q(status=ReviewStatus.APPROVED) & ~models.Q(text=""),
            ),
            # Site search reads the first matches of a common word from this
            # rather than from the long GIN posting lists of a million ratings.
            models.Index(
                fields=["id"],
                condition=models.Q(status=ReviewStatus.APPROVED) & ~models.Q(text=""),
                name="reviews_review_public_text",
            ),
            # A book page's reviews, newest first, and their count: the most
            # rated book has thousands of ratings but far fewer written reviews.
            models.Index(
                fields=["book", "-created_at", "-id"],
                condition=models.Q(status=ReviewStatus.APPROVED) & ~models.Q(text=""),
                name="reviews_book_public_text",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "book"], name="reviews_review_one_per_reader"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5),
                name="reviews_review_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), MAX_REVIEW_LENGTH),
                name="reviews_review_text_length",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReviewStatus.values),
                name="reviews_review_status_valid",
            ),
            # Approved words always come with counted stars, so a book never
            # has more reviews than ratings.
            models.CheckConstraint(
                condition=~models.Q(status=ReviewStatus.APPROVED)
                | models.Q(rating_counted=True),
                name="reviews_review_approved_is_counted",
            ),
            models.CheckConstraint(
                condition=(_REJECTED & ~_NO_REASON) | (~_REJECTED & _NO_REASON),
                name="reviews_review_reason_iff_rejected",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    status=ReviewStatus.PENDING,
                    decided_at__isnull=True,
                    decided_by__isnull=True,
                )
                | (
                    ~models.Q(status=ReviewStatus.PENDING)
                    & models.Q(decided_at__isnull=False)
                ),
                name="reviews_review_decided_unless_pending",
            ),
        ]

    def __str__(self):
        return f"{self.reader} on {self.book}: {self.rating}★"

    def get_absolute_url(self):
        return f"{self.book.get_absolute_url()}#review-{self.pk}"

    @property
    def is_written(self) -> bool:
        return bool(self.text)


class ReadingStatusQuerySet(models.QuerySet):
    def of_live_books(self):
        return self.filter(book__in=Book.objects.live().values("pk"))

    def shelf_counts(self, reader) -> dict[str, int]:
        """How many live books ``reader`` has on each shelf, every shelf
        named (zero when empty); one query."""
        counts = dict.fromkeys(Shelf.values, 0)
        rows = (
            self.filter(reader=reader)
            .of_live_books()
            .order_by()
            .values("status")
            .annotate(count=models.Count("pk"))
        )
        for row in rows:
            counts[row["status"]] = row["count"]
        return counts


class ReadingStatus(models.Model):
    """Which shelf a reader has put a book on, and how far into it they are.

    Progress is kept while the book is on "currently reading": a page (of
    the book's pages, or of the reader's edition) or a percentage.
    Finishing moves the book to "read" and records when.
    """

    Shelf = Shelf

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reading_statuses",
        verbose_name=_("reader"),
    )
    book = models.ForeignKey(
        "reviews.Book",
        on_delete=models.CASCADE,
        related_name="reading_statuses",
        verbose_name=_("book"),
    )
    status = models.CharField(_("shelf"), max_length=20, choices=Shelf.choices)
    created_at = models.DateTimeField(_("shelved at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    shelved_at = models.DateTimeField(_("put on this shelf at"), default=timezone.now)
    progress_page = models.PositiveIntegerField(
        _("page reached"), null=True, blank=True
    )
    progress_pages = models.PositiveIntegerField(
        _("pages in the reader's edition"), null=True, blank=True
    )
    progress_percent = models.PositiveSmallIntegerField(
        _("percent read"), null=True, blank=True
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ReadingStatusQuerySet.as_manager()

    # The Book counter each shelf moves.
    COUNTER_FIELDS = {
        Shelf.WANT_TO_READ: "want_to_read_count",
        Shelf.CURRENTLY_READING: "reading_count",
        Shelf.READ: "read_count",
    }

    class Meta:
        verbose_name = _("reading status")
        verbose_name_plural = _("reading statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "book"], name="reviews_readingstatus_one_per_reader"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Shelf.values),
                name="reviews_readingstatus_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(progress_percent__isnull=True)
                | models.Q(progress_percent__lte=100),
                name="reviews_readingstatus_percent_to_100",
            ),
            models.CheckConstraint(
                condition=models.Q(progress_pages__isnull=True)
                | models.Q(progress_pages__gte=1),
                name="reviews_readingstatus_pages_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(progress_page__isnull=True)
                | models.Q(progress_pages__isnull=True)
                | models.Q(progress_page__lte=models.F("progress_pages")),
                name="reviews_readingstatus_page_within_pages",
            ),
            # Progress belongs to "currently reading"; a finish date to "read".
            models.CheckConstraint(
                condition=models.Q(status=Shelf.CURRENTLY_READING)
                | models.Q(
                    progress_page__isnull=True,
                    progress_pages__isnull=True,
                    progress_percent__isnull=True,
                ),
                name="reviews_readingstatus_progress_while_reading",
            ),
            models.CheckConstraint(
                condition=models.Q(status=Shelf.READ)
                | models.Q(finished_at__isnull=True),
                name="reviews_readingstatus_finished_when_read",
            ),
        ]
        indexes = [
            models.Index(
                fields=["reader", "status", "-shelved_at", "-id"],
                name="reviews_shelf_page",
            ),
        ]

    def __str__(self):
        return f"{self.reader}: {self.book} ({self.get_status_display()})"

    def get_absolute_url(self):
        return self.book.get_absolute_url()

    @property
    def total_pages(self) -> int | None:
        """The pages progress is counted against: the reader's edition's,
        else the book's."""
        return self.progress_pages or self.book.pages

    @property
    def percent_read(self) -> int | None:
        """How far the reader is, as a whole percentage, or None if unknown."""
        if self.progress_percent is not None:
            return self.progress_percent
        total = self.total_pages
        if self.progress_page is not None and total:
            return min(100, self.progress_page * 100 // total)
        return None


MAX_REPORT_NOTE_LENGTH = 1000


class ReportResolution(models.TextChoices):
    OPEN = "", _("Waiting for a moderator")
    UPHELD = "upheld", _("Review rejected")
    DISMISSED = "dismissed", _("Review approved again")


_OTHER_REASON = models.Q(reason=RejectionReason.OTHER)
_NO_NOTE = models.Q(note="")
_OPEN = models.Q(resolution=ReportResolution.OPEN)


class ReviewReport(models.Model):
    """A reader's report of an approved review, for the moderators.

    A report sends the review back to the moderators' queue; their decision
    (approve again or reject) closes every open report of it. One report per
    reader per review; nobody reports their own.
    """

    Reason = RejectionReason
    Resolution = ReportResolution

    review = models.ForeignKey(
        "reviews.Review",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("review"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_reports",
        verbose_name=_("reported by"),
    )
    # The reasons a moderator rejects for: a report says which one applies.
    reason = models.CharField(
        _("reason"), max_length=20, choices=RejectionReason.choices
    )
    note = models.TextField(_("note"), blank=True, max_length=MAX_REPORT_NOTE_LENGTH)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    resolution = models.CharField(
        _("outcome"),
        max_length=10,
        choices=ReportResolution.choices,
        default=ReportResolution.OPEN,
        blank=True,
    )
    resolved_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "reporter"], name="reviews_report_once_per_reader"
            ),
            models.CheckConstraint(
                condition=models.Q(reason__in=RejectionReason.values),
                name="reviews_report_reason_valid",
            ),
            models.CheckConstraint(
                condition=~(_OTHER_REASON & _NO_NOTE),
                name="reviews_report_other_needs_note",
            ),
            models.CheckConstraint(
                condition=models.Q(resolution__in=ReportResolution.values),
                name="reviews_report_resolution_valid",
            ),
            models.CheckConstraint(
                condition=(_OPEN & models.Q(resolved_at__isnull=True))
                | (~_OPEN & models.Q(resolved_at__isnull=False)),
                name="reviews_report_decided_when_resolved",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), MAX_REPORT_NOTE_LENGTH),
                name="reviews_report_note_length",
            ),
        ]

    def __str__(self):
        return f"{self.reporter} on review {self.review_id}: {self.reason}"

    def get_absolute_url(self):
        return self.review.get_absolute_url()


class ModerationDigest(models.Model):
    """A reminder mailed to the moderators that reviews have waited too long
    (``reviews.tasks.send_moderation_digest``); the last one's time decides
    when the next may go."""

    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    waiting = models.PositiveIntegerField(_("reviews waiting"))
    recipients = models.PositiveIntegerField(_("moderators told"))

    class Meta:
        verbose_name = _("moderation digest")
        verbose_name_plural = _("moderation digests")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.sent_at:%Y-%m-%d %H:%M}: {self.waiting}"
