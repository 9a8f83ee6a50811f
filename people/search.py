"""People in site search: found by any spelling of their name."""

from october.core.search import SearchSource
from october.core.search_fields import NAME_QUERY_CONFIGS
from people.models import NAME_FIELDS, Person

person_source = SearchSource(
    kind="person",
    model=Person,
    title_field="display_name",
    # The other names come before the biography, so a match on a spelling
    # the title does not show ("Bronstein") is quoted in the snippet.
    snippet_fields=("summary", *NAME_FIELDS[1:], "biography"),
    fuzzy_field="search_names",
    name_vector="name_vector",
    name_fields=("display_name", "full_name", "native_name"),
    # A query in a person's names finds the person first, then their works.
    title_boost=3.0,
    # Spanish too: its stemmer drops the accent of "Lenín" as typed in
    # Spanish; Russian for declined names ("Троцкого", in ``name_vector``).
    query_configs=NAME_QUERY_CONFIGS,
)
