"""The ingest pipeline: read -> parse -> resolve -> map -> store, and ``forget``.

Resolution is a function of the whole set of documents, so an ingest that changes what the
resolver reads re-resolves all stored documents (their parsed records are kept in the store) and
rewrites only the graphs whose content changed; a few changed pages the resolver reads as before
are mapped again in place, the stored resolution kept (:func:`_ingest_in_place`). Each source
document is written in one transaction (its graph, metadata and record together): a process
killed mid-ingest leaves every source entirely old or entirely new.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from . import __version__
from .code_fingerprint import parser_version
from .config import Settings
from .errors import InputError, NotFound, ScholarGraphError, StoreError
from .heap import cyclic_gc_paused, long_lived_heap
from .inputs import InputFile, Manifest, plan_inputs, read_bytes, sha256
from .models import EntityKind, MentionRef, Resolution, SourceDocument
from .parse import decode_page, parse_page
from .queries import load_query
from .rdf.iris import Iris
from .rdf.mapping import (
    PAGE_FORMAT_CLASSES,
    MappingContext,
    iter_vocabulary_quads,
    map_document,
    map_metadata,
    map_resolution,
    map_run,
    source_iri,
)
from .rdf.mapping_inputs import (
    MentionKey,
    decode_mentions,
    document_mentions,
    encode_mentions,
    mapping_fingerprints,
    one_document_resolution,
)
from .rdf.nquads import NQuadsWriter, graph_digest, lines_digest
from .rdf.terms import Lit, Quad, Term, typed
from .rdf.vocab import RDF, SG
from .resolution_index import StoreResolution, index_changes, index_quads
from .resolution_state import (
    computed_with,
    documents_state,
    shared_inputs,
    shifted_state,
    state_quad,
    stored_state,
)
from .resolve import resolve
from .resolve.common import sorted_refs
from .resolve.incremental import Declined, PageChange, resolve_change
from .resolve.incremental_groups import GROUPED, Grouper
from .resolve.reads import resolution_change
from .store import read_rdf_file
from .store_api import GraphStore, NewSource
from .vocabulary import Vocabulary, vocabulary_from_triples

RDF_JSON = RDF.JSON
VOCABULARY_FILES = (
    "sg.ttl",
    "alignments.ttl",
    "topics.ttl",
    "arxiv-categories.ttl",
    "membership-types.ttl",
    "organizations.ttl",
)
PARALLEL_THRESHOLD = 16  # below this many files, process start-up costs more than it saves

Clock = Callable[[], datetime]
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class FileResult:
    path: str
    source_id: str
    status: str  # added | updated | unchanged | failed
    message: str = ""
    publications: int = 0
    format: str = ""


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)
    graphs_written: int = 0
    graphs_mapped: int = 0  # stored source graphs mapped again (their mapping's inputs moved)
    entities: dict[str, int] = field(default_factory=dict)
    merges: int = 0
    # changed pages mapped again without resolving: the resolver reads them as before
    resolution_kept: bool = False
    # why every stored document was resolved again ("" when nothing was resolved)
    resolved_because: str = ""
    # what a change the resolver reads re-resolved without the rest ("" when it did not)
    resolved_locally: str = ""
    # seconds spent compacting the store after a bulk load (None: not compacted)
    optimized_s: float | None = None

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def succeeded(self) -> list[FileResult]:
        return [f for f in self.files if f.status != "failed"]


# ----------------------------------------------------------------------------- vocabulary


def vocabulary_files(settings: Settings) -> list[Path]:
    # no filtering: a wrong ontology_dir must fail naming the file, not give an empty vocabulary
    files = [settings.ontology_dir / name for name in VOCABULARY_FILES]
    return files + list(settings.extra_vocabularies)


def load_vocabulary(settings: Settings) -> tuple[Vocabulary, list[Quad]]:
    """The controlled vocabularies (for the resolver) and their quads (for the vocabulary graph)."""
    iris = Iris(settings.base)
    triples: list[tuple[str, str, Term, str | None]] = []
    for path in vocabulary_files(settings):
        if not path.exists():
            raise NotFound("vocabulary file not found", where=str(path))
        triples.extend(read_rdf_file(path, settings.base + "/"))
    simple = [
        (
            s,
            p,
            o.value if isinstance(o, Lit) else str(o),
            o.language if isinstance(o, Lit) else None,
        )
        for s, p, o, _ in triples
    ]
    vocabulary = vocabulary_from_triples(simple)
    quads = list(iter_vocabulary_quads(iter(triples), iris))
    return vocabulary, quads


# ----------------------------------------------------------------------------- parsing


def parse_file(item: InputFile, max_bytes: int) -> SourceDocument:
    """Read, decode and parse one file (runs in worker processes)."""
    data = read_bytes(item.path, max_bytes)
    text = decode_page(data, where=str(item.path), max_bytes=max_bytes)
    try:
        record = parse_page(text)
    except InputError as exc:
        exc.where = exc.where or str(item.path)
        raise
    return SourceDocument(
        source_id=item.source_id,
        path=str(item.path),
        content_sha256=sha256(data),
        retrieved=item.retrieved,
        record=record,
    )


def _parse_one(args: tuple[InputFile, int]) -> SourceDocument | InputError:
    item, max_bytes = args
    try:
        return parse_file(item, max_bytes)
    except InputError as exc:
        if exc.where is None:
            exc.where = str(item.path)
        return exc


def _parse_all(
    items: Sequence[InputFile], settings: Settings, progress: Progress | None
) -> list[SourceDocument | InputError]:
    workers = settings.parse_workers or (os.cpu_count() or 1)
    args = [(item, settings.max_input_bytes) for item in items]
    results: list[SourceDocument | InputError] = []
    if workers <= 1 or len(items) < PARALLEL_THRESHOLD:
        mapped: Iterable[SourceDocument | InputError] = map(_parse_one, args)
        for result in mapped:
            results.append(result)
            if progress:
                progress("parse", len(results), len(items))
        return results
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(_parse_one, args, chunksize=max(1, len(args) // (workers * 8))):
            results.append(result)
            if progress:
                progress("parse", len(results), len(items))
    return results


# ----------------------------------------------------------------------------- store state


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
        source_id = _text(row["sourceId"])
        page_format = _FORMAT_OF_CLASS.get(str(row.get("format", "")), "")
        out[source_id] = StoredSource(
            graph=str(row["graph"]),
            source_id=source_id,
            content_hash=_text(row["contentHash"]).removeprefix("sha256:"),
            digest=_text(row["digest"]) if "digest" in row else None,
            inputs=_text(row["inputs"]) if "inputs" in row else None,
            format=f"{page_format}/{_text(row['language'])}" if "language" in row else page_format,
            entries=int(_text(row["entries"])) if "entries" in row else None,
            parser=_text(row["parser"]) if "parser" in row else "",
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
                doc = SourceDocument.model_validate_json(_text(record))
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


def _hashes(documents: Mapping[str, SourceDocument]) -> dict[str, str]:
    return {source_id: doc.content_sha256 for source_id, doc in documents.items()}


def _text(term: object) -> str:
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
    each one leaves a marker (:func:`_write_graphs`)."""
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


