import os
import tempfile
from pathlib import Path

import psycopg
import pytest

from october.database import (
    ensure_database,
    local_database_url,
    start_private_cluster,
    stop_private_cluster,
)


def test_local_database_url_finds_the_running_server():
    url = local_database_url()
    assert url.endswith("october") or "/october?" in url
    with psycopg.connect(url.replace("/october", "/postgres"), connect_timeout=2):
        pass


@pytest.fixture
def cluster_dir():
    # Under /tmp with open permissions: the server runs as an unprivileged user.
    directory = Path(tempfile.mkdtemp(prefix="october-pg-"))
    os.chmod(directory, 0o755)
    yield directory
    if (directory / "data" / "postmaster.pid").exists():
        stop_private_cluster(directory)


def test_private_cluster_starts_and_the_database_is_created_when_missing(cluster_dir):
    url = start_private_cluster(cluster_dir, port=5448)
    ensure_database(url)
    with psycopg.connect(url, connect_timeout=5) as connection:
        user = connection.execute("select current_user").fetchone()[0]
        name = connection.execute("select current_database()").fetchone()[0]
    assert (user, name) == ("postgres", "october")
    assert (cluster_dir / "run" / ".s.PGSQL.5448").exists()


def test_a_machine_without_postgresql_gets_one_clear_message(monkeypatch, tmp_path):
    monkeypatch.setattr("october.database._find_program", lambda name: None)
    with pytest.raises(SystemExit) as exit_info:
        start_private_cluster(tmp_path, port=5449)
    assert "PostgreSQL is not installed" in str(exit_info.value)
    assert "apt-get install postgresql" in str(exit_info.value)
