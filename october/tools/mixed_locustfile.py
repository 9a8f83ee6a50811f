"""The benchmark's mixed workload, for locust (``october/tools/mixed.py``).

- ``Visitor``: anonymous readers, one request after another with no pause,
  choosing pages the way real traffic does: a category by its share (the
  home page, list pages, articles, people, books, events, guides), then an
  item by a Zipf law over the category's items in a fixed random order, so
  a few pages are read all the time and thousands now and then.
- ``Writer``: signed-in readers rating, shelving and reviewing books (chosen
  by the same law: popular books get the most ratings), together at the
  plan's rate, once the warm-up is over.
- ``Floor``: ``/healthz`` only, for the floor measured by the same client
  in the same run.

For the first ``warm_up`` seconds the visitors fill the cache and nothing is
counted; then the figures start from zero. At the end the results file gets
the reads' and writes' requests, requests/s, p50/p99 in milliseconds, their
statuses, and the reads' ``X-Cache`` answers (HIT, MISS, none).

Django is not imported here: locust patches the standard library with
gevent when it is imported, so it runs in a process of its own.
"""

import bisect
import itertools
import json
import os
import random
import time
from collections import Counter

import gevent
from locust import FastHttpUser, constant, constant_throughput, events, task

with open(os.environ["MIXED_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)

STARTED = time.monotonic()
WARM_UP = PLAN["warm_up"]
SHELVES = ["want_to_read", "currently_reading", "read", ""]
REVIEW_TEXTS = [
    "A clear account of the year, well worth the time.",
    "Dense in places, but the chapters on the soviets are excellent.",
]
cache_answers: Counter = Counter()
statuses: Counter = Counter()
readers = iter(PLAN["readers"])
addresses = itertools.count()


def zipf_cumulative(count: int, exponent: float) -> list[float]:
    weights = itertools.accumulate(1 / rank**exponent for rank in range(1, count + 1))
    return list(weights)


CATEGORIES = [name for name, share in PLAN["shares"].items() if PLAN["urls"][name]]
CATEGORY_WEIGHTS = [PLAN["shares"][name] for name in CATEGORIES]
CUMULATIVE = {
    name: zipf_cumulative(len(PLAN["urls"][name]), PLAN["zipf"]) for name in CATEGORIES
}
BOOKS = PLAN["books"]
BOOK_CUMULATIVE = zipf_cumulative(len(BOOKS), PLAN["zipf"])


def zipf_choice(items, cumulative):
    point = random.random() * cumulative[-1]
    return items[min(bisect.bisect_left(cumulative, point), len(items) - 1)]


def next_page() -> str:
    category = random.choices(CATEGORIES, weights=CATEGORY_WEIGHTS)[0]
    return zipf_choice(PLAN["urls"][category], CUMULATIVE[category])


def warmed_up() -> bool:
    return time.monotonic() - STARTED >= WARM_UP


class Visitor(FastHttpUser):
    weight = PLAN["visitors"]
    fixed_count = PLAN["visitors"]
    wait_time = constant(0)

    @task
    def read(self):
        with self.client.get(next_page(), name="read", catch_response=True) as response:
            if warmed_up():
                statuses[("read", response.status_code)] += 1
                cache_answers[response.headers.get("X-Cache") or "none"] += 1
            if response.status_code != 200:
                response.failure(f"answered {response.status_code}")


class Floor(FastHttpUser):
    weight = PLAN["floor_users"]
    fixed_count = PLAN["floor_users"]
    wait_time = constant(0)

    @task
    def healthz(self):
        self.client.get("/healthz", name="floor")


class Writer(FastHttpUser):
    weight = PLAN["writers"]
    fixed_count = PLAN["writers"]
    # Together the writers send the plan's writes per second.
    wait_time = constant_throughput(PLAN["writes_per_second"] / max(PLAN["writers"], 1))

    def on_start(self):
        self.left = 0
        # An address of its own (the server trusts X-Forwarded-For), so
        # per-address limits on signing in see many people, as they would.
        number = (PLAN["address_base"] + next(addresses)) % (1 << 24)
        self.address = f"10.{number >> 16}.{number >> 8 & 255}.{number & 255}"
        while not warmed_up():
            gevent.sleep(0.2)

    def sign_in(self) -> bool:
        """The plan's next reader; each may rate or review ten books an hour."""
        username = next(readers, None)
        if username is None:
            return False
        self.client.cookiejar.clear()
        self.client.get("/accounts/login/", name="sign-in page", headers=self.headers())
        response = self.client.post(
            "/accounts/login/",
            data={
                "username": username,
                "password": PLAN["password"],
                "csrfmiddlewaretoken": self.csrf_token(),
            },
            name="sign-in",
            allow_redirects=False,
            headers=self.headers(),
        )
        self.left = PLAN["reviews_per_reader"] if response.status_code == 302 else 0
        return self.left > 0

    def headers(self) -> dict:
        return {"X-Forwarded-For": self.address}

    def csrf_token(self) -> str:
        for cookie in self.client.cookiejar:
            if cookie.name == PLAN["csrf_cookie"]:
                return cookie.value
        return ""

    def post(self, kind, path, data):
        response = self.client.post(
            path,
            data={"csrfmiddlewaretoken": self.csrf_token(), **data},
            name="write",
            allow_redirects=False,
            headers=self.headers(),
        )
        statuses[(kind, response.status_code)] += 1

    @task
    def write(self):
        book = zipf_choice(BOOKS, BOOK_CUMULATIVE)
        kind = random.choices(["rate", "shelve", "review"], weights=[5, 4, 1])[0]
        if kind == "shelve":
            if self.left <= 0 and not self.sign_in():
                return
            self.post(
                kind, f"/books/{book}/shelve/", {"status": random.choice(SHELVES)}
            )
            return
        if self.left <= 0 and not self.sign_in():
            return
        self.left -= 1
        text = random.choice(REVIEW_TEXTS) if kind == "review" else ""
        self.post(
            kind,
            f"/books/{book}/review/",
            {"rating": random.randint(1, 5), "text": text, "website": ""},
        )


@events.test_start.add_listener
def reset_after_warm_up(environment, **kwargs):
    def reset():
        gevent.sleep(max(WARM_UP - (time.monotonic() - STARTED), 0))
        environment.stats.reset_all()

    if WARM_UP:
        gevent.spawn(reset)


@events.quitting.add_listener
def write_results(environment, **kwargs):
    stats = environment.stats
    kinds = {}
    for (name, _method), entry in stats.entries.items():
        if not entry.num_requests:
            continue
        kinds[name] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "rps": entry.total_rps,
            "p50_ms": entry.get_response_time_percentile(0.50),
            "p99_ms": entry.get_response_time_percentile(0.99),
        }
    results = {
        "seconds": (stats.last_request_timestamp or stats.start_time)
        - stats.start_time,
        "kinds": kinds,
        "cache": dict(cache_answers),
        "statuses": {f"{kind} {status}": n for (kind, status), n in statuses.items()},
    }
    with open(PLAN["results"], "w", encoding="utf-8") as file:
        json.dump(results, file, indent=2)