# ----------------------------------------------------------------------------- writing


@dataclass
class _Run:
    iris: Iris
    settings: Settings
    clock: Clock
    started: str
    iri: str
    vocabulary_digest: str
    state: str  # what the resolution is computed from (:func:`documents_state`)


def _now(clock: Clock) -> str:
    return clock().astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _sync_vocabulary(store: GraphStore, iris: Iris, quads: list[Quad]) -> str:
    """Write the vocabulary graph if it changed; returns its digest."""
    digest = graph_digest(quads)
    current = store.objects(iris.vocabulary_graph, SG.graphDigest, iris.metadata_graph)
    if current and _text(current[0]) == digest:
        return digest
    meta = [(iris.vocabulary_graph, SG.graphDigest, Lit(digest), iris.metadata_graph)]
    store.replace_graphs(
        {iris.vocabulary_graph: quads},
        delete_subjects={iris.metadata_graph: [iris.vocabulary_graph]},
        insert=meta,
    )
    return digest


def _source_graph_text(
    doc: SourceDocument, ctx: MappingContext, writer: NQuadsWriter
) -> tuple[list[Quad], list[str], str]:
    """One document's mapped quads, their N-Quads lines and the graph's digest."""
    quads = map_document(doc, ctx)
    try:
        lines = writer.lines(quads)
    except ValueError as exc:  # an IRI taken from the page itself that RDF cannot hold
        raise InputError(str(exc), where=doc.source_id) from exc
    return quads, lines, lines_digest(lines)


def _describe(
    doc: SourceDocument,
    run: _Run,
    triples: int,
    digest: str,
    inputs: str,
    mentions: Iterable[MentionKey],
) -> list[Quad]:
    """The metadata and the record of one source graph (the digest quad among them), with the
    entity keys its mapping read (``sg:mentionKeys``, beside the record)."""
    iris = run.iris
    graph = iris.source_graph(doc.source_id)
    meta = map_metadata(
        doc,
        iris,
        run=run.iri,
        generated_at=_now(run.clock),
        triples=triples,
        digest=digest,
        parser_version=parser_version(),
        inputs=inputs,
    )
    record = (graph, SG.parsedRecord, Lit(doc.model_dump_json(), RDF_JSON), iris.records_graph)
    keys = (
        graph,
        SG.mentionKeys,
        typed(encode_mentions(mentions), "base64Binary"),
        iris.records_graph,
    )
    return [*meta, record, keys]


@dataclass
class _Written:
    graphs: int = 0  # source graphs written (new or changed), the resolution graph aside
    mapped: int = 0  # stored source graphs mapped again (their mapping's inputs moved)
    bulk: bool = False  # the new pages went through the bulk loader


