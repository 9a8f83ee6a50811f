"""Reading pages the way a browser would, for anything a payload made live.

``executable_problems(html)`` lists, in words, every place where text from
the database could run: a ``<script>`` whose code calls ``alert``, any
``on*`` event-handler attribute (the site's CSP allows none, so the site
itself writes none), a ``javascript:``, ``vbscript:`` or ``data:text/html``
address in an attribute that loads or navigates, an ``<iframe srcdoc>``, and
a JSON-LD block that is not valid JSON (text broke out of it).
"""

import json
import re
from html.parser import HTMLParser

EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "srcset",
}
# Browsers drop these from addresses before reading the scheme.
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


def is_script_url(value: str) -> bool:
    return _IGNORED_IN_URLS.sub("", value).lower().startswith(SCRIPT_SCHEMES)


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.script: dict | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag}> has an event handler {name}={value!r}")
            if name in URL_ATTRIBUTES and is_script_url(value):
                self.problems.append(f"<{tag}> has a script address {name}={value!r}")
            if name == "srcdoc":
                self.problems.append(f"<{tag}> has srcdoc={value!r}")
        if tag == "script":
            attributes = dict(attrs)
            self.script = {
                "type": (attributes.get("type") or "").strip().lower(),
                "src": attributes.get("src"),
                "text": [],
            }

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self.script is not None:
            self.script["text"].append(data)

    def handle_endtag(self, tag):
        if tag != "script" or self.script is None:
            return
        script, self.script = self.script, None
        code = "".join(script["text"])
        if script["type"] in EXECUTABLE_SCRIPT_TYPES and "alert(" in code:
            self.problems.append(f"<script> runs {code[:80]!r}")
        if script["type"] == "application/ld+json":
            try:
                json.loads(code)
            except ValueError:
                self.problems.append(f"JSON-LD is not JSON: {code[:80]!r}")


def executable_problems(html: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    if scanner.script is not None:
        scanner.problems.append("a <script> is never closed")
    return scanner.problems
