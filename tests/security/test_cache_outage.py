"""When the shared cache (Redis) is unreachable, pages answer like a
database outage: 503 with Retry-After, never a 500, and /healthz stays up."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Nothing listens on port 1; the connection is refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@override_settings(CACHES=UNREACHABLE_REDIS, PAGE_CACHE_SECONDS=300)
def test_an_unreachable_cache_gives_503_with_retry_after():
    client = Client(raise_request_exception=False)
    for path in ("/", "/books/"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert response["Retry-After"] == "30"
        assert b"Back in a moment" in response.content


@override_settings(CACHES=UNREACHABLE_REDIS, PAGE_CACHE_SECONDS=300)
def test_the_health_check_stays_up_while_the_cache_is_unreachable():
    response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
