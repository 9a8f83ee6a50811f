from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "following"
    verbose_name = _("Following")

    def ready(self):
        from following.account_data import export_followers, export_follows
        from following.models import Follow
        from following.queries import annotate_people_follows
        from october.accounts.data import register_account_data
        from october.core import caching
        from people.annotations import register_person_annotation

        # A follow moves the reader or person followed and the follower
        # (their foreign keys), whose pages show the counts; no public page
        # lists follows.
        caching.register_content_app(self.label)
        caching.register_invalidation(Follow, lists=False)
        # Authors' pages show their followers and the button in their own query.
        register_person_annotation(key="follows", annotate=annotate_people_follows)
        register_account_data("follows", export=export_follows, order=40)
        register_account_data("followers", export=export_followers, order=41)
