"""Long lists on pages: the first items shown, and how many there are in all.

An organization of the 10k-researcher corpus has 10,000 members and is named on 19,000 pages; a
category is the subject of 16,500 papers. A page lists at most a fixed number of such items
(its query reads one more, to know there are more) and counts the rest with a second query, run
only when the list is longer: the count reads no names or labels, so it costs a fraction of
listing everything. The page links a SPARQL query that lists them all, cut into answers the
endpoint's row limit lets through whole (:func:`answers`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..queries import load_query
from ..rdf.terms import Term
from ..sparql_text import substitute
from ..store_api import Row
from .display import term_text

T = TypeVar("T")

LIST_SHOWN = 1000  # people, papers and links a list shows; their queries read one more


@dataclass(frozen=True)
class Capped(Generic[T]):
    """The items a page lists (at most its cap, in display order), and their number in all."""

    shown: list[T]
    total: int
    query: str = ""  # a SPARQL query listing them all (the page links to it when capped)
    exact: bool = True  # False: at least ``total`` (the search stopped reading matches)

    def __iter__(self) -> Iterator[T]:
        return iter(self.shown)

    def __len__(self) -> int:
        return len(self.shown)

    def __getitem__(self, index: int) -> T:
        return self.shown[index]

    @property
    def more(self) -> int:
        return self.total - len(self.shown)


def capped(items: Sequence[T], limit: int, count: Callable[[], int], query: str = "") -> Capped[T]:
    """The first ``limit`` of ``items`` (already in display order); ``count`` runs only when
    there are more, and never lowers the total below what was found (the store may have been
    written between the two queries). ``query`` lists them all."""
    if len(items) <= limit:
        return Capped(list(items), len(items))
    return Capped(list(items[:limit]), max(count(), len(items)), query)


def full_list_query(name: str, **bindings: Term) -> str:
    """The query ``queries/{name}.rq`` with its values written in, without its header comments:
    what a page offers to run on the endpoint to list a capped list whole."""
    lines = substitute(load_query(name), bindings).splitlines()
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Answer:
    """One of the answers that list a long list whole: its rows ``first`` to ``last``."""

    first: int
    last: int
    query: str


def answers(query: str, total: int, per_answer: int) -> list[Answer]:
    """``query``, which lists ``total`` rows, as answers of at most ``per_answer`` rows (the
    endpoint's row limit): the query itself when they fit, else one ``LIMIT`` / ``OFFSET``
    window each (every such query orders its rows, so the windows neither overlap nor skip)."""
    if total <= per_answer:
        return [Answer(1, total, query)]
    return [
        Answer(
            start + 1,
            min(start + per_answer, total),
            f"{query}LIMIT {per_answer}\nOFFSET {start}\n",
        )
        for start in range(0, total, per_answer)
    ]


def counted(rows: Sequence[Row], column: str) -> int:
    """The number a count query answered in ``column`` (0 when it found nothing)."""
    return int(term_text(rows[0][column])) if rows and column in rows[0] else 0
