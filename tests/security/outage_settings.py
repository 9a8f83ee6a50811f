"""The production settings for the database outage test's server.

Only the static files differ: the test serves no static file and has no
collected manifest to look names up in.
"""

from october.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
