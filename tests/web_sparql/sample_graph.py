"""A small fictional graph laid out as docs/data-model.md describes (source graphs, metadata,
resolution, vocabulary, records), plus the three graphs the W3C protocol tests name.

Loaded straight through ``OxigraphStore.replace_graphs`` so these tests do not depend on the
ingest pipeline.
"""

from __future__ import annotations

from pathlib import Path

from scholargraph.rdf.iris import Iris
from scholargraph.rdf.terms import Lit, Quad, Term, integer, typed
from scholargraph.rdf.vocab import DCTERMS, FOAF, PROV, RDF, RDFS, SCHEMA, SG, SKOS, VIVO
from scholargraph.store import OxigraphStore

BASE = "https://graph.test"
IRIS = Iris(BASE)
W3C_DATA = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "sparql11-protocol"
W3C_GRAPHS = {f"http://kasei.us/2009/09/sparql/data/data{i}.rdf": f"data{i}.nt" for i in (1, 2, 3)}
GENERATED = "2026-03-04T05:06:07Z"

PEOPLE = {
    "ada-quill": "Ada Quill",
    "bo-lindqvist": "Bo Lindqvist",
    "chidi-okafor": "Chidi Okafor",
    "dana-reyes": "Dana Reyes",
    "emeka-sato": "Emeka Sato",
    "farah-nadeau": "Farah Nadeau",
}
PAPERS = {
    "tidal-memory": ("Tidal Memory for Agents", ["ada-quill", "bo-lindqvist"], "2024-05-02"),
    "quiet-gradients": ("Quiet Gradients", ["bo-lindqvist", "chidi-okafor"], "2023"),
    "lantern-probes": ("Lantern Probes for Curricula", ["ada-quill", "dana-reyes"], "2022-11"),
    "salt-and-signal": ("Salt and Signal", ["emeka-sato", "farah-nadeau", "ada-quill"], "2021"),
}
TOPICS = {"continual-learning": ("Continual Learning", "Apprentissage continu")}


def person(key: str) -> str:
    return f"{BASE}/id/person/{key}"


def paper(key: str) -> str:
    return f"{BASE}/id/publication/{key}"


def sample_graphs() -> dict[str, list[Quad]]:
    """Graph IRI -> its quads."""
    source_a = IRIS.source_graph("profile-page-a")
    source_b = IRIS.source_graph("aggregator-page-b")
    graphs: dict[str, list[Quad]] = {
        source_a: [],
        source_b: [],
        IRIS.resolution_graph: [],
        IRIS.vocabulary_graph: [],
        IRIS.metadata_graph: [],
        IRIS.records_graph: [],
    }

    def add(graph: str, s: str, p: str, o: Term) -> None:
        graphs[graph].append((s, p, o, graph))

    org = f"{BASE}/id/organization/lumen-lab"
    add(source_a, org, RDF.type, SCHEMA.Organization)
    add(source_a, org, RDF.type, FOAF.Organization)
    add(IRIS.resolution_graph, org, SCHEMA.name, Lit("Lumen Lab"))
    for key, name in PEOPLE.items():
        iri = person(key)
        add(source_a, iri, RDF.type, SCHEMA.Person)
        add(source_a, iri, RDF.type, FOAF.Person)
        add(source_a, iri, SG.nameAsWritten, Lit(name))
        add(source_a, iri, SCHEMA.worksFor, org)
        add(IRIS.resolution_graph, iri, SCHEMA.name, Lit(name))
        add(IRIS.resolution_graph, iri, FOAF.name, Lit(name))
        add(IRIS.resolution_graph, iri, RDFS.label, Lit(name))
    for key, (title, authors, date) in PAPERS.items():
        iri = paper(key)
        add(source_b, iri, RDF.type, SCHEMA.ScholarlyArticle)
        add(source_b, iri, SG.nameAsWritten, Lit(title))
        add(IRIS.resolution_graph, iri, SCHEMA.name, Lit(title))
        datatype = {10: "date", 7: "gYearMonth", 4: "gYear"}[len(date)]
        add(source_b, iri, SCHEMA.datePublished, typed(date, datatype))
        for rank, author in enumerate(authors, start=1):
            add(source_b, iri, SCHEMA.author, person(author))
            authorship = IRIS.authorship(key, author)
            add(source_b, authorship, RDF.type, VIVO.Authorship)
            add(source_b, authorship, VIVO.relates, iri)
            add(source_b, authorship, VIVO.relates, person(author))
            add(source_b, authorship, VIVO.rank, typed(rank, "int"))
    for key, (english, french) in TOPICS.items():
        topic = f"{BASE}/id/topic/{key}"
        add(IRIS.vocabulary_graph, topic, RDF.type, SKOS.Concept)
        add(IRIS.vocabulary_graph, topic, SKOS.prefLabel, Lit(english, None, "en"))
        add(IRIS.vocabulary_graph, topic, SKOS.prefLabel, Lit(french, None, "fr"))
        add(source_a, person("ada-quill"), SCHEMA.knowsAbout, topic)
    for graph, source in ((source_a, "profile-page-a"), (source_b, "aggregator-page-b")):
        add(IRIS.metadata_graph, graph, RDF.type, SG.SourceGraph)
        add(IRIS.metadata_graph, graph, SG.sourceId, Lit(source))
        add(IRIS.metadata_graph, graph, PROV.wasDerivedFrom, f"https://pages.test/{source}")
        add(IRIS.metadata_graph, graph, PROV.generatedAtTime, typed(GENERATED, "dateTime"))
        add(IRIS.metadata_graph, graph, DCTERMS.language, Lit("en"))
        add(IRIS.metadata_graph, graph, SG.tripleCount, integer(len(graphs[graph])))
        add(IRIS.records_graph, graph, SG.parsedRecord, Lit('{"kind": "fictional"}'))
    return graphs


def w3c_graphs() -> dict[str, list[Quad]]:
    """The protocol tests' data1..data3, under the graph names the manifest gives them."""
    graphs: dict[str, list[Quad]] = {}
    if not W3C_DATA.is_dir():  # ../shared/conformance absent: the protocol tests skip too
        return graphs
    for graph, file_name in W3C_GRAPHS.items():
        quads: list[Quad] = []
        for line in (W3C_DATA / file_name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                s, p, o = (part.strip("<>") for part in line.rstrip(" .").split(" ", 2))
                quads.append((s, p, o, graph))
        graphs[graph] = quads
    return graphs


def build_store(path: Path | None, *, w3c: bool = True) -> OxigraphStore:
    """A store (on disk at ``path``, or in memory) holding the sample graph."""
    store = OxigraphStore(path)
    graphs = sample_graphs()
    if w3c:
        graphs.update(w3c_graphs())
    store.replace_graphs(graphs)
    return store


def quad_count(w3c: bool = True) -> int:
    graphs = sample_graphs()
    if w3c:
        graphs.update(w3c_graphs())
    return sum(len(set(quads)) for quads in graphs.values())
