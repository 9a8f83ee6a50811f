"""The site's settings, plus what only the tests install."""

from october.settings import *  # noqa: F403
from october.settings import INSTALLED_APPS

# A content app no module of the site names (tests/core/test_plugins.py).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.pamphlets"]
