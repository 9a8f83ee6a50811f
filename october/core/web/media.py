"""Uploaded files served by the site itself, for one-machine setups."""

from django.conf import settings
from django.views.static import serve


def serve_media(request, path):
    """The file at ``path`` under ``MEDIA_ROOT`` as the settings name it when
    asked, not as they named it when the addresses were first read."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
