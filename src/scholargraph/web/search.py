"""Search by person name (any spelling) or paper title, case- and accent-insensitive.

The label side is folded inside SPARQL (``queries/search-*.rq``: ``LCASE`` then one ``REPLACE``
per accented letter class); :func:`fold` folds the search text the same way in Python, so the
two meet. A served store keeps every label folded in memory instead (:mod:`.search_index`):
the same rows, without folding 150,000 labels on each search. Results are ranked here: exact
match, then prefix, then word start, then anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..queries import load_query
from ..rdf.terms import Lit
from ..store_api import GraphStore, Row
from .capped import Capped
from .display import date_sort_key

if TYPE_CHECKING:
    from .search_index import SearchIndex

# Must stay in step with the REPLACE chain of queries/search-people.rq and search-publications.rq.
FOLD_CLASSES: tuple[tuple[str, str], ...] = (
    ("àáâãäåāăą", "a"),
    ("çćĉċč", "c"),
    ("ďđ", "d"),
    ("èéêëēĕėęě", "e"),
    ("ĝğġģ", "g"),
    ("ìíîïĩīĭįı", "i"),
    ("ĺļľł", "l"),
    ("ñńņň", "n"),
    ("òóôõöøōŏő", "o"),
    ("ŕŗř", "r"),
    ("śŝşšș", "s"),
    ("ţťțŧ", "t"),
    ("ùúûüũūŭůűų", "u"),
    ("ýÿŷ", "y"),
    ("źżž", "z"),
    ("ß", "ss"),
    ("æ", "ae"),
    ("œ", "oe"),
)
_TABLE = {ord(char): out for chars, out in FOLD_CLASSES for char in chars}
_COMBINING = re.compile("[\u0300-\u036f]")
_SPACES = re.compile(r"\s+")
MIN_QUERY = 2
MAX_QUERY = 200
MAX_RESULTS = 50
SEARCH_ROWS = 500  # the LIMIT of queries/search-*.rq: past it, more may match than were read


def fold(text: str) -> str:
    """Lower case, Latin letters without diacritics, combining marks dropped."""
    return _COMBINING.sub("", text.lower().translate(_TABLE))


def clean_query(raw: str) -> str:
    """The search text as typed, trimmed and with runs of spaces collapsed."""
    return _SPACES.sub(" ", raw).strip()[:MAX_QUERY]


@dataclass
class Hit:
    """One entity found, with the spellings that matched."""

    iri: str
    label: str
    matched: list[str] = field(default_factory=list)
    date: Lit | None = None
    score: int = 0


@dataclass
class SearchResults:
    """What a search shows: the best hits of each kind, and how many it found."""

    query: str
    people: Capped[Hit]
    publications: Capped[Hit]

    @property
    def empty(self) -> bool:
        return not self.people and not self.publications


def _score(label: str, needle: str) -> int:
    folded = fold(label)
    if folded == needle:
        return 3
    if folded.startswith(needle):
        return 2
    if f" {needle}" in folded:  # where a word starts
        return 1
    return 0


def _collect(rows: list[Row], key: str, label_key: str, needle: str) -> list[Hit]:
    """One hit per entity; what it shows does not depend on the order of ``rows``."""
    hits: dict[str, Hit] = {}
    for row in rows:
        iri = str(row[key])
        matched = row.get("label")
        shown = row.get(label_key)
        label = shown.value if isinstance(shown, Lit) else ""
        hit = hits.setdefault(iri, Hit(iri=iri, label=label))
        if label and (not hit.label or label < hit.label):
            hit.label = label
        date = row.get("date")
        if isinstance(date, Lit) and (hit.date is None or _precision(date) > _precision(hit.date)):
            hit.date = date
        if isinstance(matched, Lit) and matched.value not in hit.matched:
            hit.matched.append(matched.value)
            hit.score = max(hit.score, _score(matched.value, needle))
    for hit in hits.values():
        hit.matched.sort()
        hit.label = hit.label or (hit.matched[0] if hit.matched else hit.iri)
        hit.matched = [m for m in hit.matched if m != hit.label]
    return list(hits.values())


def _precision(date: Lit) -> tuple[int, str]:
    """The most precise date stated first (the longest lexical form)."""
    return (len(date.value), date.value)


def search(
    store: GraphStore,
    raw_query: str,
    limit: int = MAX_RESULTS,
    index_of: Callable[[], SearchIndex | None] = lambda: None,
) -> SearchResults:
    """People and papers matching ``raw_query`` (empty when the text is too short), from the
    index ``index_of`` gives when it gives one (asked only for a text long enough to search),
    else from the store."""
    query = clean_query(raw_query)
    needle = fold(query)
    if len(needle) < MIN_QUERY:
        return SearchResults(query, Capped([], 0), Capped([], 0))
    index = index_of()
    if index is not None:
        people_rows = index.people.matching(needle)
        paper_rows = index.publications.matching(needle)
    else:
        bindings = {"q": Lit(needle)}
        people_rows = store.select(load_query("search-people"), bindings).rows
        paper_rows = store.select(load_query("search-publications"), bindings).rows
    row_limited = index is None  # the queries stop at SEARCH_ROWS rows; the index does not
    people = _collect(people_rows, "person", "name", needle)
    papers = _collect(paper_rows, "paper", "title", needle)
    people.sort(key=lambda h: (-h.score, fold(h.label), h.iri))
    papers.sort(key=lambda h: (-h.score, _negated(date_sort_key(h.date)), fold(h.label), h.iri))
    return SearchResults(
        query,
        _best(people, limit, row_limited and len(people_rows) >= SEARCH_ROWS),
        _best(papers, limit, row_limited and len(paper_rows) >= SEARCH_ROWS),
    )


def _best(hits: list[Hit], limit: int, rows_capped: bool) -> Capped[Hit]:
    """The first ``limit`` hits, counted; when the query stopped at its row limit, the count is
    a lower bound and the best matches may not have been read (the user types more)."""
    return Capped(hits[:limit], len(hits), exact=not rows_capped)


def _negated(key: str) -> tuple[int, ...]:
    """Sort key for newest first: later dates sort before earlier ones, undated last."""
    if not key:
        return (1,)
    return (0, *(-ord(char) for char in key))
