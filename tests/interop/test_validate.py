"""SHACL validation: the graphs we build conform; broken graphs are rejected, each for the
specific reason; ``scholargraph validate`` reports and exits accordingly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from scholargraph.cli import main
from scholargraph.store import OxigraphStore
from scholargraph.validate import (
    ValidationReport,
    ValidationResult,
    format_text,
    validate_graph,
    validate_store,
)

from .conftest import BASE, BuiltStore, copy_store

SCHEMA = Namespace("http://schema.org/")
VIVO = Namespace("http://vivoweb.org/ontology/core#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SG = Namespace("https://w3id.org/scholargraph/ns#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


def results(report: ValidationReport, message: str) -> list[ValidationResult]:
    return [r for r in report.violations if message in r.message]


def copy_of(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


# ----------------------------------------------------------------------------- our graphs conform


@pytest.mark.parametrize("name", ["seeds_built", "examples_built", "corpus_built"])
def test_built_graphs_conform(name: str, request: pytest.FixtureRequest) -> None:
    built: BuiltStore = request.getfixturevalue(name)
    report = validate_store(built.store, built.settings)
    assert report.conforms, format_text(report)
    assert report.violations == ()
    assert report.triples > 1000


def test_examples_conform_without_warnings(examples_union: Graph, shapes: Graph) -> None:
    report = validate_graph(examples_union, shapes)
    assert report.conforms
    assert report.counts() == {"Violation": 0, "Warning": 0, "Info": 0}


# ----------------------------------------------------------------------------- broken graphs


def ranked_authorships(graph: Graph) -> tuple[URIRef, dict[int, URIRef]]:
    """A paper with authors ranked 1, 2, 3 and its authorships by rank."""
    by_paper: dict[URIRef, dict[int, URIRef]] = {}
    for authorship, rank in graph.subject_objects(VIVO.rank):
        paper = graph.value(authorship, SG.authorshipOf)
        assert isinstance(paper, URIRef) and isinstance(authorship, URIRef)
        by_paper.setdefault(paper, {})[int(rank)] = authorship
    for paper, ranks in sorted(by_paper.items()):
        if {1, 2, 3} <= set(ranks):
            return paper, ranks
    raise AssertionError("no paper with ranks 1..3 in the example pages")


def test_rank_gap_is_rejected(examples_union: Graph, shapes: Graph) -> None:
    graph = copy_of(examples_union)
    paper, ranks = ranked_authorships(graph)
    graph.remove((ranks[2], VIVO.rank, None))
    found = results(validate_graph(graph, shapes), "author ranks have a gap")
    assert [(r.focus, r.value) for r in found] == [(str(paper), '"3"^^xsd:integer')]


def test_duplicate_rank_is_rejected(examples_union: Graph, shapes: Graph) -> None:
    graph = copy_of(examples_union)
    paper, ranks = ranked_authorships(graph)
    graph.set((ranks[3], VIVO.rank, Literal(2, datatype=XSD.integer)))
    report = validate_graph(graph, shapes)
    found = results(report, "is given to more than one authorship")
    assert [(r.focus, r.value) for r in found] == [(str(paper), '"2"^^xsd:integer')]
    assert not results(report, "gap")


def test_two_display_names_are_rejected(examples_union: Graph, shapes: Graph) -> None:
    graph = copy_of(examples_union)
    person = URIRef(f"{BASE}/id/person/elodie-marchand")
    assert (person, SCHEMA.name, None) in graph
    graph.add((person, SCHEMA.name, Literal("E. Marchand")))
    found = results(validate_graph(graph, shapes), "exactly one display name")
    assert [(r.focus, r.path, r.constraint) for r in found] == [
        (str(person), "schema:name", "MaxCount")
    ]


def test_date_typed_as_string_is_rejected(examples_union: Graph, shapes: Graph) -> None:
    graph = copy_of(examples_union)
    paper, date = next(iter(sorted(graph.subject_objects(SCHEMA.datePublished))))
    graph.set((paper, SCHEMA.datePublished, Literal(str(date), datatype=XSD.string)))
    found = results(validate_graph(graph, shapes), "typed by its precision")
    assert [(r.focus, r.path) for r in found] == [(str(paper), "schema:datePublished")]


def test_observation_without_date_is_rejected(examples_union: Graph, shapes: Graph) -> None:
    graph = copy_of(examples_union)
    observation = sorted(graph.subjects(RDF.type, SCHEMA.Observation))[0]
    graph.remove((observation, SCHEMA.observationDate, None))
    found = results(validate_graph(graph, shapes), "exactly one date")
    assert [(r.focus, r.path, r.constraint) for r in found] == [
        (str(observation), "schema:observationDate", "MinCount")
    ]


def test_source_graph_without_provenance_is_rejected(examples_union: Graph, shapes: Graph) -> None:
    graph = copy_of(examples_union)
    source = sorted(graph.subjects(RDF.type, SG.SourceGraph))[0]
    graph.remove((source, PROV.wasDerivedFrom, None))
    graph.remove((source, PROV.generatedAtTime, None))
    report = validate_graph(graph, shapes)
    paths = sorted(r.path or "" for r in report.violations if r.focus == str(source))
    assert paths == ["prov:generatedAtTime", "prov:wasDerivedFrom"]


def test_source_graph_missing_from_the_metadata_is_rejected(
    examples_union: Graph, shapes: Graph
) -> None:
    graph = copy_of(examples_union)
    source = sorted(graph.subjects(RDF.type, SG.SourceGraph))[0]
    for p, o in list(graph.predicate_objects(source)):  # its description in the metadata graph
        if (p, o) != (RDF.type, SD.Graph):  # but it is still a named graph of the store
            graph.remove((source, p, o))
    found = results(validate_graph(graph, shapes), "no provenance in the metadata graph")
    assert [r.focus for r in found] == [str(source)]


def test_topic_with_two_english_labels_is_rejected(examples_union: Graph, shapes: Graph) -> None:
    graph = copy_of(examples_union)
    topic = URIRef(f"{BASE}/id/topic/continual-learning")
    assert (topic, SKOS.prefLabel, Literal("Continual Learning", lang="en")) in graph
    graph.add((topic, SKOS.prefLabel, Literal("Lifelong Learning", lang="en")))
    found = results(validate_graph(graph, shapes), "at most one preferred label per language")
    assert [(r.focus, r.path, r.constraint) for r in found] == [
        (str(topic), "skos:prefLabel", "UniqueLang")
    ]


def test_vocabulary_topic_without_french_label_is_rejected(
    examples_union: Graph, shapes: Graph
) -> None:
    graph = copy_of(examples_union)
    topic = URIRef(f"{BASE}/id/topic/causality")
    graph.remove((topic, SKOS.prefLabel, Literal("Causalité", lang="fr")))
    found = results(validate_graph(graph, shapes), "labelled in both English and French")
    assert [(r.focus, r.value) for r in found] == [(str(topic), '"fr"')]


def test_authorship_of_an_unlisted_author_is_rejected(examples_union: Graph, shapes: Graph) -> None:
    graph = copy_of(examples_union)
    _, ranks = ranked_authorships(graph)
    person = graph.value(ranks[1], SG.author)
    paper = graph.value(ranks[1], SG.authorshipOf)
    graph.remove((paper, SCHEMA.author, person))
    found = results(validate_graph(graph, shapes), "does not list the authorship's person")
    assert [r.focus for r in found] == [str(ranks[1])]


# ----------------------------------------------------------------------------- the command


def run(*args: str) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of ``scholargraph ARGS``."""
    result = CliRunner().invoke(main, ["--base-iri", BASE, *args])
    return result.exit_code, result.stdout, result.stderr


