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

Its template gets ``person``, ``section`` and ``items``; see
``october.core.related`` for what ``items`` returns.
"""

from october.core.related import RelatedSections

person_sections = RelatedSections()
register_person_section = person_sections.register