def _write_graphs(
    store: GraphStore,
    run: _Run,
    documents: dict[str, SourceDocument],
    stored: dict[str, StoredSource],
    resolution: Resolution,
    vocabulary: Vocabulary,
    progress: Progress | None,
) -> _Written:
    """Rewrite every stored source graph whose mapped content changed, add the new ones, then
    write the resolution graph. A stored graph whose mapping's inputs (:mod:`.rdf.mapping_inputs`)
    are those it was written from is not even mapped again."""
    iris = run.iris
    ctx = MappingContext(
        iris=iris,
        resolution=resolution,
        vocabulary=vocabulary,
        institute_name=run.settings.institute_name,
        parser_version=parser_version(),
    )
    mentions = document_mentions(ctx)
    fingerprints = mapping_fingerprints(documents.values(), ctx, run.vocabulary_digest, mentions)
    # Until the final write lands, no state: the next run re-resolves (resolution_state).
    store.replace_graphs({}, delete_subjects={iris.metadata_graph: [iris.resolution_graph]})
    writer = NQuadsWriter()
    out = _Written()
    ordered = sorted(documents)
    new = [source_id for source_id in ordered if source_id not in stored]
    total = len(ordered)
    done = 0
    refreshed: list[tuple[SourceDocument, int, str]] = []  # same graph, new fingerprint
    for source_id in ordered:
        previous = stored.get(source_id)
        if previous is None:
            continue
        done += 1
        doc = documents[source_id]
        inputs = fingerprints[source_id]
        same_document = previous.content_hash == doc.content_sha256
        if same_document and previous.digest is not None and previous.inputs == inputs:
            continue
        out.mapped += 1
        quads, _, digest = _source_graph_text(doc, ctx, writer)
        if previous.digest == digest and same_document:
            refreshed.append((doc, len(quads), digest))
            continue
        graph = iris.source_graph(source_id)
        out.graphs += 1
        store.replace_graphs(
            {graph: quads},
            delete_subjects={iris.metadata_graph: [graph], iris.records_graph: [graph]},
            insert=_describe(doc, run, len(quads), digest, inputs, mentions.get(source_id, ())),
        )
        if progress:
            progress("write", done, total)
    _refresh_descriptions(store, run, refreshed, fingerprints, mentions)

    def new_sources() -> Iterator[NewSource]:
        for number, source_id in enumerate(new, start=done + 1):
            doc = documents[source_id]
            quads, lines, digest = _source_graph_text(doc, ctx, writer)
            described = _describe(
                doc, run, len(quads), digest, fingerprints[source_id], mentions.get(source_id, ())
            )
            commit = tuple(q for q in described if q[1] == SG.graphDigest)
            rest = [q for q in described if q[1] != SG.graphDigest]
            yield NewSource(iris.source_graph(source_id), "".join(lines), writer.text(rest), commit)
            if progress:
                progress("map", number, total)

    bulk = out.bulk = len(new) >= run.settings.bulk_load_pages
    if bulk and store.may_leave_partial_sources:  # removed by the final write below
        marker = (run.iri, SG.bulkLoadUnfinished, typed(True, "boolean"), iris.metadata_graph)
        store.replace_graphs({}, insert=[marker])
    # A first bulk ingest also loads the resolution graph through the bulk loader (several
    # times faster than a transaction); a half-loaded one is replaced by the next run, which
    # re-resolves since the state quad below never landed.
    resolution_in_bulk = bulk and not store.ask(
        load_query("graph-has-quads"), {"graph": iris.resolution_graph}
    )

    def sources() -> Iterator[NewSource]:
        yield from new_sources()
        if resolution_in_bulk:
            lines = writer.lines(map_resolution(ctx))
            yield NewSource(iris.resolution_graph, "".join(lines), "", ())
            yield from index_sources()

    def index_sources() -> Iterator[NewSource]:
        """The index graph in parts, each added to it (as quads to insert: a graph's own quads
        would replace the graph on a remote store): its millions of quads are never held as
        one text."""
        grouper = Grouper(vocabulary, run.settings.institute_name)
        quads = index_quads(iris, documents.values(), resolution, grouper)
        while part := list(islice(quads, INDEX_PART)):
            yield NewSource(iris.index_graph, "", "".join(writer.lines(part)), ())

    store.add_new_sources(sources(), bulk=bulk)
    out.graphs += len(new)
    if not resolution_in_bulk:
        # The index is rewritten whole, through the loader: millions of quads, of which a
        # difference would cost more than it saves. Not in the final transaction: until that
        # lands no state is stored, so an interrupted run leaves an index the next run rewrites.
        store.remove_graphs([iris.index_graph])
        store.add_new_sources(index_sources(), bulk=True)
    if progress and new:
        progress("write", total, total)
    run_quads = map_run(
        iris, run=run.iri, started=run.started, ended=_now(run.clock), version=__version__
    )
    # Written last and in one transaction: until it lands, the next run re-resolves.
    store.replace_graphs(
        {} if resolution_in_bulk else {iris.resolution_graph: map_resolution(ctx)},
        delete_subjects={iris.metadata_graph: [iris.resolution_graph, run.iri]},
        insert=[*run_quads, state_quad(iris, run.state)],
    )
    return out


