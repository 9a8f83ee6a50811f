"""Caching that survives writes: whole pages for anonymous readers, and parts
of pages (``{% cachedfragment %}``) for everyone.

Tags
----
Every cached page and fragment is stored with the tags of what it showed
(``october.core.cache_tags``: one item, a model's lists, which items are
public) and the number of the last change when its rendering began. A save
or delete moves the tags it changes, and a page is served only while none of
its tags has moved since it began. So a reader's rating drops the pages
that show that book, its ratings and the most rated book (the home page's
favourite), and nothing else: the timeline, the people and the articles stay
cached.

What a save moves, by default, for a row of a content app:

- its item tag, and the item tags of the rows its foreign keys (and generic
  foreign keys) point to: a quote moves its person, a rating its book;
- its model's list tag, unless the app said otherwise;
- its model's live tag, when the row became public or stopped being public;
- whatever its app declared with ``register_invalidation``.

A many-to-many change moves both sides. Apps say what their rows move from
their ``AppConfig.ready()`` (``register_content_app``,
``register_invalidation``, ``track_model``); this module imports no app.

Moving a tag happens at once and again when the transaction commits: a page
rendered in between, from rows not yet committed, is dropped by the second.
Then the purge hook (``PAGE_CACHE_PURGE``, a dotted path to a function that
receives the tags) can purge a CDN by the ``Surrogate-Key`` header each page
carries. The numbers live in the shared cache (Redis), so every app server
sees every change at once.

Scheduled items need no job: the next publication time is kept beside the
numbers, and the first request after it moves the tags of what came due,
as if it had been saved then.

The page cache
--------------
Only requests that carry no cookie but the CSRF and language ones are cached:
without a session they are anonymous, without a messages cookie they have
nothing pending. The language cookie changes nothing on a public page, whose
language is its path's prefix (october/core/i18n.py): it only matters to the
admin and to a first visit to "/", both decided before this cache is looked
at. A response is stored only when it is the same for every such reader:
a 200 that sets no cookie (a page that uses a CSRF token sets one) and is not
marked private or uncacheable (draft previews are). Signed-in readers are never
served from or stored in this cache, and their pages are marked private.

Pages are keyed by scheme, host, language, path and only the query
parameters their view reads (``cache_query_params`` on the view): junk such
as ``?utm_source=`` shares the page's one copy. A view that reads a parameter
it did not declare is not stored at all. Responses say ``X-Cache: HIT`` or
``MISS`` and carry ``Cache-Control`` with ``s-maxage`` and
``stale-while-revalidate`` for shared caches.
"""

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache as cache_result
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_init
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re, get_max_age, patch_cache_control
from django.utils.module_loading import import_string
from simple_history.models import HistoricalChanges

from october.core import cache_tags
from october.core.cache_tags import (
    Dependencies,
    depends_on,
    item_tag,
    list_tag,
    live_tag,
    tracking,
)
from october.core.preview import PREVIEW_PARAMETER
from october.core.publishing import Publishable, Status

logger = logging.getLogger(__name__)

__all__ = [
    "depends_on",
    "invalidate",
    "invalidate_all",
    "register_content_app",
    "register_invalidation",
    "track_model",
]

# Every cached page and fragment depends on this tag; ``invalidate_all``
# moves it.
SITE_TAG = "site"
SEQUENCE_KEY = "cache-tags:sequence"
SCHEDULE_KEY = "cache-tags:schedule"
SCHEDULE_LOCK_KEY = "cache-tags:schedule-lock"
TAG_KEY_PREFIX = "cache-tag:"
UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store"}
# Never looked up in the cache: the admin, and the health check, which must
# answer while the cache is down and is the benchmarks' minimal baseline.
UNCACHED_PATH_PREFIXES = ("/admin/", "/healthz")
# A request carrying one of these is never cached: a preview link opens a
# draft for whoever holds it.
BYPASS_PARAMETERS = frozenset({PREVIEW_PARAMETER})
# How long a shared cache (a CDN) may serve a stale page while it fetches a
# fresh one.
STALE_WHILE_REVALIDATE = 30


@dataclass(frozen=True)
class _Rule:
    moves: Callable[[object], Iterable[str]] | None
    lists: bool


