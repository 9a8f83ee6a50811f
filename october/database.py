"""Finding, and if need be starting, the PostgreSQL server for a local checkout.

``DATABASE_URL`` always wins. Without it the site uses, in order: a private
cluster already running under ``.pg/`` in the checkout, the local server on its
Unix socket, the local server on 127.0.0.1:5432. ``python -m october.database``
(run by ``make run`` and ``make test``) also creates the ``october`` database
when it is missing and, where no server answers but PostgreSQL's programs are
installed, starts the private cluster.
"""

import getpass
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

BASE_DIR = Path(__file__).resolve().parent.parent
PRIVATE_CLUSTER = BASE_DIR / ".pg"
PRIVATE_SOCKET_DIR = PRIVATE_CLUSTER / "run"
PRIVATE_PORT = 5439
DATABASE_NAME = "october"
SYSTEM_SOCKET_DIRS = ["/var/run/postgresql", "/tmp"]


def _candidates():
    if (PRIVATE_SOCKET_DIR / f".s.PGSQL.{PRIVATE_PORT}").exists():
        yield f"postgresql://postgres@/{DATABASE_NAME}?host={PRIVATE_SOCKET_DIR}&port={PRIVATE_PORT}"
    users = ["postgres", getpass.getuser()]
    for socket_dir in SYSTEM_SOCKET_DIRS:
        if Path(socket_dir, ".s.PGSQL.5432").exists():
            for user in users:
                yield f"postgresql://{user}@/{DATABASE_NAME}?host={socket_dir}"
    for user in users:
        yield f"postgresql://{user}@127.0.0.1:5432/{DATABASE_NAME}"


def _answers(url):
    """Whether the server in `url` accepts connections."""
    try:
        with psycopg.connect(make_conninfo(url, dbname="postgres", connect_timeout=2)):
            return True
    except psycopg.Error:
        return False


def local_database_url() -> str:
    """The URL of the first local server that answers, for the `october` database."""
    for url in _candidates():
        if _answers(url):
            return url
    return f"postgresql://postgres@127.0.0.1:5432/{DATABASE_NAME}"


def _run_as_owner(args, owner):
    if os.geteuid() == 0:
        args = ["runuser", "-u", owner, "--", *args]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def _find_program(name):
    found = shutil.which(name)
    if found:
        return found
    for bindir in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (bindir / name).exists():
            return str(bindir / name)
    return None


def start_private_cluster(directory: Path = PRIVATE_CLUSTER, port: int = PRIVATE_PORT):
    """Start, initialising if needed, a socket-only cluster in `directory`.

    Returns the URL of its `october` database.
    """
    initdb, pg_ctl = _find_program("initdb"), _find_program("pg_ctl")
    if not (initdb and pg_ctl):
        sys.exit(
            "No PostgreSQL server answers and PostgreSQL is not installed.\n"
            "Install it (Debian/Ubuntu: sudo apt-get install postgresql) or set "
            "DATABASE_URL to a server you can use."
        )
    owner = getpass.getuser()
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root; hand the cluster to an unprivileged user.
        owner = "postgres" if _user_exists("postgres") else "nobody"
    data, socket_dir = directory / "data", directory / "run"
    socket_dir.mkdir(parents=True, exist_ok=True)
    uid = pwd.getpwnam(owner).pw_uid
    for path in (directory, socket_dir):
        os.chown(path, uid, -1)
    if not (data / "PG_VERSION").exists():
        _run_as_owner(
            [initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
            owner,
        )
    _run_as_owner(
        [
            pg_ctl,
            "-D",
            str(data),
            "-l",
            str(directory / "server.log"),
            "-o",
            f"-c listen_addresses='' -k {socket_dir} -p {port}",
            "-w",
            "start",
        ],
        owner,
    )
    return f"postgresql://postgres@/{DATABASE_NAME}?host={socket_dir}&port={port}"


def stop_private_cluster(directory: Path = PRIVATE_CLUSTER):
    """Stop the cluster in `directory` at once (fast shutdown)."""
    data = directory / "data"
    owner = pwd.getpwuid(data.stat().st_uid).pw_name
    _run_as_owner(
        [_find_program("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], owner
    )


def _user_exists(name):
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def ensure_database(url: str | None = None) -> str:
    """Make sure the database in `url` exists; return its URL.

    Without `url`, the database comes from DATABASE_URL or, failing that, the
    local server, or a private cluster started when no local server answers.
    """
    url = url or os.environ.get("DATABASE_URL")
    if url is None:
        url = local_database_url()
        if not _answers(url):
            url = start_private_cluster()
    name = conninfo_to_dict(url).get("dbname", DATABASE_NAME)
    with psycopg.connect(
        make_conninfo(url, dbname="postgres"), autocommit=True
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            )
            print(f"Created database {name}.")
    return url


if __name__ == "__main__":
    print(f"Database: {ensure_database()}")
