"""Site search: one ranked search over everything the public may read.

Each app describes what it makes searchable in its own ``search.py`` with a
``SearchSource``, and registers it from its ``AppConfig.ready()`` with
``register_search_source``: the model's public rows (always from ``live()``), the text
search configurations its vectors are made in, the fields a result shows and
the trigram-indexed text misspellings are matched against. The vectors
themselves are generated columns declared in each model (see
``october.core.search_fields``).

A search costs one statement plus one query per kind of item on the page,
however many results there are:

1. the statement (``_statement``): a ``UNION ALL`` of every kind's matching
   live rows, at most ``CANDIDATES`` of each, ranked with ``ts_rank``; from
   them the counts per kind (for the filter bar), the page asked for, the
   page's highlighted titles and snippets (``ts_headline``), and, only when
   the kinds shown have fewer than ``FEW_RESULTS`` hits, the names and titles
   nearest each query word by trigram word similarity ("Did you mean …" and
   close matches);
2. one query per kind on the page (``Search.fetch``) for the items
   themselves, with what their result template needs.

A query is looked up, OR-ed, in each configuration a kind's vectors use
(English, Spanish, unstemmed "simple"), so "revoluciones" finds a Spanish
"revolución", "Trotsky's" an English "Trotsky" and "Троцкий" the Cyrillic
spelling as stored.

For common words, ranking every match costs as much as the word is common:
each kind contributes its first ``CANDIDATES`` matches in storage order,
ranked among themselves, and its count then reads "50+". A rarer word has
all its matches ranked.
"""

import datetime
import difflib
import functools
import html
import operator
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.core.paginator import Page, Paginator
from django.db import connection, models
from django.db.models import F, FloatField, Func, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Greatest, Left, Length, Lower
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst

from october.core.cache_tags import depends_on
from october.core.richtext import RichTextField
from october.core.search_fields import NAME_QUERY_CONFIGS, QUERY_CONFIGS

# Longer queries are cut (at a word boundary) before they reach the database.
MAX_QUERY_LENGTH = 200
# Misspelling fallback: at most this many words of the query are looked up,
# and only words of at least this many letters.
MAX_FUZZY_WORDS = 4
MIN_FUZZY_WORD = 3
# The ranked search "finds little" below this many hits.
FEW_RESULTS = 3
# Lowest trigram word similarity for a close match ("trotksy" ~ "Trotsky" is
# 0.5, "plekanov" ~ "Plekhanov" 0.58).
MIN_WORD_SIMILARITY = 0.4
# Candidates per source and word in the misspelling fallback, and close
# matches shown.
FUZZY_CANDIDATES = 3
MAX_CLOSE_MATCHES = 5
# How alike (difflib ratio) a stored word and a query word must be for the
# stored word to replace it in "Did you mean …".
MIN_SUGGESTION_RATIO = 0.75
PER_PAGE = 20
# Far past the last page there can be (CANDIDATES of each kind).
MAX_PAGE = 10_000
# Between a snippet's paragraphs, list items and lines (see
# ``SearchSource.snippet_expression``).
BLOCK_SEPARATOR = " · "
# Tags that end a block of text (PostgreSQL regular expression).
_BLOCK_TAG = (
    r"<(br|hr|/?(p|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|div|section|figure"
    r"|figcaption|table|tr|td|th|pre))([\s/][^>]*)?>"
)
# Snippets come from at most this much of an item's text.
SNIPPET_SOURCE_CHARS = 3_000
# Hits ranked per kind: beyond this, a kind's count reads "50+".
CANDIDATES = 50
# Items linked to the people or tags a query names looked at per link, before
# the public ones among them are ranked.
RELATED_CANDIDATES = 10 * CANDIDATES
# The language of everything that is not an article: the site's own.
CONTENT_LANGUAGE = "en"
# Items in the language preferred (the query's, else the interface's) rank
# this many times higher than they would otherwise.
PREFERRED_LANGUAGE_BOOST = 1.5
# How a hit's score is made (``_relevance``), so that a reader's query for a
# name or a title finds that person, book or item first:
# - the text rank (``ts_rank``) with these weights for the parts of an item's
#   vector (D, C, B, A: other, body, summary, title or name), so words in a
#   title or name count far more than words in a body;
RANK_WEIGHTS = [0.02, 0.05, 0.2, 1.0]
# - plus this (or the kind's ``title_boost``) when every query word is in
#   the title or a name (weight A), so any title or name match ranks above
#   any match in a body;
TITLE_MATCH_BOOST = 1.0
# - plus this when the whole query is a title or name ("Lenin", "The July
#   Days"), or half of it when it begins or ends one ("Trotsky" ends "Leon
#   Trotsky");
EXACT_NAME_BOOST = 1.0
# - or, when more, its ``Related.boost`` when the query is in the name of
#   one of the item's people (a book's or an article's author: a person's
#   own works follow the person, whatever spelling or script the name was
#   typed in) or tags;
# - all of it times the kind's ``rank_factor`` (an interview answer is a
#   fragment of an interview and counts for half) and the language preference.
# Letters only one of the interface languages writes.
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_SPANISH = re.compile(r"[ñÑ¿¡áéíóúÁÉÍÓÚ]")

