"""Ordered author lists built from authorship nodes.

Order is what the sources state, never guessed: ``vivo:rank`` (absolute, 1-based) where an
aggregator page gave it; else ``sg:listedIndex``, the order among the co-authors one profile
page listed (the owner left out). Different profile pages may list a paper's co-authors
differently, so listed indexes are read from one reference graph (the one listing the most
authors). Authors whose position no source states come last, flagged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..rdf.terms import Lit
from ..store import Row
from .display import Linker, local_name


@dataclass
class AuthorEntry:
    """What the graphs say about one author of one paper."""

    iri: str
    name: str = ""
    ranks: set[int] = field(default_factory=set)
    listed: dict[str, int] = field(default_factory=dict)  # graph -> listed index


@dataclass(frozen=True)
class AuthorView:
    """One author as a page shows it."""

    iri: str
    href: str
    label: str
    rank: int | None
    is_owner: bool
    position_known: bool


def _int(term: object) -> int | None:
    if isinstance(term, Lit):
        try:
            return int(term.value)
        except ValueError:
            return None
    return None


def entries_by_paper(rows: Iterable[Row]) -> dict[str, dict[str, AuthorEntry]]:
    """Rows of ``person-coauthors`` / ``publication-authors`` -> paper -> author -> entry."""
    papers: dict[str, dict[str, AuthorEntry]] = {}
    for row in rows:
        paper, author = str(row["paper"]), str(row["author"])
        entry = papers.setdefault(paper, {}).setdefault(author, AuthorEntry(author))
        name = row.get("name")
        if isinstance(name, Lit) and not entry.name:
            entry.name = name.value
        rank = _int(row.get("rank"))
        if rank is not None:
            entry.ranks.add(rank)
        index = _int(row.get("listedIndex"))
        if index is not None and "listedGraph" in row:
            graph = str(row["listedGraph"])
            entry.listed[graph] = min(index, entry.listed.get(graph, index))
    return papers


def order_authors(entries: Iterable[AuthorEntry]) -> list[AuthorEntry]:
    """Ranked authors by rank, then listed ones by listed index, then the rest."""
    items = list(entries)
    counts: dict[str, int] = {}
    for entry in items:
        for graph in entry.listed:
            counts[graph] = counts.get(graph, 0) + 1
    reference = min(counts, key=lambda g: (-counts[g], g)) if counts else None

    def key(entry: AuthorEntry) -> tuple[int, int, str]:
        if entry.ranks:
            return (0, min(entry.ranks), entry.name)
        if entry.listed:
            index = entry.listed.get(reference or "", min(entry.listed.values()))
            return (1, index, entry.name)
        return (2, 0, entry.name)

    return sorted(items, key=key)


def author_views(
    entries: Iterable[AuthorEntry], linker: Linker, owner: str | None = None
) -> list[AuthorView]:
    """Ordered authors, linked to their pages, the page's owner marked."""
    return [
        AuthorView(
            iri=entry.iri,
            href=linker.href(entry.iri),
            label=entry.name or local_name(entry.iri),
            rank=min(entry.ranks) if entry.ranks else None,
            is_owner=entry.iri == owner,
            position_known=bool(entry.ranks or entry.listed),
        )
        for entry in order_authors(entries)
    ]


def list_cut_short(values: Iterable[object]) -> bool:
    """'et al.': some source says the list is cut short and none gives the whole list."""
    flags = [v.value in ("true", "1") for v in values if isinstance(v, Lit)]
    return bool(flags) and not any(flags)