INDEX_PART = 100_000  # index quads per part loaded
REFRESH_BATCH = 50  # descriptions per update (a remote store's request-size limits)


def _refresh_descriptions(
    store: GraphStore,
    run: _Run,
    refreshed: list[tuple[SourceDocument, int, str]],
    fingerprints: dict[str, str],
    mentions: Mapping[str, list[MentionKey]],
) -> None:
    """Record new mapping-input fingerprints (and the mention keys behind them) of graphs whose
    content came out the same (their graphs are left alone; their descriptions say which run
    produced them, as a rewrite would)."""
    iris = run.iris
    for start in range(0, len(refreshed), REFRESH_BATCH):
        batch = refreshed[start : start + REFRESH_BATCH]
        graphs = [iris.source_graph(doc.source_id) for doc, _, _ in batch]
        described = [
            quad
            for doc, triples, digest in batch
            for quad in _describe(
                doc,
                run,
                triples,
                digest,
                fingerprints[doc.source_id],
                mentions.get(doc.source_id, ()),
            )
        ]
        store.replace_graphs(
            {},
            delete_subjects={iris.metadata_graph: graphs, iris.records_graph: graphs},
            insert=described,
        )


def _summarise(report: IngestReport, resolution: Resolution) -> None:
    counts: dict[str, int] = {kind.value: 0 for kind in EntityKind}
    merges = 0
    for entity in resolution.entities:
        counts[entity.kind.value] += 1
        merges += len(entity.merges)
    report.entities = counts
    report.merges = merges


# ----------------------------------------------------------------------------- entry points


def ingest(
    paths: Sequence[Path],
    settings: Settings,
    store: GraphStore,
    *,
    manifest: Manifest | None = None,
    url: str | None = None,
    progress: Progress | None = None,
    clock: Clock = lambda: datetime.now(UTC),
) -> IngestReport:
    """Parse, resolve and write ``paths`` (files or folders) into ``store``."""
    with long_lived_heap() as settle:
        return _ingest(paths, settings, store, manifest, url, progress, clock, settle)


def _ingest(
    paths: Sequence[Path],
    settings: Settings,
    store: GraphStore,
    manifest: Manifest | None,
    url: str | None,
    progress: Progress | None,
    clock: Clock,
    settle: Callable[[], None],
) -> IngestReport:
    iris = Iris(settings.base)
    vocabulary, vocabulary_quads = load_vocabulary(settings)
    items = plan_inputs(paths, manifest=manifest, url=url)
    vocabulary_digest = _sync_vocabulary(store, iris, vocabulary_quads)
    inputs = shared_inputs(settings, vocabulary_digest)
    few = len(items) <= FEW_PAGES
    stored = _stored_of(store, iris, items) if few else stored_sources(store, iris)
    kept = _ingest_in_place(
        items, settings, store, stored, vocabulary, inputs, vocabulary_digest, clock
    )
    if isinstance(kept, IngestReport):
        store.flush()
        return kept
    if few:
        stored = stored_sources(store, iris)
    repair_uncommitted(store, iris, stored, recorded_graphs(store, iris))
    # after the repair, every stored source is committed: its record is stored
    report = IngestReport()
    to_parse: list[InputFile] = []
    uncounted: list[FileResult] = []  # unchanged pages described by an older version
    for item in items:
        previous = stored.get(item.source_id)
        if previous is not None:
            try:
                data = read_bytes(item.path, settings.max_input_bytes)
            except InputError as exc:
                report.files.append(_failure(item, exc))
                continue
            if previous.holds(sha256(data)):
                result = _unchanged(item, previous)
                report.files.append(result)
                if previous.entries is None:  # its count is in its record only
                    uncounted.append(result)
                continue
        to_parse.append(item)
    parsed = _parse_all(to_parse, settings, progress)
    new_documents: dict[str, SourceDocument] = {}
    for item, outcome in zip(to_parse, parsed, strict=True):
        if isinstance(outcome, InputError):
            report.files.append(_failure(item, outcome))
            continue
        new_documents[item.source_id] = outcome
        report.files.append(_parsed(item, outcome, stored.get(item.source_id)))
    hashes = {source_id: entry.content_hash for source_id, entry in stored.items()}
    hashes.update(_hashes(new_documents))
    # Re-resolve when a document changed, when the vocabulary, the settings or the code that
    # resolution and mapping read moved, or when an earlier run was stopped before its
    # resolution graph landed (the stored state then differs). Only then are the stored
    # records read back (an unchanged folder re-ingested never reads them).
    state = documents_state(hashes, inputs)
    resolving = bool(new_documents) or stored_state(store, iris) != state
    documents: dict[str, SourceDocument] = {}
    if resolving or uncounted:
        documents = stored_documents(store, iris, progress=progress, total=len(stored))
        for result in uncounted:
            result.publications = len(documents[result.source_id].record.publications)
        documents.update(new_documents)
    settle()
    bulk_loaded = False
    if resolving:
        if progress:
            progress("resolve", 0, 1)
        resolution = resolve(
            [documents[k] for k in sorted(documents)],
            vocabulary,
            institute_name=settings.institute_name,
        )
        settle()
        if progress:
            progress("resolve", 1, 1)
        started = _now(clock)
        run_iri = iris.run(started, ",".join(sorted(documents)))
        run = _Run(iris, settings, clock, started, run_iri, vocabulary_digest, state)
        written = _write_graphs(store, run, documents, stored, resolution, vocabulary, progress)
        report.graphs_written, report.graphs_mapped = written.graphs, written.mapped
        report.resolved_because = kept.reason or "the stored resolution was not current"
        _summarise(report, resolution)
        bulk_loaded = written.bulk
    store.flush()
    if bulk_loaded and settings.optimize_after_bulk_load:
        report.optimized_s = _optimize(store, progress)
    return report


