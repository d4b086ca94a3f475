"""The store: the only module that talks to Oxigraph (pyoxigraph).

Everything else hands it plain terms (:mod:`scholargraph.rdf.terms`) and gets plain terms or
serialised bytes back, so a remote SPARQL store can stand behind the same interface later.

Writes that must be atomic (replacing a source's graphs) go through one SPARQL Update, which
Oxigraph applies in a single transaction: a killed process leaves the old or the new version.
"""

from __future__ import annotations

import errno
import io
import itertools
import json
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from .errors import DiskFull, QueryError, QuerySyntaxError, StoreError, StoreLocked
from .rdf.nquads import NQuadsWriter, nquads_text
from .rdf.results import solutions_from_json, write_solutions
from .rdf.terms import BNode, Lit, Quad, Term
from .sparql_text import substitute
from .threaded_chunks import ThreadedChunks

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
DATASET_FORMATS = frozenset({"nquads", "trig"})
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
BATCH_BYTES = 16_000_000  # N-Quads text per transaction when writing new sources
DIFF_FROM_QUADS = 5_000  # graphs this large are replaced by their difference (replace_graphs)
BULK_ADD_BATCH = 200_000  # quads per bulk load in bulk_add (the loader holds a batch in memory)
# N-Quads text waiting for the bulk loader: at most this many pieces of at most this size
LOAD_QUEUE_DEPTH = 64
LOAD_PIECE_BYTES = 1 << 20

Row = dict[str, Term]
Triple = tuple[Term, str, Term]  # subject, predicate, object (plain terms)


@dataclass(frozen=True)
class SelectResult:
    variables: tuple[str, ...]
    rows: list[Row]


@dataclass(frozen=True)
class Serialized:
    """A query's answer written out: its form (``select``, ``ask`` or ``graph``), the bytes,
    and whether ``max_rows`` cut it (the query had more rows or triples than were written)."""

    kind: str
    body: bytes
    cut: bool = False


# ----------------------------------------------------------------------------- term conversion


def to_ox(term: Term) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, BNode):
        return ox.BlankNode(term.id)
    if isinstance(term, Lit):
        if term.language:
            return ox.Literal(term.value, language=term.language)
        if term.datatype and term.datatype != XSD_STRING:
            return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
        return ox.Literal(term.value)
    return ox.NamedNode(term)


def from_ox(term: Any) -> Term:
    if isinstance(term, ox.Literal):
        if term.language:
            return Lit(term.value, None, term.language)
        datatype = term.datatype.value
        return Lit(term.value, None if datatype == XSD_STRING else datatype, None)
    if isinstance(term, ox.NamedNode):
        return str(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    return str(term)


def _graph_node(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if graph is None else ox.NamedNode(graph)


def to_ox_quad(quad: Quad) -> ox.Quad:
    s, p, o, g = quad
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), to_ox(o), ox.NamedNode(g))


@dataclass(frozen=True)
class NewSource:
    """One source document the store does not hold yet, ready to write: its graph's N-Quads
    (``quads``), the N-Quads of the metadata and record that describe it (``insert``), and the
    ``commit`` quads, written last, whose presence says the source is complete."""

    graph: str
    quads: str
    insert: str
    commit: tuple[Quad, ...]


class _ChunkReader(io.RawIOBase):
    """A binary stream over an iterator of byte chunks (what the bulk loader reads from), so
    chunks are produced while Oxigraph's loader threads index the earlier ones."""

    def __init__(self, chunks: Iterator[memoryview]) -> None:
        self._chunks = chunks
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = memoryview(chunk)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def serialize_triples(
    triples: Iterable[Triple],
    output: IO[bytes],
    rdf_format: str,
    *,
    prefixes: Mapping[str, str] | None = None,
) -> None:
    """Write plain triples in ``rdf_format`` (turtle, ntriples, rdfxml, jsonld) with Oxigraph's
    serializers; datatypes are kept as given (the store itself would turn xsd:int into
    xsd:integer)."""
    fmt = RDF_FORMATS[rdf_format]
    extra: dict[str, Any] = {}
    if prefixes and rdf_format in ("turtle", "trig", "rdfxml"):
        extra["prefixes"] = dict(prefixes)
    oxt = (ox.Triple(_subject_ox(s), ox.NamedNode(p), to_ox(o)) for s, p, o in triples)
    try:
        ox.serialize(oxt, output, fmt, **extra)
    except OSError as exc:
        raise StoreError(f"cannot write RDF: {exc}") from exc


