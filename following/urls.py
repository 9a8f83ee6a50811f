from django.urls import path, re_path

from following import feeds, views

app_name = "following"

# The characters Django's username validator allows, as readers' pages do.
USERNAME = r"(?P<username>[\w.@+-]{1,150})"

urlpatterns = [
    path("following/", views.FollowingView.as_view(), name="index"),
    path("following/people/", views.FollowsView.as_view(), name="follows"),
    path("following/followers/", views.FollowersView.as_view(), name="followers"),
    re_path(
        rf"^following/followers/{USERNAME}/remove/$",
        views.RemoveFollowerView.as_view(),
        name="remove_follower",
    ),
    re_path(
        rf"^following/readers/{USERNAME}/follow/$",
        views.FollowView.as_view(),
        name="follow_reader",
    ),
    re_path(
        rf"^following/readers/{USERNAME}/unfollow/$",
        views.UnfollowView.as_view(),
        name="unfollow_reader",
    ),
    path(
        "following/authors/<slug:slug>/follow/",
        views.FollowView.as_view(),
        name="follow_person",
    ),
    path(
        "following/authors/<slug:slug>/unfollow/",
        views.UnfollowView.as_view(),
        name="unfollow_person",
    ),
    re_path(
        rf"^readers/{USERNAME}/feed/$",
        feeds.ReaderReviewsFeed(),
        name="reader_feed",
    ),
]