# ts_headline wraps matches in these private-use characters; everything else
# it returns is escaped and only these become <mark>, so no stored text or
# markup can turn into HTML.
MARK_START = "\ue000"
MARK_STOP = "\ue001"

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\ue002]")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Related:
    """A many-to-many link from a kind's items to rows with names (people,
    tags): the items linked to a row whose names hold every query word are
    found, and rank at least ``boost`` above their text rank.

    ``names`` is the related model's field holding the names' ``tsvector``
    (indexed), or an expression making it from the row's fields (for small
    tables such as tags). Every link to one model must use the same.
    """

    field: str
    boost: float
    names: Any = "name_vector"


@dataclass(frozen=True)
class SearchSource:
    """What one kind of item contributes to site search.

    ``model``'s public rows are searched: ``public()`` when given (it must
    start from ``live()``), else ``model.objects.live()``. Results are labelled
    with the model's verbose names unless ``label`` and ``plural`` say
    otherwise, and shown with ``template`` (by default
    ``search/includes/<kind>.html``).
    ``query_configs`` are the text search configurations its vectors are
    made in, so a query is looked up in those only.
    ``snippet_fields`` are joined (the rich-text ones among them stripped
    of tags) for the highlighted snippet. ``language`` is the field holding an
    item's language, or None when it is always the site's. ``fuzzy_field`` is
    the trigram-indexed text misspelt queries are matched against.
    ``name_fields`` are the fields a query naming the item matches whole or
    in part (by default the title; none if empty). ``title_boost`` is added
    when every query word is in the title or names. ``related`` are the
    links (``Related``) to people or tags whose names, when the query is in
    them, find the item and raise it. ``name_vector`` is an indexed vector
    of the names alone: the items it matches are always ranked, however
    many others mention the words. ``rank_factor`` scales the kind's scores.
    ``for_display`` adds the ``select_related``/``prefetch_related`` its
    result template needs.
    """

    kind: str
    model: type[models.Model]
    snippet_fields: tuple[str, ...]
    title_field: str = "title"
    public: Callable[[], models.QuerySet] | None = None
    label: Any = None
    plural: Any = None
    template: str = ""
    html_fields: frozenset[str] = frozenset()
    config: Any = "english"
    query_configs: tuple[str, ...] = ("english",)
    language: str | None = None
    fuzzy_field: str | None = None
    name_fields: tuple[str, ...] | None = None
    related: tuple["Related", ...] = ()
    name_vector: str | None = None
    title_boost: float = TITLE_MATCH_BOOST
    rank_factor: float = 1.0
    title_prefix: Any = ""
    for_display: Callable[[models.QuerySet], models.QuerySet] = lambda qs: qs

    def __post_init__(self):
        opts = self.model._meta
        defaults = {
            "public": lambda: self.model._default_manager.live,
            "label": lambda: capfirst(opts.verbose_name),
            "plural": lambda: capfirst(opts.verbose_name_plural),
            "template": lambda: f"search/includes/{self.kind}.html",
            "html_fields": lambda: frozenset(
                name
                for name in self.snippet_fields
                if isinstance(opts.get_field(name), RichTextField)
            ),
        }
        for name, default in defaults.items():
            if not getattr(self, name):
                object.__setattr__(self, name, default())
        if self.name_fields is None:
            object.__setattr__(self, "name_fields", (self.title_field,))

    def has_language(self, language: str | None) -> bool:
        """Whether any item of this kind may be in ``language``."""
        return not language or bool(self.language) or language == CONTENT_LANGUAGE

    def queryset(self, *, language: str | None = None) -> models.QuerySet:
        """The public rows, in ``language`` only if given."""
        queryset = self.public()
        if language and self.language:
            queryset = queryset.filter(**{self.language: language})
        return queryset

    def text_search_query(self, query: str):
        """``query`` in the configurations this kind's vectors are made in."""
        return text_search_query(query, self.query_configs)

    def snippet_expression(self):
        """The text snippets are cut from: the snippet fields, the rich-text
        ones stripped of tags, with `` · `` wherever one block of text ends
        and the next begins (a paragraph, a list item, a line of plain text,
        a field) unless the first already ends in punctuation, so list items
        never run together."""
        pieces = []
        for name in self.snippet_fields:
            text = F(name)
            if name in self.html_fields:
                # Line breaks in markup are only spaces; block elements end
                # lines, and inline ones ("<em>Iskra</em>,") leave no space.
                text = _regexp_replace(text, r"\s+", " ")
                text = _regexp_replace(text, _BLOCK_TAG, "\n", "gi")
                text = _regexp_replace(text, "<[^>]*>", "")
            pieces += [Value("\n"), text]
        pieces = pieces[1:]
        text = (
            Concat(*pieces, output_field=models.TextField())
            if len(pieces) > 1
            else pieces[0]
        )
        text = _regexp_replace(text, r"([.!?:;…,])[ \t\r]*(\n\s*)+", r"\1 ")
        text = _regexp_replace(text, r"^\s+|\s+$", "")
        text = _regexp_replace(text, r"[ \t\r]*(\n\s*)+", BLOCK_SEPARATOR)
        return Left(text, SNIPPET_SOURCE_CHARS)