_content_apps: set[str] = set()
_tracked_models: set[type] = set()
_rules: dict[type, _Rule] = {}


# Registry: what apps say from their AppConfig.ready()


def register_content_app(app_label: str) -> None:
    """Declare that the app ``app_label`` holds what public pages show: pages
    depend on the rows of its models they load, and its saves and deletes
    move the tags described above."""
    _content_apps.add(app_label)
    for model in apps.get_app_config(app_label).get_models():
        if not issubclass(model, HistoricalChanges):
            track_model(model)


def content_apps() -> frozenset[str]:
    return frozenset(_content_apps)


def track_model(model) -> None:
    """Make every page that loads a row of ``model`` depend on its item tag,
    and let foreign keys to it move that tag (readers' accounts, whose names
    show beside their reviews)."""
    model = model._meta.concrete_model
    if model in _tracked_models:
        return
    _tracked_models.add(model)
    post_init.connect(
        _track_item, sender=model, weak=False, dispatch_uid=f"cache-tags-{model}"
    )


def register_invalidation(
    model, moves: Callable[[object], Iterable[str]] | None = None, *, lists=True
) -> None:
    """Say what a save or delete of a ``model`` row moves beyond the default.

    ``moves(instance)`` returns more tags to move. ``lists=False`` says a
    change of one row leaves lists of the model as they were (a bare rating
    is in no list of ratings; ``moves`` can still return the list tag when
    it is).
    """
    _rules[model._meta.concrete_model] = _Rule(moves=moves, lists=lists)


def _track_item(sender, instance, **kwargs):
    if instance.pk is not None and cache_tags.is_tracking():
        depends_on(item_tag(instance))


@cache_result
def _is_content_model(model) -> bool:
    return model._meta.app_label in _content_apps and not issubclass(
        model, HistoricalChanges
    )


# What a change moves


def tags_moved_by(
    instance, *, created=False, deleted=False, became_live=False
) -> set[str]:
    """The tags a save (or delete, or coming due) of ``instance`` moves."""
    model = instance._meta.concrete_model
    tags = {item_tag(instance)}
    rule = _rules.get(model)
    if rule is None or rule.lists:
        tags.add(list_tag(model))
    if isinstance(instance, Publishable) and (
        became_live or _liveness_changed(instance, created=created, deleted=deleted)
    ):
        tags.add(live_tag(model))
    for field in instance._meta.concrete_fields:
        if field.many_to_one or field.one_to_one:
            target = field.related_model._meta.concrete_model
            value = getattr(instance, field.attname)
            if value is not None and target in _tracked_models:
                tags.add(item_tag(target, value))
    for field in instance._meta.private_fields:
        if isinstance(field, GenericForeignKey):
            tags |= _generic_target_tags(instance, field)
    if rule is not None and rule.moves is not None:
        tags.update(rule.moves(instance))
    return tags


def _generic_target_tags(instance, field) -> set[str]:
    type_id = getattr(instance, f"{field.ct_field}_id", None)
    object_id = getattr(instance, field.fk_field, None)
    if type_id is None or object_id is None:
        return set()
    target = ContentType.objects.get_for_id(type_id).model_class()
    if target is None or target._meta.concrete_model not in _tracked_models:
        return set()
    return {item_tag(target, object_id)}


def _liveness_changed(instance, *, created, deleted) -> bool:
    now_live = instance.is_live
    if created or deleted:
        return now_live
    loaded = getattr(instance, "_published_as_loaded", None)
    if loaded is None:
        # Saved without having been read: we cannot tell, so say it changed.
        return True
    status, publish_at = loaded
    was_live = status == Status.PUBLISHED and publish_at <= timezone.now()
    return was_live != now_live


def content_changed(sender, instance=None, signal=None, **kwargs):
    """Receiver for saves and deletes: move what the row's change moves."""
    if instance is None or not _is_content_model(sender):
        return
    deleted = signal is post_delete
    invalidate(
        tags_moved_by(instance, created=kwargs.get("created", False), deleted=deleted)
    )
    if isinstance(instance, Publishable) and not deleted:
        instance._published_as_loaded = (instance.status, instance.publish_at)
        if instance.is_scheduled:
            _note_scheduled(instance.publish_at)


