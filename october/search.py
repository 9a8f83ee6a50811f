"""Site search: one ranked search over everything the public may read.

Each app describes what it makes searchable in its own ``search.py`` with a
``SearchSource``: the model's public rows (always from ``live()``), the
fields a result shows and the trigram-indexed text misspellings are matched
against. The stored vectors themselves are generated columns declared in
each model (see ``october.search_fields``).

A search runs a constant number of queries, however many results a page
shows:

1. per-type counts of the hits, for the filter bar and the paginator;
2. one page of ``(kind, pk, rank)`` from a ``UNION ALL`` of every selected
   source, ordered by rank;
3. one query per type present on the page, fetching the items shown with
   highlighted title and snippet (``ts_headline``);
4. only when the ranked search finds little: the nearest names and titles by
   trigram word similarity, for "Did you mean …" and a few close matches
   (fetched in step 3's queries).

A query is looked up in every text search configuration the vectors use
(English, Spanish and unstemmed "simple"), OR-ed together, so "revoluciones"
finds a Spanish "revolución", "Trotsky's" an English "Trotsky" and "Троцкий"
the Cyrillic spelling as stored.
"""

import difflib
import functools
import html
import operator
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db import connection, models
from django.db.models import F, FloatField, Func, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Left

from october.search_fields import QUERY_CONFIGS

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
# Snippets come from at most this much of an item's text.
SNIPPET_SOURCE_CHARS = 20_000
# The language of everything that is not an article: the site's own.
CONTENT_LANGUAGE = "en"

# ts_headline wraps matches in these private-use characters; everything else
# it returns is escaped and only these become <mark>, so no stored text or
# markup can turn into HTML.
MARK_START = "\ue000"
MARK_STOP = "\ue001"

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchSource:
    """What one kind of item contributes to site search.

    ``public`` gives the rows anyone may see and must start from ``live()``.
    ``snippet_fields`` are joined (``html_fields`` among them stripped of
    tags) for the highlighted snippet. ``language`` is the field holding an
    item's language, or None when it is always the site's. ``fuzzy_field`` is
    the trigram-indexed text misspelt queries are matched against.
    ``for_display`` adds the ``select_related``/``prefetch_related`` its
    result template needs.
    """

    kind: str
    label: str
    plural: str
    public: Callable[[], models.QuerySet]
    title_field: str
    snippet_fields: tuple[str, ...]
    template: str
    html_fields: frozenset[str] = frozenset()
    config: Any = "english"
    language: str | None = None
    fuzzy_field: str | None = None
    title_prefix: str = ""
    for_display: Callable[[models.QuerySet], models.QuerySet] = lambda qs: qs

    def has_language(self, language: str | None) -> bool:
        """Whether any item of this kind may be in ``language``."""
        return not language or bool(self.language) or language == CONTENT_LANGUAGE

    def queryset(self, *, language: str | None = None) -> models.QuerySet:
        """The public rows, in ``language`` only if given."""
        queryset = self.public()
        if language and self.language:
            queryset = queryset.filter(**{self.language: language})
        return queryset

    def snippet_expression(self):
        pieces = []
        for name in self.snippet_fields:
            text = F(name)
            if name in self.html_fields:
                text = Func(
                    text,
                    Value("<[^>]*>"),
                    Value(" "),
                    Value("g"),
                    function="regexp_replace",
                    output_field=models.TextField(),
                )
            pieces += [Value(" "), text]
        pieces = pieces[1:]
        text = (
            Concat(*pieces, output_field=models.TextField())
            if len(pieces) > 1
            else pieces[0]
        )
        return Left(text, SNIPPET_SOURCE_CHARS)


@functools.cache
def sources() -> dict[str, SearchSource]:
    """Every searchable kind, in the order the filter bar lists them."""
    from articles.search import article_source, episode_source
    from guides.search import guide_source
    from people.search import person_source
    from reviews.search import book_source, review_source
    from timeline.search import event_source

    found = [
        event_source,
        person_source,
        article_source,
        episode_source,
        guide_source,
        book_source,
        review_source,
    ]
    return {source.kind: source for source in found}


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


