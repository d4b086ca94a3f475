"""JSON-LD: the compact export reads back to the same graph; the framed person document uses
the published context, short keys, and lists authors in order as a JSON-LD list."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pyld import jsonld
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from scholargraph.cli import main
from scholargraph.errors import NotFound
from scholargraph.export_jsonld import load_context, person_document, write_export

from .conftest import BASE, ONTOLOGY, BuiltStore

SCHEMA = Namespace("http://schema.org/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
MARCHAND = f"{BASE}/id/person/elodie-marchand"


def store_graph(built: BuiltStore) -> Graph:
    """The union of the store's graphs (records left out) as an rdflib graph."""
    buffer = io.BytesIO()
    built.store.dump(buffer, "ntriples", exclude_graphs=list(built.iris.internal_graphs))
    return Graph().parse(data=buffer.getvalue().decode("utf-8"), format="nt")


def export(built: BuiltStore, *args: str) -> str:
    result = CliRunner().invoke(
        main, ["--base-iri", BASE, "export", "--store", str(built.path), *args]
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    return load_context(ONTOLOGY)


# ----------------------------------------------------------------------------- full export


@pytest.mark.parametrize("name", ["examples_built", "seeds_built"])
def test_compact_export_reads_back_to_the_same_graph(
    name: str, request: pytest.FixtureRequest, context: dict[str, Any]
) -> None:
    built: BuiltStore = request.getfixturevalue(name)
    text = export(built, "--format", "jsonld")
    document = json.loads(text)
    assert document["@context"] == context["@context"]  # compact, with our context embedded
    back = Graph().parse(data=text, format="json-ld")
    assert isomorphic(back, store_graph(built))


def test_compact_export_uses_the_short_terms(examples_built: BuiltStore) -> None:
    document = json.loads(export(examples_built, "--format", "jsonld"))
    nodes = {node["id"]: node for node in document["graph"]}
    person = nodes[MARCHAND]
    assert person["name"] == "Élodie Marchand"
    assert "Person" in person["type"]
    assert person["jobTitle"]["fr"] == "Professeure agrégée"
    assert all(k in ("id", "type") or ":" not in k for k in person), person.keys()


def test_large_stores_stream_expanded_json_ld(examples_built: BuiltStore) -> None:
    buffer = io.BytesIO()
    form = write_export(
        examples_built.store,
        buffer,
        context=load_context(ONTOLOGY),
        exclude_graphs=list(examples_built.iris.internal_graphs),
        max_triples=0,
    )
    assert form == "expanded"
    back = Graph().parse(data=buffer.getvalue().decode("utf-8"), format="json-ld")
    assert isomorphic(back, store_graph(examples_built))


# ----------------------------------------------------------------------------- framed document


@pytest.fixture(scope="module")
def marchand(examples_built: BuiltStore, context: dict[str, Any]) -> dict[str, Any]:
    return person_document(examples_built.store, MARCHAND, context=context)


def keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                continue
            yield key
            if key not in ("description", "jobTitle", "roleName", "prefLabel"):  # language maps
                yield from keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from keys(item)


def test_person_document_uses_only_terms_of_the_context(
    marchand: dict[str, Any], context: dict[str, Any]
) -> None:
    used = set(keys(marchand))
    assert {"id", "type", "name", "knowsAbout", "publications", "authors", "datePublished"} <= used
    assert used <= set(context["@context"]), used - set(context["@context"])


def test_person_document_reads_naturally(marchand: dict[str, Any]) -> None:
    assert marchand["id"] == MARCHAND
    assert marchand["name"] == "Élodie Marchand"
    assert marchand["memberOf"][0]["roleName"] == {
        "en": "Core Academic Member",
        "fr": "Membre académique principal",
    }
    topics = {t["prefLabel"]["en"]: t["prefLabel"]["fr"] for t in marchand["knowsAbout"]}
    assert topics["Continual Learning"] == "Apprentissage continu"
    metrics = {o["measuredProperty"]: o["value"] for o in marchand["observations"]}
    assert metrics["sg:hIndex"] == 14
    dates = [p.get("datePublished", "") for p in marchand["publications"]]
    dated = [d for d in dates if d and not d.startswith("--")]
    assert dated == sorted(dated, reverse=True)  # newest first


def test_person_document_lists_every_publication(
    marchand: dict[str, Any], examples_built: BuiltStore
) -> None:
    rows = examples_built.store.select(
        "SELECT DISTINCT ?person ?paper WHERE { ?paper <http://schema.org/author> ?person }",
        {"person": MARCHAND},
    ).rows
    assert {p["id"] for p in marchand["publications"]} == {str(r["paper"]) for r in rows}


def test_authors_are_ordered_by_rank_then_listed_index(marchand: dict[str, Any]) -> None:
    papers = {p["name"]: p for p in marchand["publications"]}
    tidal = papers["Tidal Memory: Replay Buffers that Forget Gracefully"]
    names = [a["name"] for a in tidal["authors"]]
    # ranks 1-3 from the aggregator page, then the co-author only the profile lists
    assert names[:3] == ["Élodie Marchand", "Tomasz Wiśniewski", "Jörg Lindqvist"]
    assert names[3:] == ["Priya R. Natarajan"]
    assert tidal["authorListComplete"] is False
    probes = papers["Causal Probes for Curriculum Design"]
    assert [a["name"] for a in probes["authors"]] == [
        "Priya R. Natarajan",
        "Bo Chen",
        "Élodie Marchand",
    ]


def test_authors_are_an_ordered_json_ld_list(marchand: dict[str, Any]) -> None:
    nquads = jsonld.to_rdf(marchand, {"format": "application/n-quads"})
    graph = Graph().parse(data=nquads, format="nquads")
    for publication in marchand["publications"]:
        head = graph.value(URIRef(publication["id"]), BIBO.authorList)
        assert head is not None
        in_rdf = [str(node) for node in Collection(graph, head)]
        assert in_rdf == [a["id"] for a in publication["authors"]]
        assert (URIRef(publication["id"]), SCHEMA.author, URIRef(MARCHAND)) in graph
    assert (URIRef(MARCHAND), RDF.type, SCHEMA.Person) in graph


def test_retired_iri_gives_the_survivor(examples_built: BuiltStore) -> None:
    rows = examples_built.store.select(
        "SELECT ?old ?new WHERE { ?old <http://www.w3.org/2002/07/owl#sameAs> ?new } ORDER BY ?old"
    ).rows
    assert rows, "the example pages merge spellings, so some IRIs are retired"
    old, new = str(rows[0]["old"]), str(rows[0]["new"])
    document = person_document(examples_built.store, old, context="https://example.org/ctx")
    assert document["id"] == new
    assert document["@context"] == "https://example.org/ctx"


def test_unknown_person_is_not_found(examples_built: BuiltStore) -> None:
    with pytest.raises(NotFound):
        person_document(examples_built.store, f"{BASE}/id/person/nobody", context="x")
    result = CliRunner().invoke(
        main,
        [
            *("--base-iri", BASE, "export", "--store", str(examples_built.path)),
            *("--person", f"{BASE}/id/person/nobody"),
        ],
    )
    assert result.exit_code == 5
    assert "no person with this IRI" in result.stderr


def test_person_export_command(examples_built: BuiltStore, tmp_path: Path) -> None:
    target = tmp_path / "marchand.jsonld"
    export(examples_built, "--person", MARCHAND, "-o", str(target))
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["name"] == "Élodie Marchand"
    assert jsonld.expand(document)[0]["@id"] == MARCHAND


def test_person_document_of_a_seed_profile(seeds_built: BuiltStore) -> None:
    person = f"{BASE}/id/person/razvan-pascanu"
    document = person_document(seeds_built.store, person, context="x")
    assert document["name"] == "Razvan Pascanu"
    assert len(document["publications"]) > 30
    assert {"en", "fr"} <= set(document["knowsAbout"][0]["prefLabel"])
    ranked = seeds_built.store.select(
        """SELECT ?person ?paper ?author ?rank WHERE {
             ?a <https://w3id.org/scholargraph/ns#authorshipOf> ?paper ;
                <https://w3id.org/scholargraph/ns#author> ?author ;
                <http://vivoweb.org/ontology/core#rank> ?rank .
             ?paper <http://schema.org/author> ?person }""",
        {"person": person},
    ).rows
    assert ranked
    order = {p["id"]: [a["id"] for a in p["authors"]] for p in document["publications"]}
    for row in ranked:
        rank = int(row["rank"].value)  # type: ignore[union-attr]
        assert order[str(row["paper"])][rank - 1] == str(row["author"])