def content_m2m_changed(sender, instance, action, model, pk_set, **kwargs):
    """Receiver for many-to-many changes: both sides move."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not (_is_content_model(sender) or _is_content_model(type(instance))):
        return
    tags = tags_moved_by(instance)
    if action == "pre_clear":
        tags.add(list_tag(model))
    else:
        tags |= {item_tag(model, pk) for pk in pk_set or ()}
    invalidate(tags)


def invalidate(tags: Iterable[str]) -> None:
    """Move ``tags`` now and again once the transaction commits, then purge
    them from shared caches through the purge hook."""
    tags = frozenset(tags)
    if not tags:
        return
    _move(tags)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _committed(tags, move=True))
    else:
        _committed(tags, move=False)


def invalidate_all() -> None:
    """Drop every cached page and fragment (after a deploy that changed
    templates, say)."""
    invalidate({SITE_TAG})


def _committed(tags, *, move):
    if move:
        _move(tags)
    hook = getattr(settings, "PAGE_CACHE_PURGE", None)
    if not hook:
        return
    try:
        import_string(hook)(sorted(tags))
    except Exception:
        # A CDN that cannot be reached must never fail a write; its copies
        # expire by themselves (s-maxage).
        logger.exception("The cache purge hook failed for %d tags", len(tags))


# The numbers: a sequence counting changes, and each tag's last change


_MOVE_SCRIPT = """
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[1]) end
local number = redis.call('INCR', KEYS[1])
for i = 2, #KEYS do redis.call('SET', KEYS[i], number) end
return number
"""
_local_lock = threading.Lock()


def _tag_key(tag: str) -> str:
    return TAG_KEY_PREFIX + tag


def _first_number() -> int:
    # Milliseconds: should the sequence be lost (a Redis without the key),
    # it starts again above every number it gave before.
    return int(time.time() * 1000)


def _move(tags: Iterable[str]) -> int:
    """Give ``tags`` the next number of the sequence, atomically."""
    keys = [SEQUENCE_KEY, *(_tag_key(tag) for tag in sorted(tags))]
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, RedisCache):
        full_keys = [backend.make_and_validate_key(key) for key in keys]
        # Django's client has no scripts: Redis itself, through redis-py.
        client = backend._cache.get_client(full_keys[0], write=True)
        return int(
            client.eval(_MOVE_SCRIPT, len(full_keys), *full_keys, _first_number())
        )
    # Local memory (development, tests): one process, so a lock suffices.
    with _local_lock:
        number = (cache.get(SEQUENCE_KEY) or _first_number()) + 1
        cache.set_many(dict.fromkeys(keys, number), timeout=None)
        return number


def _is_fresh(dependencies: Dependencies, number: int, now: datetime) -> bool:
    if dependencies.expires is not None and dependencies.expires <= now:
        return False
    moved = cache.get_many([_tag_key(tag) for tag in dependencies.tags])
    return all(value <= number for value in moved.values())


# Scheduled publication


@lru_cache(maxsize=1)
def _publishable_models() -> tuple[type, ...]:
    return tuple(
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) and _is_content_model(model)
    )


def next_scheduled_publication():
    """The earliest future publish_at over every publishable model, or None."""
    times = [
        model.objects.scheduled().aggregate(first=Min("publish_at"))["first"]
        for model in _publishable_models()
    ]
    return min((time for time in times if time is not None), default=None)


def _note_scheduled(publish_at: datetime) -> None:
    schedule = cache.get(SCHEDULE_KEY)
    if schedule is not None and (
        schedule["due"] is None or publish_at < schedule["due"]
    ):
        cache.set(SCHEDULE_KEY, {**schedule, "due": publish_at}, timeout=None)


def _check_schedule(schedule, now: datetime) -> None:
    """Move the tags of items that came due since the last look, once."""
    if schedule is None:
        cache.set(
            SCHEDULE_KEY,
            {"due": next_scheduled_publication(), "checked": now},
            timeout=None,
        )
        return
    if schedule["due"] is None or schedule["due"] > now:
        return
    if not cache.add(SCHEDULE_LOCK_KEY, 1, timeout=30):
        return  # Another request is at it.
    try:
        tags = set()
        for model in _publishable_models():
            came_due = model.objects.filter(
                status=Status.PUBLISHED,
                publish_at__gt=schedule["checked"],
                publish_at__lte=now,
            )
            for item in came_due:
                tags |= tags_moved_by(item, became_live=True)
        invalidate(tags)
        cache.set(
            SCHEDULE_KEY,
            {"due": next_scheduled_publication(), "checked": now},
            timeout=None,
        )
    finally:
        cache.delete(SCHEDULE_LOCK_KEY)


def _lookup(key: str):
    """The entry stored under ``key`` if it is still fresh, else None, and
    the sequence number a rendering that begins now is stored with."""
    found = cache.get_many([key, SEQUENCE_KEY, SCHEDULE_KEY])
    now = timezone.now()
    _check_schedule(found.get(SCHEDULE_KEY), now)
    number = found.get(SEQUENCE_KEY, 0)
    entry = found.get(key)
    if entry is not None and _is_fresh(entry["dependencies"], entry["number"], now):
        return entry, number
    return None, number


def _store(key, number, dependencies, value, seconds) -> None:
    dependencies.tags.add(SITE_TAG)
    cache.set(
        key,
        {"dependencies": dependencies, "number": number, "value": value},
        seconds,
    )


def cached_fragment(
    name: str, vary_on: Iterable, render: Callable[[], str], depends: Iterable = ()
) -> str:
    """``render()``, or what it gave before while nothing it showed has changed.

    ``depends`` names tags (or models, for their lists) the fragment shows
    beyond the rows it loads, such as the list and the live items of the
    model it lists, whose queryset was made before the fragment began. A
    ``vary_on`` value of None means this rendering is not to be kept.
    """
    seconds = settings.FRAGMENT_CACHE_SECONDS
    if not seconds or any(value is None for value in vary_on):
        return render()
    raw = "|".join(str(value) for value in (translation.get_language(), *vary_on))
    key = f"fragment:{name}:" + hashlib.sha256(raw.encode()).hexdigest()
    entry, number = _lookup(key)
    if entry is not None:
        cache_tags.add_dependencies(entry["dependencies"])
        return entry["value"]
    with tracking() as dependencies:
        depends_on(*depends)
        fragment = render()
    _store(key, number, dependencies, fragment, seconds)
    return fragment


class CachedListMixin:
    """For a ``ListView`` whose list may be kept as a fragment for readers
    the page cache does not serve (signed-in ones).

    The context gets ``list_fragment``: ``variant``, the page's address as
    the page cache keys it (``page_variant``), and ``tags``, the list and
    the live items of the view's model. The template wraps the part that
    reads ``object_list`` in ``{% cachedfragment "name" list_fragment.variant
    depends=list_fragment.tags %}`` and the JSON-LD list of the page
    (``october.core.seo``) is kept the same way, so on a hit the list's
    queryset is never run. Only for views whose list depends on nothing but
    the path and their ``cache_query_params``; without ``list_fragment``
    (a preview link) the fragment is rendered and not kept.
    """

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if BYPASS_PARAMETERS.intersection(self.request.GET):
            return context
        context["list_fragment"] = {
            "variant": page_variant(self.request),
            "tags": self.get_list_fragment_tags(),
        }
        return context

    def get_list_fragment_tags(self) -> list:
        """What the kept list shows beyond its rows: the list and the live
        items of the view's model; more for a filter by another model."""
        model = self.object_list.model
        return [list_tag(model), live_tag(model)]


