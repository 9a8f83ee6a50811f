from django.conf import settings
from django.utils.translation import get_language, gettext

from october.core.i18n import language_links, unprefixed


def site(request):
    """The site's name and tagline, for the header and page titles, and the
    page in the other interface languages, for the language switcher."""
    return {
        "SITE_NAME": gettext(settings.SITE_NAME),
        "SITE_TAGLINE": gettext(settings.SITE_TAGLINE),
        # The path without its language prefix, for "you are here" in menus.
        "interface_path": unprefixed(request.path),
        "language_links": language_links(request),
        # Content in another language than this says which, with its lang.
        "INTERFACE_LANGUAGE": get_language(),
    }
