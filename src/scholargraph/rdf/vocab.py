"""Every vocabulary IRI the project writes. IRIs live here and nowhere else."""

from __future__ import annotations

from typing import Final


class _Namespace(str):
    """``NS.term`` and ``NS["term"]`` give the full IRI."""

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        iri = str(self) + name
        self.__dict__[name] = iri  # later lookups find it without calling __getattr__
        return iri

    def __getitem__(self, name: str) -> str:  # type: ignore[override]
        return str(self) + name


RDF: Final = _Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS: Final = _Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL: Final = _Namespace("http://www.w3.org/2002/07/owl#")
XSD: Final = _Namespace("http://www.w3.org/2001/XMLSchema#")
SCHEMA: Final = _Namespace("http://schema.org/")
FOAF: Final = _Namespace("http://xmlns.com/foaf/0.1/")
SKOS: Final = _Namespace("http://www.w3.org/2004/02/skos/core#")
PROV: Final = _Namespace("http://www.w3.org/ns/prov#")
DCTERMS: Final = _Namespace("http://purl.org/dc/terms/")
VIVO: Final = _Namespace("http://vivoweb.org/ontology/core#")
BIBO: Final = _Namespace("http://purl.org/ontology/bibo/")
ORG: Final = _Namespace("http://www.w3.org/ns/org#")
VOID: Final = _Namespace("http://rdfs.org/ns/void#")
DCAT: Final = _Namespace("http://www.w3.org/ns/dcat#")
SG: Final = _Namespace("https://w3id.org/scholargraph/ns#")
WD: Final = _Namespace("http://www.wikidata.org/entity/")
# Service and dataset descriptions (web): SPARQL Service Description, W3C format IRIs,
# SPDX checksums, IANA media types, entailment regimes.
SD: Final = _Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS: Final = _Namespace("http://www.w3.org/ns/formats/")
SPDX: Final = _Namespace("http://spdx.org/rdf/terms#")
MEDIA_TYPES: Final = _Namespace("https://www.iana.org/assignments/media-types/")
ENTAILMENT: Final = _Namespace("http://www.w3.org/ns/entailment/")

TYPE: Final = RDF.type

PREFIXES: Final[dict[str, str]] = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "schema": str(SCHEMA),
    "foaf": str(FOAF),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "vivo": str(VIVO),
    "bibo": str(BIBO),
    "org": str(ORG),
    "void": str(VOID),
    "dcat": str(DCAT),
    "sg": str(SG),
    "wd": str(WD),
}

# Measured properties of aggregator metrics: Metric.name -> sg term.
METRIC_PROPERTIES: Final[dict[str, str]] = {
    "hIndex": SG.hIndex,
    "citationCount": SG.citationCount,
    "publicationCount": SG.publicationCount,
    "listedPublicationCount": SG.listedPublicationCount,
    "novelty": SG.noveltyScore,
    "aiScore": SG.aiScore,
}
