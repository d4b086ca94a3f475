"""Pinned error bodies: every refusal answers with the one JSON shape of web/errors.py
(``error``, ``message``, ``status``, optional ``where``) and the right status."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient

FORM = "application/x-www-form-urlencoded"


def body(response) -> dict[str, object]:  # type: ignore[no-untyped-def]
    assert response.mimetype == "application/json"
    data: dict[str, object] = response.get_json()
    assert set(data) <= {"error", "message", "status", "where"}
    assert data["status"] == response.status_code
    return data


def test_400_syntax_error_pins_parser_message_and_position(client: FlaskClient) -> None:
    data = body(client.get("/sparql?query=" + quote("SELECT * WHERE { ?s ?p }")))
    assert data["error"] == "query-syntax" and data["where"] == "line 1, column 25"
    assert str(data["message"]).startswith("error at 1:25: expected")


ASK = "ASK%7B%7D"
QUERY = "application/sparql-query"


def post(data: bytes, content_type: str) -> dict[str, object]:
    return {"path": "/sparql", "method": "POST", "data": data, "content_type": content_type}


@pytest.mark.parametrize(
    ("request_args", "message"),
    [
        ({"path": f"/sparql?query={ASK}&query={ASK}"},
         "give exactly one query or one update per request"),
        ({"path": "/sparql?query="}, "the query is empty"),
        ({"path": "/sparql?update=CLEAR%20ALL"}, "updates must be sent with POST"),
        ({"path": "/sparql?query=%FF"}, "the query string is not valid UTF-8"),
        ({"path": f"/sparql?query={ASK}&format=excel"},
         "unknown format 'excel'; known: json, xml, csv, tsv, html"),
        ({"path": f"/sparql?query={ASK}&default-graph-uri=nope"}, "not an absolute IRI: 'nope'"),
        (post(b"query=%FF", FORM), "the form body is not valid UTF-8"),
        (post("ASK {}".encode("utf-16"), QUERY + "; charset=UTF-16"),
         "the body must be UTF-8, not utf-16"),
        (post(b"ASK { \xff }", QUERY), "the query is not valid UTF-8 (byte 6)"),
        (post(b"INSERT DATA {}", QUERY),
         "INSERT is an update operation: send it as 'update' (POST), not as a query"),
    ],
)  # fmt: skip
def test_400_bad_requests(
    client: FlaskClient, request_args: dict[str, object], message: str
) -> None:
    response = client.open(**request_args)  # type: ignore[arg-type]
    assert response.status_code == 400
    data = body(response)
    assert data["error"] == "bad-query" and data["message"] == message


def test_401_and_403_updates(client: FlaskClient, update_client: FlaskClient) -> None:
    update = {"data": "CLEAR ALL", "content_type": "application/sparql-update"}
    assert body(client.post("/sparql", **update)) == {  # type: ignore[arg-type]
        "error": "query-refused",
        "message": "this endpoint is read-only: updates are disabled",
        "status": 403,
    }
    response = update_client.post("/sparql", **update)  # type: ignore[arg-type]
    assert body(response) == {
        "error": "unauthorized",
        "message": "updates need an 'Authorization: Bearer <token>' header",
        "status": 401,
    }
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="scholargraph"'
    wrong = update_client.post("/sparql", headers={"Authorization": "Bearer nope"}, **update)  # type: ignore[arg-type]
    assert body(wrong)["message"] == "the update token is not valid"


def test_403_service(client: FlaskClient) -> None:
    query = "SELECT * WHERE {\n  SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    assert body(client.get("/sparql?query=" + quote(query))) == {
        "error": "query-refused",
        "message": "SERVICE (federated query) is not allowed: this endpoint never makes requests "
        "to other servers (the query was refused before it ran)",
        "status": 403,
        "where": "line 2, column 3",
    }


def test_404(client: FlaskClient) -> None:
    assert body(client.get("/dump/excel")) == {
        "error": "not-found",
        "message": "no dump named 'excel'; available: nquads, trig, turtle, ntriples, jsonld "
        "(add .gz for gzip)",
        "status": 404,
    }


def test_405_with_allow(client: FlaskClient) -> None:
    response = client.put("/sparql?query=ASK%7B%7D")
    assert body(response)["error"] == "method-not-allowed"
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_406(client: FlaskClient) -> None:
    response = client.get("/sparql?query=ASK%7B%7D", headers={"Accept": "image/png"})
    assert body(response) == {
        "error": "not-acceptable",
        "message": "none of the media types in Accept is available for SELECT and ASK results; "
        "available: application/sparql-results+json, application/sparql-results+xml, text/csv, "
        "text/tab-separated-values, text/html",
        "status": 406,
    }
    wrong_kind = client.get("/sparql?query=" + quote("DESCRIBE <http://x/>") + "&format=csv")
    assert body(wrong_kind)["message"] == (
        "DESCRIBE results cannot be given as 'csv'; available: turtle, ntriples, jsonld, rdfxml, "
        "nquads, trig, html"
    )


def test_413(client_with: Callable[..., FlaskClient]) -> None:
    client = client_with(max_request_bytes=2048)
    big = "ASK {} #" + "x" * 4096
    posted = client.post("/sparql", data=big, content_type="application/sparql-query")
    assert body(posted) == {
        "error": "query-too-large",
        "message": "the request body is larger than 2048 bytes",
        "status": 413,
    }
    assert body(client.get("/sparql?query=" + quote(big)))["error"] == "query-too-large"


def test_415(client: FlaskClient) -> None:
    response = client.post("/sparql", data="query=ASK%7B%7D")
    assert body(response) == {
        "error": "unsupported-media-type",
        "message": "a POST body must be application/x-www-form-urlencoded, "
        "application/sparql-query or application/sparql-update (no Content-Type given)",
        "status": 415,
        "where": "Content-Type",
    }
