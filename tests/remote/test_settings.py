"""Choosing the store from settings, remote settings, and bound values written as SPARQL."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from scholargraph.config import load_settings
from scholargraph.errors import QueryError
from scholargraph.rdf.terms import BNode, Lit
from scholargraph.remote_store import RemoteStore
from scholargraph.sparql_text import substitute, term_text
from scholargraph.store import OxigraphStore, from_ox, to_ox
from scholargraph.store_api import display_store, is_remote, open_store


def test_a_url_means_a_remote_store_and_a_folder_the_embedded_one(tmp_path: Path) -> None:
    config = tmp_path / "sg.toml"
    config.write_text(
        '[scholargraph]\nstore = "https://kg.example.org/sparql"\n'
        "[scholargraph.remote]\n"
        'update_endpoint = "/update"\ngraph_store_endpoint = "https://kg.example.org/gsp"\n'
        'username = "ada"\nauth = "digest"\n',
        encoding="utf-8",
    )
    settings = load_settings(config, env={"SCHOLARGRAPH_REMOTE_PASSWORD": "s3cret"})
    assert is_remote(settings.store)
    assert settings.remote.password == "s3cret"
    assert "s3cret" not in repr(settings)
    store = open_store(settings, read_only=True)
    assert isinstance(store, RemoteStore)
    assert store.query_endpoint == "https://kg.example.org/sparql"
    assert store.update_endpoint == "https://kg.example.org/update"
    assert store.graph_store_endpoint == "https://kg.example.org/gsp"
    assert store.graph_namespace == settings.base + "/graph/"
    store.close()

    local = load_settings(None, env={"SCHOLARGRAPH_STORE": str(tmp_path / "store")})
    embedded = open_store(local)
    assert isinstance(embedded, OxigraphStore)
    embedded.close()


def test_printed_store_urls_carry_no_credentials() -> None:
    assert display_store("https://ada:pw@kg.example.org/sparql?x=1") == (
        "https://kg.example.org/sparql"
    )
    assert display_store("/srv/store") == "/srv/store"


def test_written_values_give_what_substitutions_give() -> None:
    store = OxigraphStore()
    store.update(
        'INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/name> "Ada \\"Q\\""@en .'
        ' <http://ex/b> <http://ex/name> "Bo" } }'
    )
    query = (
        "SELECT ?name ?who WHERE { GRAPH ?g { ?who <http://ex/name> ?name } "
        'FILTER(STR(?name) != "x") }'
    )
    for value in (Lit('Ada "Q"', None, "en"), Lit("Bo")):
        substituted = store._run(query, {ox.Variable("name"): to_ox(value)})
        expected = [{"name": from_ox(s["name"]), "who": from_ox(s["who"])} for s in substituted]
        written = store.select(substitute(query, {"name": value})).rows
        assert written == expected and len(written) == 1


def test_terms_are_escaped_or_refused() -> None:
    assert term_text(Lit('a"b\\c\nd')) == '"a\\"b\\\\c\\nd"'
    assert term_text(Lit("1", "http://www.w3.org/2001/XMLSchema#integer")).endswith("#integer>")
    for bad in ("http://ex/a b", "http://ex/>{", ""):
        with pytest.raises(QueryError):
            term_text(bad)
    with pytest.raises(QueryError):
        term_text(BNode("b0"))
    with pytest.raises(QueryError):
        term_text(Lit("x", None, "en} ; DROP ALL ; {"))


def test_values_are_written_in_a_construct_template_and_pattern() -> None:
    text = substitute("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": "http://ex/a"})
    assert text == "CONSTRUCT { <http://ex/a> ?p ?o } WHERE { <http://ex/a> ?p ?o }"
