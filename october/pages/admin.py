from django.contrib import admin
from django.contrib.flatpages.admin import FlatPageAdmin
from django.contrib.flatpages.forms import FlatpageForm
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site

from october.core.richtext import sanitize_html


class SanitisedFlatpageForm(FlatpageForm):
    """About us and the other pages: their HTML goes through the site's sanitiser."""

    def clean_content(self):
        return sanitize_html(self.cleaned_data["content"])


admin.site.unregister(FlatPage)
# Flat pages and redirects are filed under the one Site, whose domain is read
# nowhere (settings.SITE_URL is the site's address): nothing to edit there.
admin.site.unregister(Site)


@admin.register(FlatPage)
class SanitisedFlatPageAdmin(FlatPageAdmin):
    form = SanitisedFlatpageForm
