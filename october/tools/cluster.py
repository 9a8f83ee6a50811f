"""The site on more than one machine, on one: nginx in front of several app
servers that share one PostgreSQL and one Redis (``make cluster``).

``start_cluster`` starts each app server with ``october.tools.server`` (each
``make serve`` is a gunicorn of its own on a port of its own, as it would be
on a machine of its own) and then Debian's nginx, with a configuration
written into a directory of the run: round robin over the servers, a request
that fails to reach one (refused, reset, timed out, a 502 or 503) tried on
the next. POSTs are retried too (``non_idempotent``): every form of the site
that changes data sets a value rather than adding one (a rating, a shelf, a
review), so sending it twice leaves what sending it once does.

The servers trust nginx's ``X-Forwarded-For`` (``DJANGO_BEHIND_PROXY``) and
share a secret key, so a session, a throttle and a lockout are the same
whichever server answers.
"""

import os
import shutil
import signal
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import CommandError

from october.tools.server import Server, free_port, start_server

START_SECONDS = 10

NGINX_CONF = """\
# Written by october/tools/cluster.py for one run; nothing here is kept.
worker_processes 1;
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/nginx-error.log warn;

events {{
    worker_connections 1024;
}}

http {{
    access_log {directory}/nginx-access.log;
    client_body_temp_path {directory}/temp/body;
    proxy_temp_path {directory}/temp/proxy;
    fastcgi_temp_path {directory}/temp/fastcgi;
    uwsgi_temp_path {directory}/temp/uwsgi;
    scgi_temp_path {directory}/temp/scgi;
    # As the site's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE), with room for
    # a form's other fields.
    client_max_body_size 3m;

    upstream october {{
{servers}
        keepalive 16;
    }}

    server {{
        listen 127.0.0.1:{port};

        location / {{
            proxy_pass http://october;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            proxy_next_upstream_tries {tries};
            proxy_connect_timeout 2s;
            proxy_read_timeout 35s;
        }}
    }}
}}
"""


@dataclass
class Cluster:
    """nginx on ``port`` in front of ``servers``."""

    port: int
    proxy: subprocess.Popen
    servers: list[Server]
    directory: Path
    stopped: list[Server] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop_server(self, server: Server) -> None:
        """Stop one app server as a deploy would: it finishes what it is
        answering, and nginx sends the rest to the others."""
        server.stop()
        self.stopped.append(server)

    def stop(self) -> None:
        for server in self.servers:
            if server not in self.stopped:
                server.stop()
        if self.proxy.poll() is None:
            os.killpg(self.proxy.pid, signal.SIGQUIT)
            try:
                self.proxy.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proxy.pid, signal.SIGKILL)
                self.proxy.wait()


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if not found:
        raise CommandError("nginx is not installed (Debian: apt-get install nginx).")
    return found


def nginx_conf(*, directory: Path, port: int, upstream_ports: list[int]) -> str:
    servers = "\n".join(
        f"        server 127.0.0.1:{upstream} max_fails=1 fail_timeout=5s;"
        for upstream in upstream_ports
    )
    return NGINX_CONF.format(
        directory=directory, port=port, servers=servers, tries=len(upstream_ports)
    )


def start_cluster(
    database_url: str,
    *,
    redis_url: str,
    secret_key: str,
    directory: Path,
    port: int | None = None,
    servers: int = 2,
    workers: int = 2,
    env: dict | None = None,
) -> Cluster:
    """``servers`` app servers and nginx in front of them on ``port`` (a free
    one by default), all on ``database_url`` and ``redis_url``; logs and
    nginx's files go to ``directory``."""
    binary = nginx_binary()
    directory.mkdir(parents=True, exist_ok=True)
    # nginx's workers drop root; they must reach their temporary files.
    directory.chmod(0o755)
    port = port or free_port()
    app_env = {
        # Links name nginx's address, not the app server that wrote them.
        "SITE_URL": os.environ.get("SITE_URL") or f"http://127.0.0.1:{port}",
        "REDIS_URL": redis_url,
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_BEHIND_PROXY": "1",
        "WEB_CONCURRENCY": str(workers),
        **(env or {}),
    }
    started: list[Server] = []
    try:
        for number in range(servers):
            # The first migrates and collects the static files of the
            # checkout they share; the others only start.
            started.append(
                start_server(
                    database_url,
                    log=directory / f"server-{number}.log",
                    env=app_env,
                    prepared=number > 0,
                )
            )
        conf = directory / "nginx.conf"
        conf.write_text(
            nginx_conf(
                directory=directory,
                port=port,
                upstream_ports=[server.port for server in started],
            )
        )
        (directory / "temp").mkdir(exist_ok=True)
        with (directory / "nginx.log").open("w") as log:
            proxy = subprocess.Popen(
                [binary, "-p", str(directory), "-c", str(conf)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
    except BaseException:
        for server in started:
            server.stop()
        raise
    cluster = Cluster(port, proxy, started, directory)
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and proxy.poll() is None:
        try:
            urllib.request.urlopen(f"{cluster.url}/healthz", timeout=1)
            return cluster
        except OSError:
            time.sleep(0.2)
    cluster.stop()
    raise CommandError(
        f"nginx did not answer within {START_SECONDS} s; see {directory}/nginx.log "
        "and nginx-error.log."
    )
