"""The site's addresses: each app's under its section, the pages that gather
them all at the top.

Every page a visitor reads is in each interface language: English at its
address as it always was, Spanish under /es/ and Russian under /ru/. The
machines' addresses (sitemaps, robots.txt, the health check), the admin and
the language form stay unprefixed: the admin follows the editor's choice.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, register_converter

from october.accounts.urls import account_patterns, join_patterns
from october.core.web.converters import FilePathConverter
from october.core.web.media import serve_media
from october.pages.urls import machine_patterns

register_converter(FilePathConverter, "file")

urlpatterns = [
    *machine_patterns,
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include("october.pages.urls")),
    path("timeline/", include("timeline.urls")),
    path("people/", include("people.urls")),
    path("articles/", include("articles.urls")),
    path("books/", include("reviews.urls")),
    path("readers/", include("reviews.reader_urls")),
    path("guides/", include("guides.urls")),
    # Following pages, follow buttons and readers' feeds (/readers/<name>/feed/).
    path("", include("following.urls")),
    path("join/", include(join_patterns)),
    path("accounts/", include(account_patterns)),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # Uploaded images from MEDIA_ROOT, for one-machine setups; larger sites
    # serve media from object storage or the proxy instead.
    urlpatterns += [
        # Names no file system takes (a part over 255 bytes, a NUL) are not
        # found here rather than failing in the file system.
        path("media/<file:path>", serve_media, name="media")
    ]

handler400 = "october.core.web.errors.bad_request"
handler500 = "october.core.web.errors.server_error"
