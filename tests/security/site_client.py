"""A small browser for tests against a real server: it keeps its cookies and
sends the CSRF token with each form."""

import http.client
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from django.conf import settings


@dataclass
class Response:
    status: int
    body: bytes
    headers: http.client.HTTPMessage


class SiteClient:
    """One browser: keeps its cookies and sends the CSRF token with each POST."""

    def __init__(self, base_url: str, *, timeout: float = 30):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: dict) -> Response:
        token = self.cookies.get(settings.CSRF_COOKIE_NAME, "")
        return self.request("POST", path, {"csrfmiddlewaretoken": token, **fields})

    def request(self, method: str, path: str, fields: dict | None = None) -> Response:
        headers = {"User-Agent": "october-tests"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=self.timeout
        )
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        self._keep_cookies(response.headers)
        return Response(response.status, content, response.headers)

    def _keep_cookies(self, headers):
        for header in headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def log_in(self, username: str, password: str) -> Response:
        self.get("/accounts/login/")
        return self.post(
            "/accounts/login/", {"username": username, "password": password}
        )
