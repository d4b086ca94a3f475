"""``scholargraph export --profile vivo``: the graph in the VIVO-ISF ontology, for VIVO to load.

Each part of the profile is one SPARQL CONSTRUCT in ``queries/vivo-*.rq`` run over the union of
the store's graphs: people (``foaf:Person`` + ``rdfs:label`` + ``vivo:overview``), organizations
(``foaf:Organization``), positions (``vivo:Position``), memberships (``vivo:MemberRole`` with
VIVO's bearer-of / inheres-in role pattern), papers (``bibo:AcademicArticle`` with
``bibo:abstract`` and a ``vivo:DateTimeValue``), authorships (``vivo:Authorship`` with
``vivo:rank``) and research and subject areas (``skos:Concept``). Only terms the VIVO ontology
defines are written (``tests/interop/vivo_terms.txt`` is the list the tests check against).

Oxigraph stores every integer datatype as ``xsd:integer``; VIVO declares ``vivo:rank`` with
range ``xsd:int``, so ranks are retyped here before serialising.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO

from .queries import load_query
from .rdf.terms import Lit, Term
from .rdf.vocab import BIBO, FOAF, OWL, RDF, RDFS, SKOS, VIVO, XSD
from .store import Triple, serialize_triples
from .store_api import GraphStore

VIVO_QUERIES: tuple[str, ...] = (
    "vivo-people",
    "vivo-organizations",
    "vivo-positions",
    "vivo-memberships",
    "vivo-publications",
    "vivo-publication-dates",
    "vivo-authorships",
    "vivo-research-areas",
    "vivo-subject-areas",
)
VIVO_FORMATS: tuple[str, ...] = ("turtle", "ntriples", "rdfxml")
VIVO_PREFIXES: dict[str, str] = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "foaf": str(FOAF),
    "bibo": str(BIBO),
    "skos": str(SKOS),
    "vivo": str(VIVO),
    "obo": "http://purl.obolibrary.org/obo/",
}
INT_PROPERTIES = frozenset({VIVO.rank})


def vivo_triples(store: GraphStore, queries: Sequence[str] = VIVO_QUERIES) -> list[Triple]:
    """Every triple of the VIVO profile, deduplicated and sorted (deterministic output)."""
    found: set[Triple] = set()
    for name in queries:
        found.update(_retyped(store.construct(load_query(name))))
    return sorted(found, key=_sort_key)


def write_vivo(store: GraphStore, output: IO[bytes], rdf_format: str = "turtle") -> int:
    """Write the VIVO profile to ``output``; returns the number of triples written."""
    triples = vivo_triples(store)
    serialize_triples(triples, output, rdf_format, prefixes=VIVO_PREFIXES)
    return len(triples)


def _retyped(triples: Iterable[Triple]) -> Iterable[Triple]:
    for s, p, o in triples:
        if p in INT_PROPERTIES and isinstance(o, Lit):
            o = Lit(o.value, XSD.int, None)
        yield (s, p, o)


def _sort_key(triple: Triple) -> tuple[str, str, str]:
    s, p, o = triple
    return (_key(s), p, _key(o))


def _key(term: Term) -> str:
    if isinstance(term, Lit):
        return f"\x01{term.value}\x00{term.datatype or ''}\x00{term.language or ''}"
    return str(term)


__all__ = ["VIVO_FORMATS", "VIVO_QUERIES", "vivo_triples", "write_vivo"]
