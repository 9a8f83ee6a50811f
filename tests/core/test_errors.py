from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from october.pages.views import HomeView


@pytest.fixture
def client_without_exceptions():
    return Client(raise_request_exception=False)


def test_unreachable_database_gives_a_friendly_503_with_retry_after(
    client_without_exceptions,
):
    failure = OperationalError("connection to server failed: Connection refused")
    with mock.patch.object(HomeView, "get", side_effect=failure):
        response = client_without_exceptions.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert b"Back in a moment" in response.content


def test_other_faults_give_the_500_page(client_without_exceptions):
    with mock.patch.object(HomeView, "get", side_effect=ValueError("bug")):
        response = client_without_exceptions.get("/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert "Retry-After" not in response