def _optimize(store: GraphStore, progress: Progress | None) -> float | None:
    """Compact the store after a bulk load (lookups in the files it leaves are several times
    slower); the seconds it took, or ``None`` when compacting is not this store's to do (in
    memory, or remote)."""
    if progress:
        progress("optimize", 0, 1)
    started = time.perf_counter()
    done = store.optimize()
    if progress:
        progress("optimize", 1, 1)
    return time.perf_counter() - started if done else None


FEW_PAGES = 64  # up to this many pages, an ingest reads their metadata page by page first
# When more than one stored page in LOCAL_SHARE changed what resolution reads, resolving
# everything costs no more than resolving what they reach.
LOCAL_SHARE = 4


class _FullPath(NamedTuple):
    """The in-place path declined: why everything is resolved again."""

    reason: str


def _stored_of(
    store: GraphStore, iris: Iris, items: Sequence[InputFile]
) -> dict[str, StoredSource]:
    """The stored sources of ``items`` only (one bound query each)."""
    stored: dict[str, StoredSource] = {}
    for item in items:
        stored.update(stored_sources(store, iris, iris.source_graph(item.source_id)))
    return stored


def _stored_record(
    store: GraphStore, iris: Iris, graph: str
) -> tuple[SourceDocument, list[MentionKey]] | None:
    """A stored source's record and the mention keys it was mapped with (``None`` when either
    is missing or unreadable: the caller resolves, which rewrites both)."""
    bindings: dict[str, Term] = {"recordsGraph": iris.records_graph, "graph": graph}
    rows = store.select(load_query("source-record"), bindings).rows
    if len(rows) != 1 or "mentionKeys" not in rows[0]:
        return None
    try:
        doc = SourceDocument.model_validate_json(_text(rows[0]["record"]))
        return doc, decode_mentions(_text(rows[0]["mentionKeys"]))
    except ValueError:  # pydantic's ValidationError is one
        return None


def _write_in_place(
    store: GraphStore, run: _Run, doc: SourceDocument, quads: list[Quad], described: list[Quad]
) -> None:
    """One page's graph, its description and the run's state, in one transaction."""
    iris = run.iris
    graph = iris.source_graph(doc.source_id)
    run_quads = map_run(
        iris, run=run.iri, started=run.started, ended=_now(run.clock), version=__version__
    )
    store.replace_graphs(
        {graph: quads},
        delete_subjects={
            iris.metadata_graph: [graph, iris.resolution_graph, run.iri],
            iris.records_graph: [graph],
        },
        insert=[*described, *run_quads, state_quad(iris, run.state)],
    )


def _map_one(
    doc: SourceDocument,
    mentions: list[MentionKey],
    run: _Run,
    vocabulary: Vocabulary,
    writer: NQuadsWriter,
) -> tuple[list[Quad], str, str]:
    """One page mapped from its own mention keys alone: its quads, their digest and the
    fingerprint of its mapping's inputs (``KeyError``: a mention without a key)."""
    ctx = MappingContext(
        iris=run.iris,
        resolution=one_document_resolution(mentions),
        vocabulary=vocabulary,
        institute_name=run.settings.institute_name,
        parser_version=parser_version(),
    )
    fingerprint = mapping_fingerprints(
        [doc], ctx, run.vocabulary_digest, {doc.source_id: mentions}
    )[doc.source_id]
    quads, _, digest = _source_graph_text(doc, ctx, writer)
    return quads, digest, fingerprint


def _shift(state: str, inputs: str, moved: tuple[str, str | None, str | None]) -> str:
    shifted = shifted_state(state, inputs, [moved])
    if shifted is None:  # checked before anything was written
        raise StoreError("the resolution's state changed during the ingest")
    return shifted


