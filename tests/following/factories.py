"""Test data for follows.

from tests.following.factories import make_follow

make_follow(follower=ann, reader=bob)      # or person=trotsky
"""

from following.models import Follow


def make_follow(*, follower, reader=None, person=None):
    return Follow.objects.create(follower=follower, reader=reader, person=person)
