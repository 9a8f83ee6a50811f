from django.contrib.flatpages.models import FlatPage
from django.contrib.flatpages.sitemaps import FlatPageSitemap

from october.core.cache_tags import depends_on
from october.core.sitemaps import SiteAddressSitemap


class PageSitemap(SiteAddressSitemap, FlatPageSitemap):
    """The flat pages editors write (About us), cached until one changes."""

    def items(self):
        depends_on(FlatPage)
        return super().items()