def _ingest_in_place(
    items: Sequence[InputFile],
    settings: Settings,
    store: GraphStore,
    stored: Mapping[str, StoredSource],
    vocabulary: Vocabulary,
    inputs: str,
    vocabulary_digest: str,
    clock: Clock,
) -> IngestReport | _FullPath:
    """Re-ingest stored pages whose new versions the resolver reads exactly as it read the old
    ones (:func:`~.resolve.reads.resolution_change` finds nothing: an abstract's tail, metrics, a
    biography moved), and pages that did not change: the stored resolution stands, so each
    changed page is mapped again from the entity keys stored with its record and written with
    the state moved by that page alone, in one transaction. Reads the changed pages' records
    and nothing else besides ``stored`` (the pages' metadata); no repair: a state present in
    the store is written by a run that finished (:mod:`.resolution_state`). New pages, and
    stored pages whose change the resolver reads, are resolved again where they reach
    (:func:`_resolve_locally`).

    Why the full path must run otherwise: two files for one source, no stored state computed
    with ``inputs`` (a first ingest, an interrupted run removed it, or the vocabulary, settings
    or code moved), a store written before mention keys were kept, a quarter of the corpus new
    or changed, or a change incremental resolution declines (:class:`.resolve.incremental.
    Declined`: e.g. an organization or topic no stored page names)."""
    iris = Iris(settings.base)
    state = stored_state(store, iris)
    if not items:
        return _FullPath("")
    if len({item.source_id for item in items}) != len(items):
        return _FullPath("two files name one source")
    new = [item for item in items if item.source_id not in stored]
    if state is None and new:  # a first ingest
        return _FullPath(
            f"{len(new):,} new pages" if len(new) > 1 else f"a new page, {new[0].path}"
        )
    if state is None:
        return _FullPath("no finished resolution was stored (an earlier ingest was interrupted)")
    if not computed_with(state, inputs):
        return _FullPath(
            "the vocabulary, the settings or scholargraph's parser, resolver or mapping changed"
        )
    if any(
        i.source_id in stored
        and (stored[i.source_id].digest is None or stored[i.source_id].entries is None)
        for i in items
    ):
        return _FullPath("the store was written by an older version")
    report = IngestReport()
    changed: list[InputFile] = []
    for item in items:
        previous = stored.get(item.source_id)
        try:
            data = read_bytes(item.path, settings.max_input_bytes)
        except InputError as exc:
            report.files.append(_failure(item, exc))
            continue
        if previous is None or not previous.holds(sha256(data)):
            changed.append(item)
            continue
        report.files.append(_unchanged(item, previous))
    updates: list[tuple[SourceDocument, list[MentionKey]]] = []
    olds: dict[str, SourceDocument | None] = {}
    read_changed: list[str] = []  # pages whose change resolution reads, and what changed
    for item, outcome in zip(changed, _parse_all(changed, settings, None), strict=True):
        if isinstance(outcome, InputError):
            report.files.append(_failure(item, outcome))
            continue
        previous = stored.get(item.source_id)
        if previous is None:  # a new page: resolved where it reaches, like a changed one
            read_changed.append(f"{item.path} (a new page)")
            updates.append((outcome, []))
            olds[outcome.source_id] = None
            report.files.append(_parsed(item, outcome, None))
            continue
        old = _stored_record(store, iris, previous.graph)
        if old is None:
            return _FullPath(f"the stored record or entity keys of {item.path} cannot be read")
        change = resolution_change(old[0], outcome)
        if change is not None:
            read_changed.append(f"{item.path} ({change})")
        updates.append((outcome, old[1]))
        olds[outcome.source_id] = old[0]
        report.files.append(_parsed(item, outcome, previous))
    started = _now(clock)
    run_iri = iris.run(started, ",".join(sorted(doc.source_id for doc, _ in updates)))
    run = _Run(iris, settings, clock, started, run_iri, vocabulary_digest, state)
    if read_changed and len(updates) * LOCAL_SHARE > _source_count(store, iris):
        return _FullPath(f"{len(updates):,} pages changed what resolution reads")
    if read_changed:
        changes = [PageChange(doc.source_id, olds[doc.source_id], doc) for doc, _ in updates]
        written = _resolve_locally(store, run, changes, vocabulary, inputs, stored)
        if isinstance(written, Declined):
            return _FullPath(f"{read_changed[0]} changed what resolution reads; {written.reason}")
        report.graphs_written = report.graphs_mapped = written.graphs
        report.resolved_locally = written.summary
        return report
    writer = NQuadsWriter()
    mapped: list[tuple[SourceDocument, list[MentionKey], list[Quad], str, str]] = []
    for doc, mentions in updates:  # every page mapped before any is written
        try:
            quads, digest, fingerprint = _map_one(doc, mentions, run, vocabulary, writer)
        except KeyError:  # a mention without a stored key: resolve instead
            return _FullPath(f"the stored entity keys of {doc.source_id} are incomplete")
        mapped.append((doc, mentions, quads, digest, fingerprint))
    for doc, mentions, quads, digest, fingerprint in mapped:
        moved = (doc.source_id, stored[doc.source_id].content_hash, doc.content_sha256)
        run = replace(run, state=_shift(run.state, inputs, moved))
        _write_in_place(
            store, run, doc, quads, _describe(doc, run, len(quads), digest, fingerprint, mentions)
        )
    report.graphs_written = report.graphs_mapped = len(updates)
    report.resolution_kept = bool(updates)
    return report


