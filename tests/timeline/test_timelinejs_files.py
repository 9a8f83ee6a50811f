"""The site's copy of TimelineJS is the release pinned in package-lock.json.

The site serves TimelineJS from its own static files; the browser tests load
it from there. ``make test`` installs the pinned package with ``npm ci``, so
a copy that drifted from it (an upgrade half done, a hand edit) fails here.
"""

import json

import pytest
from django.conf import settings

PACKAGE = settings.BASE_DIR / "node_modules" / "@knight-lab" / "timelinejs"
COPY = settings.BASE_DIR / "timeline" / "static" / "timeline" / "vendor" / "timelinejs"
# The copy leaves out the source map comments (the maps are not shipped).
SOURCE_MAP = (b"//# sourceMappingURL=", b"/*# sourceMappingURL=")

FILES = [
    "js/timeline.js",
    "js/timeline.js.LICENSE.txt",
    "js/locale/es.json",
    "js/locale/ru.json",
    "css/timeline.css",
    "css/icons/tl-icons.eot",
    "css/icons/tl-icons.svg",
    "css/icons/tl-icons.ttf",
    "css/icons/tl-icons.woff",
    "css/icons/tl-icons.woff2",
]


def without_source_map(content: bytes) -> bytes:
    return b"".join(
        line
        for line in content.splitlines(keepends=True)
        if not line.startswith(SOURCE_MAP)
    )


def test_the_pinned_release_is_the_one_the_copy_names():
    lock = json.loads((settings.BASE_DIR / "package-lock.json").read_text())
    version = lock["packages"]["node_modules/@knight-lab/timelinejs"]["version"]
    assert json.loads((PACKAGE / "package.json").read_text())["version"] == version
    assert f"# TimelineJS {version}" in (COPY / "README.md").read_text()


@pytest.mark.parametrize("name", FILES)
def test_the_copy_matches_the_pinned_release(name):
    released = (PACKAGE / "dist" / name).read_bytes()
    assert (COPY / name).read_bytes() == without_source_map(released)


def test_the_licence_travels_with_the_copy():
    assert (COPY / "LICENSE").read_bytes() == (PACKAGE / "LICENSE").read_bytes()
    assert b"Mozilla Public License" in (COPY / "LICENSE").read_bytes()
