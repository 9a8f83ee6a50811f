"""The site's settings, plus what only the tests install."""

from october.settings import *  # noqa: F403
from october.settings import INSTALLED_APPS

# A content app no module of the site names (tests/core/test_plugins.py).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.pamphlets"]

# Tasks run as they are queued, in the test's own thread; the tests of the
# worker and of retries switch to the database backend the site uses.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The test client's host, so absolute links name the server that answered.
SITE_URL = "http://testserver"
