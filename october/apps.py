from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class OctoberConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "october"
    verbose_name = _("Site")

    def ready(self):
        from october.caching import content_changed
        from october.roles import grant_role_permissions

        # Every app's post_migrate, not just ours: an app's permissions exist
        # only once its own signal has created them.
        post_migrate.connect(
            grant_role_permissions, dispatch_uid="grant-role-permissions"
        )
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, dispatch_uid=f"page-cache-{signal}")


class EditorialAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the site's own admin site: the editorial calendar,
    the translations grid and an index that shows what needs doing."""

    # Named in INSTALLED_APPS; "october" alone still means OctoberConfig.
    default = False
    default_site = "october.admin_site.EditorialAdminSite"
