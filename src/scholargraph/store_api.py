"""What the pipeline, the CLI and the web service need from a store, and which one to open.

:class:`GraphStore` lists exactly the store methods they call. Two implementations:
:class:`~scholargraph.store.OxigraphStore` (embedded, on disk or in memory: the default) and
:class:`~scholargraph.remote_store.RemoteStore` (any SPARQL 1.1 store over HTTP, spoken to only
through SPARQL 1.1 Query, SPARQL 1.1 Update and the Graph Store HTTP Protocol).
:func:`open_store` picks one from ``settings.store``: an ``http://`` or ``https://`` URL means a
remote store, anything else is a folder.

Both keep the same contract for writes: ``replace_graphs`` leaves each graph it replaces either
old or new (never half), and the metadata / records that describe a graph are written *after*
the graph, so a stop between the two is seen by the next ingest as "graph changed since its
metadata was written" and repaired (see :mod:`scholargraph.remote_store`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Protocol
from urllib.parse import urlsplit, urlunsplit

from .config import Settings
from .rdf.terms import Quad, Term
from .store import NewSource, OxigraphStore, Row, SelectResult, Serialized, Triple

__all__ = [
    "GraphStore",
    "NewSource",
    "Row",
    "SelectResult",
    "Serialized",
    "Triple",
    "display_store",
    "is_remote",
    "open_store",
]


def is_remote(store: str) -> bool:
    """Whether a ``store`` setting names a remote SPARQL store (an http(s) URL)."""
    return store.strip().lower().startswith(("http://", "https://"))


def display_store(store: str) -> str:
    """The ``store`` setting as it may be printed (a URL loses credentials and query)."""
    if not is_remote(store):
        return store
    parts = urlsplit(store.strip())
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


class GraphStore(Protocol):
    """The store operations scholargraph uses (pipeline, CLI, web)."""

    # Whether an interrupted write can leave a source's metadata or record half-written (the
    # embedded store's bulk loader is not transactional); ``False``: a source's description is
    # always written in one request, and the next ingest need not look for halves.
    may_leave_partial_sources: bool

    # ------------------------------------------------------------------ writes

    def replace_graphs(
        self,
        graphs: Mapping[str, Iterable[Quad]],
        *,
        delete_subjects: Mapping[str, Sequence[str]] | None = None,
        insert: Iterable[Quad] = (),
        delete: Iterable[Quad] = (),
    ) -> None:
        """Replace each graph of ``graphs`` (each old or new, never half), then delete the
        triples of ``delete_subjects[graph]`` subjects and the ``delete`` quads, and add
        ``insert``."""

    def add_sources(self, graphs: Mapping[str, Iterable[Quad]], insert: Iterable[Quad]) -> None:
        """Write graphs the store does not hold yet, with their ``insert`` quads (metadata,
        records); each source ends up entirely written or entirely absent."""

    def add_new_sources(self, sources: Iterable[NewSource], *, bulk: bool) -> None:
        """Write sources the store does not hold yet (N-Quads text). A source counts as
        stored once its ``commit`` quads are in; ``bulk`` lets a store trade per-source
        atomicity while it runs for speed (the next ingest removes uncommitted leftovers)."""

    def remove_graphs(
        self, graphs: Sequence[str], *, delete_subjects: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        """Delete the ``delete_subjects`` triples, then drop ``graphs``."""

    def update(self, text: str, *, base_iri: str | None = None) -> None:
        """Run a user's SPARQL Update (callers decide whether updates are allowed)."""

    # ------------------------------------------------------------------ reads

    def graph_names(self) -> list[str]: ...

    def graph_quads(self, graph: str) -> Iterator[Quad]: ...

    def objects(self, subject: str, predicate: str, graph: str | None = None) -> list[Term]: ...

    def __len__(self) -> int: ...

    def select(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> SelectResult: ...

    def construct(
        self, sparql: str, bindings: Mapping[str, Term] | None = None
    ) -> Iterable[Triple]: ...

    def ask(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> bool: ...

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
    ) -> Serialized: ...

    def dump(
        self,
        output: IO[bytes],
        rdf_format: str,
        *,
        graph: str | None = None,
        exclude_graphs: Sequence[str] = (),
        prefixes: Mapping[str, str] | None = None,
    ) -> None: ...

    # ------------------------------------------------------------------ lifetime

    def optimize(self) -> bool:
        """Compact the store's own files for faster lookups; ``False`` when that is not this
        store's to do (in memory, or a remote store, which its own server compacts)."""
        ...

    def free_bytes(self) -> int | None:
        """Bytes free on the disk holding the store's files; ``None`` when they are not this
        store's to count (in memory, or a remote store, whose server has its own disk)."""
        ...

    def flush(self) -> None: ...

    def close(self) -> None: ...


def open_store(settings: Settings, *, read_only: bool = False) -> GraphStore:
    """The store ``settings.store`` names: a remote SPARQL store for an http(s) URL, else the
    embedded Oxigraph store in that folder."""
    if is_remote(settings.store):
        from .remote_store import RemoteStore  # requests loads only for remote stores

        return RemoteStore.from_settings(settings, read_only=read_only)
    return OxigraphStore(settings.store, read_only=read_only)
