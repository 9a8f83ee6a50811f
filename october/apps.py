from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OctoberConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "october"
    verbose_name = _("Site")

    def ready(self):
        from october.roles import grant_role_permissions

        post_migrate.connect(grant_role_permissions, sender=self)
