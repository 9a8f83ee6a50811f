"""Following on other apps' pages: the follow button with its counts on
readers' and authors' pages, follower counts on reviewer cards and the
"Friends & Following" section of a book page.

    {% load following %}
    {% follow_panel reader %}            {# or a person #}
    {% with_follower_counts reviews as reviews %}
    {% friends_and_following book %}
"""

from django import template
from django.contrib.auth import get_user_model

from following.queries import (
    annotate_people_follows,
    follower_counts,
    friends_reviews,
    reader_counts,
)
from people.models import Person

register = template.Library()


@register.inclusion_tag("following/includes/follow_panel.html", takes_context=True)
def follow_panel(context, target):
    """Counts and the follow or unfollow button for a reader or an author.

    Nothing for staff accounts, and nothing for people who wrote no live
    book or article: they cannot be followed.
    """
    request = context["request"]
    viewer = request.user
    panel = {"target": target, "request": request, "viewer": viewer}
    if isinstance(target, get_user_model()):
        if not target.is_active or target.is_staff or target.is_superuser:
            return {"show": False}
        counts = reader_counts(target, viewer)
        panel.update(
            show=True,
            is_reader=True,
            is_self=viewer.is_authenticated and viewer.pk == target.pk,
            followers=counts.followers,
            following=counts.following,
            followed=counts.followed_by_viewer,
        )
        return panel
    if not hasattr(target, "followers_count"):
        # A page whose view did not annotate the person: one query.
        target = annotate_people_follows(
            Person.objects.filter(pk=target.pk), request
        ).first()
    if target is None or not (target.is_live and target.can_be_followed):
        return {"show": False}
    panel.update(
        show=True,
        is_reader=False,
        is_self=False,
        followers=target.followers_count,
        followed=target.followed_by_viewer,
    )
    return panel


@register.simple_tag
def with_follower_counts(reviews):
    """``reviews`` as a list, each reader given ``followers_count``: one query."""
    reviews = list(reviews)
    counts = follower_counts({review.reader_id for review in reviews})
    for review in reviews:
        review.reader.followers_count = counts.get(review.reader_id, 0)
    return reviews


@register.inclusion_tag(
    "following/includes/friends_and_following.html", takes_context=True
)
def friends_and_following(context, book):
    """The ratings and approved reviews of ``book`` by the readers the
    signed-in reader follows; an invitation for everyone else."""
    request = context["request"]
    viewer = request.user
    data = {"book": book, "request": request, "user": viewer}
    if viewer.is_authenticated and not viewer.is_staff:
        data["friends_reviews"] = friends_reviews(book, viewer)
        data["signed_in"] = True
    return data
