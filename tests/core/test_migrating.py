"""A migration may take longer than a request: migrate lifts the timeout."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import pre_migrate

pytestmark = pytest.mark.django_db


def statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def test_migrate_runs_without_the_statement_timeout_and_puts_it_back():
    during = []

    def look(sender, **kwargs):
        during.append(statement_timeout())

    assert statement_timeout() == "10s"
    pre_migrate.connect(look, dispatch_uid="look-at-the-timeout")
    try:
        call_command("migrate", verbosity=0)
    finally:
        pre_migrate.disconnect(dispatch_uid="look-at-the-timeout")

    assert during and set(during) == {"0"}
    assert statement_timeout() == "10s"