# The page cache


def page_variant(request) -> str:
    """What tells ``request``'s page from others in the page cache: scheme,
    host, language, path and the query parameters its view declares
    (``cache_query_params``), canonical."""
    language = (
        translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    )
    return _page_identity(
        request, language, _query_parameters(request.path_info, language)
    )


def _page_identity(request, language, allowed) -> str:
    query = sorted(
        (name, _canonical(name, value))
        for name, values in request.GET.lists()
        if name in allowed
        for value in values
    )
    return f"{request.scheme}|{request.get_host()}|{language}|{request.path}|{query}"


def _is_cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        # No session, no pending messages: the CSRF cookie alone changes
        # nothing on a page that uses no token (one that does sets the cookie),
        # nor does the language cookie on a page whose path names its language.
        and set(request.COOKIES)
        <= {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(UNCACHED_PATH_PREFIXES)
        and not BYPASS_PARAMETERS.intersection(request.GET)
    )


def _is_cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not (directives & UNCACHEABLE_DIRECTIVES) and get_max_age(response) != 0


@lru_cache(maxsize=4096)
def _query_parameters(path: str, language: str) -> frozenset[str]:
    """The query parameters the view at ``path`` reads (its
    ``cache_query_params``); none for an address no view answers."""
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return frozenset()
    view = getattr(match.func, "view_class", match.func)
    return frozenset(getattr(view, "cache_query_params", ()))


