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

Its template gets ``period``, ``section`` and ``items``; see
``october.core.related`` for what ``items`` returns.
"""

from october.core.related import RelatedSections

period_sections = RelatedSections()
register_period_section = period_sections.register