def canonical_ntriples(quads: Iterable[Quad]) -> bytes:
    """N-Triples of the quads' triples (graph names dropped), with every literal in the
    canonical form Oxigraph stores (``xsd:int`` -> ``xsd:integer``, ``"01"`` -> ``"1"``...),
    so a remote store holds exactly what the embedded one would."""
    memory = ox.Store()
    memory.bulk_extend(
        ox.Quad(ox.NamedNode(s), ox.NamedNode(p), to_ox(o), ox.DefaultGraph())
        for s, p, o, _ in quads
    )
    data = memory.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return data or b""


def insert_data_blocks(quads: Iterable[Quad]) -> str:
    """``GRAPH <g> { ... }`` blocks for an ``INSERT DATA``, literals in canonical form."""
    memory = ox.Store()
    memory.bulk_extend(to_ox_quad(q) for q in quads)
    data = memory.dump(format=ox.RdfFormat.N_QUADS)
    return nquads_as_insert_data(data.decode() if data else "")


def iter_rdf(stream: IO[bytes], media_type: str) -> Iterator[Triple]:
    """Plain triples parsed from an RDF byte stream (format from its media type), as they
    arrive. Raises ``ValueError`` (unknown media type) or ``SyntaxError`` (bad data)."""
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise ValueError(f"not an RDF media type: {media_type}")
    for quad in ox.parse(stream, fmt):
        yield (from_ox(quad.subject), quad.predicate.value, from_ox(quad.object))


def write_quads(
    quads: Iterable[Quad],
    output: IO[bytes],
    rdf_format: str,
    *,
    prefixes: Mapping[str, str] | None = None,
) -> None:
    """Serialise plain quads as they come: N-Quads / TriG keep the graphs, other formats write
    the triples (their union)."""
    fmt = RDF_FORMATS[rdf_format]
    extra: dict[str, Any] = {}
    if prefixes and rdf_format in ("turtle", "trig", "rdfxml"):
        extra["prefixes"] = dict(prefixes)
    items: Iterator[Any]
    if rdf_format in DATASET_FORMATS:
        items = (
            ox.Quad(_subject_ox(s), ox.NamedNode(p), to_ox(o), ox.NamedNode(g))
            for s, p, o, g in quads
        )
    else:
        items = (ox.Triple(_subject_ox(s), ox.NamedNode(p), to_ox(o)) for s, p, o, _ in quads)
    try:
        ox.serialize(items, output, fmt, **extra)
    except OSError as exc:
        raise StoreError(f"cannot write RDF: {exc}") from exc


def _subject_ox(term: Term) -> ox.NamedNode | ox.BlankNode:
    node = to_ox(term)
    if isinstance(node, ox.Literal):
        raise StoreError("a literal cannot be a subject")
    return node


def read_rdf_file(path: Path, base_iri: str) -> Iterator[tuple[str, str, Term, str | None]]:
    """Parse an RDF file (format from its extension) into plain triples/quads."""
    try:
        for quad in ox.parse(path=str(path), base_iri=base_iri):
            graph = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            yield (from_ox(quad.subject), quad.predicate.value, from_ox(quad.object), graph)  # type: ignore[misc]
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"cannot read RDF file: {exc}", where=str(path)) from exc


_POSITION = re.compile(r"(?:at|line)\s+(\d+)(?:[:,]\s*column\s+|:)(\d+)", re.IGNORECASE)


def _syntax_error(exc: Exception) -> QuerySyntaxError:
    message = str(exc)
    match = _POSITION.search(message)
    where = f"line {match.group(1)}, column {match.group(2)}" if match else None
    return QuerySyntaxError(message, where=where)


def _write_error(what: str, exc: OSError, where: str | None) -> StoreError:
    """The error for a write the storage engine refused: :class:`DiskFull` when the disk is full
    (RocksDB reports ``ENOSPC`` as text: "IO error: No space left on device"), else
    :class:`StoreError`. Either way the write did not complete."""
    if exc.errno == errno.ENOSPC or "no space left on device" in str(exc).lower():
        return DiskFull(
            f"{what}: the disk holding the store is full ({exc}). What the store held before "
            "is intact; free some space and try again",
            where=where,
        )
    return StoreError(f"{what}: {exc}", where=where)


