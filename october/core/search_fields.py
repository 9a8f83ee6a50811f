"""The stored search columns that content models declare for site search.

Each searchable model has a ``search_vector``: a PostgreSQL generated column
(``GENERATED ALWAYS AS ... STORED``) holding its weighted ``tsvector``, so it
is current after every insert and update with no signal or save hook, and
bulk inserts fill it too. Weights follow the site's ranking: titles and names
``A``, summaries ``B``, bodies ``C``. A GIN index on it serves ``@@``.

Names are indexed twice, stemmed ("english") and unstemmed ("simple"): a
query is looked up in both configurations (see ``october.core.search``), so
"Trotsky", "Trotskii" and "Троцкий" each find the stored spelling as written.

This module imports no app, so every app's ``models.py`` may use it.
"""

import functools
import operator
from typing import NamedTuple

from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.contrib.postgres.search import (
    SearchConfig,
    SearchVector,
    SearchVectorField,
)
from django.db import models
from django.db.models import Case, When
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

# Text search configurations by language code. Other languages are indexed
# with "simple": lower-cased words, no stemming, no stop words.
LANGUAGE_CONFIGS = {"en": "english", "es": "spanish"}
FALLBACK_CONFIG = "simple"
# The configurations a query is looked up in: every one a vector may use.
QUERY_CONFIGS = ("english", "spanish", "simple")
# The configurations a query for names is looked up in: Russian too, so a
# name declined in Russian ("Троцкого", "Ленина") finds the one stored.
NAME_QUERY_CONFIGS = ("english", "spanish", "russian", "simple")


class RegConfigField(models.Field):
    """PostgreSQL's ``regconfig``: the type of a text search configuration."""

    def db_type(self, connection):
        return "regconfig"


def language_config(field: str = "language") -> Case:
    """The text search configuration for the language in ``field``.

    A CASE whose branches are ``regconfig`` literals, so the expression stays
    immutable and may be used in a generated column (casting the language
    code's text to ``regconfig`` at run time would not be).
    """
    return Case(
        *[
            When(**{field: code}, then=SearchConfig(config))
            for code, config in LANGUAGE_CONFIGS.items()
        ],
        default=SearchConfig(FALLBACK_CONFIG),
        output_field=RegConfigField(),
    )


class Part(NamedTuple):
    """Some of a model's text fields, indexed with one weight and config."""

    fields: tuple[str, ...]
    weight: str
    config: str | Case = "english"


def search_vector_field(*parts: Part) -> models.GeneratedField:
    """A stored generated ``tsvector`` column made of ``parts``."""
    expression = functools.reduce(
        operator.add,
        [
            SearchVector(*part.fields, config=part.config, weight=part.weight)
            for part in parts
        ],
    )
    return models.GeneratedField(
        expression=expression,
        output_field=SearchVectorField(),
        db_persist=True,
        serialize=False,
        verbose_name=_("search vector"),
    )


def search_vector_index(model_name: str, **options) -> GinIndex:
    """The GIN index on ``search_vector`` that full-text queries use.

    ``options`` go to ``GinIndex``, e.g. a ``condition`` for a partial index.
    """
    return GinIndex(fields=["search_vector"], name=f"{model_name}_search", **options)


def trigram_index(field: str, name: str, *, siglen: int | None = None) -> GistIndex:
    """A trigram GiST index on ``field`` for misspelt names and titles.

    GiST rather than GIN because it answers "nearest by word similarity"
    (``ORDER BY field <->> word LIMIT n``) straight from the index, with no
    similarity threshold to tune: GIN only serves the threshold operators,
    whose default word-similarity cut-off (0.6) misses "Trotksy". Longer
    texts need a longer signature (``siglen`` bytes, 12 by default) for the
    index to tell them apart.
    """
    opclass = f"gist_trgm_ops(siglen={siglen})" if siglen else "gist_trgm_ops"
    return GistIndex(OpClass(field, name=opclass), name=name)


def search_text_field(*fields: str) -> models.GeneratedField:
    """A stored generated text column joining ``fields`` with spaces, for the
    trigram index (one column, so one index covers every spelling)."""
    pieces = []
    for field in fields:
        pieces += [models.Value(" "), models.F(field)]
    return models.GeneratedField(
        expression=Concat(*pieces[1:], output_field=models.TextField()),
        output_field=models.TextField(),
        db_persist=True,
        serialize=False,
        verbose_name=_("names for search"),
    )