def text_search_query(query: str):
    """``query`` as a tsquery in every configuration the vectors use."""
    return functools.reduce(
        operator.or_,
        [
            SearchQuery(query, config=config, search_type="websearch")
            for config in QUERY_CONFIGS
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


class _Hits:
    """The ranked hits as a sequence a ``Paginator`` can count and slice,
    fetching only the page asked for."""

    def __init__(self, union_sql, params, total):
        self.union_sql, self.params, self.total = union_sql, params, total

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, window):
        if not isinstance(window, slice):
            raise TypeError("Search hits are fetched a page (a slice) at a time.")
        start = window.start or 0
        limit = max((window.stop if window.stop is not None else self.total) - start, 0)
        if not limit:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT search_kind, id, rank FROM ({self.union_sql}) AS hits "
                "ORDER BY rank DESC, search_kind, id LIMIT %s OFFSET %s",
                [*self.params, limit, start],
            )
            return cursor.fetchall()


def _union(parts):
    sqls, params = [], []
    for queryset in parts:
        sql, part_params = queryset.query.sql_with_params()
        sqls.append(f"({sql})")
        params.extend(part_params)
    return " UNION ALL ".join(sqls), params


def _matching(source, tsquery, language, *, ranked=True):
    queryset = (
        source.queryset(language=language)
        .filter(search_vector=tsquery)
        .annotate(search_kind=Value(source.kind, output_field=models.CharField()))
        .order_by()
    )
    if not ranked:
        return queryset.values_list("search_kind", "id")
    return queryset.annotate(rank=SearchRank(F("search_vector"), tsquery)).values_list(
        "search_kind", "id", "rank"
    )