def _source_count(store: GraphStore, iris: Iris) -> int:
    rows = store.select(load_query("source-count"), {"metadataGraph": iris.metadata_graph}).rows
    return sum(int(_text(row["sources"])) for row in rows)


@dataclass(frozen=True)
class _Local:
    graphs: int  # source graphs written
    summary: str  # what was resolved again


def _page_mentions(
    stored: list[MentionKey],
    moved: Mapping[EntityKind, Mapping[MentionRef, str]],
    dropped: Mapping[EntityKind, set[MentionRef]],
    concepts: Mapping[str, str],
) -> list[MentionKey]:
    """A page's mention keys with its ``moved`` keys and ``dropped`` mentions, in the order a
    full ingest stores them (``concepts``: topic key -> concept IRI of the moved topics)."""
    by_kind: dict[EntityKind, dict[MentionRef, tuple[str, str]]] = {k: {} for k in EntityKind}
    for kind, ref, key, concept in stored:
        if ref not in dropped.get(kind, ()):
            by_kind[kind][ref] = (key, concept)
    for kind, refs in moved.items():
        for ref, key in refs.items():
            by_kind[kind][ref] = (key, concepts.get(key, "") if kind is EntityKind.TOPIC else "")
    return [
        (kind, ref, *by_kind[kind][ref])
        for kind in EntityKind
        for ref in sorted_refs(by_kind[kind])
    ]


