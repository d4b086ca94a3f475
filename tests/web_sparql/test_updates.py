"""Updates through the Flask test client: token, protocol dataset (using-graph-uri), base IRI,
and ETags that change with the data."""

from __future__ import annotations

import json
from urllib.parse import quote

from flask.testing import FlaskClient

from .conftest import TOKEN
from .sample_graph import W3C_GRAPHS

AUTH = {"Authorization": f"Bearer {TOKEN}"}
DOC = "<http://xmlns.com/foaf/0.1/Document>"


def ask(client: FlaskClient, query: str) -> bool:
    response = client.get("/sparql?query=" + quote(query))
    assert response.status_code == 200, response.data
    return bool(json.loads(response.data)["boolean"])


def test_update_by_form_and_by_body(update_client: FlaskClient) -> None:
    form = update_client.post(
        "/sparql",
        data={"update": 'INSERT DATA { GRAPH <http://g/1> { <http://s> <http://p> "form" } }'},
        headers=AUTH,
    )
    assert form.status_code == 204
    direct = update_client.post(
        "/sparql",
        data='INSERT DATA { GRAPH <http://g/1> { <http://s> <http://p> "body" } }',
        content_type="application/sparql-update",
        headers=AUTH,
    )
    assert direct.status_code == 204
    assert ask(update_client, 'ASK { GRAPH <http://g/1> { ?s ?p "form", "body" } }')


def test_using_graph_uri_sets_the_where_dataset(update_client: FlaskClient) -> None:
    graph_1 = next(iter(W3C_GRAPHS))
    update = f"INSERT {{ GRAPH <http://g/out> {{ ?s a <http://t> }} }} WHERE {{ ?s a {DOC} }}"
    response = update_client.post(
        "/sparql?using-graph-uri=" + quote(graph_1, safe=""),
        data=update,
        content_type="application/sparql-update",
        headers=AUTH,
    )
    assert response.status_code == 204
    found = update_client.get(
        "/sparql?query=" + quote("SELECT ?s WHERE { GRAPH <http://g/out> { ?s ?p ?o } }")
    )
    assert [b["s"]["value"] for b in json.loads(found.data)["results"]["bindings"]] == [graph_1]


def test_relative_iris_in_updates_use_the_endpoint_as_base(update_client: FlaskClient) -> None:
    update = "INSERT DATA { GRAPH <http://g/base> { <http://s> <http://p> <rel> } }"
    update_client.post(
        "/sparql", data=update, content_type="application/sparql-update", headers=AUTH
    )
    assert ask(update_client, "ASK { GRAPH <http://g/base> { ?s ?p <http://localhost/rel> } }")


def test_update_syntax_error_is_a_400_and_load_a_403(update_client: FlaskClient) -> None:
    bad = update_client.post("/sparql", data={"update": "CLEAR XYZ"}, headers=AUTH)
    assert bad.status_code == 400 and bad.get_json()["error"] == "query-syntax"
    load = update_client.post("/sparql", data={"update": "LOAD <http://x/>"}, headers=AUTH)
    assert load.status_code == 403


def test_dump_etag_changes_after_an_update(update_client: FlaskClient) -> None:
    before = update_client.get("/dump/nquads").headers["ETag"]
    update_client.post(
        "/sparql",
        data="INSERT DATA { GRAPH <http://g/2> { <http://s> <http://p> 2 } }",
        content_type="application/sparql-update",
        headers=AUTH,
    )
    after = update_client.get("/dump/nquads")
    assert after.headers["ETag"] != before
    assert b"<http://g/2>" in after.data
