from django.contrib import admin
from django.contrib.flatpages.admin import FlatPageAdmin
from django.contrib.flatpages.forms import FlatpageForm
from django.contrib.flatpages.models import FlatPage

from october.core.richtext import sanitize_html


class SanitisedFlatpageForm(FlatpageForm):
    """About us and the other pages: their HTML goes through the site's sanitiser."""

    def clean_content(self):
        return sanitize_html(self.cleaned_data["content"])


admin.site.unregister(FlatPage)


@admin.register(FlatPage)
class SanitisedFlatPageAdmin(FlatPageAdmin):
    form = SanitisedFlatpageForm
