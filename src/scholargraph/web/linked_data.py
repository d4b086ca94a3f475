"""Linked data: entity IRIs that dereference, in HTML for people and RDF for machines.

An entity IRI ``{base}/id/{kind}/{key}`` is served at the path ``/id/{kind}/{key}``. This module
owns what is independent of page rendering:

* locating the entity a path names (suffix URLs ``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``,
  ``.html``; percent-encoded keys; retired IRIs and their survivors),
* the RDF description of an entity (``queries/entity-describe.rq``) in each format,
* the ``Link: rel=alternate`` header.

Which representations an entity has, and which one an ``Accept`` header picks, is
:mod:`.negotiation`'s (``ENTITY_FORMATS``, ``ENTITY_MEDIA_TYPES``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import quote

import pyoxigraph as ox

from ..queries import load_query
from ..rdf.compact_jsonld import Unrepresentable, compact_jsonld
from ..rdf.iris import Iris
from ..rdf.vocab import PREFIXES
from ..store_api import GraphStore
from .facts import internal_graph_bindings
from .negotiation import ENTITY_FORMATS, JSONLD, NTRIPLES, RDFXML, Format

BY_SUFFIX = {f.suffix: f for f in ENTITY_FORMATS}
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
MAX_ALIAS_HOPS = 5
# Characters no IRI may hold (RFC 3987: controls, space, <>"{}|\^`): such paths name nothing.
_NOT_IN_IRIS = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]')


def split_suffix(key: str) -> tuple[str, Format | None]:
    """``cs.LG.ttl`` -> (``cs.LG``, Turtle); a key without a known suffix is returned as is."""
    for suffix, representation in BY_SUFFIX.items():
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)], representation
    return key, None


def candidate_iris(base: str, kind: str, key: str) -> list[str]:
    """IRIs a decoded path may stand for: minted keys are percent-encoded (``Iris.entity``),
    hand-written vocabulary IRIs may not be."""
    prefix = f"{base}/id/{kind}/"
    out: list[str] = []
    for candidate in (quote(key, safe="-._~"), quote(key, safe="-._~!$&'()*+,;=:@/"), key):
        iri = prefix + candidate
        if iri not in out and not _NOT_IN_IRIS.search(iri):
            out.append(iri)
    return out


@dataclass(frozen=True)
class Located:
    """The entity a request path names."""

    iri: str
    representation: Format | None  # fixed by a suffix URL, else negotiated
    survivor: str | None = None  # set when ``iri`` is retired


def exists(store: GraphStore, iri: str) -> bool:
    return store.ask(load_query("entity-exists"), {"entity": iri})


def survivor_of(store: GraphStore, iri: str, resolution_graph: str) -> str | None:
    """The live IRI a retired one points to (following chains of retirements)."""
    current, seen = iri, {iri}
    for _ in range(MAX_ALIAS_HOPS):
        rows = store.select(
            load_query("entity-survivor"),
            {"entity": current, "resolutionGraph": resolution_graph},
        ).rows
        if not rows:
            break
        target = str(rows[0]["survivor"])
        if target in seen:
            break
        seen.add(target)
        current = target
    return None if current == iri else current


def locate(
    store: GraphStore, base: str, resolution_graph: str, kind: str, key: str
) -> Located | None:
    """The entity (or retired IRI) named by ``/id/{kind}/{key}``, or ``None``."""
    attempts: list[tuple[str, Format | None]] = [(key, None)]
    stripped, representation = split_suffix(key)
    if representation is not None:
        attempts.append((stripped, representation))
    for attempt_key, fixed in attempts:
        for iri in candidate_iris(base, kind, attempt_key):
            try:
                survivor = survivor_of(store, iri, resolution_graph)
                if survivor is not None:
                    return Located(iri, fixed, survivor)
                if exists(store, iri):
                    return Located(iri, fixed)
            except ValueError:  # not an IRI the store accepts: it names nothing
                continue
    return None


def link_header(href: str) -> str:
    """``Link`` alternates for an entity served at the path ``href``."""
    return ", ".join(
        f'<{href}{f.suffix}>; rel="alternate"; type="{f.media_type}"' for f in ENTITY_FORMATS
    )


def describe(store: GraphStore, iris: Iris, iri: str, representation: Format) -> bytes:
    """The entity's RDF (``queries/entity-describe.rq``: none of the internal graphs')
    serialised as ``representation``."""
    query = load_query("entity-describe")
    bindings = {"entity": iri, **internal_graph_bindings(iris)}
    if representation in (NTRIPLES, RDFXML):
        return store.query_serialized(
            query, graph_format=representation.name, bindings=bindings
        ).body
    ntriples = store.query_serialized(query, graph_format="ntriples", bindings=bindings).body
    if representation is JSONLD:
        return entity_jsonld(ntriples, iri)
    return _turtle(ntriples, iri)


def _turtle(ntriples: bytes, iri: str) -> bytes:
    """Turtle with the project's prefixes: the entity first, its types first, then the nodes it
    owns, each subject's triples together (Oxigraph's writer: about 50 times faster than
    rdflib's on an entity's few hundred triples)."""
    entity = ox.NamedNode(iri)
    triples = sorted(
        ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES),
        key=lambda t: (
            t.subject != entity,
            str(t.subject),
            t.predicate != RDF_TYPE,
            str(t.predicate),
            str(t.object),
        ),
    )
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES)) or b""


def entity_jsonld(ntriples: bytes, iri: str) -> bytes:
    """Compact JSON-LD with the project's prefixes as its context, the entity first
    (:mod:`~scholargraph.rdf.compact_jsonld`); expanded JSON-LD (Oxigraph's writer) for what
    that cannot write."""
    triples = list(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
    try:
        document = compact_jsonld(triples, PREFIXES, first=iri)
    except Unrepresentable:
        return ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"[]"
    # no indent: Python's JSON encoder is 5-10 times slower when it indents
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
