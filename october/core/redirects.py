"""Keep old addresses working when a public page moves.

Links from outside point at a page's address, which changes with its slug.
``redirect_add`` records a permanent redirect from the old address to the new
one in ``django.contrib.redirects``, whose middleware answers with it once the
old address no longer finds a page. ``SlugRedirectAdminMixin`` (october/admin.py)
calls it whenever an editor changes the address of a live item.
"""

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db import transaction

# The length of Redirect.old_path and new_path.
MAX_PATH_LENGTH = 200


def redirect_add(*, old_path: str, new_path: str) -> Redirect | None:
    """Send visitors of ``old_path`` to ``new_path`` from now on.

    Redirects that led to ``old_path`` are pointed straight at ``new_path``,
    so a page renamed twice costs one hop, and a redirect away from
    ``new_path`` (left by an earlier rename back) is removed so nothing loops.
    Returns the redirect, or None when there is nothing to record (same path,
    or a path too long for the redirects table).
    """
    if old_path == new_path or max(len(old_path), len(new_path)) > MAX_PATH_LENGTH:
        return None
    site = Site.objects.get(pk=settings.SITE_ID)
    with transaction.atomic():
        redirects = Redirect.objects.filter(site=site)
        redirects.filter(old_path=new_path).delete()
        redirects.filter(new_path=old_path).update(new_path=new_path)
        redirect, _created = Redirect.objects.update_or_create(
            site=site, old_path=old_path, defaults={"new_path": new_path}
        )
    return redirect