def _resolve_locally(
    store: GraphStore,
    run: _Run,
    changes: list[PageChange],
    vocabulary: Vocabulary,
    inputs: str,
    stored: Mapping[str, StoredSource],
) -> _Local | Declined:
    """Pages whose change the resolver reads: resolve what they reach
    (:mod:`.resolve.incremental`), then write in ONE transaction the changed pages, the pages
    whose entity keys moved, the resolution graph's changed entities, the index's change and
    the state moved by the changed pages."""
    iris, settings = run.iris, run.settings
    reader = StoreResolution(store, iris)
    grouper = Grouper(vocabulary, settings.institute_name)
    delta = resolve_change(reader, changes, grouper=grouper)
    if isinstance(delta, Declined):
        return delta
    changed = {c.source_id: c for c in changes}
    moved: dict[str, dict[EntityKind, dict[MentionRef, str]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for kind, refs in delta.mentions.items():
        for ref, key in refs.items():
            moved[str(ref[0])][kind][ref] = key
    concepts = {e.key: e.concept_iri or "" for e in delta.entities if e.kind is EntityKind.TOPIC}
    rewritten: dict[str, list[MentionKey]] = {}
    for source_id in sorted(set(moved) | set(changed)):
        kept = reader.page_mentions(source_id)
        mentions = _page_mentions(kept, moved.get(source_id, {}), delta.dropped, concepts)
        if source_id in changed or mentions != kept:  # else: resolved again to the same keys
            rewritten[source_id] = mentions
    docs = reader.documents([p for p in rewritten if p not in changed])
    writer = NQuadsWriter()
    graphs: dict[str, list[Quad]] = {}
    described: list[Quad] = []
    gone: list[str] = []  # the source IRIs of forgotten pages (their graphs are emptied)
    for source_id, mentions in rewritten.items():
        change = changed.get(source_id)
        if change is not None and change.new is None:
            graphs[iris.source_graph(source_id)] = []
            gone.append(source_iri(source_id))
            continue
        doc = change.new if change is not None and change.new is not None else docs[source_id]
        quads, digest, fingerprint = _map_one(doc, mentions, run, vocabulary, writer)
        graphs[iris.source_graph(source_id)] = quads
        described += _describe(doc, run, len(quads), digest, fingerprint, mentions)
    ctx = MappingContext(
        iris=iris,
        resolution=Resolution(entities=tuple(delta.replaced), mentions={}),
        vocabulary=vocabulary,
        institute_name=settings.institute_name,
        parser_version=parser_version(),
    )
    before = set(map_resolution(ctx))
    ctx = replace(ctx, resolution=Resolution(entities=tuple(delta.entities), mentions={}))
    after = set(map_resolution(ctx))
    index = index_changes(store, iris, changes, delta, delta.first)
    state = run.state
    for change in changes:
        previous = stored.get(change.source_id)
        moved_page = (
            change.source_id,
            previous.content_hash if previous is not None else None,
            change.new.content_sha256 if change.new else None,
        )
        state = _shift(state, inputs, moved_page)
    run_quads = map_run(
        iris, run=run.iri, started=run.started, ended=_now(run.clock), version=__version__
    )
    store.replace_graphs(
        graphs,
        delete_subjects={
            iris.metadata_graph: [*graphs, *gone, iris.resolution_graph, run.iri],
            iris.records_graph: list(graphs),
            iris.index_graph: index.delete_subjects,
        },
        delete=[*sorted(before - after), *index.delete],
        insert=[
            *described,
            *sorted(after - before),
            *index.insert,
            *run_quads,
            state_quad(iris, state),
        ],
    )
    vanished = {(kind, key) for kind in GROUPED for key in delta.removed[kind]}
    groups_moved = len(vanished | set(delta.tallied))  # moved, new, or gone
    summary = (
        f"{len(delta.titles):,} titles and {len(delta.nodes):,} person names resolved again, "
        f"{groups_moved:,} organizations and topics moved, {delta.pages:,} pages read"
    )
    return _Local(graphs=len(graphs), summary=summary)


def _failure(item: InputFile, exc: ScholarGraphError) -> FileResult:
    return FileResult(str(item.path), item.source_id, "failed", message=exc.message)


def _unchanged(item: InputFile, previous: StoredSource) -> FileResult:
    return FileResult(
        str(item.path),
        item.source_id,
        "unchanged",
        publications=previous.entries or 0,
        format=previous.format,
    )


def _parsed(item: InputFile, doc: SourceDocument, previous: StoredSource | None) -> FileResult:
    """A page read: added, or updated (``previous``: what the store held of it)."""
    record = doc.record
    reread = previous is not None and previous.content_hash == doc.content_sha256
    return FileResult(
        str(item.path),
        item.source_id,
        "added" if previous is None else "updated",
        message="page unchanged, read again by a changed parser" if reread else "",
        publications=len(record.publications),
        format=f"{record.format.value}/{record.language.value}",
    )


@dataclass
class ForgetReport:
    source_id: str
    graphs_written: int
    entities: dict[str, int] | None  # by kind, when everything was resolved again
    resolved_locally: str = ""  # what was resolved again, when only what the page reached was


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


def _forget_locally(
    store: GraphStore,
    settings: Settings,
    entry: StoredSource,
    vocabulary: Vocabulary,
    vocabulary_digest: str,
    clock: Clock,
) -> ForgetReport | None:
    """Forget one page by resolving again only what it reaches, as an ingest does for a changed
    page (:func:`_resolve_locally`); ``None`` when everything must be resolved (the reasons of
    :func:`_ingest_in_place`)."""
    iris = Iris(settings.base)
    inputs = shared_inputs(settings, vocabulary_digest)
    state = stored_state(store, iris)
    if state is None or not computed_with(state, inputs) or entry.digest is None:
        return None
    if _source_count(store, iris) < LOCAL_SHARE:
        return None
    old = _stored_record(store, iris, entry.graph)
    if old is None:
        return None
    started = _now(clock)
    run_iri = iris.run(started, "forget:" + entry.source_id)
    run = _Run(iris, settings, clock, started, run_iri, vocabulary_digest, state)
    change = PageChange(entry.source_id, old[0], None)
    written = _resolve_locally(store, run, [change], vocabulary, inputs, {entry.source_id: entry})
    if isinstance(written, Declined):
        return None
    return ForgetReport(entry.source_id, written.graphs, None, written.summary)


def forget(
    source: str,
    settings: Settings,
    store: GraphStore,
    *,
    clock: Clock = lambda: datetime.now(UTC),
) -> ForgetReport:
    """Remove one source document and every fact only it supported."""
    iris = Iris(settings.base)
    entry = find_source(store, iris, source)
    vocabulary, vocabulary_quads = load_vocabulary(settings)
    vocabulary_digest = _sync_vocabulary(store, iris, vocabulary_quads)
    local = _forget_locally(store, settings, entry, vocabulary, vocabulary_digest, clock)
    if local is not None:
        store.flush()
        return local
    repair_uncommitted(store, iris, stored_sources(store, iris), recorded_graphs(store, iris))
    documents = stored_documents(store, iris)
    documents.pop(entry.source_id, None)
    store.remove_graphs(
        [entry.graph],
        delete_subjects={
            # the state goes too: until the new resolution lands, the next run re-resolves
            iris.metadata_graph: [entry.graph, source_iri(entry.source_id), iris.resolution_graph],
            iris.records_graph: [entry.graph],
        },
    )
    resolution = resolve(
        [documents[k] for k in sorted(documents)],
        vocabulary,
        institute_name=settings.institute_name,
    )
    started = _now(clock)
    run_iri = iris.run(started, "forget:" + entry.source_id)
    state = documents_state(_hashes(documents), shared_inputs(settings, vocabulary_digest))
    run = _Run(iris, settings, clock, started, run_iri, vocabulary_digest, state)
    stored = stored_sources(store, iris)
    written = _write_graphs(store, run, documents, stored, resolution, vocabulary, None)
    report = IngestReport()
    _summarise(report, resolution)
    store.flush()
    return ForgetReport(entry.source_id, written.graphs, report.entities)
