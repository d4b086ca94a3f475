"""The entity JSON-LD writer (:mod:`scholargraph.rdf.compact_jsonld`): whatever the triples,
pyld (the JSON-LD reference processor) reads back exactly those triples (doubles as the same
number)."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pyld import jsonld

from scholargraph.rdf.compact_jsonld import Unrepresentable, compact_jsonld
from scholargraph.rdf.vocab import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
NAMESPACES = [*PREFIXES.values(), "https://kg.example.test/id/person/", "urn:example:"]

local_names = st.text("abcdefghijklmnopqrstuvwxyz0123456789-_.~/:", min_size=0, max_size=12)
iris = st.builds(lambda ns, name: ox.NamedNode(ns + name), st.sampled_from(NAMESPACES), local_names)
blank_nodes = st.integers(0, 3).map(lambda n: ox.BlankNode(f"b{n}"))
texts = st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=20)
lexical = st.one_of(
    texts,
    st.integers(-(10**18), 10**18).map(str),
    st.sampled_from(["007", "+3", "-0", "0", "true", "false", "1", "1.5E0", " 2"]),
)
literals = st.one_of(
    texts.map(ox.Literal),
    st.builds(
        lambda v, lang: ox.Literal(v, language=lang), texts, st.sampled_from(["en", "fr", "de-ch"])
    ),
    st.builds(
        lambda v, dt: ox.Literal(v, datatype=ox.NamedNode(XSD + dt)),
        lexical,
        st.sampled_from(["integer", "boolean", "date", "double", "string", "gYear"]),
    ),
)
triples = st.builds(
    ox.Triple,
    st.one_of(iris, blank_nodes),
    st.one_of(iris, st.just(ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"))),
    st.one_of(iris, blank_nodes, literals),
)


def canonical(quads: list[ox.Quad]) -> set[ox.Quad]:
    """The quads with blank nodes labelled canonically (RDFC-1.0), so graphs can be compared,
    and each ``xsd:double`` as its value: pyld writes doubles in canonical form (0 -> 0.0E0),
    and with 16 significant digits (``%1.15E``) even where the document states the lexical form
    as a string ("10000000000000002" is read back as 1.0E16), so both sides are compared at
    that precision."""
    dataset = ox.Dataset([ox.Quad(q.subject, q.predicate, _double(q.object)) for q in quads])
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def _double(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> object:
    if isinstance(term, ox.Literal) and term.datatype.value == XSD + "double":
        try:
            return ox.Literal(repr(float(f"{float(term.value):1.15E}")), datatype=term.datatype)
        except ValueError:
            return term
    return term


def read_back(document: dict[str, object]) -> set[ox.Quad]:
    """What pyld reads from the document's JSON text."""
    text = jsonld.to_rdf(json.loads(json.dumps(document)), {"format": "application/n-quads"})
    return canonical(list(ox.parse(text, format=ox.RdfFormat.N_QUADS)))


def written(given: list[ox.Triple]) -> set[ox.Quad]:
    return canonical([ox.Quad(t.subject, t.predicate, t.object) for t in given])


@settings(max_examples=150, deadline=None)
@given(st.lists(triples, max_size=25))
@example(  # more digits than pyld keeps (found by hypothesis)
    [
        ox.Triple(
            ox.NamedNode("http://ex/a"),
            ox.NamedNode("http://ex/p"),
            ox.Literal("10000000000000002", datatype=ox.NamedNode(XSD + "double")),
        )
    ]
)
def test_pyld_reads_back_exactly_the_triples_written(given_triples: list[ox.Triple]) -> None:
    document = compact_jsonld(given_triples, PREFIXES)
    assert read_back(document) == written(given_triples)


def test_compact_keys_single_values_and_native_numbers() -> None:
    person = ox.NamedNode("https://kg.example.test/id/person/ada")
    paper = ox.NamedNode("https://kg.example.test/id/publication/tidal")
    schema = "http://schema.org/"
    given_triples = [
        ox.Triple(paper, ox.NamedNode(schema + "author"), person),
        ox.Triple(person, ox.NamedNode(schema + "name"), ox.Literal("Ada Quill")),
        ox.Triple(person, ox.NamedNode(schema + "name"), ox.Literal("Ada", language="en")),
        ox.Triple(
            person,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode(schema + "Person"),
        ),
        ox.Triple(
            paper,
            ox.NamedNode("http://vivoweb.org/ontology/core#rank"),
            ox.Literal("2", datatype=ox.NamedNode(XSD + "integer")),
        ),
    ]
    document = compact_jsonld(given_triples, PREFIXES, first=person.value)
    assert document["@context"] == dict(sorted(PREFIXES.items()))
    first, second = document["@graph"]  # type: ignore[misc]
    assert first["@id"] == person.value and first["@type"] == "schema:Person"
    assert first["schema:name"] == [{"@language": "en", "@value": "Ada"}, "Ada Quill"]
    assert second["schema:author"] == {"@id": person.value}
    assert second["vivo:rank"] == 2
    assert read_back(document) == written(given_triples)


def test_an_iri_a_reader_would_take_for_a_compact_one_is_refused() -> None:
    odd = ox.NamedNode("schema:not-a-web-iri")
    triple = ox.Triple(odd, ox.NamedNode("http://schema.org/name"), ox.Literal("x"))
    with pytest.raises(Unrepresentable):
        compact_jsonld([triple], PREFIXES)


def test_a_rest_that_reads_as_a_network_path_stays_in_full() -> None:
    odd = ox.NamedNode("http://schema.org///weird")
    person = ox.NamedNode("https://kg.example.test/id/person/ada")
    triple = ox.Triple(person, odd, ox.Literal("x"))
    document = compact_jsonld([triple], PREFIXES)
    (node,) = document["@graph"]  # type: ignore[misc]
    assert "http://schema.org///weird" in node
    assert read_back(document) == written([triple])


def test_the_entity_writer_falls_back_to_expanded_json_ld() -> None:
    from scholargraph.web.linked_data import entity_jsonld

    ntriples = b'<schema:odd> <http://schema.org/name> "x" .\n'
    document = json.loads(entity_jsonld(ntriples, "schema:odd"))
    assert isinstance(document, list)  # expanded: full IRIs, no context
    assert read_back({"@graph": document}) == written(
        [
            ox.Triple(
                ox.NamedNode("schema:odd"), ox.NamedNode("http://schema.org/name"), ox.Literal("x")
            )
        ]
    )
