"""What the stored resolution was computed from: the state written as ``sg:resolvedFrom``.

The state names the set of documents (source id and content hash of each) and everything else
resolution and mapping read (:func:`shared_inputs`). An ingest compares it with the state of
what it is about to resolve: equal states mean the stored graphs are already what a resolution
would write, and nothing is resolved.

The document part is a multiset hash (the sum, modulo 2**256, of one SHA-256 per document), so
a run that replaces one document's version without moving the resolution
(:func:`scholargraph.pipeline.in_place.ingest_in_place`) moves the state by that document alone,
in the same transaction as the graph, without reading the other documents' hashes. It guards
against accidents (an interrupted run, a changed folder), not against someone forging hashes.

Every run that writes source graphs removes the state first and writes it last
(:func:`scholargraph.pipeline.writing.write_graphs`, ``forget``), so a state present in the
store is the state of the graphs stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from .code_fingerprint import code_digest, parser_version
from .config import Settings
from .rdf.iris import Iris
from .rdf.mapping_inputs import mapping_code_digest
from .rdf.terms import Lit, Quad
from .rdf.vocab import SG
from .store_api import GraphStore

_MODULUS = 1 << 256


def shared_inputs(settings: Settings, vocabulary_digest: str) -> str:
    """What every document's resolution and mapping read besides the documents: the
    vocabulary, the IRI base, the institute's name and the code (the resolver's, incremental
    resolution's and the resolution index's too: a stored index is only read by the code that
    wrote it). When one of them moves, an ingest of unchanged pages resolves again (and maps
    what that moved)."""
    return "\n".join(
        (
            vocabulary_digest,
            settings.base,
            settings.institute_name,
            parser_version(),
            mapping_code_digest(),
            code_digest("resolve/__init__.py", "resolution_index.py"),
        )
    )


def _document_term(source_id: str, content_hash: str) -> int:
    line = f"{source_id}\t{content_hash}".encode()
    return int.from_bytes(hashlib.sha256(line).digest(), "big")


def _shared_part(inputs: str) -> str:
    return hashlib.sha256(inputs.encode("utf-8")).hexdigest()


def documents_state(hashes: Mapping[str, str], inputs: str) -> str:
    """The state of documents ``hashes`` (source id -> content sha256) resolved with
    ``inputs`` (:func:`shared_inputs`)."""
    total = sum(_document_term(s, h) for s, h in hashes.items()) % _MODULUS
    return f"{_shared_part(inputs)}:{total:064x}"


def computed_with(state: str | None, inputs: str) -> bool:
    """Whether ``state`` is one this version writes, computed with ``inputs``."""
    return state is not None and shifted_state(state, inputs, ()) is not None


def shifted_state(
    state: str, inputs: str, replaced: Iterable[tuple[str, str | None, str | None]]
) -> str | None:
    """``state`` with each ``(source id, old hash, new hash)`` of ``replaced`` swapped (old
    hash ``None``: a page added; new hash ``None``: a page removed); ``None`` when ``state``
    was not computed with ``inputs`` (or is not a state this version writes): the caller must
    resolve."""
    shared, _, total_text = state.partition(":")
    if shared != _shared_part(inputs) or len(total_text) != 64:
        return None
    try:
        total = int(total_text, 16)
    except ValueError:
        return None
    for source_id, old, new in replaced:
        if new is not None:
            total += _document_term(source_id, new)
        if old is not None:
            total -= _document_term(source_id, old)
    return f"{shared}:{total % _MODULUS:064x}"


def stored_state(store: GraphStore, iris: Iris) -> str | None:
    """The state of the stored resolution (``None``: none, or a run did not finish)."""
    found = store.objects(iris.resolution_graph, SG.resolvedFrom, iris.metadata_graph)
    if not found:
        return None
    term = found[0]
    return term.value if isinstance(term, Lit) else str(term)


def state_quad(iris: Iris, state: str) -> Quad:
    """The quad that records ``state`` in the metadata graph."""
    return (iris.resolution_graph, SG.resolvedFrom, Lit(state), iris.metadata_graph)
