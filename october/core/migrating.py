"""Migrations run without the statement timeout that requests have.

The settings give every connection a 10-second statement timeout, so that a
slow query fails well inside gunicorn's worker timeout. A migration that
rewrites a large table (a recount over every review of the large site, say)
needs longer, so ``migrate`` lifts the timeout on its connection for the
run, and puts back the connection's own setting when it is done.
"""

from django.db import connections


def lift_statement_timeout(sender, using="default", **kwargs):
    _set_statement_timeout(using, "SET statement_timeout = 0")


def restore_statement_timeout(sender, using="default", **kwargs):
    _set_statement_timeout(using, "RESET statement_timeout")


def _set_statement_timeout(using, statement):
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(statement)