def _regexp_replace(text, pattern, replacement, flags="g"):
    return Func(
        text,
        Value(pattern),
        Value(replacement),
        Value(flags),
        function="regexp_replace",
        output_field=models.TextField(),
    )


# Registered kinds, each with its place in the filter bar.
_registry: dict[str, tuple[int, SearchSource]] = {}


def register_search_source(source: SearchSource, *, order: int = 100) -> None:
    """Make ``source`` part of site search, from an app's ``AppConfig.ready()``.

    Kinds are listed in the filter bar (and ranked ties broken) by ``order``,
    low first. Registering a kind again replaces it.
    """
    _registry[source.kind] = (order, source)
    _statement.cache_clear()


def sources() -> dict[str, SearchSource]:
    """Every searchable kind, in the order the filter bar lists them."""
    ordered = sorted(_registry.values(), key=lambda entry: (entry[0], entry[1].kind))
    return {source.kind: source for _order, source in ordered}


def clean_query(raw: str) -> str:
    """The query as searched: control characters (NUL included) removed,
    whitespace collapsed, cut to ``MAX_QUERY_LENGTH`` at a word boundary."""
    text = _CONTROL_CHARACTERS.sub(" ", raw[: MAX_QUERY_LENGTH * 4])
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        cut = text[: MAX_QUERY_LENGTH + 1]
        text = cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_QUERY_LENGTH]
    return text[:MAX_QUERY_LENGTH].strip()


def has_words(query: str) -> bool:
    """Whether ``query`` has anything to look up (not only punctuation)."""
    return bool(_WORD.search(query))


def text_search_query(query: str, configs=QUERY_CONFIGS):
    """``query`` as a tsquery in each of ``configs``, OR-ed together."""
    return functools.reduce(
        operator.or_,
        [
            SearchQuery(query, config=config, search_type="websearch")
            for config in configs
        ],
    )


def highlight(text: str, *, unescape: bool = False) -> str:
    """HTML of a ts_headline result: matches in <mark>, the rest escaped.

    ``unescape`` first decodes character references left by stripping tags
    from stored HTML, so "&amp;" shows as "&" rather than "&amp;amp;".
    """
    out, open_mark = [], False
    text = " ".join((text or "").split())
    for piece in re.split(f"([{MARK_START}{MARK_STOP}])", text):
        if piece == MARK_START:
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif piece == MARK_STOP:
            if open_mark:
                out.append("</mark>")
                open_mark = False
        elif piece:
            out.append(html.escape(html.unescape(piece) if unescape else piece))
    if open_mark:
        out.append("</mark>")
    return "".join(out)


@dataclass
class Result:
    """One item on a results page."""

    kind: str
    source: SearchSource
    object: Any
    title_html: str
    snippet_html: str
    rank: float | None = None

    @property
    def template(self):
        return self.source.template

    @property
    def label(self):
        return self.source.label

    @property
    def language(self) -> str:
        """The item's language code, for the result's ``lang`` attribute."""
        if not self.source.language:
            return CONTENT_LANGUAGE
        value = self.object
        for name in self.source.language.split("__"):
            value = getattr(value, name)
        return value


