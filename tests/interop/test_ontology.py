"""The ontology folder: every sg: term we write is defined, the alignments say what the docs
promise, the vocabularies parse, and the JSON-LD context is a valid context."""

from __future__ import annotations

import json
import re

import pytest
from pyld import jsonld
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Namespace, URIRef

from scholargraph.pipeline import VOCABULARY_FILES
from scholargraph.rdf.vocab import METRIC_PROPERTIES, PREFIXES, SG

from .conftest import ONTOLOGY, REPO, BuiltStore

SRC = REPO / "src" / "scholargraph"
SCHEMA = Namespace("http://schema.org/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VIVO = Namespace("http://vivoweb.org/ontology/core#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
ORG = Namespace("http://www.w3.org/ns/org#")
SGNS = Namespace(str(SG))


@pytest.fixture(scope="module")
def sg_graph() -> Graph:
    return Graph().parse(ONTOLOGY / "sg.ttl", format="turtle")


def defined(graph: Graph, iri: str) -> bool:
    node = URIRef(iri)
    return (node, RDF.type, None) in graph and (node, RDFS.label, None) in graph


def sg_terms_in_source() -> set[str]:
    """Every ``SG.name`` / ``SG["name"]`` the code writes, and the metric properties."""
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names.update(re.findall(r"\bSG\.([A-Za-z_][A-Za-z0-9_]*)", text))
        names.update(re.findall(r'\bSG\["([A-Za-z_][A-Za-z0-9_]*)"\]', text))
    return {str(SG) + n for n in names} | set(METRIC_PROPERTIES.values())


def test_every_sg_term_the_code_writes_is_defined(sg_graph: Graph) -> None:
    missing = sorted(t for t in sg_terms_in_source() if not defined(sg_graph, t))
    assert not missing, f"sg: terms used in src/ but not defined in ontology/sg.ttl: {missing}"


def test_every_sg_term_is_documented(sg_graph: Graph) -> None:
    terms = {s for s in sg_graph.subjects() if isinstance(s, URIRef) and s.startswith(str(SG))}
    assert len(terms) > 40
    for term in terms:
        assert (term, RDFS.label, None) in sg_graph, term
        assert (term, RDFS.comment, None) in sg_graph, term


@pytest.mark.parametrize("name", ["seeds_built", "examples_built", "corpus_built"])
def test_every_sg_term_in_the_store_is_defined(
    name: str, request: pytest.FixtureRequest, sg_graph: Graph
) -> None:
    built: BuiltStore = request.getfixturevalue(name)
    rows = built.store.select(
        """SELECT DISTINCT ?term WHERE {
             { ?s ?term ?o } UNION { ?s a ?term } UNION { ?s ?p ?term FILTER isIRI(?term) }
             FILTER STRSTARTS(STR(?term), "https://w3id.org/scholargraph/ns#")
           }"""
    ).rows
    used = {str(r["term"]) for r in rows}
    assert SG.authorshipOf in used and SG.SourceGraph in used
    assert sorted(t for t in used if not defined(sg_graph, t)) == []


@pytest.mark.parametrize("name", [*VOCABULARY_FILES, "shapes.ttl"])
def test_ontology_files_parse(name: str) -> None:
    graph = Graph().parse(ONTOLOGY / name, format="turtle", publicID="https://graph.test/")
    assert len(graph) > 0


def test_alignments_state_the_documented_axioms() -> None:
    graph = Graph().parse(ONTOLOGY / "alignments.ttl", format="turtle")
    expected = [
        (SCHEMA.Person, OWL.equivalentClass, FOAF.Person),
        (SCHEMA.Organization, OWL.equivalentClass, FOAF.Organization),
        (SGNS.Position, RDFS.subClassOf, VIVO.Position),
        (BIBO.AcademicArticle, RDFS.subClassOf, SCHEMA.ScholarlyArticle),
        (SCHEMA.ScholarlyArticle, RDFS.subClassOf, BIBO.Document),
        (SCHEMA.OrganizationRole, SKOS.closeMatch, VIVO.MemberRole),
        (ORG.Membership, SKOS.closeMatch, VIVO.MemberRole),
        (SCHEMA.abstract, OWL.equivalentProperty, URIRef("http://purl.org/dc/terms/abstract")),
        (VIVO.hasResearchArea, RDFS.subPropertyOf, SCHEMA.knowsAbout),
    ]
    for triple in expected:
        assert triple in graph, triple


def test_alignments_are_in_the_vocabulary_graph(examples_built: BuiltStore) -> None:
    assert examples_built.store.ask(
        "ASK { GRAPH ?g { <http://schema.org/Person> "
        "<http://www.w3.org/2002/07/owl#equivalentClass> <http://xmlns.com/foaf/0.1/Person> } }"
    )


def test_topic_vocabulary_is_bilingual_skos() -> None:
    graph = Graph().parse(ONTOLOGY / "topics.ttl", format="turtle", publicID="https://graph.test/")
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 10
    for concept in concepts:
        languages = {label.language for label in graph.objects(concept, SKOS.prefLabel)}  # type: ignore[attr-defined]
        assert {"en", "fr"} <= languages, concept


def context_document() -> dict[str, object]:
    data = json.loads((ONTOLOGY / "context.jsonld").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_context_prefixes_match_the_vocabulary_module() -> None:
    context = context_document()["@context"]
    assert isinstance(context, dict)
    for prefix, namespace in PREFIXES.items():
        assert context[prefix] == namespace, prefix


def test_every_context_term_expands_to_a_known_vocabulary() -> None:
    context = context_document()["@context"]
    assert isinstance(context, dict)
    namespaces = tuple(PREFIXES.values())
    terms = [k for k in context if not k.startswith("@") and k not in PREFIXES]
    assert {"name", "alternateName", "knowsAbout", "publications", "authors"} <= set(terms)
    for term in terms:
        definition = context[term]
        if definition in ("@id", "@type", "@graph"):
            continue  # keyword aliases
        container = definition.get("@container") if isinstance(definition, dict) else None
        value: object = {"en": "v"} if container == "@language" else "https://graph.test/v"
        if term[0].isupper():  # a class: use it as a type
            node = jsonld.expand({"@context": context, "@id": "https://graph.test/x", "type": term})
            assert node[0]["@type"][0].startswith(namespaces), term
            continue
        node = jsonld.expand({"@context": context, "@id": "https://graph.test/x", term: value})
        assert node, term
        properties = node[0].get("@reverse", node[0])
        keys = [k for k in properties if not k.startswith("@")]
        assert len(keys) == 1 and keys[0].startswith(namespaces), (term, keys)


def test_context_file_is_the_one_the_export_loads() -> None:
    from scholargraph.export_jsonld import CONTEXT_FILE, load_context

    assert load_context(ONTOLOGY) == context_document()
    assert (ONTOLOGY / CONTEXT_FILE).is_file()


def test_shapes_cover_every_kind_of_node() -> None:
    graph = Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")
    sh = Namespace("http://www.w3.org/ns/shacl#")
    targets = set(graph.objects(None, sh.targetClass))
    for cls in (
        SCHEMA.Person,
        SCHEMA.ScholarlyArticle,
        VIVO.Authorship,
        SCHEMA.Organization,
        SCHEMA.OrganizationRole,
        SGNS.Position,
        SKOS.Concept,
        SCHEMA.Observation,
        SGNS.SourceGraph,
        SGNS.Merge,
        SGNS.IngestRun,
    ):
        assert cls in targets, cls
