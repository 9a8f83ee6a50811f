"""Following readers and authors: the buttons' POSTs, the page of what the
people you follow have read and reviewed, your follows and followers, and
each reader's Atom feed of reviews."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from following.models import Follow, authors, reader_name
from following.queries import (
    followed_activity,
    followed_authors_news,
    reader_counts,
)
from following.services import (
    follow_person,
    follow_reader,
    follower_remove,
    unfollow,
)
from october.accounts.models import public_readers
from october.core.web.throttle import ThrottleMixin

# Follows, unfollows and removals per reader: a reader building a list of
# people to follow clicks quickly, a bot far more.
FOLLOW_RATE = "60/h"
FOLLOWS_PER_PAGE = 50


class FollowActionView(LoginRequiredMixin, ThrottleMixin, View):
    """A POST that changes a follow of the reader or person in the URL.

    Anonymous readers sign in and come back to the page they were on; staff
    accounts, which have no public page, follow nobody.
    """

    http_method_names = ["post"]
    throttle_rates = [("user", FOLLOW_RATE)]
    throttle_message = gettext_lazy(
        "You have followed and unfollowed a lot of people in the last hour. "
        "To keep the site free of spam there is a limit; please try again later."
    )

    def dispatch(self, request, *args, **kwargs):
        self.target = self.get_target(**kwargs)
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.user.is_staff:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_target(self, **kwargs):
        if "slug" in kwargs:
            return get_object_or_404(authors(), slug=kwargs["slug"])
        return get_object_or_404(public_readers(), username=kwargs["username"])

    def target_url(self):
        if isinstance(self.target, get_user_model()):
            return reverse("readers:profile", args=[self.target.get_username()])
        return self.target.get_absolute_url()

    def back_url(self):
        wanted = self.request.POST.get("next", "")
        # A path of the site only: redirect() would take a bare word such
        # as "home" for the name of a view, and fail on any other.
        if wanted.startswith("/") and url_has_allowed_host_and_scheme(
            wanted,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return wanted
        return self.target_url()

    def throttle_back(self, request):
        return self.target_url(), _("Back")

    def handle_no_permission(self):
        return redirect_to_login(self.target_url())

    def target_kwargs(self):
        if isinstance(self.target, get_user_model()):
            return {"reader": self.target}
        return {"person": self.target}

    def name(self):
        if isinstance(self.target, get_user_model()):
            return reader_name(self.target)
        return self.target.display_name


class FollowView(FollowActionView):
    def post(self, request, *args, **kwargs):
        try:
            if "reader" in self.target_kwargs():
                follow_reader(follower=request.user, reader=self.target)
            else:
                follow_person(follower=request.user, person=self.target)
        except ValidationError as error:
            if error.code == "self":
                return TemplateResponse(
                    request,
                    "following/refused.html",
                    {"message": error.messages[0], "back_url": self.back_url()},
                    status=400,
                )
            messages.info(request, error.messages[0])
        else:
            messages.success(
                request, _("You now follow %(name)s.") % {"name": self.name()}
            )
        return redirect(self.back_url())


class UnfollowView(FollowActionView):
    def get_target(self, **kwargs):
        # Anyone one follows can be unfollowed, even an author whose works
        # have since been unpublished.
        user = self.request.user
        if not user.is_authenticated:
            return super().get_target(**kwargs)
        follows = Follow.objects.filter(follower=user)
        if "slug" in kwargs:
            follow = follows.select_related("person").filter(
                person__slug=kwargs["slug"]
            )
        else:
            follow = follows.select_related("reader__reader_profile").filter(
                reader__username=kwargs["username"]
            )
        follow = follow.first()
        if follow is None:
            # Not (or no longer) followed: say so of anyone who may be.
            return super().get_target(**kwargs)
        return follow.followed

    def post(self, request, *args, **kwargs):
        if unfollow(follower=request.user, **self.target_kwargs()):
            messages.success(
                request, _("You no longer follow %(name)s.") % {"name": self.name()}
            )
        else:
            messages.info(
                request, _("You were not following %(name)s.") % {"name": self.name()}
            )
        return redirect(self.back_url())


class RemoveFollowerView(FollowActionView):
    """Take a reader off your followers (they are not told)."""

    def get_target(self, **kwargs):
        # Only your own followers (whatever has become of their accounts
        # since): the answer tells nobody which other usernames exist.
        user = self.request.user
        if not user.is_authenticated:
            return None
        follow = get_object_or_404(
            Follow.objects.select_related("follower__reader_profile"),
            reader=user,
            follower__username=kwargs["username"],
        )
        return follow.follower

    def target_url(self):
        return reverse("following:followers")

    def post(self, request, *args, **kwargs):
        follower_remove(reader=request.user, follower=self.target)
        messages.success(
            request, _("%(name)s no longer follows you.") % {"name": self.name()}
        )
        return redirect(self.back_url())


class FollowingView(LoginRequiredMixin, TemplateView):
    """What the readers you follow have reviewed and finished lately, and
    what the authors you follow have published."""

    template_name = "following/following.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            activity=followed_activity(self.request.user),
            authors_news=followed_authors_news(self.request.user),
            counts=reader_counts(self.request.user),
        )
        return context


class FollowsView(LoginRequiredMixin, ListView):
    """The readers and authors you follow, newest first."""

    template_name = "following/follows.html"
    context_object_name = "follows"
    paginate_by = FOLLOWS_PER_PAGE

    def get_queryset(self):
        return (
            Follow.objects.public()
            .filter(follower=self.request.user)
            .select_related("reader__reader_profile", "person")
            .order_by("-created_at", "-pk")
        )


class FollowersView(LoginRequiredMixin, ListView):
    """The readers who follow you, each with a button to remove them."""

    template_name = "following/followers.html"
    context_object_name = "follows"
    paginate_by = FOLLOWS_PER_PAGE

    def get_queryset(self):
        return (
            Follow.objects.public()
            .filter(reader=self.request.user)
            .select_related("follower__reader_profile")
            .order_by("-created_at", "-pk")
        )
