"""What the store already holds: the stored sources' metadata and parsed records, found by
identity, path or graph, and the repair of what an interrupted bulk load left."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..code_fingerprint import parser_version
from ..errors import NotFound, StoreError
from ..heap import cyclic_gc_paused
from ..inputs import InputFile
from ..models import SourceDocument
from ..queries import load_query
from ..rdf.iris import Iris
from ..rdf.mapping import PAGE_FORMAT_CLASSES
from ..rdf.mapping_inputs import MentionKey, decode_mentions
from ..rdf.terms import Lit, Term
from ..rdf.vocab import SG
from ..store_api import GraphStore
from .report import Progress


@dataclass(frozen=True)
class StoredSource:
    graph: str
    source_id: str
    content_hash: str
    digest: str | None
    inputs: str | None = None  # fingerprint of what its mapping read (sg:mappingInputs)
    format: str = ""  # page format / language, as the ingest report shows them
    entries: int | None = None  # publication entries read (sg:publicationEntries; older: None)
    parser: str = ""  # the parser that read its record (sg:parserVersion)

    def holds(self, content_hash: str) -> bool:
        """Whether the stored record is what this version reads from content ``content_hash``:
        the same page, read by the same parser code (:func:`.code_fingerprint.parser_version`)."""
        return content_hash == self.content_hash and self.parser == parser_version()


_FORMAT_OF_CLASS = {cls: page_format.value for page_format, cls in PAGE_FORMAT_CLASSES.items()}


def stored_sources(
    store: GraphStore, iris: Iris, graph: str | None = None
) -> dict[str, StoredSource]:
    """Every stored source (or the one of ``graph``), by source id."""
    bindings: dict[str, Term] = {"metadataGraph": iris.metadata_graph}
    if graph is not None:
        bindings["graph"] = graph
    result = store.select(load_query("stored-sources"), bindings)
    out: dict[str, StoredSource] = {}
    for row in result.rows:
        source_id = value_text(row["sourceId"])
        page_format = _FORMAT_OF_CLASS.get(str(row.get("format", "")), "")
        out[source_id] = StoredSource(
            graph=str(row["graph"]),
            source_id=source_id,
            content_hash=value_text(row["contentHash"]).removeprefix("sha256:"),
            digest=value_text(row["digest"]) if "digest" in row else None,
            inputs=value_text(row["inputs"]) if "inputs" in row else None,
            format=f"{page_format}/{value_text(row['language'])}"
            if "language" in row
            else page_format,
            entries=int(value_text(row["entries"])) if "entries" in row else None,
            parser=value_text(row["parser"]) if "parser" in row else "",
        )
    return out


def recorded_graphs(store: GraphStore, iris: Iris) -> set[str]:
    """The source graphs whose parsed record is stored (without reading the records)."""
    result = store.select(load_query("recorded-graphs"), {"recordsGraph": iris.records_graph})
    return {str(row["graph"]) for row in result.rows}


def stored_documents(
    store: GraphStore, iris: Iris, *, progress: Progress | None = None, total: int = 0
) -> dict[str, SourceDocument]:
    """Every stored record, parsed, by source id. Read as the records graph's quads rather than
    through a SELECT, whose results Oxigraph would write out as JSON and Python read back: a
    record is a long JSON literal (10k researchers, 310 MB of records: 11.8-13.7 s -> 8.9-9.7 s,
    of which pydantic 5.7 s). ``progress`` hears stage ``records`` every 500 records, out of
    ``total`` (the number of stored sources)."""
    docs = {}
    with cyclic_gc_paused():  # 21 s -> 10 s for the 26,966 records of 10k researchers
        for graph, predicate, record, _ in store.graph_quads(iris.records_graph):
            if predicate != SG.parsedRecord:
                continue
            try:
                doc = SourceDocument.model_validate_json(value_text(record))
            except ValidationError as exc:
                raise StoreError(
                    "a stored parsed record is unreadable (written by another version?); "
                    "rebuild the store with a fresh ingest",
                    where=str(graph),
                ) from exc
            docs[doc.source_id] = doc
            if progress and len(docs) % 500 == 0:
                progress("records", len(docs), max(total, len(docs)))
    if progress:
        progress("records", len(docs), len(docs))
    return docs


def content_hashes(documents: Mapping[str, SourceDocument]) -> dict[str, str]:
    return {source_id: doc.content_sha256 for source_id, doc in documents.items()}


def value_text(term: object) -> str:
    """A literal's lexical form, or an IRI's text."""
    return term.value if isinstance(term, Lit) else str(term)


def repair_uncommitted(
    store: GraphStore,
    iris: Iris,
    stored: dict[str, StoredSource],
    recorded: set[str],
) -> list[str]:
    """Remove what an interrupted bulk load left: source graphs, metadata and records of
    sources that were never committed (a source is committed once its metadata has its graph
    digest and its record is stored; ``recorded``: the graphs with a stored record). Updates
    ``stored`` and ``recorded`` in place; returns the graphs removed.

    Metadata missing its source id or hash can only be found by reading every metadata triple
    (2.3 s at 10k researchers), so that search runs only after a bulk load that did not finish:
    each one leaves a marker (:func:`.writing.write_graphs`)."""
    unfinished: list[str] = []  # runs whose bulk load did not finish
    if store.may_leave_partial_sources:
        query = load_query("unfinished-bulk-loads")
        rows = store.select(query, {"metadataGraph": iris.metadata_graph}).rows
        unfinished = [str(row["run"]) for row in rows]
    committed = {
        entry.graph
        for entry in stored.values()
        if entry.digest is not None and entry.graph in recorded
    }
    known = {entry.graph: entry.source_id for entry in stored.values()}
    present = {g for g in store.graph_names() if iris.is_source_graph(g)} | set(known) | recorded
    if unfinished:
        bindings: dict[str, Term] = {
            "metadataGraph": iris.metadata_graph,
            "recordsGraph": iris.records_graph,
            "prefix": Lit(iris.source_graph_prefix),
        }
        described = store.select(load_query("described-source-graphs"), bindings).rows
        present.update(str(row["graph"]) for row in described)
    stale = sorted(present - committed)
    if stale:
        store.remove_graphs(
            stale,
            delete_subjects={iris.metadata_graph: stale, iris.records_graph: stale},
        )
    if unfinished:  # searched and repaired: the markers are done with
        store.replace_graphs({}, delete_subjects={iris.metadata_graph: unfinished})
    for graph in stale:
        recorded.discard(graph)
        source_id = known.get(graph)
        if source_id is not None:
            stored.pop(source_id, None)
    return stale


def source_count(store: GraphStore, iris: Iris) -> int:
    rows = store.select(load_query("source-count"), {"metadataGraph": iris.metadata_graph}).rows
    return sum(int(value_text(row["sources"])) for row in rows)


def find_source(store: GraphStore, iris: Iris, source: str) -> StoredSource:
    """A stored source by its identity, its file path, or its graph IRI."""
    candidates = [source]
    if "://" not in source:
        candidates.append(str(Path(source).resolve()))
    for candidate in candidates:  # one bound query each
        found = stored_sources(store, iris, iris.source_graph(candidate))
        if candidate in found:
            return found[candidate]
    stored = stored_sources(store, iris)
    for entry in stored.values():
        if entry.graph == source:
            return entry
    raise NotFound("no such source document in the store", where=source)


def stored_of(store: GraphStore, iris: Iris, items: Sequence[InputFile]) -> dict[str, StoredSource]:
    """The stored sources of ``items`` only (one bound query each)."""
    stored: dict[str, StoredSource] = {}
    for item in items:
        stored.update(stored_sources(store, iris, iris.source_graph(item.source_id)))
    return stored


def stored_record(
    store: GraphStore, iris: Iris, graph: str
) -> tuple[SourceDocument, list[MentionKey]] | None:
    """A stored source's record and the mention keys it was mapped with (``None`` when either
    is missing or unreadable: the caller resolves, which rewrites both)."""
    bindings: dict[str, Term] = {"recordsGraph": iris.records_graph, "graph": graph}
    rows = store.select(load_query("source-record"), bindings).rows
    if len(rows) != 1 or "mentionKeys" not in rows[0]:
        return None
    try:
        doc = SourceDocument.model_validate_json(value_text(rows[0]["record"]))
        return doc, decode_mentions(value_text(rows[0]["mentionKeys"]))
    except ValueError:  # pydantic's ValidationError is one
        return None
