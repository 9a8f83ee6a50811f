"""Sections other apps add to a period's page: reading guides, articles, videos.

Apps depend on ``timeline``, never the other way round, so the period page
cannot query articles or guides itself. Each app registers a section from
its ``AppConfig.ready()``, as it does for a person's page::

    from timeline.related import register_period_section

    register_period_section(
        key="guides",
        title=_("Reading guides"),
        template_name="guides/includes/period_guides.html",
        items=lambda period: ReadingGuide.objects.live().filter(period=period),
        order=10,
    )

``items`` receives the period and returns a queryset (or list), already
narrowed to what the public may see, limited, and with its
``select_related``; the page evaluates it once, so each section costs a
fixed number of queries however much content the period has. A section
with no items is not shown. Its template gets ``period``, ``section`` and
``items``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodSection:
    key: str
    title: str
    template_name: str
    items: Callable[[object], Iterable]
    order: int = 100


_sections: dict[str, PeriodSection] = {}


def register_period_section(
    *,
    key: str,
    title: str,
    template_name: str,
    items: Callable[[object], Iterable],
    order: int = 100,
) -> None:
    """Show ``items(period)`` on every period's page under ``title``.

    Registering the same ``key`` again replaces the earlier section.
    """
    _sections[key] = PeriodSection(key, title, template_name, items, order)


def period_sections(period) -> list[dict]:
    """The registered sections that have items for ``period``, in order."""
    found = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        items = list(section.items(period))
        if items:
            found.append({"section": section, "items": items})
    return found
