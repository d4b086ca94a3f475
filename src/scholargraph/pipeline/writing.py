"""Writing what a run mapped: source graphs with their descriptions (metadata, record, mention
keys), the resolution and index graphs, one page mapped from its stored mention keys, the state
moved by one page, and compacting the store after a bulk load."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC
from itertools import islice

from .. import __version__
from ..code_fingerprint import parser_version
from ..config import Settings
from ..errors import InputError, StoreError
from ..models import Resolution, SourceDocument
from ..queries import load_query
from ..rdf.iris import Iris
from ..rdf.mapping import MappingContext, map_document, map_metadata, map_resolution, map_run
from ..rdf.mapping_inputs import (
    MentionKey,
    document_mentions,
    encode_mentions,
    mapping_fingerprints,
    one_document_resolution,
)
from ..rdf.nquads import NQuadsWriter, lines_digest
from ..rdf.terms import Lit, Quad, typed
from ..rdf.vocab import RDF, SG
from ..resolution_index import index_quads
from ..resolution_state import shifted_state, state_quad
from ..resolve.incremental_groups import Grouper
from ..store_api import GraphStore, NewSource
from ..vocabulary import Vocabulary
from .report import Clock, Progress
from .stored import StoredSource

RDF_JSON = RDF.JSON


@dataclass
class Run:
    iris: Iris
    settings: Settings
    clock: Clock
    started: str
    iri: str
    vocabulary_digest: str
    state: str  # what the resolution is computed from (:func:`.resolution_state.documents_state`)


def now(clock: Clock) -> str:
    return clock().astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def source_graph_text(
    doc: SourceDocument, ctx: MappingContext, writer: NQuadsWriter
) -> tuple[list[Quad], list[str], str]:
    """One document's mapped quads, their N-Quads lines and the graph's digest."""
    quads = map_document(doc, ctx)
    try:
        lines = writer.lines(quads)
    except ValueError as exc:  # an IRI taken from the page itself that RDF cannot hold
        raise InputError(str(exc), where=doc.source_id) from exc
    return quads, lines, lines_digest(lines)


def describe(
    doc: SourceDocument,
    run: Run,
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
        generated_at=now(run.clock),
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


def write_graphs(
    store: GraphStore,
    run: Run,
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
        quads, _, digest = source_graph_text(doc, ctx, writer)
        if previous.digest == digest and same_document:
            refreshed.append((doc, len(quads), digest))
            continue
        graph = iris.source_graph(source_id)
        out.graphs += 1
        store.replace_graphs(
            {graph: quads},
            delete_subjects={iris.metadata_graph: [graph], iris.records_graph: [graph]},
            insert=describe(doc, run, len(quads), digest, inputs, mentions.get(source_id, ())),
        )
        if progress:
            progress("write", done, total)
    _refresh_descriptions(store, run, refreshed, fingerprints, mentions)

    def new_sources() -> Iterator[NewSource]:
        for number, source_id in enumerate(new, start=done + 1):
            doc = documents[source_id]
            quads, lines, digest = source_graph_text(doc, ctx, writer)
            described = describe(
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
        iris, run=run.iri, started=run.started, ended=now(run.clock), version=__version__
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
    run: Run,
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
            for quad in describe(
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


def optimize(store: GraphStore, progress: Progress | None) -> float | None:
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


def map_one(
    doc: SourceDocument,
    mentions: list[MentionKey],
    run: Run,
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
    quads, _, digest = source_graph_text(doc, ctx, writer)
    return quads, digest, fingerprint


def state_after(state: str, inputs: str, moved: tuple[str, str | None, str | None]) -> str:
    """``state`` after one page's change (``moved``: source id, old and new content hash);
    :class:`StoreError` if ``state`` was not computed with ``inputs``, which callers check
    before writing anything, so the state changed during this ingest."""
    shifted = shifted_state(state, inputs, [moved])
    if shifted is None:  # checked before anything was written
        raise StoreError("the resolution's state changed during the ingest")
    return shifted
