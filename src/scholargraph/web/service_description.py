"""The SPARQL 1.1 Service Description of the endpoint (what a plain ``GET /sparql`` returns to
RDF clients): the endpoint, languages, result formats, the union default graph, named graphs,
and links to the dataset description and dumps.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..config import Settings
from ..rdf.iris import short_hash
from ..rdf.terms import Lit
from ..rdf.vocab import DCTERMS, ENTAILMENT, FORMATS, RDF, RDFS, SD, VOID
from .rdf_documents import Triple

RESULT_FORMAT_IRIS: tuple[str, ...] = (
    FORMATS.SPARQL_Results_JSON,
    FORMATS.SPARQL_Results_XML,
    FORMATS.SPARQL_Results_CSV,
    FORMATS.SPARQL_Results_TSV,
    FORMATS.Turtle,
    FORMATS["N-Triples"],
    FORMATS["JSON-LD"],
    FORMATS.RDF_XML,
    FORMATS["N-Quads"],
    FORMATS.TriG,
)
PREFIXES = {"sd": str(SD), "formats": str(FORMATS)}


def service_description(
    endpoint: str,
    settings: Settings,
    *,
    dataset: str,
    void_url: str,
    graphs: Iterable[str],
) -> list[Triple]:
    """Triples describing the endpoint at ``endpoint``; ``dataset`` is the VoID dataset IRI."""
    default_graph = f"{endpoint}#default-graph"
    triples: list[Triple] = [
        (endpoint, RDF.type, SD.Service),
        (endpoint, SD.endpoint, endpoint),
        (endpoint, SD.supportedLanguage, SD.SPARQL11Query),
        (endpoint, SD.feature, SD.UnionDefaultGraph),
        (endpoint, RDFS.seeAlso, void_url),
        (endpoint, SD.defaultEntailmentRegime, ENTAILMENT.Simple),
        (endpoint, DCTERMS["title"], Lit(f"SPARQL endpoint: {settings.institute_name}")),
        (endpoint, SD.defaultDataset, dataset),
        (dataset, RDF.type, SD.Dataset),
        (dataset, RDF.type, VOID.Dataset),
        (dataset, SD.defaultGraph, default_graph),
        (default_graph, RDF.type, SD.Graph),
        (
            default_graph,
            RDFS.comment,
            Lit("The union of all named graphs: queries see every graph by default."),
        ),
    ]
    if settings.web.updates_enabled:
        triples.append((endpoint, SD.supportedLanguage, SD.SPARQL11Update))
    triples.extend((endpoint, SD.resultFormat, iri) for iri in RESULT_FORMAT_IRIS)
    for graph in graphs:
        node = f"{endpoint}#graph-{short_hash(graph)}"
        triples += [
            (dataset, SD.namedGraph, node),
            (node, RDF.type, SD.NamedGraph),
            (node, SD.name, graph),
        ]
    return triples
