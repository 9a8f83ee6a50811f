import subprocess
import sys

import pytest
from django.contrib.auth.models import Group

from october.core.roles import EDITORS, MODERATORS


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any query here would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_out_of_private_areas_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_favicon_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("october/favicon.svg")


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Skip to content" in response.content


@pytest.mark.django_db
def test_base_layout_has_site_name_navigation_and_join_link(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "In Defence of October" in html
    assert "Study the lessons of the Russian Revolution" in html
    for label in (
        "Timeline",
        "People",
        "Reading guides",
        "Articles",
        "Books",
        "About us",
    ):
        assert f">{label}</a>" in html
    assert 'href="/join/"' in html
    assert 'role="search"' in html


@pytest.mark.django_db
def test_editors_and_moderators_groups_exist_with_their_permissions():
    editors = Group.objects.get(name=EDITORS)
    moderators = Group.objects.get(name=MODERATORS)
    editor_perms = set(
        editors.permissions.values_list("content_type__app_label", flat=True)
    )
    assert "auth" not in editor_perms
    assert not moderators.permissions.exclude(
        content_type__app_label="reviews"
    ).exists()


def _settings_check(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings_check(
        {"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "example.org"}
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _settings_check({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_the_deployment_checklist_without_warnings():
    result = _settings_check(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "k3y-" + "a1b2c3d4e5f6g7h8" * 4,
            "DJANGO_ALLOWED_HOSTS": "example.org",
            "SITE_URL": "https://example.org",
        },
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_without_site_url_is_warned():
    result = _settings_check(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "k3y-" + "a1b2c3d4e5f6g7h8" * 4,
            "DJANGO_ALLOWED_HOSTS": "example.org",
        },
        "--fail-level",
        "WARNING",
    )
    assert result.returncode != 0
    assert "october.W001" in result.stderr