@dataclass
class SearchResults:
    """What ``search`` found: counts per kind, the page, and the fallback."""

    query: str
    counts: dict[str, int] = field(default_factory=dict)
    kinds: tuple[str, ...] = ()
    results: list[Result] = field(default_factory=list)
    close_matches: list[Result] = field(default_factory=list)
    suggestion: str = ""
    page: Page | None = None

    @property
    def total(self) -> int:
        """Hits in the selected kinds."""
        return sum(self.counts.get(kind, 0) for kind in self.kinds)

    @property
    def total_all_kinds(self) -> int:
        return sum(self.counts.values())

    @property
    def total_label(self) -> str:
        """The total as shown: "350+" when some kind had more hits than were
        ranked."""
        return count_label(
            self.total, capped=any(self.is_capped(kind) for kind in self.kinds)
        )

    def is_capped(self, kind: str) -> bool:
        return self.counts.get(kind, 0) >= CANDIDATES


def count_label(count: int, *, capped: bool) -> str:
    """The count with the interface language's digit grouping: "1,234",
    "1.234", "1 234"; "350+" when more were found than ranked."""
    text = number_format(count, force_grouping=True)
    return f"{text}+" if capped else text


def _sql(queryset):
    return queryset.query.sql_with_params()


def page_number(value: Any) -> int:
    """A requested page number: anything but a positive whole number is 1,
    and no number is larger than a page could be."""
    try:
        number = int(str(value))
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


@dataclass
class Found:
    """What ``Search.run`` read from the database."""

    counts: dict[str, int]
    hits: list[tuple[str, int, float]]
    matches: list[tuple]
    page: int
    headlines: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)


# Stand-ins for the values that change from one search to the next, in the
# statements ``_statement`` compiles once per shape of search.
_QUERY_MARK = "\ue002query"
_LANGUAGE_MARK = "\ue002language"
_PREFER_MARK = "\ue002prefer"
_NAME_MARK = "\ue002name"
_NAME_START_MARK = "\ue002name start"
_NAME_END_MARK = "\ue002name end"
_NAME_LIMIT_MARK = "\ue002name limit"
_WORDS_MARK = ["\ue002words"]
_PAGE_MARK = object()


@functools.lru_cache(maxsize=256)
def _statement(
    kinds: tuple[str, ...],
    available: tuple[str, ...],
    language_filtered: bool,
    with_close: bool,
    per_page: int,
) -> tuple[str, tuple]:
    """The search statement for one shape of search (which kinds are shown,
    which may hold the language asked for, whether a language is asked for,
    whether there are words to match misspellings of), with marks where the
    query, the language, the words, the page and the current time go.

    Compiling the ORM querysets (every source's ``live()`` rows) is most of
    the work of a search, so it is done once per shape; ``_bind`` puts the
    search's own values, and the time of the search for ``live()``'s
    "published before now", in place of the marks.
    """
    language = _LANGUAGE_MARK if language_filtered else None
    branches, branch_params = [], []
    for kind in available:
        source = sources()[kind]
        tsquery = source.text_search_query(_QUERY_MARK)
        # Items linked to people or tags the query names come from branches
        # of their own, ranked with the link's boost; an item found by more
        # than one keeps its best rank. OR-ed into one filter, they would
        # keep the full-text index from being used.
        matches = [(Q(search_vector=tsquery), None)]
        if source.name_vector:
            # Those named by the query first: among the first CANDIDATES
            # matches in storage order there may be none.
            matches.insert(0, (Q(**{source.name_vector: tsquery}), None))
        matches += [(_linked(source, related), related) for related in source.related]
        for match, related in matches:
            sql, params = _sql(
                source.queryset(language=language)
                .filter(match)
                .annotate(
                    search_kind=Value(kind, output_field=models.CharField()),
                    rank=_relevance(source, tsquery, related=related)
                    * _preference(source),
                )
                .order_by()
                .values_list("search_kind", "id", "rank")[:CANDIDATES]
            )
            branches.append(f"({sql})")
            branch_params += params
    named = {}
    for kind in available:
        source = sources()[kind]
        for related in source.related:
            named.setdefault(_named_table(source, related), _named_sql(source, related))
    named_sql = "".join(
        f"{name}(id) AS MATERIALIZED ({sql}), "
        for name, (sql, _params) in named.items()
    )
    branch_params = [
        *(param for _sql_text, params in named.values() for param in params),
        *branch_params,
    ]
    shown = [kind for kind in kinds if kind in available]
    sql = (
        f"WITH {named_sql}hits AS MATERIALIZED (SELECT c.search_kind, c.id, "
        f"max(c.rank) AS rank FROM ({' UNION ALL '.join(branches)}) AS c "
        "GROUP BY c.search_kind, c.id), "
        "counts AS (SELECT search_kind, count(*) AS n FROM hits "
        "GROUP BY search_kind), "
        "selected AS (SELECT coalesce(sum(n), 0) AS n FROM counts "
        "WHERE search_kind = ANY(%s)), "
        "page AS MATERIALIZED (SELECT search_kind, id, rank FROM hits "
        "WHERE search_kind = ANY(%s) ORDER BY rank DESC, search_kind, id "
        "LIMIT %s OFFSET (SELECT least(%s, greatest((n - 1) / %s, 0)) * %s "
        "FROM selected)) "
        "SELECT 'count' AS row, search_kind, n AS number, NULL::float8 AS score, "
        "NULL::text AS word, NULL::text AS text FROM counts "
        "UNION ALL SELECT 'hit', search_kind, id, rank, NULL, NULL FROM page"
    )
    params = [
        *branch_params,
        shown,
        shown,
        per_page,
        _PAGE_MARK,
        per_page,
        per_page,
    ]
    for kind in shown:
        headline_sql, headline_params = _headlines_sql(kind)
        sql += (
            f" UNION ALL SELECT 'headline', %s, h.id, NULL, h.search_title, "
            f"h.search_snippet FROM ({headline_sql}) AS h"
        )
        params += [kind, *headline_params]
    fuzzy = [kind for kind in shown if sources()[kind].fuzzy_field]
    if with_close and fuzzy:
        close_sql, close_params = _close_matches_sql(fuzzy, language)
        sql += (
            " UNION ALL (SELECT 'close', m.search_kind, m.id, m.similarity, "
            f"m.word, m.fuzzy_text FROM ({close_sql}) AS m "
            "WHERE (SELECT n FROM selected) < %s)"
        )
        params += [*close_params, FEW_RESULTS]
    return sql, tuple(params)


