"""Search by any spelling of a name or any version of a title, ignoring case and accents."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from scholargraph.config import Settings
from scholargraph.queries import load_query
from scholargraph.rdf.terms import Lit, Quad, lit
from scholargraph.rdf.vocab import SCHEMA, TYPE
from scholargraph.store import OxigraphStore
from scholargraph.web import create_app
from scholargraph.web.search import (
    FOLD_CLASSES,
    MAX_RESULTS,
    SEARCH_ROWS,
    clean_query,
    fold,
    search,
)

from .conftest import Fixture, local


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Ada Quill", "ada"),
        ("ada", "ada"),
        ("QUILL", "ada"),
        ("a. quill", "ada"),  # an alternate spelling
        ("zoé lefèvre", "zoe"),
        ("zoe lefevre", "zoe"),  # accents folded on the query side
        ("ZOE LEFÈVRE", "zoe"),
        ("lindqvist", "bo"),
    ],
)
def test_people_by_any_spelling(
    store: OxigraphStore, fx: Fixture, query: str, expected: str
) -> None:
    results = search(store, query)
    assert [hit.iri for hit in results.people][:1] == [getattr(fx, expected)]


def test_papers_by_title_version(store: OxigraphStore, fx: Fixture) -> None:
    assert [h.iri for h in search(store, "tidal memory").publications] == [fx.tidal]
    assert [h.iri for h in search(store, "GRADIENTS.").publications] == [fx.quiet]
    assert search(store, "nothing like this").empty


def test_ranking_prefers_exact_and_prefix_matches(store: OxigraphStore, fx: Fixture) -> None:
    hits = search(store, "e").people  # too short: nothing
    assert list(hits) == [] and hits.total == 0
    hits = search(store, "li").people  # Bo Lindqvist (word start) before others
    assert hits and hits[0].iri == fx.bo


def test_query_folding_matches_the_sparql_folding() -> None:
    store = OxigraphStore()
    query = load_query("search-people")
    samples = ["Zoé", "Ørsted", "Łukasz", "Dvořák", "Straße", "Æsir", "Œuvre", "Ñandú", "Şahin"]
    for index, name in enumerate(samples):
        iri = f"http://example.test/p{index}"
        person = f'<{iri}> a <http://schema.org/Person> ; <http://schema.org/name> "{name}"'
        store.update(f"INSERT DATA {{ {person} }}")
        rows = store.select(query, {"q": Lit(fold(name))}).rows
        assert iri in {str(row["person"]) for row in rows}, (name, fold(name))
    # every character class the Python side folds is in the query text too
    for chars, _ in FOLD_CLASSES:
        assert chars in query


def test_clean_query() -> None:
    assert clean_query("  ada \t  quill ") == "ada quill"
    assert len(clean_query("x" * 1000)) == 200


def test_search_page_links_results(client: FlaskClient, fx: Fixture) -> None:
    response = client.get("/search?q=zoe+lefevre", headers={"Accept": "text/html"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'href="{local(fx.zoe)}"' in html and "Zoé Lefèvre" in html
    assert 'value="zoe lefevre"' in html
    papers = client.get("/search?q=echoes&lang=fr").get_data(as_text=True)
    assert f'href="{local(fx.sparse)}?lang=fr"' in papers
    assert "novembre 2023" in papers
    empty = client.get("/search?q=zzzzzz").get_data(as_text=True)
    assert 'id="no-results"' in empty
    assert client.get("/search").status_code == 200


def test_a_search_says_when_more_match_than_it_lists() -> None:
    base, graph = "https://many.example.test", "https://many.example.test/graph/source/a"
    quads: list[Quad] = []
    for n in range(MAX_RESULTS + 10):
        person = f"{base}/id/person/w{n:03d}"
        quads += [
            (person, TYPE, SCHEMA.Person, graph),
            (person, SCHEMA.name, lit(f"Wren {n:03d}"), graph),
        ]
    for n in range(SEARCH_ROWS + 10):
        person = f"{base}/id/person/t{n:03d}"
        quads += [
            (person, TYPE, SCHEMA.Person, graph),
            (person, SCHEMA.name, lit(f"Tamsin {n:03d}"), graph),
        ]
    store = OxigraphStore()
    store.replace_graphs({graph: quads})
    found = search(store, "wren")
    assert len(found.people) == MAX_RESULTS and found.people.total == MAX_RESULTS + 10
    assert found.people.exact and found.people.more == 10
    client = create_app(Settings(base_iri=base), store).test_client()
    text = client.get("/search?q=wren").get_data(as_text=True)
    assert f"({MAX_RESULTS + 10})" in text and f"The best {MAX_RESULTS} matches are listed" in text
    # past the query's row limit the count is a lower bound
    many = search(store, "tamsin")
    assert len(many.people) == MAX_RESULTS and not many.people.exact
    assert many.people.total == SEARCH_ROWS
    assert f"({SEARCH_ROWS}+)" in client.get("/search?q=tamsin").get_data(as_text=True)
    assert "+)" not in text
