"""Every page type passes the Nu HTML Checker (vnu.jar from npm, see
package.json): rendered with the test client, checked in one run, since the
checker's Java start-up costs more than the pages. And every page type
carries what search engines and link previews read."""

import json
import re
import subprocess

import pytest
from django.conf import settings

from tests.e2e.site_pages import make_site

pytestmark = pytest.mark.django_db

VNU = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def slug(name):
    return re.sub(r"[^a-z0-9]+", "-", name)


def render_every_page_type(client):
    """``{name: HTML}`` for every page type, public ones signed out, in
    English, and the public ones in Spanish and Russian too."""
    site = make_site()
    pages = {}
    public = [
        *site.public,
        *((f"{name} (es)", f"/es{path}") for name, path in site.public),
        *((f"{name} (ru)", f"/ru{path}") for name, path in site.public),
    ]
    for group, signed_in in ((public, False), (site.signed_in, True)):
        if signed_in:
            client.force_login(site.reader)
        for name, path in group:
            response = client.get(path)
            expected = 404 if name.startswith("not found") else 200
            assert response.status_code == expected, name
            pages[name] = response.content.decode()
    return pages


def test_every_page_type_is_valid_html(client, tmp_path):
    files = {}
    for name, html in render_every_page_type(client).items():
        file = tmp_path / f"{slug(name)}.html"
        file.write_text(html)
        files[f"file:{file}"] = name
    # A broken page proves the checker really read the files.
    control = tmp_path / "control.html"
    control.write_text("<!doctype html><title>x</title><p><div></p>")
    files[f"file:{control}"] = "control"

    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--stdout"]
        + [url.removeprefix("file:") for url in files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = {}
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] in ("error", "non-document-error"):
            page = files.get(message.get("url"), message.get("url"))
            errors.setdefault(page, []).append(
                f"line {message.get('lastLine')}: {message['message']}"
            )
    assert errors.pop("control")
    assert not errors, "\n".join(
        f"{page}: {error}" for page, messages in errors.items() for error in messages
    )


def test_every_page_type_describes_itself_to_search_engines(client):
    missing = []
    for name, html in render_every_page_type(client).items():
        for pattern in (
            r'<meta name="description" content="[^"]{20,}">',
            r'<link rel="canonical" href="http://testserver/[^"]*">',
            r'<meta property="og:image" content="http://testserver/[^"]+">',
            r'<meta name="twitter:card" content="summary_large_image">',
        ):
            if not re.search(pattern, html):
                missing.append(f"{name}: {pattern}")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
        if not name.startswith("home") and not any(
            json.loads(block)["@type"] == "BreadcrumbList" for block in blocks
        ):
            missing.append(f"{name}: BreadcrumbList")
    assert not missing, "\n".join(missing)
