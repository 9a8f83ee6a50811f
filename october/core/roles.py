"""The two staff roles and what each may do in the admin.

Apps say which of their models each role works on, from their
``AppConfig.ready()``::

    roles.register_editors("timeline")                      # every model
    roles.register_editors("reviews", models=["book"])
    roles.register_moderators("reviews", models=["review"])

The groups are created by a data migration; after every migrate (and every
flush, which tests do) they are made sure of again and given exactly the
permissions registered, because permissions for new models exist only once
their app has been migrated.
"""

from collections import defaultdict

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITORS = "Editors"
MODERATORS = "Moderators"

# Moderators see and decide; they never add or delete.
MODERATOR_ACTIONS = ["view", "change"]

# app label -> model names, or None for every model of the app.
_editors: dict[str, set[str] | None] = {}
_moderators: dict[str, set[str]] = defaultdict(set)


def register_editors(app_label: str, *, models: list[str] | None = None) -> None:
    """Editors may view, add, change and delete ``models`` of ``app_label``
    (lower-case model names), or every model of the app when none are named."""
    if models is None:
        _editors[app_label] = None
    elif _editors.get(app_label, set()) is not None:
        _editors[app_label] = {*_editors.get(app_label, set()), *models}


def register_moderators(app_label: str, *, models: list[str]) -> None:
    """Moderators may view and change ``models`` of ``app_label``."""
    _moderators[app_label].update(models)


def _permissions_q(models_by_app) -> Q:
    q = Q(pk__in=[])
    for app_label, model_names in models_by_app.items():
        if model_names is None:
            q |= Q(content_type__app_label=app_label)
        else:
            q |= Q(
                content_type__app_label=app_label,
                content_type__model__in=sorted(model_names),
            )
    return q


def role_permissions():
    """The permissions each group should have, as querysets."""
    editors = Permission.objects.filter(_permissions_q(_editors))
    moderators = Permission.objects.filter(_permissions_q(_moderators)).filter(
        Q(
            *[Q(codename__startswith=f"{action}_") for action in MODERATOR_ACTIONS],
            _connector=Q.OR,
        )
    )
    return {EDITORS: editors, MODERATORS: moderators}


def grant_role_permissions(**kwargs):
    """post_migrate hook: each role group exists with exactly its permissions."""
    for name, permissions in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
