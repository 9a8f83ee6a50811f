from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Reader accounts (sign-up, confirmed addresses, sign-in) and "Join us"."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "october.accounts"
    verbose_name = _("Readers and members")

    def ready(self):
        from october.core import roles, sitemaps

        # Editors answer the messages sent through "Join us".
        roles.register_editors(self.label, models=["joinrequest"])
        sitemaps.register_site_page("join", order=900)
