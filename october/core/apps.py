from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_migrate,
)
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The kernel every app builds on.

    Its label stays ``october``: its models and migrations were the
    project package's before the kernel had a package of its own, and other
    apps' migrations depend on them under that name.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "october.core"
    label = "october"
    verbose_name = _("Site")

    def ready(self):
        from october.core import caching, checks, images, migrating, roles  # noqa: F401
        from october.core.admin import preview_links  # noqa: F401  (registers)

        # Every app's post_migrate, not just ours: an app's permissions exist
        # only once its own signal has created them.
        post_migrate.connect(
            roles.grant_role_permissions, dispatch_uid="grant-role-permissions"
        )
        pre_migrate.connect(
            migrating.lift_statement_timeout, dispatch_uid="lift-statement-timeout"
        )
        post_migrate.connect(
            migrating.restore_statement_timeout,
            dispatch_uid="restore-statement-timeout",
        )
        for signal in (post_save, post_delete):
            signal.connect(caching.content_changed, dispatch_uid=f"page-cache-{signal}")
        m2m_changed.connect(caching.content_m2m_changed, dispatch_uid="page-cache-m2m")
        post_save.connect(images.renditions_on_save, dispatch_uid="image-renditions")
        roles.register_editors("redirects")
        roles.register_editors("october", models=["previewlink"])


class EditorialAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the site's own admin site: the editorial calendar,
    the pages apps add to it and an index that shows what needs doing."""

    default = False
    default_site = "october.core.admin.site.EditorialAdminSite"
