"""Which source documents the facts of a page came from (the metadata graph).

A page lists at most :data:`SOURCES_SHOWN` of them: an organization of the 10k-researcher corpus
is named on 19,000 pages, and listing them all took 2.5 s and made a page of megabytes. Past
that, the page lists the first ones the store finds, says how many there are in all, and links
a query listing every one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..queries import load_query
from ..rdf.terms import Lit
from ..rdf.vocab import SG
from ..store_api import GraphStore
from .capped import Capped, capped, counted, full_list_query
from .display import format_date, source_label
from .i18n import text

FORMAT_KEYS = {SG.ProfilePage: "profile_page", SG.AggregatorPage: "aggregator_page"}
SOURCES_SHOWN = 100  # queries/entity-sources.rq reads one more, to know there are more


@dataclass(frozen=True)
class SourceView:
    """One source document, as the "Sources" section lists it."""

    graph: str
    source: str
    label: str
    href: str | None  # a link for web sources; files are named, not linked
    format: str
    language: str
    generated: str
    retrieved: str


Sources = Capped[SourceView]  # ordered by source


def entity_sources(store: GraphStore, iri: str, metadata_graph: str, lang: str) -> Sources:
    """The source documents whose graphs mention ``iri``: up to :data:`SOURCES_SHOWN`,
    ordered by source, and their number."""
    bindings = {"entity": iri, "metadataGraph": metadata_graph}
    rows = store.select(load_query("entity-sources"), bindings).rows
    words = text(lang)
    seen: dict[str, SourceView] = {}
    for row in rows:
        graph = str(row["graph"])
        if graph in seen:
            continue
        source = str(row["source"])
        fmt = str(row.get("format", ""))
        language = row.get("language")
        seen[graph] = SourceView(
            graph=graph,
            source=source,
            label=source_label(source),
            href=source if source.startswith(("http://", "https://")) else None,
            format=words.get(FORMAT_KEYS.get(fmt, ""), ""),
            language=language.value if isinstance(language, Lit) else "",
            generated=format_date(row.get("generated"), lang),
            retrieved=format_date(row.get("retrieved"), lang),
        )
    shown = sorted(seen.values(), key=lambda s: (s.label, s.graph))
    return capped(
        shown,
        SOURCES_SHOWN,
        lambda: counted(store.select(load_query("entity-source-count"), bindings).rows, "sources"),
        full_list_query("all-entity-sources", **bindings),
    )


def sources_by_graph(sources: Iterable[SourceView]) -> dict[str, SourceView]:
    return {source.graph: source for source in sources}