def test_validate_command_conforming_store(examples_built: BuiltStore) -> None:
    code, output, _ = run("validate", "--store", str(examples_built.path))
    assert code == 0, output
    assert "conforms: 0 violations, 0 warnings" in output


@pytest.fixture(scope="module")
def broken_store(examples_built: BuiltStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = copy_store(examples_built, tmp_path_factory.mktemp("broken") / "store")
    store = OxigraphStore(path)
    store.update("DELETE WHERE { GRAPH ?g { ?o <http://schema.org/observationDate> ?d } }")
    store.close()
    return path


def test_validate_command_reports_violations_and_exits_7(broken_store: Path) -> None:
    code, output, errors = run("validate", "--store", str(broken_store))
    assert code == 7
    assert "does not conform to the shapes: 5 violations" in errors
    assert "does NOT conform" in output
    assert "VIOLATION x5: an observation has exactly one date" in output
    assert "path: schema:observationDate" in output
    assert "shape: sgsh:ObservationShape" in output


def test_validate_command_json_and_turtle(broken_store: Path) -> None:
    code, output, _ = run("validate", "--store", str(broken_store), "--format", "json")
    assert code == 7
    body = json.loads(output)
    assert body["conforms"] is False
    assert body["counts"]["Violation"] == 5
    assert {r["path"] for r in body["results"]} == {"schema:observationDate"}
    code, output, _ = run("validate", "--store", str(broken_store), "--format", "turtle")
    assert code == 7
    report = Graph().parse(data=output, format="turtle")
    sh = Namespace("http://www.w3.org/ns/shacl#")
    assert len(set(report.subjects(RDF.type, sh.ValidationResult))) == 5


def test_validate_command_with_other_shapes(examples_built: BuiltStore, tmp_path: Path) -> None:
    strict = tmp_path / "strict.ttl"
    strict.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix schema: <http://schema.org/> .
        <urn:x:shape> a sh:NodeShape ; sh:targetClass schema:Person ;
            sh:property [ sh:path schema:email ; sh:minCount 1 ; sh:message "no email" ] .""",
        encoding="utf-8",
    )
    code, output, _ = run("validate", "--store", str(examples_built.path), "--shapes", str(strict))
    assert code == 7
    assert "no email" in output
    code, _, errors = run("validate", "--store", str(examples_built.path), "--shapes", "nope.ttl")
    assert code == 5
    assert "shapes file not found" in errors
