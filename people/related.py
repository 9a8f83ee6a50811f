"""Sections other apps add to a person's page: articles, books, reading guides.

Apps depend on ``people``, never the other way round, so the biography page
cannot query articles or books itself. Instead each app registers a section
from its ``AppConfig.ready()``::

    from people.related import register_person_section

    register_person_section(
        key="articles_by",
        title=_("Articles by this author"),
        template_name="articles/includes/person_articles.html",
        items=lambda person: person.articles_written.live(),
        order=20,
    )

``items`` receives the person and returns a queryset (or list), already
narrowed to what the public may see and with its ``select_related`` /
``prefetch_related``. The page evaluates it once; a section with no items is
not shown. Its template gets ``person``, ``section`` and ``items``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonSection:
    key: str
    title: str
    template_name: str
    items: Callable[[object], Iterable]
    order: int = 100


_sections: dict[str, PersonSection] = {}


def register_person_section(
    *,
    key: str,
    title: str,
    template_name: str,
    items: Callable[[object], Iterable],
    order: int = 100,
) -> None:
    """Show ``items(person)`` on every person's page under ``title``.

    Registering the same ``key`` again replaces the earlier section, so
    reloading an app during development does not show it twice.
    """
    _sections[key] = PersonSection(key, title, template_name, items, order)


def person_sections(person) -> list[dict]:
    """The registered sections that have items for ``person``, in order."""
    found = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        items = list(section.items(person))
        if items:
            found.append({"section": section, "items": items})
    return found
