"""The work the web service asks of a store, as plain functions of ``(store, job)``.

A job and its answer are small picklable values, so the same function runs in the web process
(in-memory store, tests) or in a worker process that owns a read-only handle (``serve``):
running a SPARQL query or update, describing the store's state (for ETags), counting what the
dataset description lists, and writing a dump in chunks (memory stays flat whatever the size).
:func:`run_job` runs any job that reads, whatever its type.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..errors import StoreError
from ..queries import load_query
from ..rdf.iris import Iris
from ..rdf.terms import BNode, Lit, Term
from ..rdf.vocab import PREFIXES, PROV
from ..store_api import GraphStore, Serialized
from .entity_jobs import EntityJob, build_entity

CHUNK_BYTES = 64 * 1024
GZIP_LEVEL = 6  # fixed, with mtime 0, so a .gz dump has the same bytes (and checksum) every time


@dataclass(frozen=True)
class QueryJob:
    text: str
    result_format: str = "json"
    graph_format: str = "turtle"
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    union_default_graph: bool = True
    max_rows: int | None = None
    base_iri: str | None = None


@dataclass(frozen=True)
class UpdateJob:
    text: str
    base_iri: str | None = None


@dataclass(frozen=True)
class StateJob:
    base: str


@dataclass(frozen=True)
class StatsJob:
    base: str


@dataclass(frozen=True)
class DumpJob:
    rdf_format: str
    gzip: bool
    exclude_graphs: tuple[str, ...]


@dataclass(frozen=True)
class ChecksumJob:
    rdf_formats: tuple[str, ...]
    exclude_graphs: tuple[str, ...]


@dataclass(frozen=True)
class Digest:
    """What a complete dump produced: its sha256 and size in bytes."""

    sha256: str
    size: int


@dataclass(frozen=True)
class StoreState:
    """Enough to tell whether two states of the store differ, cheaply."""

    fingerprint: str
    last_modified: datetime | None
    quads: int
    graphs: tuple[str, ...]


@dataclass(frozen=True)
class GraphCount:
    graph: str
    triples: int
    source: str | None


@dataclass(frozen=True)
class DatasetStats:
    triples: int
    classes: tuple[tuple[str, int], ...]
    graphs: tuple[GraphCount, ...]
    vocabularies: tuple[str, ...]


def run_job(store: GraphStore, job: object, emit: Callable[[bytes], None] | None = None) -> object:
    """The answer of a job that reads (query, entity page, state, statistics, checksums, dump);
    a dump hands its bytes to ``emit`` in chunks and answers with their digest."""
    if isinstance(job, QueryJob):
        return run_query(store, job)
    if isinstance(job, EntityJob):
        return build_entity(store, job)
    if isinstance(job, DumpJob):
        return write_dump(store, job, emit)
    if isinstance(job, StateJob):
        return store_state(store, job)
    if isinstance(job, StatsJob):
        return dataset_stats(store, job)
    if isinstance(job, ChecksumJob):
        return dump_checksums(store, job)
    raise StoreError(f"unknown job {type(job).__name__}")


def run_query(store: GraphStore, job: QueryJob) -> Serialized:
    return store.query_serialized(
        job.text,
        result_format=job.result_format,
        graph_format=job.graph_format,
        default_graphs=job.default_graphs,
        named_graphs=job.named_graphs,
        max_rows=job.max_rows,
        base_iri=job.base_iri,
        union_default_graph=job.union_default_graph,
        prefixes=PREFIXES,
    )


def run_update(store: GraphStore, job: UpdateJob) -> None:
    store.update(job.text, base_iri=job.base_iri)


def store_state(store: GraphStore, job: StateJob) -> StoreState:
    """Fingerprint of the store: its graph names, its size and the whole metadata graph (which
    holds every source graph's digest and ingest time). Any ingest changes it."""
    iris = Iris(job.base)
    graphs = tuple(store.graph_names())
    quads = len(store)
    metadata, times = [], []
    for quad in store.graph_quads(iris.metadata_graph):  # read once: 5 s at 10k researchers
        metadata.append(repr(quad))
        if quad[1] == PROV.generatedAtTime:
            times.append(_datetime(quad[2]))
    metadata.sort()
    digest = hashlib.sha256()
    for part in (*graphs, f"quads={quads}", *metadata):
        digest.update(part.encode("utf-8") + b"\n")
    known = [t for t in times if t is not None]
    return StoreState(digest.hexdigest(), max(known) if known else None, quads, graphs)


def _datetime(term: Term) -> datetime | None:
    if not isinstance(term, Lit):
        return None
    try:
        value = datetime.fromisoformat(term.value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else None


def dataset_stats(store: GraphStore, job: StatsJob, *, graph_namespace: str = "") -> DatasetStats:
    """Counts for the dataset description, over the graphs whose IRI starts with
    ``graph_namespace`` (all graphs by default; a remote store passes scholargraph's own, as
    its dumps hold only those)."""
    iris = Iris(job.base)
    namespace = Lit(graph_namespace)
    records: dict[str, Term] = {
        "recordsGraph": iris.records_graph,
        "indexGraph": iris.index_graph,
        "graphNamespace": namespace,
    }
    classes = tuple(
        (str(row["class"]), _int(row["entities"]))
        for row in store.select(load_query("void-classes"), records).rows
        if not isinstance(row.get("class"), Lit | BNode)
    )
    graphs = tuple(
        GraphCount(
            str(row["graph"]),
            _int(row["triples"]),
            str(row["source"]) if isinstance(row.get("source"), str) else None,
        )
        for row in store.select(
            load_query("void-graphs"),
            {"metadataGraph": iris.metadata_graph, "graphNamespace": namespace},
        ).rows
        if row.get("graph") not in iris.internal_graphs
    )
    terms = [row["term"] for row in store.select(load_query("void-vocabulary"), records).rows]
    vocabularies = sorted({_namespace(t) for t in terms if isinstance(t, str)})
    return DatasetStats(sum(g.triples for g in graphs), classes, graphs, tuple(vocabularies))


def _int(term: Term) -> int:
    return int(term.value) if isinstance(term, Lit) else 0


def _namespace(iri: str) -> str:
    for namespace in PREFIXES.values():
        if iri.startswith(namespace):
            return namespace
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut > 0 else iri


class _ChunkWriter(io.RawIOBase):
    """A write-only file that hands its bytes on in chunks and hashes them on the way."""

    def __init__(self, emit: Callable[[bytes], None] | None) -> None:
        self._emit = emit
        self._buffer = bytearray()
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        view = bytes(data)
        self.sha256.update(view)
        self.size += len(view)
        if self._emit is not None:
            self._buffer += view
            while len(self._buffer) >= CHUNK_BYTES:
                self._emit(bytes(self._buffer[:CHUNK_BYTES]))
                del self._buffer[:CHUNK_BYTES]
        return len(view)

    def finish(self) -> Digest:
        if self._emit is not None and self._buffer:
            self._emit(bytes(self._buffer))
            self._buffer.clear()
        return Digest(self.sha256.hexdigest(), self.size)


def _gzip_writer(sink: io.RawIOBase) -> gzip.GzipFile:
    return gzip.GzipFile(filename="", mode="wb", fileobj=sink, compresslevel=GZIP_LEVEL, mtime=0)


class _Compressing(_ChunkWriter):
    """Hashes what it is given (the plain dump) and feeds it to a gzip stream. The serialiser's
    ``flush()`` calls stop here: a gzip flush would add sync markers and change the bytes."""

    def __init__(self, compressor: gzip.GzipFile) -> None:
        super().__init__(None)
        self._compressor = compressor

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self._compressor.write(data)
        return super().write(data)

    def flush(self) -> None:
        """Deliberately nothing (see the class docstring)."""


def write_dump(store: GraphStore, job: DumpJob, emit: Callable[[bytes], None] | None) -> Digest:
    """Serialise the store (minus ``exclude_graphs``) and hand the bytes to ``emit`` in chunks
    of :data:`CHUNK_BYTES` (``None``: nowhere); returns the digest of what was emitted."""
    sink = _ChunkWriter(emit)
    if job.gzip:
        compressor = _gzip_writer(sink)
        _dump(store, job.rdf_format, job.exclude_graphs, _Compressing(compressor))
        compressor.close()
    else:
        _dump(store, job.rdf_format, job.exclude_graphs, sink)
    return sink.finish()


def dump_checksums(store: GraphStore, job: ChecksumJob) -> dict[str, tuple[Digest, Digest]]:
    """Per format: digests of the plain and of the gzip dump, each in one pass (nothing kept)."""
    digests = {}
    for rdf_format in job.rdf_formats:
        packed = _ChunkWriter(None)
        compressor = _gzip_writer(packed)
        plain = _Compressing(compressor)
        _dump(store, rdf_format, job.exclude_graphs, plain)
        compressor.close()
        digests[rdf_format] = (plain.finish(), packed.finish())
    return digests


def _dump(
    store: GraphStore, rdf_format: str, exclude_graphs: tuple[str, ...], out: io.RawIOBase
) -> None:
    store.dump(out, rdf_format, exclude_graphs=exclude_graphs, prefixes=PREFIXES)  # type: ignore[arg-type]