class _Boolean(Func):
    """``left <operator> right`` as a condition."""

    template = "(%(expressions)s)"
    output_field = models.BooleanField()

    def __init__(self, left, operator, right):
        super().__init__(left, right, arg_joiner=f" {operator} ")


def _relevance(source, tsquery, *, related=None):
    """How well an item of ``source`` answers the query (see
    ``RANK_WEIGHTS``): the text rank, raised for a match in the title or a
    name or, for an item found through ``related``, by its boost (whichever
    is more), and for the query being the item's name."""
    score = SearchRank(F("search_vector"), tsquery, weights=RANK_WEIGHTS)
    # The names' own vector, where there is one, knows their declensions.
    titles = (
        F(source.name_vector) if source.name_vector else _titles(F("search_vector"))
    )
    tiers = [
        models.Case(
            models.When(
                _Boolean(titles, "@@", tsquery),
                then=Value(source.title_boost),
            ),
            default=Value(0.0),
            output_field=FloatField(),
        )
    ]
    if related:
        tiers.append(Value(related.boost))
    names = [
        models.Case(
            models.When(
                _Boolean(Lower(F(name)), "=", Value(_NAME_MARK)),
                then=Value(EXACT_NAME_BOOST),
            ),
            # Only a name the query is at least half of: "Trotsky" is most of
            # "Leon Trotsky", "Lenin" little of "Lenin goes into hiding".
            models.When(
                (
                    _Boolean(Lower(F(name)), "LIKE", Value(_NAME_START_MARK))
                    | _Boolean(Lower(F(name)), "LIKE", Value(_NAME_END_MARK))
                )
                & _Boolean(Length(F(name)), "<=", Value(_NAME_LIMIT_MARK)),
                then=Value(EXACT_NAME_BOOST / 2),
            ),
            default=Value(0.0),
            output_field=FloatField(),
        )
        for name in source.name_fields
    ]
    for boosts in (tiers, names):
        if boosts:
            score += Greatest(*boosts) if len(boosts) > 1 else boosts[0]
    return score * Value(source.rank_factor)


def _titles(vector):
    """The title and name words of a search vector (its weight A)."""
    return Func(
        vector,
        template="ts_filter(%(expressions)s, '{a}')",
        output_field=SearchVectorField(),
    )


def _named_table(source, related) -> str:
    """The name of the statement's table (a CTE) of the rows ``related``
    leads to whose names the query is in."""
    model = source.model._meta.get_field(related.field).related_model
    return f"search_named_{model._meta.db_table}"


def _named_sql(source, related):
    """The CTE ``_named_table(source, related)``: the ids of the rows whose
    names hold every query word."""
    model = source.model._meta.get_field(related.field).related_model
    names = related.names
    rows = model._default_manager.all()
    if not isinstance(names, str):
        rows = rows.annotate(search_names_vector=names)
        names = "search_names_vector"
    return _sql(
        rows.filter(**{names: text_search_query(_QUERY_MARK, NAME_QUERY_CONFIGS)})
        .order_by()
        .values("pk")
    )