def _canonical(name: str, value: str) -> str:
    # ?page=02 is ?page=2: one copy of each page of a list.
    if name == "page" and value.isdigit():
        return str(int(value))
    return value


class _RecordingQueryDict(QueryDict):
    """``request.GET`` that notes which parameters the view reads."""

    def __init__(self, query_string, **kwargs):
        self.read: set[str] = set()
        super().__init__(query_string, **kwargs)
        self.read.clear()  # Filling it is no reading.

    def _all_read(self):
        self.read.update(dict.keys(self))

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def _getlist(self, key, *args, **kwargs):
        self.read.add(key)
        return super()._getlist(key, *args, **kwargs)

    def __iter__(self):
        self._all_read()
        return super().__iter__()

    def keys(self):
        self._all_read()
        return super().keys()

    def lists(self):
        self._all_read()
        return super().lists()

    def dict(self):
        self._all_read()
        return super().dict()

    def __deepcopy__(self, memo):
        self._all_read()
        return QueryDict(self.urlencode(), mutable=True, encoding=self.encoding)

    def copy(self):
        return self.__deepcopy__({})


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _is_cacheable_request(request):
            response = self.get_response(request)
            self._mark_private_if_personal(request, response)
            return response
        language = (
            translation.get_language_from_path(request.path_info)
            or settings.LANGUAGE_CODE
        )
        allowed = _query_parameters(request.path_info, language)
        key = self._key(request, language, allowed)
        entry, number = _lookup(key)
        if entry is not None:
            response = entry["value"]
            response["X-Cache"] = "HIT"
            return response
        request.GET = recording = _RecordingQueryDict(
            request.GET.urlencode(), encoding=request.encoding
        )
        with tracking() as dependencies:
            response = self.get_response(request)
        undeclared = (recording.read & set(dict.keys(recording))) - allowed
        if _is_cacheable_response(response) and not undeclared:
            if hasattr(response, "render") and callable(response.render):
                response.render()
            dependencies.tags.add(SITE_TAG)
            self._mark_public(response, seconds, dependencies)
            _store(key, number, dependencies, response, seconds)
        else:
            self._mark_private_if_personal(request, response)
        response["X-Cache"] = "MISS"
        return response

    def _key(self, request, language, allowed):
        raw = _page_identity(request, language, allowed)
        return "page:" + hashlib.sha256(raw.encode()).hexdigest()

    def _mark_public(self, response, seconds, dependencies):
        directives = {"public": True, "s_maxage": seconds}
        directives["stale_while_revalidate"] = STALE_WHILE_REVALIDATE
        if get_max_age(response) is None:
            # Browsers ask again each time (an ETag makes it cheap); shared
            # caches keep it and are purged by tag.
            directives["max_age"] = 0
        patch_cache_control(response, **directives)
        header = getattr(settings, "PAGE_CACHE_TAG_HEADER", "Surrogate-Key")
        if header:
            response[header] = " ".join(sorted(dependencies.tags))

    def _mark_private_if_personal(self, request, response):
        # Any request with a session may be a signed-in reader's. Reading the
        # cookie rather than request.user keeps pages that never look at the
        # reader, such as /healthz, off the database.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            patch_cache_control(response, private=True)


def midnight_after(now: datetime | None = None) -> datetime:
    """The next midnight in the site's time zone: when "today" changes."""
    local = timezone.localtime(now)
    tomorrow = local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))
