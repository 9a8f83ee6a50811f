"""The sections of the site: Timeline, People, Articles, Books, Reading guides.

Each content app declares its section from ``AppConfig.ready()``::

    register_section(path="timeline", title=_("Timeline"), url_name="timeline:list")

A section is the first part of its pages' paths and has a front page. The
breadcrumbs of every page (``october.core.seo``) pass through the section
its path is in, and the sitemap of the site's own pages
(``october.core.sitemaps.SectionSitemap``) lists each front page, with the
other pages an app names in ``extra_url_names``.
"""

from dataclasses import dataclass

from october.core.i18n import unprefixed


@dataclass(frozen=True)
class Section:
    path: str
    title: str
    url_name: str
    order: int = 100
    extra_url_names: tuple[str, ...] = ()


_sections: dict[str, Section] = {}


def register_section(
    *,
    path: str,
    title: str,
    url_name: str,
    order: int = 100,
    extra_url_names: tuple[str, ...] = (),
) -> None:
    """Declare the section whose pages' paths start with ``path``/ and whose
    front page is the URL named ``url_name``; sections are listed by
    ``order``, low first."""
    _sections[path] = Section(path, title, url_name, order, tuple(extra_url_names))


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.path))


def section_for_path(path: str) -> Section | None:
    """The section a request path such as "/timeline/july-days/" (or
    "/es/timeline/july-days/") is in."""
    return _sections.get(unprefixed(path).strip("/").split("/")[0])
