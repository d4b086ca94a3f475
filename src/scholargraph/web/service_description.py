"""The SPARQL 1.1 Service Description of the endpoint (what a plain ``GET /sparql`` returns to
RDF clients): the endpoint, languages, result formats, the union default graph, named graphs,
and links to the dataset description and dumps.

Every named graph is listed up to :data:`GRAPHS_LISTED` of them. A store holds one graph per
source page (26,971 at 10k researchers: a 7 MB description, rebuilt on every plain GET), so
past that only the project's own graphs are listed, and a comment says where the others are.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

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
GRAPHS_LISTED = 1000


def service_description(
    endpoint: str,
    settings: Settings,
    *,
    dataset: str,
    void_url: str,
    graphs: Sequence[str],
    own_graphs: Collection[str] = (),
    graphs_listed: int = GRAPHS_LISTED,
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
    listed = graphs
    if len(graphs) > graphs_listed:
        listed = [graph for graph in graphs if graph in own_graphs]
        where = (
            f"{len(graphs):,} named graphs, one per source document, too many to list here: "
            f"the dataset description <{void_url}> lists each one (void:subset), and so does "
            "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }"
        )
        triples.append((dataset, RDFS.comment, Lit(where)))
    for graph in listed:
        node = f"{endpoint}#graph-{short_hash(graph)}"
        triples += [
            (dataset, SD.namedGraph, node),
            (node, RDF.type, SD.NamedGraph),
            (node, SD.name, graph),
        ]
    return triples
