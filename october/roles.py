"""The two staff roles and what each may do in the admin.

The groups are created by a data migration; after every migrate (and every
flush, which tests do) they are made sure of again and given exactly their
permissions, because permissions for new models exist only once their app has
been migrated.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITORS = "Editors"
MODERATORS = "Moderators"

# Editors run all content but never see user accounts or readers' reviews.
EDITOR_APPS = [
    "people",
    "timeline",
    "articles",
    "guides",
    "taggit",
    "flatpages",
    "redirects",
]
EDITOR_MODELS = {"reviews": ["book"], "october": ["joinrequest", "previewlink"]}

# Moderators see and decide on reviews, nothing else.
MODERATOR_MODELS = {"reviews": ["review"]}
MODERATOR_ACTIONS = ["view", "change"]


def _models_q(models_by_app):
    q = Q(pk__in=[])
    for app_label, model_names in models_by_app.items():
        q |= Q(content_type__app_label=app_label, content_type__model__in=model_names)
    return q


def role_permissions():
    """The permissions each group should have, as querysets."""
    editors = Permission.objects.filter(
        Q(content_type__app_label__in=EDITOR_APPS) | _models_q(EDITOR_MODELS)
    )
    moderators = Permission.objects.filter(_models_q(MODERATOR_MODELS)).filter(
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
