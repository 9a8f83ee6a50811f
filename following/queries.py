"""What the people a reader follows have been doing, and the follow counts
pages show, each in one query however many follows there are."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from articles.models import Article
from following.models import (
    Follow,
    public_readers_q,
    public_shelves_q,
    wrote_something_live,
)
from reviews.models import Book, ReadingStatus, Review

ACTIVITY_LENGTH = 30


def followed_readers(follower):
    """The ids of the readers ``follower`` follows, as a subquery."""
    return Follow.objects.filter(follower=follower, reader__isnull=False).values(
        "reader"
    )


@dataclass(frozen=True)
class Activity:
    """One line of the following page: a review written or a book finished."""

    when: datetime
    reader: object
    book: Book
    review: Review | None = None

    @property
    def kind(self) -> str:
        return "review" if self.review is not None else "finished"


def followed_activity(follower, *, limit: int = ACTIVITY_LENGTH) -> list[Activity]:
    """The latest approved reviews and finished books of the readers
    ``follower`` follows, newest first: two queries.

    Only public reviews of live books by active readers count, and finished
    books only of readers whose shelves are public.
    """
    reviews = (
        Review.objects.public()
        .filter(public_readers_q("reader__"), reader__in=followed_readers(follower))
        .select_related("reader__reader_profile", "book")
        .order_by("-created_at", "-pk")[:limit]
    )
    finished = (
        ReadingStatus.objects.filter(
            public_readers_q("reader__"),
            public_shelves_q("reader__"),
            status=ReadingStatus.Shelf.READ,
            reader__in=followed_readers(follower),
            book__in=Book.objects.live().values("pk"),
        )
        .select_related("reader__reader_profile", "book")
        .order_by("-updated_at", "-pk")[:limit]
    )
    lines = [
        Activity(
            when=review.created_at,
            reader=review.reader,
            book=review.book,
            review=review,
        )
        for review in reviews
    ] + [
        Activity(when=status.updated_at, reader=status.reader, book=status.book)
        for status in finished
    ]
    lines.sort(key=lambda line: line.when, reverse=True)
    return lines[:limit]


def followed_authors_news(follower, *, limit: int = 10) -> list:
    """The latest live books and articles by the authors ``follower``
    follows, newest first: two queries."""
    people = Follow.objects.filter(follower=follower, person__isnull=False).values(
        "person"
    )
    articles = (
        Article.objects.live()
        .filter(authorships__person__in=people)
        .distinct()
        .order_by("-publish_at", "-pk")[:limit]
    )
    books = (
        Book.objects.live()
        .filter(authors__in=people)
        .distinct()
        .order_by("-publish_at", "-pk")[:limit]
    )
    items = [*articles, *books]
    items.sort(key=lambda item: item.publish_at, reverse=True)
    return items[:limit]


@dataclass(frozen=True)
class Counts:
    followers: int = 0
    following: int = 0
    followed_by_viewer: bool = False


def reader_counts(reader, viewer=None) -> Counts:
    """``reader``'s public followers and follows, and whether ``viewer``
    follows them, in one query."""
    mine = Q(pk__in=[])
    if viewer is not None and viewer.is_authenticated:
        mine = Q(reader=reader, follower=viewer)
    figures = (
        Follow.objects.public()
        .filter(Q(reader=reader) | Q(follower=reader))
        .aggregate(
            followers=Count("pk", filter=Q(reader=reader)),
            following=Count("pk", filter=Q(follower=reader)),
            mine=Count("pk", filter=mine),
        )
    )
    return Counts(
        followers=figures["followers"],
        following=figures["following"],
        followed_by_viewer=bool(figures["mine"]),
    )


def follower_counts(reader_ids) -> dict[int, int]:
    """Public followers of each of ``reader_ids``, in one query."""
    rows = (
        Follow.objects.public()
        .filter(reader__in=list(reader_ids))
        .order_by()
        .values("reader")
        .annotate(count=Count("pk"))
    )
    return {row["reader"]: row["count"] for row in rows}


FRIENDS_SHOWN = 6
# What a friend's card shows: no search vector, no password hash.
FRIEND_FIELDS = (
    "rating",
    "text",
    "status",
    "created_at",
    "reader__username",
    "reader__first_name",
    "reader__last_name",
    "reader__is_active",
    "reader__is_staff",
    "reader__is_superuser",
    "reader__reader_profile__display_name",
)


def friends_reviews(book, viewer, *, limit: int = FRIENDS_SHOWN) -> list[Review]:
    """The counted ratings of ``book`` by readers ``viewer`` follows, newest
    first, in one query; the template shows the words of approved ones only."""
    return list(
        Review.objects.counted()
        .filter(
            public_readers_q("reader__"),
            book=book,
            reader__in=followed_readers(viewer),
        )
        .select_related("reader__reader_profile")
        .only(*FRIEND_FIELDS)
        .order_by("-created_at", "-pk")[:limit]
    )


def annotate_people_follows(people, request):
    """Annotate ``followers_count``, ``can_be_followed`` and
    ``followed_by_viewer`` (for ``request.user``) on a queryset of people."""
    followers = (
        Follow.objects.public()
        .filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(count=Count("pk"))
        .values("count")
    )
    viewer = request.user
    mine = Value(False)
    if viewer.is_authenticated:
        mine = Exists(Follow.objects.filter(person=OuterRef("pk"), follower=viewer.pk))
    return people.annotate(
        followers_count=Coalesce(Subquery(followers), 0),
        can_be_followed=wrote_something_live(),
        followed_by_viewer=mine,
    )