class _AnyOf(Func):
    """``expression = ANY(ARRAY(subquery))``: the subquery runs once, and its
    few values are looked up in ``expression``'s index."""

    output_field = models.BooleanField()

    def as_sql(self, compiler, connection, **extra):
        (left, left_params), (right, right_params) = (
            compiler.compile(expression) for expression in self.source_expressions
        )
        return f"{left} = ANY(ARRAY{right})", [*left_params, *right_params]


def _linked(source, related):
    """The condition for the items of ``source`` linked through ``related``
    to a row the query names (at most ``RELATED_CANDIDATES`` links are
    looked at)."""
    field = source.model._meta.get_field(related.field)
    through = field.remote_field.through
    named = RawSQL(f"SELECT id FROM {_named_table(source, related)}", ())
    links = through._default_manager.filter(
        _AnyOf(F(field.m2m_reverse_field_name()), named)
    )
    # A generic link (tags) also names the kind of item it links.
    if any(f.name == "content_type" for f in through._meta.get_fields()):
        links = links.filter(
            content_type__app_label=source.model._meta.app_label,
            content_type__model=source.model._meta.model_name,
        )
    links = links.order_by().values(field.m2m_column_name())[:RELATED_CANDIDATES]
    return _AnyOf(F("pk"), links)


def _name_query(query: str) -> str:
    """The query as a name is compared with it: lower case, without
    surrounding quotes."""
    return " ".join(query.lower().strip("\"'“”«»").split())


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _preference(source):
    """How much an item's rank is raised for being in the preferred language:
    by its own language field, or the site's language for kinds without one."""
    if source.language:
        return models.Case(
            models.When(
                **{source.language: _PREFER_MARK},
                then=Value(PREFERRED_LANGUAGE_BOOST),
            ),
            default=Value(1.0),
            output_field=FloatField(),
        )
    return RawSQL(
        "CASE WHEN %s = %s THEN %s ELSE 1.0 END",
        (_PREFER_MARK, CONTENT_LANGUAGE, PREFERRED_LANGUAGE_BOOST),
        output_field=FloatField(),
    )


def query_language(query: str) -> str | None:
    """The interface language a query is visibly written in: Russian for
    Cyrillic, Spanish for ñ, ¿, ¡ or an accented vowel; None when its letters
    could be any language's."""
    if _CYRILLIC.search(query):
        return "ru"
    if _SPANISH.search(query):
        return "es"
    return None


def _headlines_sql(kind):
    """Highlighted title and snippet (``ts_headline``) of each item of
    ``kind`` on the page: ``(id, search_title, search_snippet)``."""
    source = sources()[kind]
    query = source.text_search_query(_QUERY_MARK)
    marks = {"start_sel": MARK_START, "stop_sel": MARK_STOP}
    return _sql(
        source.public()
        .filter(pk__in=RawSQL("SELECT id FROM page WHERE search_kind = %s", (kind,)))
        .annotate(
            search_title=SearchHeadline(
                source.title_field,
                query,
                config=source.config,
                highlight_all=True,
                **marks,
            ),
            search_snippet=SearchHeadline(
                source.snippet_expression(),
                query,
                config=source.config,
                max_words=35,
                min_words=15,
                short_word=2,
                max_fragments=2,
                fragment_delimiter=" … ",
                **marks,
            ),
        )
        .order_by()
        .values_list("id", "search_title", "search_snippet")
    )


def _bind(params, *, query, language, prefer, words, page, now):
    """``_statement``'s parameters with this search's values in place."""
    bound = []
    for param in params:
        if param is _PAGE_MARK:
            param = page
        elif isinstance(param, datetime.datetime):
            param = now
        elif param == _QUERY_MARK:
            param = query
        elif param == _LANGUAGE_MARK:
            param = language
        elif param == _PREFER_MARK:
            param = prefer
        elif param == _WORDS_MARK:
            param = words
        elif param == _NAME_MARK:
            param = _name_query(query)
        elif param == _NAME_START_MARK:
            param = _like_escape(_name_query(query)) + " %"
        elif param == _NAME_END_MARK:
            param = "% " + _like_escape(_name_query(query))
        elif param == _NAME_LIMIT_MARK:
            param = 2 * len(_name_query(query))
        bound.append(param)
    return bound