def _bound(
    sparql: str, bindings: Mapping[str, Term] | None
) -> tuple[str, dict[ox.Variable, Any] | None]:
    """The query and Oxigraph substitutions for ``bindings``.

    Values are written into the text (:func:`scholargraph.sparql_text.substitute`, escaped):
    Oxigraph's own substitutions are not pushed into ``UNION`` branches or sub-queries, which
    made entity pages take seconds. Blank nodes cannot be written as SPARQL, so a binding of one
    goes through Oxigraph's substitutions instead."""
    if not bindings:
        return sparql, None
    if any(isinstance(value, BNode) for value in bindings.values()):
        return sparql, {ox.Variable(k): to_ox(v) for k, v in bindings.items()}
    return substitute(sparql, bindings), None


class OxigraphStore:
    """An Oxigraph store on disk (``path``) or in memory (``path=None``)."""

    may_leave_partial_sources = True  # the bulk loader is not transactional

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = None if path is None else Path(path)
        self.read_only = read_only
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
                self._remove_bulk_leftovers()
        except OSError as exc:
            text = str(exc)
            if "lock" in text.lower():
                raise StoreLocked(
                    "the store is in use by another scholargraph process", where=str(self.path)
                ) from exc
            raise _write_error("cannot open the store", exc, str(self.path)) from exc

    def _remove_bulk_leftovers(self) -> None:
        """Delete the files a bulk load stopped part-way left behind (``bulk-*.sst``: written
        next to the store's own files, then handed to it whole): a full disk or a killed process
        leaves them, and nothing else ever reads or removes them. Safe while this process holds
        the store's write lock, since only the lock's holder bulk-loads."""
        if self.path is not None:
            for leftover in self.path.glob("bulk-*.sst"):
                leftover.unlink(missing_ok=True)

    # ------------------------------------------------------------------ writes (atomic)

    def replace_graphs(
        self,
        graphs: Mapping[str, Iterable[Quad]],
        *,
        delete_subjects: Mapping[str, Sequence[str]] | None = None,
        insert: Iterable[Quad] = (),
        delete: Iterable[Quad] = (),
    ) -> None:
        """In ONE transaction: replace each graph in ``graphs`` by its quads, delete the triples of
        ``delete_subjects[graph]`` subjects from other graphs and the ``delete`` quads, and add
        ``insert`` quads.

        A graph of :data:`DIFF_FROM_QUADS` quads or more is changed by its difference from what
        is stored (``DELETE DATA`` the quads it lost, insert those it gained): rewriting a
        682,112-quad resolution graph for a one-page change cost seconds of update parsing.
        When nothing is to be deleted (a first write), the quads go through ``Store.load``,
        also one transaction, and a faster parser than SPARQL Update's."""
        deletions: list[str] = []
        for graph, subjects in sorted((delete_subjects or {}).items()):
            for subject in subjects:
                if self._holds(subject, graph):
                    deletions.append(f"DELETE WHERE {{ GRAPH <{graph}> {{ <{subject}> ?p ?o }} }}")
        removed = nquads_text(delete)
        if removed:
            deletions.append("DELETE DATA {\n" + nquads_as_insert_data(removed) + "\n}")
        body: list[str] = []
        for graph, quads in graphs.items():
            wanted = list(quads)
            difference = self._difference(graph, wanted)
            if difference is None:
                if self._holds(None, graph):
                    deletions.append(f"DROP SILENT GRAPH <{graph}>")
                body.append(nquads_text(wanted))
                continue
            lost, gained = difference
            if lost:
                deletions.append("DELETE DATA {\n" + nquads_as_insert_data(lost) + "\n}")
            body.append(gained)
        body.append(nquads_text(insert))
        data = "".join(body)
        if not deletions:
            if data.strip():
                self._load(data.encode("utf-8"))
            return
        if data.strip():
            deletions.append("INSERT DATA {\n" + nquads_as_insert_data(data) + "\n}")
        self._update(" ;\n".join(deletions))

    def _holds(self, subject: str | None, graph: str) -> bool:
        """Whether ``graph`` holds a triple (about ``subject``, when given); an IRI the store
        cannot take counts as held, so the update it goes into reports it."""
        try:
            node = None if subject is None else ox.NamedNode(subject)
            found = self._store.quads_for_pattern(node, None, None, ox.NamedNode(graph))
        except ValueError:
            return True
        return next(iter(found), None) is not None

    def _difference(self, graph: str, wanted: list[Quad]) -> tuple[str, str] | None:
        """(N-Quads to delete, N-Quads to add) turning the stored ``graph`` into ``wanted``, or
        ``None``: drop and rewrite it (a small graph, or blank nodes, which ``DELETE DATA``
        cannot name).

        Compared as N-Triples lines: Oxigraph writes the stored graph as text faster than it
        hands over its terms (6.9 s against 9.9 s for 692,307 triples), and the mapping writes
        terms in the canonical form the store keeps. A triple written differently on the two
        sides would be deleted and inserted again by the same update: still exactly right."""
        if len(wanted) < DIFF_FROM_QUADS or _has_blank_nodes(wanted):
            return None
        if any(quad[3] != graph for quad in wanted):
            return None  # quads naming another graph: the plain rewrite writes them as given
        dumped = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        stored_text = (dumped or b"").decode("utf-8")
        if "_:" in stored_text:  # maybe a blank node (or the text of a literal): rewrite
            return None
        tail = f" <{graph}> .\n"
        wanted_lines = {line[: -len(tail)] + " .\n" for line in NQuadsWriter().lines(wanted)}
        stored_lines = set(stored_text.splitlines(keepends=True))
        lost = "".join(line[:-3] + tail for line in stored_lines - wanted_lines)
        gained = "".join(line[:-3] + tail for line in wanted_lines - stored_lines)
        return lost, gained

    def add_sources(self, graphs: Mapping[str, Iterable[Quad]], insert: Iterable[Quad]) -> None:
        """Add new sources' graphs and metadata in ONE transaction (``Store.load`` of N-Quads
        text): faster than a SPARQL Update since nothing has to be deleted."""
        writer = NQuadsWriter()
        text = "".join(writer.text(batch) for batch in graphs.values()) + writer.text(insert)
        self._load(text.encode("utf-8"))

    def add_new_sources(self, sources: Iterable[NewSource], *, bulk: bool) -> None:
        """Write sources the store has never held.

        ``bulk=False``: batches of sources, each batch (graphs, metadata, records and commit
        quads) in one transaction. ``bulk=True``: every graph, metadata and record through
        Oxigraph's bulk loader (not transactional), then all ``commit`` quads in one
        transaction: a source is complete once its commit quads are in, and an interrupted
        bulk load leaves uncommitted data that the next ingest removes before writing."""
        if self.read_only:
            raise StoreError("the store is open read-only", where=str(self.path))
        writer = NQuadsWriter()
        if not bulk:
            batch: list[str] = []
            size = 0
            for source in sources:
                batch += (source.quads, source.insert, writer.text(source.commit))
                size += len(source.quads) + len(source.insert)
                if size >= BATCH_BYTES:
                    self._load("".join(batch).encode("utf-8"))
                    batch, size = [], 0
            if batch:
                self._load("".join(batch).encode("utf-8"))
            return
        commits: list[Quad] = []

        def chunks() -> Iterator[bytes]:
            for source in sources:
                commits.extend(source.commit)
                yield (source.quads + source.insert).encode("utf-8")

        def produce(put: Callable[[memoryview], None]) -> None:
            for chunk in chunks():
                # a large chunk (the resolution graph, a part of the index: tens of MB) goes in
                # pieces (views, not copies), so the queue holds at most LOAD_QUEUE_DEPTH pieces'
                # worth when the loader falls behind, not that many large chunks
                view = memoryview(chunk)
                for start in range(0, len(view), LOAD_PIECE_BYTES):
                    put(view[start : start + LOAD_PIECE_BYTES])

        # the mapping (Python) runs in a thread while the loader parses earlier chunks in Rust,
        # which releases the GIL
        produced = ThreadedChunks(produce, depth=LOAD_QUEUE_DEPTH, name="scholargraph-map")
        try:
            stream = io.BufferedReader(_ChunkReader(iter(produced)), buffer_size=1 << 20)
            self._store.bulk_load(stream, format=ox.RdfFormat.N_QUADS)
        except SyntaxError as exc:  # our own generated text: a bug, but say what happened
            raise StoreError(f"internal bulk load rejected: {exc}", where=str(self.path)) from exc
        except OSError as exc:
            self._remove_bulk_leftovers()
            raise _write_error("bulk load failed", exc, str(self.path)) from exc
        finally:
            produced.cancel(wait=True)
        self._load(writer.text(commits).encode("utf-8"))

    def _load(self, data: bytes) -> None:
        """One transaction: N-Quads ``data`` (our own text) added to the store."""
        if self.read_only:
            raise StoreError("the store is open read-only", where=str(self.path))
        try:
            self._store.load(data, format=ox.RdfFormat.N_QUADS)
        except SyntaxError as exc:
            raise StoreError(f"internal load rejected: {exc}", where=str(self.path)) from exc
        except OSError as exc:
            raise _write_error("write failed", exc, str(self.path)) from exc

    def remove_graphs(
        self, graphs: Sequence[str], *, delete_subjects: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        """In ONE transaction: drop ``graphs`` and the ``delete_subjects`` triples."""
        parts = [f"DROP SILENT GRAPH <{g}>" for g in graphs]
        for graph, subjects in sorted((delete_subjects or {}).items()):
            for subject in subjects:
                parts.append(f"DELETE WHERE {{ GRAPH <{graph}> {{ <{subject}> ?p ?o }} }}")
        if parts:
            self._update(" ;\n".join(parts))

    def bulk_add(self, quads: Iterable[Quad]) -> None:
        """Fast non-transactional load, :data:`BULK_ADD_BATCH` quads at a time: Oxigraph's bulk
        loader holds what it is given in memory (1.66 M quads: 3.0 GB peak in one load, 30 s;
        1.2 GB in batches of 200,000, 40 s)."""
        items = iter(quads)
        try:
            while batch := [to_ox_quad(q) for q in itertools.islice(items, BULK_ADD_BATCH)]:
                self._store.bulk_extend(batch)
        except OSError as exc:
            self._remove_bulk_leftovers()
            raise _write_error("bulk load failed", exc, str(self.path)) from exc

    def _update(self, text: str) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only", where=str(self.path))
        try:
            self._store.update(text)
        except SyntaxError as exc:  # our own generated text: a bug, but say what happened
            raise StoreError(f"internal update rejected: {exc}") from exc
        except OSError as exc:
            raise _write_error("write failed", exc, str(self.path)) from exc

    def update(self, text: str, *, base_iri: str | None = None) -> None:
        """Run a user's SPARQL Update (callers decide whether updates are allowed); relative IRIs
        resolve against ``base_iri``."""
        if self.read_only:
            raise StoreError("the store is open read-only", where=str(self.path))
        try:
            self._store.update(text, base_iri=base_iri)
        except SyntaxError as exc:
            raise _syntax_error(exc) from exc
        except OSError as exc:
            raise _write_error("update failed", exc, str(self.path)) from exc

    # ------------------------------------------------------------------ reads

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_quads(self, graph: str) -> Iterator[Quad]:
        node = ox.NamedNode(graph)
        for q in self._store.quads_for_pattern(None, None, None, node):
            yield (from_ox(q.subject), q.predicate.value, from_ox(q.object), graph)  # type: ignore[misc]

    def objects(self, subject: str, predicate: str, graph: str | None = None) -> list[Term]:
        g = None if graph is None else ox.NamedNode(graph)
        found = self._store.quads_for_pattern(
            ox.NamedNode(subject), ox.NamedNode(predicate), None, g
        )
        return [from_ox(q.object) for q in found]

    def __len__(self) -> int:
        return len(self._store)

    def _run(self, sparql: str, substitutions: Any = None) -> Any:
        try:
            return self._store.query(
                sparql, use_default_graph_as_union=True, substitutions=substitutions
            )
        except SyntaxError as exc:
            raise _syntax_error(exc) from exc
        except OSError as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> SelectResult:
        """Run a SELECT with values bound (SEP-0007 substitution, see :func:`_bound`).

        The solutions are taken from Oxigraph in one call, as SPARQL JSON results, not one by
        one: pyoxigraph lets go of the GIL for every solution it computes, and taking it back
        waits for whichever thread holds it (up to the 5 ms switch interval). One by one, a
        page's 221 co-author rows took 1.3 s instead of 13 ms next to a busy Python thread,
        which the web server's page threads are to each other."""
        result = self._run(*_bound(sparql, bindings))
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        try:
            data = result.serialize(format=ox.QueryResultsFormat.JSON)
        except OSError as exc:
            raise QueryError(f"query failed: {exc}") from exc
        variables, rows = solutions_from_json(json.loads(data or b"{}"))
        return SelectResult(variables, rows)

    def construct(
        self, sparql: str, bindings: Mapping[str, Term] | None = None
    ) -> Iterator[Triple]:
        """Run a CONSTRUCT over the union of graphs, values bound; the triples as plain terms,
        streamed as the store finds them (a template may repeat a triple)."""
        result = self._run(*_bound(sparql, bindings))
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT query")
        return _plain_triples(result)

    def ask(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> bool:
        return bool(self._run(*_bound(sparql, bindings)))

    def query_serialized(
        self,
        sparql: str,
        *,
        result_format: str = "json",
        graph_format: str = "turtle",
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        bindings: Mapping[str, Term] | None = None,
        max_rows: int | None = None,
        base_iri: str | None = None,
        union_default_graph: bool = True,
        prefixes: Mapping[str, str] | None = None,
    ) -> Serialized:
        """Run any query and serialise the answer (:class:`Serialized`). ``max_rows`` caps
        SELECT rows and graph triples; the answer says when it cut some.

        The default graph is the union of all graphs unless ``default_graphs`` is given or
        ``union_default_graph`` is false (Oxigraph lets the union override a query's own
        ``FROM``, so callers turn it off for queries that name their dataset). ``prefixes``
        shorten Turtle / RDF/XML output of CONSTRUCT and DESCRIBE."""
        kwargs: dict[str, Any] = {"base_iri": base_iri}
        if default_graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        sparql, kwargs["substitutions"] = _bound(sparql, bindings)
        try:
            if default_graphs is not None or not union_default_graph:
                result = self._store.query(sparql, **kwargs)
            else:
                result = self._store.query(sparql, use_default_graph_as_union=True, **kwargs)
        except SyntaxError as exc:
            raise _syntax_error(exc) from exc
        except OSError as exc:
            raise QueryError(f"query failed: {exc}") from exc
        out = io.BytesIO()
        try:
            if isinstance(result, ox.QueryBoolean):
                ox.QueryBoolean.serialize(result, out, RESULT_FORMATS[result_format])
                return Serialized("ask", out.getvalue())
            if isinstance(result, ox.QuerySolutions):
                fmt = RESULT_FORMATS[result_format]
                if max_rows is None:
                    result.serialize(out, fmt)
                    return Serialized("select", out.getvalue())
                cut = _serialize_capped_solutions(result, out, fmt, max_rows)
                return Serialized("select", out.getvalue(), cut)
            triples = _Capped(result, max_rows)
            extra: dict[str, Any] = {}
            if prefixes and graph_format in ("turtle", "trig", "rdfxml"):
                extra["prefixes"] = dict(prefixes)
            ox.serialize(triples, out, RDF_FORMATS[graph_format], **extra)
            return Serialized("graph", out.getvalue(), triples.cut)
        except OSError as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def dump(
        self,
        output: IO[bytes],
        rdf_format: str,
        *,
        graph: str | None = None,
        exclude_graphs: Sequence[str] = (),
        prefixes: Mapping[str, str] | None = None,
    ) -> None:
        """Serialise the store: all named graphs (N-Quads, TriG), or one graph or the union of
        graphs as triples (other formats). ``exclude_graphs`` leaves graphs out."""
        fmt = RDF_FORMATS[rdf_format]
        extra: dict[str, Any] = {}
        if prefixes and rdf_format in ("turtle", "trig", "rdfxml"):
            extra["prefixes"] = dict(prefixes)
        try:
            if graph is not None:
                self._store.dump(output, fmt, from_graph=ox.NamedNode(graph), **extra)
                return
            excluded = {ox.NamedNode(g) for g in exclude_graphs}
            quads = (
                q
                for q in self._store.quads_for_pattern(None, None, None, None)
                if q.graph_name not in excluded
            )
            if rdf_format in DATASET_FORMATS:
                if not excluded:
                    self._store.dump(output, fmt, **extra)
                else:
                    ox.serialize(quads, output, fmt, **extra)
            else:
                triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
                ox.serialize(triples, output, fmt, **extra)
        except OSError as exc:
            raise StoreError(f"dump failed: {exc}", where=str(self.path)) from exc

    def backup(self, target: str | Path) -> None:
        """Write a consistent copy of an on-disk store to ``target`` (a new folder); files are
        hard-linked when on the same file system, so this is cheap. The copy is an independent
        store that other processes may open read-only while this one keeps writing."""
        if self.path is None:
            raise StoreError("an in-memory store has no backup")
        try:
            self._store.backup(str(target))
        except OSError as exc:
            raise _write_error("backup failed", exc, str(target)) from exc

    def optimize(self) -> bool:
        """Compact an on-disk store in place (Oxigraph's full compaction of its RocksDB files);
        ``False`` for an in-memory store, which has no files.

        Bulk loads and many small writes leave the data spread over overlapping files, and
        every lookup then seeks in each of them. At 10k researchers, compaction took 54-90 s
        and made the person page's queries 1.5-2.6x faster (``benchmarks/README.md``, sessions
        10 and 11). The folder may shrink (4.7 -> 1.8 GB, a store many updates had left
        garbage in) or grow (2.6 -> 3.8 GB, a freshly ingested one)."""
        if self.path is None:
            return False
        if self.read_only:
            raise StoreError("cannot optimize a store opened read-only", where=str(self.path))
        try:
            self._store.optimize()
        except OSError as exc:
            raise _write_error("optimization failed", exc, str(self.path)) from exc
        return True

    def switch_read_only(self, path: str | Path) -> None:
        """Point this read-only handle at another store folder (e.g. a newer backup). Calls in
        flight finish on the old one, which is released when they end."""
        if not self.read_only:
            raise StoreError("only a read-only handle can switch folders", where=str(self.path))
        try:
            store = ox.Store.read_only(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the store: {exc}", where=str(path)) from exc
        self._store, self.path = store, Path(path)

    def free_bytes(self) -> int | None:
        if self.path is None:
            return None
        try:
            return shutil.disk_usage(self.path).free
        except OSError:
            return None

    def flush(self) -> None:
        if not self.read_only:
            with suppress(OSError):
                self._store.flush()

    def close(self) -> None:
        self.flush()
        del self._store


def nquads_as_ntriples(nquads: str) -> bytes:
    """The triples of N-Quads lines (our own text, one graph), as N-Triples bytes."""
    out = [
        line.rpartition(" ")[0].rpartition(" ")[0] + " .\n" for line in nquads.splitlines() if line
    ]
    return "".join(out).encode("utf-8")


def _has_blank_nodes(quads: Iterable[Quad]) -> bool:
    return any(isinstance(q[0], BNode) or isinstance(q[2], BNode) for q in quads)


def nquads_as_insert_data(nquads: str) -> str:
    """N-Quads lines -> ``GRAPH <g> { triple . }`` blocks valid inside ``INSERT DATA``."""
    blocks: dict[str, list[str]] = {}
    for line in nquads.splitlines():
        line = line.strip()
        if not line:
            continue
        # every line ends with "<graph> ." since mapping never writes to the default graph
        body, _, _ = line.rpartition(" .")
        triple, _, graph = body.rpartition(" ")
        blocks.setdefault(graph, []).append(triple + " .")
    return "\n".join(f"GRAPH {g} {{\n" + "\n".join(t) + "\n}" for g, t in blocks.items())


def _plain_triples(result: Any) -> Iterator[Triple]:
    try:
        for t in result:
            yield (from_ox(t.subject), t.predicate.value, from_ox(t.object))
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from exc


class _Capped:
    """The first ``limit`` items of ``items`` (all when ``limit`` is ``None``); ``cut`` tells,
    once they are read, whether there was another one (read to know, not handed out)."""

    def __init__(self, items: Iterable[Any], limit: int | None) -> None:
        self._items = iter(items)
        self._limit = limit
        self.cut = False

    def __iter__(self) -> Iterator[Any]:
        if self._limit is None:
            yield from self._items
            return
        for count, item in enumerate(self._items):
            if count >= self._limit:
                self.cut = True
                return
            yield item


def _serialize_capped_solutions(
    result: Any, out: IO[bytes], fmt: ox.QueryResultsFormat, max_rows: int
) -> bool:
    """Writes at most ``max_rows`` solutions; whether there were more. QuerySolutions cannot be
    sliced, so capped results are written by our own serialiser."""
    variables = tuple(v.value for v in result.variables)
    rows: list[dict[str, Term]] = []
    solutions = _Capped(result, max_rows)
    for solution in solutions:
        row: dict[str, Term] = {}
        for name in variables:
            value = solution[name]
            if value is not None:
                row[name] = from_ox(value)
        rows.append(row)
    name = next(k for k, v in RESULT_FORMATS.items() if v == fmt)
    out.write(write_solutions(variables, rows, name))
    return solutions.cut