class Search:
    """One search: ``Search(query, kinds=..., language=...)``, then
    ``hits()`` for the paginator and ``results_for(page_rows)``.

    ``kinds`` restricts the results (counts always cover every kind, for the
    filter bar); ``language`` keeps only items in that language.
    """

    def __init__(self, query: str, *, kinds=(), language: str | None = None):
        self.query = clean_query(query)
        self.language = language or None
        self.all_sources = sources()
        self.kinds = tuple(kinds) or tuple(self.all_sources)
        # The sources that may hold items in the language asked for.
        self.sources = {
            kind: source
            for kind, source in self.all_sources.items()
            if source.has_language(self.language)
        }
        self.tsquery = text_search_query(self.query)

    @property
    def searchable(self) -> bool:
        return has_words(self.query)

    def hits(self, counts: dict[str, int]) -> _Hits:
        total = sum(counts.get(kind, 0) for kind in self.kinds)
        selected = [self.sources[kind] for kind in self.kinds if counts.get(kind)]
        if not selected:
            return _Hits("", [], 0)
        union_sql, params = _union(
            _matching(source, self.tsquery, self.language) for source in selected
        )
        return _Hits(union_sql, params, total)

    def overview(self) -> tuple[dict[str, int], list[tuple]]:
        """Hits per kind (over every kind, for the filter bar) and, only when
        the selected kinds have fewer than ``FEW_RESULTS``, the close matches:
        ``(word, kind, pk, matched text, similarity)`` for the names and
        titles nearest each query word by trigram word similarity.

        One statement: the close matches sit behind a one-time filter on the
        counts, so they cost nothing when the ranked search finds enough.
        """
        if not self.sources:
            return {}, []
        union_sql, params = _union(
            _matching(source, self.tsquery, self.language, ranked=False)
            for source in self.sources.values()
        )
        sql = (
            f"WITH hits AS (SELECT search_kind, count(*) AS n FROM ({union_sql}) "
            "AS matching GROUP BY search_kind) "
            "SELECT NULL, search_kind, n, NULL, NULL FROM hits"
        )
        close_sql, close_params = self._close_matches_sql()
        if close_sql:
            sql += (
                f" UNION ALL ({close_sql} AND (SELECT coalesce(sum(n), 0) FROM hits "
                "WHERE search_kind = ANY(%s)) < %s)"
            )
            params += [*close_params, list(self.kinds), FEW_RESULTS]
        counts, matches = {}, []
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for word, kind, number, text, similarity in cursor.fetchall():
                if word is None:
                    counts[kind] = number
                else:
                    matches.append((word, kind, number, text, similarity))
        matches.sort(key=lambda match: -match[4])
        return counts, matches

    def _close_matches_sql(self):
        words = _fuzzy_words(self.query)
        selected = [
            self.sources[kind]
            for kind in self.kinds
            if kind in self.sources and self.sources[kind].fuzzy_field
        ]
        if not words or not selected:
            return "", []
        word = RawSQL("w.word", ())
        parts = []
        for source in selected:
            text = F(source.fuzzy_field)
            parts.append(
                source.queryset(language=self.language)
                .annotate(
                    search_kind=Value(source.kind, output_field=models.CharField()),
                    fuzzy_text=text,
                    similarity=Func(
                        word,
                        text,
                        function="word_similarity",
                        output_field=FloatField(),
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
        union_sql, params = _union(parts)
        return (
            "SELECT w.word, m.search_kind, m.id, m.fuzzy_text, m.similarity "
            "FROM unnest(%s::text[]) AS w(word) "
            f"CROSS JOIN LATERAL ({union_sql}) AS m "
            "WHERE m.similarity >= %s",
            [words, *params, MIN_WORD_SIMILARITY],
        )

    def fetch(self, wanted: dict[str, list[int]]) -> dict[tuple[str, int], Result]:
        """The items ``wanted`` (pks by kind), one query per kind, with their
        highlighted title and snippet."""
        found = {}
        for kind, pks in wanted.items():
            source = self.all_sources[kind]
            queryset = source.for_display(
                source.public()
                .filter(pk__in=pks)
                .annotate(
                    search_title=SearchHeadline(
                        source.title_field,
                        self.tsquery,
                        config=source.config,
                        start_sel=MARK_START,
                        stop_sel=MARK_STOP,
                        highlight_all=True,
                    ),
                    search_snippet=SearchHeadline(
                        source.snippet_expression(),
                        self.tsquery,
                        config=source.config,
                        start_sel=MARK_START,
                        stop_sel=MARK_STOP,
                        max_words=35,
                        min_words=15,
                        short_word=2,
                        max_fragments=2,
                        fragment_delimiter=" … ",
                    ),
                )
                .order_by()
            )
            unescape = bool(source.html_fields)
            for item in queryset:
                found[(kind, item.pk)] = Result(
                    kind=kind,
                    source=source,
                    object=item,
                    title_html=highlight(item.search_title, unescape=unescape),
                    snippet_html=highlight(item.search_snippet, unescape=unescape),
                )
        return found


def _fuzzy_words(query: str) -> list[str]:
    words = []
    for word in _WORD.findall(query.lower()):
        if len(word) >= MIN_FUZZY_WORD and word not in words:
            words.append(word)
    return words[:MAX_FUZZY_WORDS]


def corrections(matches) -> tuple[dict[str, str], list[tuple]]:
    """Read ``Search.overview``'s close matches.

    Returns the corrections (query word to the closest stored word, for the
    words no name or title spells exactly) and the matches of those misspelt
    words only: a word spelt as stored ("revolution") has nothing to correct,
    so its near titles are not offered as close matches.
    """
    stored_words = defaultdict(set)
    for word, _kind, _pk, text, _similarity in matches:
        stored_words[word].update(_WORD.findall(text or ""))
    misspelt = {
        word
        for word, stored in stored_words.items()
        if word not in {candidate.lower() for candidate in stored}
    }
    fixes = {}
    for word in misspelt:
        best, best_ratio = None, MIN_SUGGESTION_RATIO
        for stored in sorted(stored_words[word]):
            ratio = difflib.SequenceMatcher(None, word, stored.lower()).ratio()
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
        fix = fixes.get(word.lower())
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
    page: Any = 1,
    per_page: int = PER_PAGE,
) -> SearchResults:
    """Search everything public for ``query``.

    ``kinds`` and ``language`` filter the results; ``page`` is the page
    number as given (anything that is not a page number shows the first
    page, a number past the end the last).
    """
    run = Search(query, kinds=kinds, language=language)
    outcome = SearchResults(query=run.query, kinds=run.kinds)
    if not run.searchable:
        return outcome
    outcome.counts, matches = run.overview()
    fixes, matches = corrections(matches)
    outcome.page = Paginator(run.hits(outcome.counts), per_page).get_page(page)
    rows = list(outcome.page.object_list)
    shown = {(kind, pk) for kind, pk, _rank in rows}
    close = []
    for _word, kind, pk, _text, _similarity in matches:
        if (kind, pk) not in shown and (kind, pk) not in close:
            close.append((kind, pk))
    close = close[:MAX_CLOSE_MATCHES]
    wanted = defaultdict(list)
    for kind, pk in [(kind, pk) for kind, pk, _rank in rows] + close:
        wanted[kind].append(pk)
    found = run.fetch(wanted)
    for kind, pk, rank in rows:
        if (kind, pk) in found:
            found[(kind, pk)].rank = rank
            outcome.results.append(found[(kind, pk)])
    outcome.close_matches = [found[key] for key in close if key in found]
    outcome.suggestion = suggest(run.query, fixes)
    return outcome
