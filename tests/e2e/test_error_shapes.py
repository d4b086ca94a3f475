"""Every error a client can meet has the same JSON body and the right status, from a real
server: 400 malformed, 403 refused, 404 unknown, 405 wrong method (with Allow), 406 no
acceptable format, 413 too large, 503 timeout. Never a 500, never a stack trace."""

from __future__ import annotations

import pytest
import requests

from .conftest import Server
from .test_timeout import RUNAWAY

pytestmark = pytest.mark.e2e

KEYS = {"error", "message", "status", "where"}


def check(response: requests.Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) <= KEYS and {"error", "message", "status"} <= set(body)
    assert body["status"] == status and body["error"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body  # type: ignore[no-any-return]


def test_400_syntax_error_with_position(server: Server) -> None:
    body = check(requests.get(server.sparql, params={"query": "ASK {"}), 400, "query-syntax")
    assert body["where"] == "line 1, column 6"


def test_400_non_utf8_body(server: Server) -> None:
    response = requests.post(
        server.sparql, data=b"ASK { \xff }", headers={"Content-Type": "application/sparql-query"}
    )
    check(response, 400, "bad-query")


def test_403_refused(server: Server) -> None:
    query = "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    check(requests.get(server.sparql, params={"query": query}), 403, "query-refused")


def test_404_unknown_dump_and_route(server: Server) -> None:
    check(requests.get(server.url + "dump/excel"), 404, "not-found")
    check(requests.get(server.url + "no/such/route"), 404, "not-found")


def test_405_wrong_method_with_allow(server: Server) -> None:
    response = requests.delete(server.sparql)
    check(response, 405, "method-not-allowed")
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["Allow"].split(",")}


def test_406_unacceptable(server: Server) -> None:
    response = requests.get(
        server.sparql, params={"query": "ASK {}"}, headers={"Accept": "image/png"}
    )
    check(response, 406, "not-acceptable")
    query = "CONSTRUCT WHERE { ?s ?p ?o }"
    response = requests.get(server.sparql, params={"query": query, "format": "csv"})
    check(response, 406, "not-acceptable")


def test_413_too_large(server: Server) -> None:
    big = "ASK {} #" + "x" * 1_100_000
    response = requests.post(
        server.sparql, data=big.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    check(response, 413, "query-too-large")


def test_415_unknown_body_type(server: Server) -> None:
    response = requests.post(server.sparql, data="ASK {}", headers={"Content-Type": "text/plain"})
    check(response, 415, "unsupported-media-type")


def test_503_timeout(server: Server) -> None:
    check(requests.get(server.sparql, params={"query": RUNAWAY}), 503, "query-timeout")
