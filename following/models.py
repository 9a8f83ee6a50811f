"""Readers following readers and authors.

One row per follow: a reader (the follower) follows either another reader or
a person who wrote books or articles. Follows are private to the two readers
they join except as counts; a follow is shown or counted only while both
ends are public (``FollowQuerySet.public``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from october.accounts.templatetags.readers import display_name
from people.models import Person
from reviews.models import Book


def public_readers_q(prefix: str = "") -> Q:
    """Accounts that may be shown and followed, as ``public_readers()`` in
    ``october.accounts`` says: active readers, never staff.

    ``prefix`` is the lookup path to the user (``"reader__"``).
    """
    return Q(
        **{
            f"{prefix}is_active": True,
            f"{prefix}is_staff": False,
            f"{prefix}is_superuser": False,
        }
    )


def public_shelves_q(prefix: str = "") -> Q:
    """Readers who chose to show their shelves (``prefix`` as above)."""
    return Q(**{f"{prefix}reader_profile__shelves_public": True})


def reader_name(reader) -> str:
    """The name the site shows for a reader, never their username."""
    return display_name(reader)


def wrote_something_live():
    """True for a person who wrote a live book or article (an ``Exists``
    over ``OuterRef("pk")``)."""
    return Exists(Book.objects.live().filter(authors=OuterRef("pk"))) | Exists(
        Article.objects.live().filter(authorships__person=OuterRef("pk"))
    )


def authors() -> models.QuerySet:
    """Live people who wrote a live book or article: the people one can follow."""
    return Person.objects.live().filter(wrote_something_live())


class FollowQuerySet(models.QuerySet):
    def public(self):
        """Follows whose follower and followed are both public: an active
        reader (not staff) following an active reader or a live person."""
        return self.filter(
            public_readers_q("follower__"),
            public_readers_q("reader__") | Q(reader__isnull=True),
            Q(person__isnull=True) | Q(person__in=Person.objects.live().values("pk")),
        )

    def of_readers(self):
        return self.filter(reader__isnull=False)

    def of_people(self):
        return self.filter(person__isnull=False)


class Follow(models.Model):
    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("follower"),
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
        verbose_name=_("reader followed"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
        verbose_name=_("author followed"),
    )
    created_at = models.DateTimeField(_("followed at"), default=timezone.now)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Followers of a reader or a person, newest first.
            models.Index(
                fields=["reader", "-created_at"], name="following_followers_of_reader"
            ),
            models.Index(
                fields=["person", "-created_at"], name="following_followers_of_person"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reader__isnull=False, person__isnull=True)
                | Q(reader__isnull=True, person__isnull=False),
                name="following_follow_one_target",
            ),
            models.CheckConstraint(
                condition=~Q(follower=models.F("reader")),
                name="following_follow_not_self",
            ),
            # The follower's follows, in the order a page asks for them.
            models.UniqueConstraint(
                fields=["follower", "reader"],
                condition=Q(reader__isnull=False),
                name="following_follow_reader_once",
            ),
            models.UniqueConstraint(
                fields=["follower", "person"],
                condition=Q(person__isnull=False),
                name="following_follow_person_once",
            ),
        ]

    def __str__(self):
        return f"{self.follower} → {self.followed}"

    def get_absolute_url(self):
        return reverse("following:index")

    @property
    def followed(self):
        return self.reader if self.reader_id else self.person
