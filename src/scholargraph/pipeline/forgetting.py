"""``forget``: remove one source document and every fact only it supported."""

from __future__ import annotations

from datetime import UTC, datetime

from ..config import Settings
from ..rdf.iris import Iris
from ..rdf.mapping import source_iri
from ..resolution_state import computed_with, documents_state, shared_inputs, stored_state
from ..resolve import resolve
from ..resolve.incremental import Declined, PageChange
from ..store_api import GraphStore
from ..vocabulary import Vocabulary
from .local import LOCAL_SHARE, resolve_locally
from .report import Clock, ForgetReport, IngestReport, summarise
from .stored import (
    StoredSource,
    content_hashes,
    find_source,
    recorded_graphs,
    repair_uncommitted,
    source_count,
    stored_documents,
    stored_record,
    stored_sources,
)
from .vocabulary import load_vocabulary, sync_vocabulary
from .writing import Run, now, write_graphs


def _forget_locally(
    store: GraphStore,
    settings: Settings,
    entry: StoredSource,
    vocabulary: Vocabulary,
    vocabulary_digest: str,
    clock: Clock,
) -> ForgetReport | None:
    """Forget one page by resolving again only what it reaches, as an ingest does for a changed
    page (:func:`.local.resolve_locally`); ``None`` when everything must be resolved (the
    reasons of :func:`.in_place.ingest_in_place`)."""
    iris = Iris(settings.base)
    inputs = shared_inputs(settings, vocabulary_digest)
    state = stored_state(store, iris)
    if state is None or not computed_with(state, inputs) or entry.digest is None:
        return None
    if source_count(store, iris) < LOCAL_SHARE:
        return None
    old = stored_record(store, iris, entry.graph)
    if old is None:
        return None
    started = now(clock)
    run_iri = iris.run(started, "forget:" + entry.source_id)
    run = Run(iris, settings, clock, started, run_iri, vocabulary_digest, state)
    change = PageChange(entry.source_id, old[0], None)
    written = resolve_locally(store, run, [change], vocabulary, inputs, {entry.source_id: entry})
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
    vocabulary_digest = sync_vocabulary(store, iris, vocabulary_quads)
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
    started = now(clock)
    run_iri = iris.run(started, "forget:" + entry.source_id)
    state = documents_state(content_hashes(documents), shared_inputs(settings, vocabulary_digest))
    run = Run(iris, settings, clock, started, run_iri, vocabulary_digest, state)
    stored = stored_sources(store, iris)
    written = write_graphs(store, run, documents, stored, resolution, vocabulary, None)
    report = IngestReport()
    summarise(report, resolution)
    store.flush()
    return ForgetReport(entry.source_id, written.graphs, report.entities)
