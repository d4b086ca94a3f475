"""Which source documents the facts of a page came from (the metadata graph)."""

from __future__ import annotations

from dataclasses import dataclass

from ..queries import load_query
from ..rdf.terms import Lit
from ..rdf.vocab import SG
from ..store_api import GraphStore
from .display import format_date, source_label
from .i18n import text

FORMAT_KEYS = {SG.ProfilePage: "profile_page", SG.AggregatorPage: "aggregator_page"}


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


def entity_sources(store: GraphStore, iri: str, metadata_graph: str, lang: str) -> list[SourceView]:
    """The source documents whose graphs mention ``iri``, ordered by source."""
    rows = store.select(
        load_query("entity-sources"), {"entity": iri, "metadataGraph": metadata_graph}
    ).rows
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
    return sorted(seen.values(), key=lambda s: (s.label, s.graph))


def sources_by_graph(sources: list[SourceView]) -> dict[str, SourceView]:
    return {source.graph: source for source in sources}
