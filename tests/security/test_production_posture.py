"""The production posture: HTTPS settings that follow DJANGO_HTTPS, headers,
cookies the browser keeps to itself, and request size limits."""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from tests.reviews.factories import make_book, make_reader

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3y-" + "a1b2c3d4e5f6g7h8" * 4,
    "DJANGO_ALLOWED_HOSTS": "example.org",
}
SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_HTTPONLY",
    "DATA_UPLOAD_MAX_MEMORY_SIZE",
    "DATA_UPLOAD_MAX_NUMBER_FIELDS",
    "FILE_UPLOAD_PERMISSIONS",
    "CONN_HEALTH_CHECKS",
    "OPTIONS",
]


def production_settings(**env):
    code = (
        "import json; from django.conf import settings as s; "
        "db = s.DATABASES['default']; "
        f"names = {SETTINGS!r}; "
        "print(json.dumps({n: getattr(s, n, None) if n not in ('CONN_HEALTH_CHECKS', "
        "'OPTIONS') else db[n] for n in names}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "october.settings",
            "PYTHONPATH": str(settings.BASE_DIR),
            **PRODUCTION,
            **env,
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_turns_on_https_hsts_and_secure_cookies():
    values = production_settings()
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True


def test_plain_http_production_sends_no_hsts_and_no_secure_only_cookies():
    values = production_settings(DJANGO_HTTPS="0")
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False


def test_cookies_stay_out_of_scripts_and_limits_are_deliberate():
    values = production_settings()
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["DATA_UPLOAD_MAX_MEMORY_SIZE"] <= 5 * 1024 * 1024
    assert values["DATA_UPLOAD_MAX_NUMBER_FIELDS"] <= 5000
    assert values["FILE_UPLOAD_PERMISSIONS"] == 0o644
    assert values["CONN_HEALTH_CHECKS"] is True
    # Connect and statement timeouts well inside gunicorn's 30 s worker timeout.
    assert values["OPTIONS"]["connect_timeout"] <= 5
    assert "statement_timeout=10000" in values["OPTIONS"]["options"]


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_https_only(client):
    secure = client.get("/healthz", secure=True)
    assert secure["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )
    assert "Strict-Transport-Security" not in client.get("/healthz")


def test_every_kind_of_response_carries_the_headers(client):
    book = make_book()
    for path in ("/", book.get_absolute_url(), "/no-such-page/", "/accounts/login/"):
        response = client.get(path)
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["X-Frame-Options"] == "DENY", path
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        policy = response["Content-Security-Policy"]
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_session_and_csrf_cookies_are_http_only_secure_and_same_site():
    make_reader(username="natalia")
    client = Client()
    client.get(reverse("login"), secure=True)
    response = client.post(
        reverse("login"),
        {"username": "natalia", "password": "password"},
        secure=True,
    )
    assert response.status_code == 302
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        cookie = client.cookies[name]
        assert cookie["httponly"], name
        assert cookie["secure"], name
        assert cookie["samesite"] == "Lax", name


def test_an_oversized_post_is_a_400_not_a_500():
    client = Client(raise_request_exception=False)
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    for path in ("/join/", "/accounts/login/", "/accounts/signup/"):
        assert client.post(path, {"message": big}).status_code == 400, path


def test_a_post_with_too_many_fields_is_a_400_not_a_500():
    client = Client(raise_request_exception=False)
    fields = {f"f{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert client.post("/join/", fields).status_code == 400


def test_a_signed_in_readers_pages_are_private_to_caches():
    client = Client()
    client.force_login(make_reader())
    response = client.get("/")
    assert "private" in response["Cache-Control"]


def test_the_lockout_and_throttle_pages_say_when_to_come_back():
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
