"""Every address of the URLconf, every parameter its view reads and every
field of every public form, fuzzed as a visitor, a reader and staff.

The patterns, their query parameters and the forms are found, not listed
(tests/security/fuzzing.py): a new page is fuzzed without touching this file.
Each pattern gets ``EXAMPLES`` requests per role from hypothesis, mixing a
real address found by crawling, paths its regular expression matches, and
hostile values (NUL, bytes that are not UTF-8, overlong text, huge and
negative numbers, confusables, bidi controls, SQL and HTML metacharacters,
path traversal) in its parameters and query. Patterns under the language
prefix take turns in English, /es/ and /ru/.

What must hold for every request: no 5xx; no HTML payload reflected as it
was sent; and a form that refused its input stored nothing.

Examples are derandomized: every run sends the same requests, so a failure
here is a failure on every machine. ``-s`` prints what was tried.
"""

import inspect
import itertools
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.security import fuzzing
from tests.security.factories import make_site

pytestmark = pytest.mark.django_db

# Requests per pattern (or public form), by role. The admin serves staff
# only: for the others each of its addresses is one redirect to sign in.
EXAMPLES = {
    "anonymous": {"page": 4, "admin": 1, "admin list": 1, "form": 6},
    "reader": {"page": 3, "admin": 1, "admin list": 1, "form": 6},
    "staff": {"page": 2, "admin": 2, "admin list": 8, "form": 3},
}
CRAWL_LIMIT = 600
# Tables a refused request may write to: its failed sign-in, its session.
MAY_CHANGE_WHEN_REFUSED = ("axes_", "django_session")
HYPOTHESIS = settings(
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


class Fuzzer:
    def __init__(self, role, site):
        self.role = role
        self.client = Client(raise_request_exception=False)
        self.user = {
            "anonymous": None,
            "reader": site.reader,
            "staff": get_user_model().objects.create_superuser(
                "fuzz-staff", "staff@example.org", "pw"
            ),
        }[role]
        self.requests = 0
        self.examples: Counter[str] = Counter()
        self.problems: dict[tuple[str, str], str] = {}
        self.languages = itertools.cycle(["", "es/", "ru/"])
        self.tables = sorted(
            {
                model._meta.db_table
                for model in apps.get_models()
                if model._meta.managed and not model._meta.proxy
            }
        )
        self.sign_in()

    def sign_in(self):
        if self.user and not self.client.cookies.get("sessionid", None):
            self.client.force_login(self.user)
        elif self.user and not self.client.cookies["sessionid"].value:
            self.client.force_login(self.user)

    def send(self, method, path, query="", body=None, key=None):
        """One request; notes a 5xx or a reflected payload under ``key``."""
        self.requests += 1
        url = f"{path}?{query}" if query else path
        if method == "get":
            response = self.client.get(url)
        else:
            response = self.client.post(
                url, body, content_type="application/x-www-form-urlencoded"
            )
        where = f"{method.upper()} {url[:160]}"
        key = key or path
        if response.status_code >= 500:
            exception = (response.exc_info or (None, None))[1]
            what = f"{response.status_code} {type(exception).__name__}: {exception}"
            self.problems.setdefault((key, what[:120]), where)
        content_type = response.get("Content-Type", "")
        if (
            not response.streaming
            and content_type.startswith("text/html")
            and fuzzing.REFLECTED_MARK in response.content
        ):
            self.problems.setdefault((key, "payload reflected unescaped"), where)
        return response

    # Finding addresses and forms

    def crawl(self, patterns):
        """Fetch, breadth first, the pages without parameters and every local
        link they lead to whose pattern has no real address yet; note that
        address as the pattern's seed, and every POST form met."""
        by_route = {pattern.route: pattern for pattern in patterns}
        queue = [
            "/" + pattern.regex
            for pattern in patterns
            if not fuzzing.normalize(pattern.regex)[0][1]
            and (self.role == "staff" or not pattern.is_admin)
        ]
        queue = [path for path in queue if "\\" not in path and "(" not in path]
        seen, forms = set(queue), {}
        while queue and len(seen) < CRAWL_LIMIT:
            path = queue.pop(0)
            response = self.send("get", path)
            if response.status_code != 200 or response.streaming:
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            page_forms, links = fuzzing.read_page(path, response.content.decode())
            for form in page_forms:
                route = fuzzing.route_of(form.action)
                if route and not route.startswith("admin/"):
                    forms.setdefault(route, form)
            for link in links:
                bare = link.split("?")[0]
                route = fuzzing.route_of(bare)
                pattern = by_route.get(route)
                if pattern is None or bare.startswith(("/es/", "/ru/")):
                    continue
                if pattern.is_admin and self.role != "staff":
                    continue
                if pattern.seed is None:
                    pattern.seed = bare
                    if bare not in seen:
                        seen.add(bare)
                        queue.append(bare)
        return forms

    # Fuzzing

    def fuzz_pattern(self, pattern):
        kind = "page"
        if pattern.is_admin:
            kind = "admin list" if pattern.query_parameters else "admin"

        @settings(HYPOTHESIS, max_examples=EXAMPLES[self.role][kind])
        @given(path=pattern.paths(), query=pattern.queries())
        def run(path, query):
            language = next(self.languages) if pattern.localized else ""
            encoded = "&".join(f"{fuzzing.encode(k)}={v}" for k, v in query.items())
            self.examples[pattern.route] += 1
            self.send("get", f"/{language}{path}", encoded, key=pattern.route)
            self.sign_in()

        run()
        # And every parameter at once at the edges of what numbers hold.
        format_string, parameters = fuzzing.normalize(pattern.regex)[0]
        path = pattern.seed or (None if parameters else "/" + format_string)
        if pattern.query_parameters and path:
            for value in fuzzing.BOUNDARY_NUMBERS:
                query = "&".join(f"{name}={value}" for name in pattern.query_parameters)
                self.examples[pattern.route] += 1
                self.send("get", path, query, key=pattern.route)

    def fuzz_form(self, route, form):
        names = sorted(form.fields)

        @settings(HYPOTHESIS, max_examples=EXAMPLES[self.role]["form"])
        @given(
            st.dictionaries(
                st.sampled_from(names), fuzzing.hostile_values(), min_size=1
            )
        )
        def run(hostile):
            fields = {
                name: fuzzing.encode(value) for name, value in form.fields.items()
            }
            fields.update(hostile)
            body = "&".join(f"{fuzzing.encode(k)}={v}" for k, v in fields.items())
            cache.clear()  # the form's throttle would answer before the form
            before = self.row_counts()
            self.examples[f"POST {route}"] += 1
            response = self.send("post", form.action, body=body, key=f"POST {route}")
            if response.status_code not in (301, 302, 303):
                changed = [
                    table
                    for table, (old, new) in zip(
                        self.tables,
                        zip(before, self.row_counts(), strict=True),
                        strict=True,
                    )
                    if old != new and not table.startswith(MAY_CHANGE_WHEN_REFUSED)
                ]
                if changed:
                    self.problems.setdefault(
                        (f"POST {route}", f"refused but stored in {changed}"),
                        f"POST {form.action} {body[:160]}",
                    )
            self.sign_in()

        if names:
            run()

    def row_counts(self):
        sql = "SELECT " + ", ".join(
            f"(SELECT count(*) FROM {connection.ops.quote_name(table)})"
            for table in self.tables
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()

    def report(self, patterns, forms):
        counts = sorted(self.examples.values())
        print(
            f"\n[{self.role}] {len(patterns)} patterns"
            f" ({sum(p.localized for p in patterns)} under /es/ and /ru/ too,"
            f" {sum(bool(p.seed) for p in patterns)} with a real address),"
            f" {len(forms)} forms; examples per pattern or form"
            f" {counts[0]}-{counts[-1]}; {self.requests} requests;"
            f" {len(self.problems)} problems"
        )
        for (key, what), where in sorted(self.problems.items()):
            print(f"  {key}: {what}\n      {where}")


@pytest.mark.parametrize("role", ["anonymous", "reader", "staff"])
def test_no_address_parameter_or_form_field_breaks_the_site(role):
    site = make_site()
    fuzzer = Fuzzer(role, site)
    patterns = fuzzing.url_patterns()
    forms = fuzzer.crawl(patterns)
    for pattern in patterns:
        fuzzer.fuzz_pattern(pattern)
    for route, form in sorted(forms.items()):
        fuzzer.fuzz_form(route, form)
    fuzzer.report(patterns, forms)
    assert not fuzzer.problems, sorted(fuzzer.problems.items())


def test_the_fuzzer_finds_the_sites_addresses_and_their_parameters():
    patterns = {pattern.route: pattern for pattern in fuzzing.url_patterns()}
    # One of each kind: a machine address, a localized page with a
    # converter, the admin, and a regular expression.
    assert not patterns["healthz"].localized
    book = patterns["books/<slug:slug>/"]
    assert book.localized
    assert "page" in book.query_parameters
    assert set(patterns["people/"].query_parameters) >= {"kind", "page"}
    changelist = patterns["admin/reviews/review/"]
    assert "q" in changelist.query_parameters
    assert any(name.startswith("status") for name in changelist.query_parameters)
    assert "admin/people/person/<path:object_id>/history/" in patterns


def test_every_public_view_that_reads_the_query_declares_what_it_reads():
    """The fuzzer (and the page cache) know a view's query parameters from
    its ``cache_query_params``: a view of the site whose code reads
    ``request.GET`` without declaring them would be fuzzed without them."""
    from django.conf import settings as django_settings

    ours = {
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if str(config.path).startswith(str(django_settings.BASE_DIR))
        and "site-packages" not in str(config.path)
    }
    silent = set()
    for pattern in fuzzing.url_patterns():
        view = getattr(pattern.callback, "view_class", None)
        if view is None or pattern.is_admin:
            continue
        source = "".join(
            inspect.getsource(klass)
            for klass in view.__mro__
            if klass.__module__.split(".")[0] in ours
        )
        if "request.GET" in source and not getattr(view, "cache_query_params", ()):
            silent.add(pattern.route)
    assert sorted(silent) == []
