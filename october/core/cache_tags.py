"""Cache tags: the names of what a cached page shows, and how a page collects them.

A tag names something a save can change:

- ``people.person:12``, one item (``item_tag``): its own page, and every
  card, byline or link that shows it anywhere;
- ``people.person``, the list of a model (``list_tag``): pages that list
  items, whose membership or order any save may change;
- ``people.person:live``, which items are public (``live_tag``): moved only
  when an item is published, unpublished, comes due or goes, so a page that
  merely filters its related items with ``live()`` is not dropped by every
  edit;
- anything else an app chooses, such as ``reviews.book:ranking`` for "the
  most rated book".

While a page or fragment that may be cached is rendered, ``tracking()``
collects the tags of everything it reads: every item of a tracked model that
is loaded (``october.core.caching`` connects ``post_init`` for the models of
content apps), ``live_tag`` for every ``live()`` queryset, and whatever the
code declares with ``depends_on`` (list views name the lists they show).
``valid_until`` gives a page an end of its own, such as midnight for
"On this day". This module imports nothing of the site, so that
``october.core.publishing`` can use it.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Dependencies:
    """What one page or fragment showed: its tags, and when it goes stale
    by itself (None: only when a tag moves)."""

    tags: set[str] = field(default_factory=set)
    expires: datetime | None = None

    def add(self, other: "Dependencies") -> None:
        self.tags |= other.tags
        if other.expires is not None:
            self.until(other.expires)

    def until(self, moment: datetime) -> None:
        if self.expires is None or moment < self.expires:
            self.expires = moment


_stack: ContextVar[tuple[Dependencies, ...]] = ContextVar("cache_tags", default=())


def model_label(model) -> str:
    return model._meta.concrete_model._meta.label_lower


def list_tag(model) -> str:
    """Lists of ``model``: moved by every save or delete of one of its rows."""
    return model_label(model)


def live_tag(model) -> str:
    """Which items of ``model`` are public: moved when one is published,
    unpublished, comes due, is added live or deleted."""
    return f"{model_label(model)}:live"


def item_tag(model_or_item, pk=None) -> str:
    """One item: ``item_tag(person)`` or ``item_tag(Person, 12)``."""
    if pk is None:
        pk = model_or_item.pk
    return f"{model_label(model_or_item)}:{pk}"


def is_tracking() -> bool:
    return bool(_stack.get())


def depends_on(*tags) -> None:
    """Record that the page being rendered shows ``tags`` (tag names, or
    model classes for their ``list_tag``). Does nothing outside ``tracking()``."""
    stack = _stack.get()
    if not stack:
        return
    current = stack[-1].tags
    for tag in tags:
        current.add(tag if isinstance(tag, str) else list_tag(tag))


def valid_until(moment: datetime) -> None:
    """Record that the page being rendered is stale at ``moment`` whatever
    happens, as "On this day" is at midnight."""
    stack = _stack.get()
    if stack:
        stack[-1].until(moment)


@contextmanager
def tracking() -> Iterator[Dependencies]:
    """Collect the dependencies of what is rendered inside. Nested: a
    fragment's dependencies are the page's too."""
    found = Dependencies()
    outer = _stack.get()
    token = _stack.set((*outer, found))
    try:
        yield found
    finally:
        _stack.reset(token)
        if outer:
            outer[-1].add(found)


def add_dependencies(found: Dependencies) -> None:
    """Merge a cached fragment's dependencies into the page being rendered."""
    stack = _stack.get()
    if stack:
        stack[-1].add(found)
