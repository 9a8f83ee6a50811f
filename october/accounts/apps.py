from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Reader accounts (sign-up, confirmed addresses, sign-in) and "Join us"."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "october.accounts"
    verbose_name = _("Readers and members")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from october.accounts.models import ReaderProfile
        from october.core import roles, sitemaps

        post_save.connect(
            _profile_for_new_account,
            sender=get_user_model(),
            dispatch_uid="accounts.reader_profile",
        )

        post_save.connect(
            _profile_changed,
            sender=ReaderProfile,
            dispatch_uid="accounts.reader_profile_changed",
        )

        # Editors answer the messages sent through "Join us".
        roles.register_editors(self.label, models=["joinrequest"])
        sitemaps.register_site_page("join", order=900)


def _profile_for_new_account(sender, instance, created, raw=False, **kwargs):
    """Every account has a profile from the moment it exists."""
    if created and not raw:
        from october.accounts.models import ReaderProfile

        ReaderProfile.objects.ensure_for([instance])


def _profile_changed(sender, instance, raw=False, **kwargs):
    """A new name or a shelf made private drops every cached page that shows
    the reader (those pages load the account's row, and so depend on it)."""
    if raw:
        return
    from django.contrib.auth import get_user_model

    from october.core import caching

    caching.invalidate({caching.item_tag(get_user_model(), instance.user_id)})
