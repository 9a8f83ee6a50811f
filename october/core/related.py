"""Sections that other apps add to one kind of page.

An app lower in the layers cannot query the apps above it, so its pages
cannot list their articles, books or guides themselves. Instead it keeps a
registry of sections, and each app above registers its own from
``AppConfig.ready()``. ``people.related`` (a person's page) and
``timeline.related`` (a period's page) are two such registries.

``items`` receives the page's object and returns a queryset (or list),
already narrowed to what the public may see, limited, and with its
``select_related``; the page evaluates it once, so each section costs a fixed
number of queries. A section with no items is not shown. Its template gets
the page's object, ``section`` and ``items``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RelatedSection:
    key: str
    title: str
    template_name: str
    items: Callable[[object], Iterable]
    order: int = 100


class RelatedSections:
    """The registry of the sections other apps add to one kind of page."""

    def __init__(self):
        self._sections: dict[str, RelatedSection] = {}

    def register(
        self,
        *,
        key: str,
        title: str,
        template_name: str,
        items: Callable[[object], Iterable],
        order: int = 100,
    ) -> None:
        """Show ``items(obj)`` on the page of every ``obj`` under ``title``.

        Registering the same ``key`` again replaces the earlier section, so
        reloading an app during development does not show it twice.
        """
        self._sections[key] = RelatedSection(key, title, template_name, items, order)

    def __call__(self, obj) -> list[dict]:
        """The registered sections that have items for ``obj``, in order."""
        found = []
        for section in sorted(self._sections.values(), key=lambda s: (s.order, s.key)):
            items = list(section.items(obj))
            if items:
                found.append({"section": section, "items": items})
        return found
