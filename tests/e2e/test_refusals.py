"""Outbound requests are refused before anything runs (with proof that no connection was
attempted), and updates need the endpoint to allow them and the right token."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
import requests

from .conftest import UPDATE_TOKEN, Server

pytestmark = pytest.mark.e2e


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A listening loopback socket: anything trying to reach it would show up in accept()."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(1.0)
    yield sock
    sock.close()


def assert_no_connection(sock: socket.socket) -> None:
    with pytest.raises(TimeoutError):
        connection, _ = sock.accept()
        connection.close()


def test_service_is_refused_without_any_connection(server: Server, listener: socket.socket):
    port = listener.getsockname()[1]
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    response = requests.get(server.sparql, params={"query": query}, timeout=30)
    assert response.status_code == 403
    body = response.json()
    assert body["error"] == "query-refused" and "SERVICE" in body["message"]
    assert_no_connection(listener)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE {{ sErViCe SILENT <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?s ?p ?o . SERVICE<http://127.0.0.1:{port}/>{{?s ?p ?o}} }}",
        "SELECT * WHERE {{ BIND(<http://127.0.0.1:{port}/> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERV\\u0049CE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    ],
)
def test_service_spellings_are_refused(server: Server, listener: socket.socket, query: str):
    port = listener.getsockname()[1]
    response = requests.post(
        server.sparql,
        data=query.format(port=port).encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert response.status_code == 403, response.text
    assert_no_connection(listener)


def test_the_word_service_in_data_is_fine(server: Server) -> None:
    query = 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:9/> {}" AS ?x) } # SERVICE'
    response = requests.get(server.sparql, params={"query": query}, timeout=30)
    assert response.status_code == 200


def test_load_is_refused_even_with_the_token(update_server: Server, listener: socket.socket):
    port = listener.getsockname()[1]
    response = requests.post(
        update_server.sparql,
        data={"update": f"LOAD <http://127.0.0.1:{port}/data.ttl> INTO GRAPH <http://g/>"},
        headers={"Authorization": f"Bearer {UPDATE_TOKEN}"},
        timeout=30,
    )
    assert response.status_code == 403
    assert response.json()["error"] == "query-refused"
    assert_no_connection(listener)


def test_updates_are_refused_by_a_read_only_server(server: Server) -> None:
    response = requests.post(
        server.sparql,
        data="INSERT DATA { <http://s> <http://p> <http://o> }",
        headers={
            "Content-Type": "application/sparql-update",
            "Authorization": f"Bearer {UPDATE_TOKEN}",
        },
        timeout=30,
    )
    assert response.status_code == 403
    assert response.json()["error"] == "query-refused"


@pytest.mark.parametrize(
    ("authorization", "status"),
    [(None, 401), ("Bearer wrong-token", 401), ("Basic dXNlcjpwYXNz", 401)],
)
def test_updates_need_the_right_token(
    update_server: Server, authorization: str | None, status: int
) -> None:
    headers = {"Content-Type": "application/sparql-update"}
    if authorization:
        headers["Authorization"] = authorization
    response = requests.post(
        update_server.sparql,
        data="INSERT DATA { GRAPH <http://g/token-test> { <http://s> <http://p> 1 } }",
        headers=headers,
        timeout=30,
    )
    assert response.status_code == status
    assert response.json()["error"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    check = requests.get(
        update_server.sparql,
        params={"query": "ASK { GRAPH <http://g/token-test> { ?s ?p ?o } }"},
        timeout=30,
    )
    assert check.json()["boolean"] is False


def test_update_with_the_token_is_visible_to_the_next_query(update_server: Server) -> None:
    graph = "http://g/visible"
    response = requests.post(
        update_server.sparql,
        data=f'INSERT DATA {{ GRAPH <{graph}> {{ <http://s> <http://p> "written" }} }}',
        headers={
            "Content-Type": "application/sparql-update",
            "Authorization": f"Bearer {UPDATE_TOKEN}",
        },
        timeout=30,
    )
    assert response.status_code == 204, response.text
    check = requests.get(
        update_server.sparql, params={"query": f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"}
    )
    assert check.json()["boolean"] is True
    dump = requests.get(update_server.url + "dump/nquads", timeout=30)
    assert '"written"' in dump.text


def test_runaway_update_is_stopped_and_writes_nothing(update_server: Server) -> None:
    """Updates see the store's own default graph (empty here), so the runaway names graphs."""
    patterns = " ".join(f"GRAPH ?g{i} {{ ?s{i} ?p{i} ?o{i} }}" for i in range(6))
    update = f"""INSERT {{ GRAPH <http://g/runaway> {{ ?s0 <http://p> ?n }} }}
    WHERE {{ SELECT ?s0 (COUNT(*) AS ?n) WHERE {{ {patterns} }} GROUP BY ?s0 }}"""
    headers = {
        "Content-Type": "application/sparql-update",
        "Authorization": f"Bearer {UPDATE_TOKEN}",
    }
    seed = requests.post(
        update_server.sparql,
        data="INSERT DATA { GRAPH <http://g/seed> { "
        + " ".join(f"<http://s{i}> <http://p> {i} ." for i in range(40))
        + " } }",
        headers=headers,
        timeout=30,
    )
    assert seed.status_code == 204
    response = requests.post(update_server.sparql, data=update, headers=headers, timeout=60)
    assert response.status_code == 503
    assert response.json()["error"] == "query-timeout"
    check = requests.get(
        update_server.sparql, params={"query": "ASK { GRAPH <http://g/runaway> { ?s ?p ?o } }"}
    )
    assert check.status_code == 200 and check.json()["boolean"] is False
    again = requests.post(
        update_server.sparql,
        data="INSERT DATA { GRAPH <http://g/after> { <http://s> <http://p> 1 } }",
        headers=headers,
        timeout=30,
    )
    assert again.status_code == 204
