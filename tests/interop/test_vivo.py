"""The VIVO-ISF export: only terms the VIVO ontology defines, complete for the seeds, ranks as
xsd:int, dates with VIVO precisions, in every format it offers."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from scholargraph.cli import main
from scholargraph.export_vivo import VIVO_FORMATS, VIVO_QUERIES, write_vivo
from scholargraph.queries import load_query
from scholargraph.rdf.terms import Lit, Term
from scholargraph.store import from_ox

from .conftest import BASE, BuiltStore

HERE = Path(__file__).resolve().parent
VIVO = Namespace("http://vivoweb.org/ontology/core#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
OBO = Namespace("http://purl.obolibrary.org/obo/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
RDF_LANG_STRING = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
RDFXML = "rdfxml"


def vivo_terms() -> set[str]:
    lines = (HERE / "vivo_terms.txt").read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def vivo_graph(built: BuiltStore, rdf_format: str = "turtle") -> Graph:
    buffer = io.BytesIO()
    write_vivo(built.store, buffer, rdf_format)
    parse_as = {"turtle": "turtle", "ntriples": "nt", RDFXML: "xml"}[rdf_format]
    return Graph().parse(data=buffer.getvalue().decode("utf-8"), format=parse_as)


@pytest.fixture(scope="module")
def seeds_vivo(seeds_built: BuiltStore) -> Graph:
    return vivo_graph(seeds_built)


@pytest.fixture(scope="module")
def examples_vivo(examples_built: BuiltStore) -> Graph:
    return vivo_graph(examples_built)


def test_term_list_is_well_formed() -> None:
    terms = vivo_terms()
    assert len(terms) > 100
    assert all(t.startswith("http") and " " not in t for t in terms)
    assert str(VIVO.Authorship) in terms and str(OBO.RO_0000053) in terms


@pytest.mark.parametrize("name", ["seeds_built", "examples_built", "corpus_built"])
def test_export_uses_only_vivo_terms(name: str, request: pytest.FixtureRequest) -> None:
    built: BuiltStore = request.getfixturevalue(name)
    graph = vivo_graph(built)
    terms = vivo_terms()
    predicates = {str(p) for p in graph.predicates()}
    types = {str(o) for o in graph.objects(None, RDF.type)}
    datatypes = {
        str(o.datatype or (RDF_LANG_STRING if o.language else XSD.string))
        for o in graph.objects()
        if isinstance(o, Literal)
    }
    assert sorted(predicates - terms) == []
    assert sorted(types - terms) == []
    assert sorted(datatypes - terms - {str(RDF_LANG_STRING)}) == []
    individuals = {str(o) for o in graph.objects(None, VIVO.dateTimePrecision)}
    assert individuals <= terms


def store_column(built: BuiltStore, query: str) -> set[str]:
    return {str(row["x"]) for row in built.store.select(query).rows}


def test_every_person_is_exported(seeds_built: BuiltStore, seeds_vivo: Graph) -> None:
    people = store_column(
        seeds_built, "SELECT DISTINCT ?x WHERE { ?x a <http://schema.org/Person> }"
    )
    exported = {str(s) for s in seeds_vivo.subjects(RDF.type, FOAF.Person)}
    assert len(people) > 100
    assert exported == people
    for person in exported:
        assert len(list(seeds_vivo.objects(URIRef(person), RDFS.label))) == 1, person


def test_every_publication_is_exported(seeds_built: BuiltStore, seeds_vivo: Graph) -> None:
    papers = store_column(
        seeds_built, "SELECT DISTINCT ?x WHERE { ?x a <http://schema.org/ScholarlyArticle> }"
    )
    exported = {str(s) for s in seeds_vivo.subjects(RDF.type, BIBO.AcademicArticle)}
    assert len(papers) > 50
    assert exported == papers
    for paper in exported:
        assert len(list(seeds_vivo.objects(URIRef(paper), RDFS.label))) == 1, paper


def test_every_authorship_is_exported_with_its_rank(
    seeds_built: BuiltStore, seeds_vivo: Graph
) -> None:
    rows = seeds_built.store.select(
        """SELECT DISTINCT ?a ?paper ?person ?rank WHERE {
             ?a a <http://vivoweb.org/ontology/core#Authorship> ;
                <https://w3id.org/scholargraph/ns#authorshipOf> ?paper ;
                <https://w3id.org/scholargraph/ns#author> ?person .
             OPTIONAL { ?a <http://vivoweb.org/ontology/core#rank> ?rank } }"""
    ).rows
    assert len(rows) > 300
    exported = set(seeds_vivo.subjects(RDF.type, VIVO.Authorship))
    assert {URIRef(str(r["a"])) for r in rows} == exported
    ranked = 0
    for row in rows:
        node = URIRef(str(row["a"]))
        assert set(seeds_vivo.objects(node, VIVO.relates)) == {
            URIRef(str(row["paper"])),
            URIRef(str(row["person"])),
        }
        assert (URIRef(str(row["person"])), VIVO.relatedBy, node) in seeds_vivo
        assert (URIRef(str(row["paper"])), VIVO.relatedBy, node) in seeds_vivo
        ranks = list(seeds_vivo.objects(node, VIVO.rank))
        if "rank" in row:
            ranked += 1
            assert ranks == [Literal(row["rank"].value, datatype=XSD.int)]  # type: ignore[union-attr]
        else:
            assert ranks == []
    assert ranked > 100


def test_research_areas_are_labelled_concepts(seeds_built: BuiltStore, seeds_vivo: Graph) -> None:
    person = URIRef(f"{BASE}/id/person/razvan-pascanu")
    areas = set(seeds_vivo.objects(person, VIVO.hasResearchArea))
    assert len(areas) >= 10
    for area in areas:
        assert (area, RDF.type, SKOS.Concept) in seeds_vivo
        assert (area, VIVO.researchAreaOf, person) in seeds_vivo
        languages = {label.language for label in seeds_vivo.objects(area, RDFS.label)}  # type: ignore[attr-defined]
        assert {"en", "fr"} <= languages


def test_memberships_follow_the_vivo_role_pattern(examples_vivo: Graph) -> None:
    person = URIRef(f"{BASE}/id/person/elodie-marchand")
    roles = list(examples_vivo.objects(person, OBO.RO_0000053))
    assert len(roles) == 1
    role = roles[0]
    assert (role, RDF.type, VIVO.MemberRole) in examples_vivo
    assert (role, OBO.RO_0000052, person) in examples_vivo
    organization = examples_vivo.value(role, VIVO.roleContributesTo)
    assert (organization, VIVO.contributingRole, role) in examples_vivo
    assert (organization, RDF.type, FOAF.Organization) in examples_vivo
    assert Literal("Core Academic Member", lang="en") in set(
        examples_vivo.objects(role, RDFS.label)
    )


def test_positions_relate_person_and_organization(examples_vivo: Graph) -> None:
    person = URIRef(f"{BASE}/id/person/elodie-marchand")
    positions = [
        p
        for p in examples_vivo.objects(person, VIVO.relatedBy)
        if (p, RDF.type, VIVO.Position) in examples_vivo
    ]
    assert len(positions) == 1
    related = set(examples_vivo.objects(positions[0], VIVO.relates))
    assert person in related
    assert any((r, RDF.type, FOAF.Organization) in examples_vivo for r in related)
    assert Literal("Associate Professor", lang="en") in set(
        examples_vivo.objects(positions[0], RDFS.label)
    )


def test_dates_carry_vivo_precisions(examples_built: BuiltStore, examples_vivo: Graph) -> None:
    rows = examples_built.store.select(
        "SELECT DISTINCT ?paper ?date WHERE { ?paper <http://schema.org/datePublished> ?date }"
    ).rows
    expected = {
        str(XSD.date): (VIVO.yearMonthDayPrecision, ""),
        str(XSD.gYearMonth): (VIVO.yearMonthPrecision, "-01"),
        str(XSD.gYear): (VIVO.yearPrecision, "-01-01"),
    }
    kinds = set()
    for row in rows:
        paper, date = URIRef(str(row["paper"])), row["date"]
        value = examples_vivo.value(paper, VIVO.dateTimeValue)
        datatype = date.datatype  # type: ignore[union-attr]
        kinds.add(datatype)
        if datatype == str(XSD.gMonthDay):
            assert value is None  # no year: VIVO has no precision for it
            continue
        precision, suffix = expected[datatype]
        assert (value, RDF.type, VIVO.DateTimeValue) in examples_vivo
        assert examples_vivo.value(value, VIVO.dateTimePrecision) == precision
        assert examples_vivo.value(value, VIVO.dateTime) == Literal(
            f"{date.value}{suffix}T00:00:00",
            datatype=XSD.dateTime,  # type: ignore[union-attr]
        )
    assert {str(XSD.date), str(XSD.gYearMonth), str(XSD.gMonthDay)} <= kinds


@pytest.mark.parametrize("rdf_format", VIVO_FORMATS)
def test_every_format_gives_the_same_graph(
    rdf_format: str, examples_built: BuiltStore, examples_vivo: Graph
) -> None:
    assert isomorphic(vivo_graph(examples_built, rdf_format), examples_vivo)


def test_vivo_export_command(examples_built: BuiltStore, tmp_path: Path) -> None:
    target = tmp_path / "vivo.ttl"
    result = CliRunner().invoke(
        main,
        [
            *("--base-iri", BASE, "export", "--store", str(examples_built.path)),
            *("--profile", "vivo", "-o", str(target)),
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["vivo.ttl"]  # its scratch store is gone
    graph = Graph().parse(target, format="turtle")
    assert (URIRef(f"{BASE}/id/person/elodie-marchand"), RDF.type, FOAF.Person) in graph
    refused = CliRunner().invoke(
        main,
        ["export", "--store", str(examples_built.path), "--profile", "vivo", "--format", "nquads"],
    )
    assert refused.exit_code == 2
    assert "--profile vivo writes turtle, ntriples, rdfxml" in refused.stderr


@pytest.mark.parametrize("name", ["seeds_built", "examples_built"])
def test_the_streamed_export_writes_each_query_triple_once(
    name: str, request: pytest.FixtureRequest
) -> None:
    """The straightforward way: every query's triples in a set, ranks retyped. The export
    (a scratch store on disk) must write exactly that set, each triple once, and the same
    bytes every time."""
    built: BuiltStore = request.getfixturevalue(name)
    expected: set[tuple[Term, str, Term]] = set()
    for query in VIVO_QUERIES:
        for s, p, o in built.store.construct(load_query(query)):
            if p == str(VIVO.rank) and isinstance(o, Lit):
                o = Lit(o.value, str(XSD.int), None)
            expected.add((s, p, o))
    first, second = io.BytesIO(), io.BytesIO()
    count = write_vivo(built.store, first, "ntriples")
    write_vivo(built.store, second, "ntriples")
    lines = first.getvalue().decode("utf-8").splitlines()
    assert count == len(lines) == len(set(lines)) == len(expected)
    written = {(from_ox(t.subject), t.predicate.value, from_ox(t.object)) for t in
               ox.parse(first.getvalue(), format=ox.RdfFormat.N_TRIPLES)}  # fmt: skip
    assert written == expected
    assert first.getvalue() == second.getvalue()