def _close_matches_sql(kinds, language):
    """For each query word, the few names or titles nearest to it by trigram
    word similarity, of each of ``kinds``: ``(word, kind, pk, text,
    similarity)``."""
    word = RawSQL("w.word", ())
    sqls, params = [], []
    for kind in kinds:
        source = sources()[kind]
        text = F(source.fuzzy_field)
        sql, part_params = _sql(
            source.queryset(language=language)
            .annotate(
                search_kind=Value(kind, output_field=models.CharField()),
                fuzzy_text=text,
                similarity=Func(
                    word, text, function="word_similarity", output_field=FloatField()
                ),
            )
            # Nearest first, straight from the GiST trigram index.
            .order_by(
                Func(
                    text,
                    word,
                    arg_joiner=" <->> ",
                    template="%(expressions)s",
                    output_field=FloatField(),
                )
            )
            .values_list("search_kind", "id", "fuzzy_text", "similarity")[
                :FUZZY_CANDIDATES
            ]
        )
        sqls.append(f"({sql})")
        params += part_params
    return (
        "SELECT w.word, c.search_kind, c.id, c.fuzzy_text, c.similarity "
        "FROM unnest(%s::text[]) AS w(word) "
        f"CROSS JOIN LATERAL ({' UNION ALL '.join(sqls)}) AS c "
        "WHERE c.similarity >= %s",
        [_WORDS_MARK, *params, MIN_WORD_SIMILARITY],
    )


