"""Every name and title the search matches, folded once and kept in memory by the server.

``queries/search-people.rq`` and ``search-publications.rq`` fold every label in SPARQL on each
search: 7-9 s per search at 10k researchers (80,000 spellings, 69,000 titles), whatever was
typed. The index reads the same rows once per state of the served store
(``queries/search-*-labels.rq``, 9.5 s at 10k), folds each label with :func:`.search.fold` and
joins them into one string; a search is a scan of that string (``str.find``) and answers the
rows the SPARQL query would have answered, minus its row limit.

It is kept only where the service knows when the data changes (the worker-process runner of
``scholargraph serve``: a generation that moves with every update); elsewhere the search asks
the store.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ..queries import load_query
from ..rdf.terms import Lit, Term
from ..store_api import GraphStore, Row
from .search import fold

SEPARATOR = "\n"  # never in a search text (runs of spaces are collapsed to one space)


@dataclass(frozen=True)
class LabelIndex:
    """Labels of one kind of entity: the folded labels joined in ``text``, the rows of each."""

    text: str
    starts: list[int]  # where each label starts in ``text``
    rows: list[list[Row]]  # each label's rows, as the search query returns them

    @classmethod
    def from_rows(cls, rows: Sequence[Row], entity: str) -> LabelIndex:
        """Rows with ``entity`` and ``label`` (and the fields the search reads), grouped by
        (entity, label)."""
        groups: dict[tuple[str, Lit], list[Row]] = {}
        terms: dict[Term, Term] = {}  # one object per distinct term: rows repeat them
        for found in rows:
            row = {name: terms.setdefault(value, value) for name, value in found.items()}
            label = row.get("label")
            if isinstance(label, Lit):
                groups.setdefault((str(row[entity]), label), []).append(row)
        parts, starts, position = [], [], 0
        for _, label in groups:
            folded = fold(label.value).replace(SEPARATOR, " ")
            starts.append(position)
            parts.append(folded)
            position += len(folded) + len(SEPARATOR)
        text = SEPARATOR.join(parts) + SEPARATOR
        return cls(text, starts, list(groups.values()))

    def matching(self, needle: str) -> list[Row]:
        """The rows of every label whose folded text contains ``needle`` (already folded)."""
        found: list[Row] = []
        if not needle or SEPARATOR in needle:
            return found
        position = self.text.find(needle)
        while position != -1:
            entry = bisect_right(self.starts, position) - 1
            found.extend(self.rows[entry])
            following = entry + 1
            if following == len(self.starts):
                break
            position = self.text.find(needle, self.starts[following])
        return found


@dataclass(frozen=True)
class SearchIndex:
    people: LabelIndex
    publications: LabelIndex

    @classmethod
    def build(cls, store: GraphStore) -> SearchIndex:
        people = store.select(load_query("search-people-labels")).rows
        papers = store.select(load_query("search-publication-labels")).rows
        return cls(LabelIndex.from_rows(people, "person"), LabelIndex.from_rows(papers, "paper"))


class SearchIndexHolder:
    """The index of the served store's current state, built on first use (one build at a
    time; searches arriving meanwhile wait for it instead of folding every label themselves)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._built: tuple[tuple[int, str], SearchIndex] | None = None

    def current(
        self, store: GraphStore, generation: int | None, lineage: str
    ) -> SearchIndex | None:
        """The index for this state of the store, or ``None`` when the state is unknown
        (``generation`` ``None``: the store may change at any time)."""
        if generation is None:
            return None
        key = (generation, lineage)
        with self._lock:
            if self._built is None or self._built[0] != key:
                self._built = None  # let the old index go before the new one is read
                self._built = (key, SearchIndex.build(store))
            return self._built[1]
