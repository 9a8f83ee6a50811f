import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True, scope="session")
def fast_isolated_settings(tmp_path_factory):
    """Fast hashing, throwaway media and plain static files for the whole run."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Views are tested uncached; tests/october/test_caching.py turns it on.
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def pytest_collection_modifyitems(items):
    """Run tests that commit real transactions (browser, concurrency) last.

    Such a test ends by emptying every table, which would take what the
    migrations made (groups, the About page) from the tests after it. Each
    one therefore reloads the migrated rows before it starts (serialized
    rollback), and they all run after the others.
    """

    def commits(item):
        marker = item.get_closest_marker("django_db")
        return bool(marker and marker.kwargs.get("transaction"))

    for item in items:
        if commits(item):
            marker = item.get_closest_marker("django_db")
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)
    items.sort(key=commits)