class Search:
    """One search: ``Search(query, kinds=..., language=...).run(page)``, then
    ``fetch`` for the items to show.

    ``kinds`` restricts the results (counts always cover every kind, for the
    filter bar); ``language`` keeps only items in that language; items in
    ``prefer`` rank higher (``PREFERRED_LANGUAGE_BOOST``).
    """

    def __init__(
        self,
        query: str,
        *,
        kinds=(),
        language: str | None = None,
        prefer: str | None = None,
    ):
        self.query = clean_query(query)
        self.language = language or None
        self.prefer = prefer or CONTENT_LANGUAGE
        self.all_sources = sources()
        self.kinds = tuple(kinds) or tuple(self.all_sources)
        # The sources that may hold items in the language asked for.
        self.sources = {
            kind: source
            for kind, source in self.all_sources.items()
            if source.has_language(self.language)
        }

    @property
    def searchable(self) -> bool:
        return has_words(self.query)

    def run(self, page: int = 1, per_page: int = PER_PAGE) -> Found:
        """Counts per kind (over every kind, for the filter bar), the ranked
        hits of page ``page`` (or of the last page, if there are fewer) and,
        only when the selected kinds have fewer than ``FEW_RESULTS`` hits,
        the close matches: ``(word, kind, pk, matched text, similarity)``
        for the names and titles nearest each query word by trigram word
        similarity. All in one statement.

        Each kind contributes at most ``CANDIDATES`` hits, taken in storage
        order and then ranked: a word found in tens of thousands of items
        costs what a word found in a hundred does.
        """
        if not self.searchable or not self.sources:
            return Found({}, [], [], 1)
        words = _fuzzy_words(self.query)
        sql, params = _statement(
            self.kinds,
            tuple(self.sources),
            bool(self.language),
            bool(words),
            per_page,
        )
        params = _bind(
            params,
            query=self.query,
            language=self.language,
            prefer=self.prefer,
            words=words,
            page=page - 1,
            now=timezone.now(),
        )
        counts, hits, matches, headlines = {}, [], [], {}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for row, kind, number, score, word, text in cursor.fetchall():
                if row == "count":
                    counts[kind] = number
                elif row == "hit":
                    hits.append((kind, number, score))
                elif row == "headline":
                    headlines[(kind, number)] = (word, text)
                else:
                    matches.append((word, kind, number, text, score))
        hits.sort(key=lambda hit: (-hit[2], hit[0], hit[1]))
        # Names first among equally close matches: they are what people misspell.
        matches.sort(key=lambda match: (-match[4], match[1] != "person"))
        total = sum(counts.get(kind, 0) for kind in self.kinds)
        last_page = max(1, -(-total // per_page))
        return Found(counts, hits, matches, min(page, last_page), headlines)

    def fetch(
        self, wanted: dict[str, list[int]], headlines: dict
    ) -> dict[tuple[str, int], Result]:
        """The items ``wanted`` (pks by kind), one query per kind, with their
        highlighted title and snippet from ``headlines`` (close matches have
        none: they do not contain the words searched for)."""
        found = {}
        for kind, pks in wanted.items():
            source = self.all_sources[kind]
            unescape = bool(source.html_fields)
            for item in source.for_display(source.public().filter(pk__in=pks)):
                title, snippet = headlines.get((kind, item.pk), (str(item), ""))
                found[(kind, item.pk)] = Result(
                    kind=kind,
                    source=source,
                    object=item,
                    title_html=highlight(title, unescape=unescape),
                    snippet_html=highlight(snippet, unescape=unescape),
                )
        return found


def fold(word: str) -> str:
    """``word`` in lower case without the accents of Latin letters
    ("Plejánov" is "plejanov", "Černov" "cernov"); other scripts keep
    theirs (a Cyrillic "й" stays "й")."""
    kept = []
    for character in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(character) and kept and kept[-1].isascii():
            continue
        kept.append(character)
    return unicodedata.normalize("NFC", "".join(kept))


def _fuzzy_words(query: str) -> list[str]:
    """The query's words looked up for misspellings, accents of Latin
    letters left out: a name spelt the Spanish way ("Plejánov") is as near
    the stored one as the plain spelling."""
    words = []
    for word in _WORD.findall(fold(query)):
        if len(word) >= MIN_FUZZY_WORD and word not in words:
            words.append(word)
    return words[:MAX_FUZZY_WORDS]


def corrections(matches, query: str = "") -> tuple[dict[str, str], list[tuple]]:
    """Read ``Search.overview``'s close matches.

    Returns the corrections (query word to the closest stored word, for the
    words no name or title spells exactly) and the matches of those misspelt
    words only: a word spelt as stored ("revolution") has nothing to correct,
    so its near titles are not offered as close matches. A word is spelt as
    stored only with its accents as typed in ``query`` (when given):
    "Cernov" and "Kérenski" are corrected to "Černov" and "Kerenski".
    """
    typed = defaultdict(set)
    for word in _WORD.findall(query.lower()):
        typed[fold(word)].add(word)
    stored_words = defaultdict(set)
    for word, _kind, _pk, text, _similarity in matches:
        stored_words[word].update(_WORD.findall(text or ""))
    misspelt = {
        word
        for word, stored in stored_words.items()
        if not (typed.get(word) or {word}) & {candidate.lower() for candidate in stored}
    }
    fixes = {}
    for word in misspelt:
        best, best_ratio = None, MIN_SUGGESTION_RATIO
        for stored in sorted(stored_words[word]):
            ratio = difflib.SequenceMatcher(None, word, fold(stored)).ratio()
            if ratio > best_ratio:
                best, best_ratio = stored, ratio
        if best:
            fixes[word] = best
    return fixes, [match for match in matches if match[0] in misspelt]


def suggest(query: str, fixes: dict[str, str]) -> str:
    """``query`` with its misspelt words corrected, in the case they were
    typed in, or "" when there is nothing to correct."""

    def replace(found):
        word = found.group(0)
        fix = fixes.get(fold(word))
        if not fix:
            return word
        if word.islower():
            return fix.lower()
        if word.isupper() and len(word) > 1:
            return fix.upper()
        return fix

    suggestion = _WORD.sub(replace, query)
    return suggestion if suggestion != query else ""


def search(
    query: str,
    *,
    kinds=(),
    language: str | None = None,
    prefer: str | None = None,
    page: Any = 1,
    per_page: int = PER_PAGE,
) -> SearchResults:
    """Search everything public for ``query``.

    ``kinds`` and ``language`` filter the results; items in ``prefer`` rank
    higher (the query's language when it shows, else the reader's); ``page``
    is the page number as given (anything that is not a page number shows
    the first page, a number past the end the last).
    """
    # Results are cached with the lists of every kind of content they search.
    depends_on(*(source.model for source in sources().values()))
    run = Search(query, kinds=kinds, language=language, prefer=prefer)
    outcome = SearchResults(query=run.query, kinds=run.kinds)
    if not run.searchable:
        return outcome
    found = run.run(page_number(page), per_page)
    outcome.counts = found.counts
    fixes, matches = corrections(found.matches, run.query)
    shown = {(kind, pk) for kind, pk, _rank in found.hits}
    close = []
    for _word, kind, pk, _text, _similarity in matches:
        if (kind, pk) not in shown and (kind, pk) not in close:
            close.append((kind, pk))
    close = close[:MAX_CLOSE_MATCHES]
    wanted = defaultdict(list)
    for kind, pk in [(kind, pk) for kind, pk, _rank in found.hits] + close:
        wanted[kind].append(pk)
    items = run.fetch(wanted, found.headlines)
    for kind, pk, rank in found.hits:
        if (kind, pk) in items:
            items[(kind, pk)].rank = rank
            outcome.results.append(items[(kind, pk)])
    outcome.close_matches = [items[key] for key in close if key in items]
    outcome.suggestion = suggest(run.query, fixes)
    outcome.page = Paginator(range(outcome.total), per_page).page(found.page)
    return outcome
