"""The load test's visitors and readers, for locust (``manage.py loadtest``).

Three kinds of user:

- ``Visitor``: an anonymous reader going from page to page, one of each type
  (home, timeline, an event, people, a person, articles, an article, the
  interview, books, a book, guides, a guide);
- ``Searcher``: searches for names in several scripts and spellings
  (Latin, Cyrillic, a misspelling, Spanish...);
- ``Reader``: signs in through ``/accounts/login/``, sends the CSRF token
  with each form, rates, reviews and shelves books and reads pages signed
  in. A reader may send ``reviews_per_reader`` ratings or reviews an hour,
  so after that many the user signs in as the next reader of the plan.

Everything else comes from the plan, a JSON file named by ``LOADTEST_PLAN``
that ``manage.py loadtest`` writes: the pages, the books and shelves, the
readers and their password, and where to write the results. Each request is named by
its kind; at the end the results file gets, per kind, the number of
requests, requests/s, p50/p95/p99 in milliseconds and the count of each
status (0: no answer). Every user sends an address of its own as
X-Forwarded-For, which a server behind a proxy (``DJANGO_BEHIND_PROXY``)
takes as the client's, so per-address throttles see many people.

Django is not imported here: locust patches the standard library with
gevent when it is imported, so it runs in a process of its own.
"""

import itertools
import json
import os
import random
from collections import Counter, defaultdict

from locust import HttpUser, between, events, task

# The status each kind should answer with; any other is a failure to locust.
EXPECTED_STATUS = {
    "page": 200,
    "search": 200,
    "sign-in": 302,
    "reader page": 200,
    "rate": 302,
    "review": 302,
    "shelve": 302,
}
SEARCHES = [
    "lenin",
    "Trotsky",
    "Троцкий",
    "Лев Троцкий",
    "Trotksy",
    "Trotskii",
    "revolución",
    "revoluciones",
    "petrograd soviet",
    "history of the russian revolution",
    "kornilov",
    "july days",
]
REVIEW_TEXTS = [
    "A clear account of the year, well worth the time.",
    "Dense in places, but the chapters on the soviets are excellent.",
    "Read it for the documents quoted at length; the argument is sharp.",
]

with open(os.environ["LOADTEST_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)

# Shared by every user of this process (locust's users are greenlets).
addresses = itertools.count()
readers = iter(PLAN["readers"])
statuses: dict[str, Counter] = defaultdict(Counter)
signed_in = Counter()


def next_address() -> str:
    """A private address for one user, from the plan's block of 10.0.0.0/8
    (a new block each run, so throttles left by an earlier run do not bite)."""
    number = (PLAN["address_base"] + next(addresses)) % (1 << 24)
    return f"10.{number >> 16}.{number >> 8 & 255}.{number & 255}"


class SiteUser(HttpUser):
    """Someone with a browser of their own: cookies, an address."""

    abstract = True
    wait_time = between(0.1, 0.5)

    def on_start(self):
        self.client.headers["User-Agent"] = "october-loadtest"
        self.client.headers["X-Forwarded-For"] = next_address()

    def send(self, kind, method, path, **kwargs):
        """A request named by its kind, a failure unless it answers as the
        kind should (a form sent back to the sign-in page is not a success).
        A form carries the CSRF token from its cookie, as a page's form would."""
        if method == "POST":
            token = self.client.cookies.get(PLAN["csrf_cookie"], "")
            kwargs["data"] = {"csrfmiddlewaretoken": token, **kwargs["data"]}
        with self.client.request(
            method,
            path,
            name=kind,
            allow_redirects=False,
            catch_response=True,
            **kwargs,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != EXPECTED_STATUS[kind]:
                response.failure(f"answered {response.status_code}")
            elif kind != "sign-in" and "/accounts/login/" in location:
                response.failure("sent to the sign-in page")
            else:
                response.success()
            return response


class Visitor(SiteUser):
    weight = 6

    @task
    def read(self):
        self.send("page", "GET", random.choice(PLAN["pages"]))


class Searcher(SiteUser):
    weight = 2

    @task
    def search(self):
        self.send("search", "GET", "/search/", params={"q": random.choice(SEARCHES)})


class Reader(SiteUser):
    weight = 2

    def on_start(self):
        super().on_start()
        self.kept_book = self.book()
        if self.sign_in():
            # What they signed in for: this book stays on one of their shelves.
            self.shelve(random.choice(PLAN["shelves"]), self.kept_book)
            self.rate()

    def sign_in(self) -> bool:
        """Sign in as the plan's next reader, from an address of their own."""
        username = next(readers, None)
        self.reviews_left = 0
        if username is None:
            return False
        self.client.cookies.clear()
        self.client.headers["X-Forwarded-For"] = next_address()
        self.send("reader page", "GET", "/accounts/login/")
        response = self.send(
            "sign-in",
            "POST",
            "/accounts/login/",
            data={"username": username, "password": PLAN["password"]},
        )
        if response.status_code == 302:
            signed_in["readers"] += 1
            self.reviews_left = PLAN["reviews_per_reader"]
        return self.reviews_left > 0

    def book(self) -> str:
        return random.choice(PLAN["books"])

    def submit(self, kind, text):
        # Past the hourly limit the site would refuse: a fresh reader takes over.
        if self.reviews_left <= 0 and not self.sign_in():
            return self.read()
        self.reviews_left -= 1
        self.send(
            kind,
            "POST",
            f"/books/{self.book()}/review/",
            data={"rating": random.randint(1, 5), "text": text, "website": ""},
        )

    @task(3)
    def read(self):
        self.send("reader page", "GET", random.choice(PLAN["pages"]))

    @task(2)
    def rate(self):
        self.submit("rate", "")

    @task(1)
    def review(self):
        self.submit("review", random.choice(REVIEW_TEXTS))

    @task(2)
    def shelve(self, status=None, book=None):
        """Put a book on a shelf, or ("") take it off; the book kept since
        signing in only moves between shelves."""
        book = book or self.book()
        if status is None:
            choices = (
                PLAN["shelves"] if book == self.kept_book else ["", *PLAN["shelves"]]
            )
            status = random.choice(choices)
        self.send("shelve", "POST", f"/books/{book}/shelve/", data={"status": status})


@events.request.add_listener
def count_status(name, response=None, **kwargs):
    statuses[name][getattr(response, "status_code", 0) or 0] += 1


@events.quitting.add_listener
def write_results(environment, **kwargs):
    stats = environment.stats
    entries = {name: entry for (name, _method), entry in stats.entries.items()}
    entries["all"] = stats.total
    kinds = {}
    for name, entry in entries.items():
        if not entry.num_requests:
            continue
        counted = statuses[name] if name != "all" else sum(statuses.values(), Counter())
        kinds[name] = {
            "requests": entry.num_requests,
            "unexpected": entry.num_failures,
            "rps": entry.total_rps,
            "p50_ms": entry.get_response_time_percentile(0.50),
            "p95_ms": entry.get_response_time_percentile(0.95),
            "p99_ms": entry.get_response_time_percentile(0.99),
            "statuses": {str(status): count for status, count in counted.items()},
        }
    results = {
        "seconds": stats.last_request_timestamp - stats.start_time
        if stats.last_request_timestamp
        else 0.0,
        "kinds": kinds,
        "readers_signed_in": signed_in["readers"],
    }
    with open(PLAN["results"], "w", encoding="utf-8") as file:
        json.dump(results, file, indent=2)
