"""Small RDF documents the service writes itself (service and dataset descriptions).

They are built as plain triples and serialised through an in-memory store, so the web layer
needs no RDF library of its own and every format the store writes is available.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping

from ..rdf.terms import Term
from ..rdf.vocab import PREFIXES
from ..store import OxigraphStore

Triple = tuple[str, str, Term]
_DOCUMENT_GRAPH = "urn:x-scholargraph:document"  # never written out: documents are triples


def serialize(
    triples: Iterable[Triple], rdf_format: str, prefixes: Mapping[str, str] | None = None
) -> bytes:
    """``triples`` in ``rdf_format`` (turtle, ntriples, jsonld, rdfxml)."""
    store = OxigraphStore()
    store.bulk_add((s, p, o, _DOCUMENT_GRAPH) for s, p, o in triples)
    out = io.BytesIO()
    store.dump(out, rdf_format, prefixes={**PREFIXES, **(prefixes or {})})
    return out.getvalue()
