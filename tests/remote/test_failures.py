"""What the remote store does when the server misbehaves: a tiny real HTTP server on loopback
that answers 500s, garbage, 401, cut results, resets the connection or hangs."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from werkzeug.test import TestResponse

from scholargraph.cli import main
from scholargraph.config import RemoteSettings, Settings
from scholargraph.errors import (
    ConfigError,
    QuerySyntaxError,
    QueryTimeout,
    RemoteAuthError,
    RemoteBadAnswer,
    RemoteTimeout,
    RemoteUnavailable,
)
from scholargraph.remote_store import RemoteStore, make_auth
from scholargraph.web import create_app
from scholargraph.web.remote_runner import RemoteRunner

from .conftest import BASE, free_port

SELECT_ONE = {
    "head": {"vars": ["s"]},
    "results": {"bindings": [{"s": {"type": "uri", "value": "http://ex/s"}}]},
}


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeStore:
    """Answers each request with the next scripted behaviour (the last one repeats)."""

    script: list[str]
    hang_s: float = 3.0
    seen: list[Seen] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def next(self) -> str:
        return self.script.pop(0) if len(self.script) > 1 else self.script[0]


def body(response: TestResponse) -> dict[str, Any]:
    """The JSON body of a test-client response."""
    data = response.get_json()
    assert isinstance(data, dict), response.data
    return data


def _handler(fake: FakeStore) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            fake.seen.append(Seen(self.command, self.path, dict(self.headers), body))
            behaviour = fake.next()
            if behaviour == "hang":
                time.sleep(fake.hang_s)
                return
            if behaviour == "reset":
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                )
                self.close_connection = True
                return
            status, headers, payload = RESPONSES[behaviour]
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = _answer

    return Handler


JSON_TYPE = {"Content-Type": "application/sparql-results+json"}
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
COUNT_FIVE = {
    "head": {"vars": ["n"]},
    "results": {"bindings": [{"n": {"type": "literal", "datatype": XSD_INTEGER, "value": "5"}}]},
}
RESPONSES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "500": (500, {"Content-Type": "text/plain"}, b"Virtuoso 08C01 Error: internal failure"),
    "500-grant": (
        500,
        {"Content-Type": "text/plain"},
        b"Virtuoso 42000 Error SR186:SECURITY: No permission to execute procedure",
    ),
    "503": (503, {"Content-Type": "text/html"}, b"<html><h1>Service Unavailable</h1></html>"),
    "401": (401, {"WWW-Authenticate": 'Basic realm="x"'}, b""),
    "403": (403, {}, b"forbidden"),
    "400": (400, {"Content-Type": "text/plain"}, b"SP030: syntax error at 'SELEC'"),
    "garbage": (200, JSON_TYPE, b"<html>this is not JSON</html>"),
    "garbage-rdf": (200, {"Content-Type": "application/n-triples"}, b"<http://ex/s> oops"),
    "ok-select": (200, JSON_TYPE, json.dumps(SELECT_ONE).encode()),
    "ok-ask": (200, JSON_TYPE, b'{"head": {}, "boolean": true}'),
    "cut": (
        200,
        {**JSON_TYPE, "X-SPARQL-MaxRows": "1"},
        json.dumps(SELECT_ONE).encode(),
    ),
    "count-5": (200, JSON_TYPE, json.dumps(COUNT_FIVE).encode()),
    "two-triples": (
        200,
        {"Content-Type": "application/n-triples"},
        b'<http://ex/a> <http://ex/p> "1" .\n<http://ex/b> <http://ex/p> "2" .\n',
    ),
    "anytime": (200, {**JSON_TYPE, "X-SQL-State": "S1TAT"}, json.dumps(SELECT_ONE).encode()),
    "ok-empty": (204, {}, b""),
}


@pytest.fixture
def fake() -> Iterator[FakeStore]:
    store = FakeStore(["ok-select"])
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(store))
    server.daemon_threads = True
    store.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield store
    server.shutdown()
    server.server_close()


def remote(url: str, **options: Any) -> tuple[RemoteStore, list[float]]:
    sleeps: list[float] = []
    values = {"timeout_s": 2.0, "retries": 3, "retry_backoff_s": 0.1, **options}
    return RemoteStore(url, sleep=sleeps.append, **values), sleeps


def test_5xx_is_retried_with_exponential_backoff_then_fails_clearly(fake: FakeStore) -> None:
    fake.script = ["500"]
    store, sleeps = remote(fake.url)
    with pytest.raises(RemoteUnavailable) as caught:
        store.select("SELECT * WHERE { ?s ?p ?o }")
    assert len(fake.seen) == 4
    assert sleeps == [0.1, 0.2, 0.4]
    assert caught.value.where == fake.url
    assert "(500)" in caught.value.message and "internal failure" in caught.value.message
    assert "gave up after 4 attempts" in caught.value.message
    assert caught.value.exit_code == 4


def test_a_transient_failure_is_survived(fake: FakeStore) -> None:
    fake.script = ["503", "reset", "ok-select"]
    store, sleeps = remote(fake.url)
    assert store.select("SELECT * WHERE { ?s ?p ?o }").rows == [{"s": "http://ex/s"}]
    assert len(fake.seen) == 3 and len(sleeps) == 2


def test_refused_credentials_are_not_retried(fake: FakeStore) -> None:
    fake.script = ["401"]
    store, sleeps = remote(fake.url, auth=make_auth("basic", "ada", "secret"))
    with pytest.raises(RemoteAuthError) as caught:
        store.ask("ASK {}")
    assert len(fake.seen) == 1 and sleeps == []
    assert fake.seen[0].headers["Authorization"].startswith("Basic ")
    assert "refused the credentials (401)" in caught.value.message
    assert caught.value.where == fake.url
    fake.script = ["403"]
    with pytest.raises(RemoteAuthError, match="refused the operation"):
        store.ask("ASK {}")


def test_a_missing_grant_is_an_auth_error_not_retried(fake: FakeStore) -> None:
    fake.script = ["500-grant"]
    store, sleeps = remote(fake.url)
    with pytest.raises(RemoteAuthError, match="no permission"):
        store.update("INSERT DATA { <http://ex/a> <http://ex/b> 1 }")
    assert len(fake.seen) == 1 and sleeps == []


def test_bearer_token_is_sent(fake: FakeStore) -> None:
    fake.script = ["ok-ask"]
    store, _ = remote(fake.url, auth=make_auth("bearer", None, "t0ken"))
    assert store.ask("ASK {}") is True
    assert fake.seen[0].headers["Authorization"] == "Bearer t0ken"


def test_garbage_is_a_clear_error(fake: FakeStore) -> None:
    fake.script = ["garbage"]
    store, _ = remote(fake.url)
    with pytest.raises(RemoteBadAnswer, match="not SPARQL JSON results") as caught:
        store.select("SELECT * WHERE { ?s ?p ?o }")
    assert caught.value.where is not None and caught.value.where.startswith(fake.url)
    assert len(fake.seen) == 1
    fake.script = ["garbage-rdf"]
    with pytest.raises(RemoteBadAnswer, match="not RDF"):
        store.construct("CONSTRUCT WHERE { ?s ?p ?o }")


def test_a_hanging_store_times_out(fake: FakeStore) -> None:
    fake.script = ["hang"]
    fake.hang_s = 2.0
    store, sleeps = remote(fake.url, timeout_s=0.3, retries=1)
    started = time.monotonic()
    with pytest.raises(RemoteTimeout, match=r"no answer to the query within 0\.3 s"):
        store.select("SELECT * WHERE { ?s ?p ?o }")
    assert time.monotonic() - started < 1.5
    assert len(fake.seen) == 2 and len(sleeps) == 1


def test_a_store_that_is_down_is_a_clear_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    store, sleeps = remote(url, retries=2)
    with pytest.raises(RemoteUnavailable, match="connection refused") as caught:
        store.graph_names()
    assert caught.value.where == url and len(sleeps) == 2


def test_results_cut_by_the_store_are_refused(fake: FakeStore) -> None:
    fake.script = ["cut"]
    store, _ = remote(fake.url)
    with pytest.raises(RemoteBadAnswer, match="row limit"):
        store.select("SELECT * WHERE { ?s ?p ?o }")


def test_a_served_answer_says_when_rows_were_left_out(fake: FakeStore) -> None:
    """What the endpoint relays: cut by the store at its limit, or by the endpoint's own."""
    store, _ = remote(fake.url)
    fake.script = ["cut"]  # the store's limit (1 row), the endpoint's (5) not reached
    assert store.query_serialized("SELECT * WHERE { ?s ?p ?o }", max_rows=5).cut
    fake.script = ["ok-select"]
    assert not store.query_serialized("SELECT * WHERE { ?s ?p ?o }", max_rows=1).cut
    fake.script = ["two-triples"]
    construct = "CONSTRUCT WHERE { ?s ?p ?o }"
    answer = store.query_serialized(construct, max_rows=1, graph_format="ntriples")
    assert answer.cut and len(answer.body.splitlines()) == 1
    assert not store.query_serialized(construct, max_rows=2, graph_format="ntriples").cut


def test_a_graph_shorter_than_its_count_is_refused(fake: FakeStore) -> None:
    fake.script = ["count-5", "two-triples"]
    store, _ = remote(fake.url, graph_store_endpoint=fake.url.replace("sparql", "gsp"))
    with pytest.raises(RemoteBadAnswer, match="2 of the 5 triples"):
        list(store.graph_quads("http://ex/g"))
    assert fake.seen[1].method == "GET" and "graph=http" in fake.seen[1].path


def test_partial_anytime_answers_are_timeouts(fake: FakeStore) -> None:
    fake.script = ["anytime"]
    store, _ = remote(fake.url, server_timeout_parameter="timeout", server_timeout_unit="ms")
    with pytest.raises(QueryTimeout):
        store.select("SELECT * WHERE { ?s ?p ?o }")
    assert b"timeout=2000" in fake.seen[0].body


def test_syntax_errors_come_back_as_query_errors(fake: FakeStore) -> None:
    fake.script = ["400"]
    store, _ = remote(fake.url)
    with pytest.raises(QuerySyntaxError, match="SP030"):
        store.query_serialized("SELEC nonsense")
    assert len(fake.seen) == 1


def test_user_updates_are_not_retried(fake: FakeStore) -> None:
    fake.script = ["500"]
    store, _ = remote(fake.url)
    with pytest.raises(RemoteUnavailable):
        store.update("INSERT DATA { <http://ex/a> <http://ex/b> 1 }")
    assert len(fake.seen) == 1


def test_writes_put_the_graph_before_its_metadata(fake: FakeStore) -> None:
    fake.script = ["ok-empty"]
    gsp = fake.url.replace("sparql", "gsp")
    store, _ = remote(fake.url, graph_store_endpoint=gsp)
    quads = [("http://ex/s", "http://ex/p", "http://ex/o", "http://ex/g")]
    meta = [("http://ex/g", "http://ex/digest", "http://ex/d", "http://ex/meta")]
    store.replace_graphs(
        {"http://ex/g": quads}, delete_subjects={"http://ex/meta": ["http://ex/g"]}, insert=meta
    )
    assert [s.method for s in fake.seen] == ["PUT", "POST"]
    assert fake.seen[0].headers["Content-Type"] == "application/n-triples"
    assert b"<http://ex/s> <http://ex/p> <http://ex/o>" in fake.seen[0].body
    assert b"DELETE+WHERE" in fake.seen[1].body and b"INSERT+DATA" in fake.seen[1].body
    with pytest.raises(ConfigError, match="graph_store_endpoint"):
        remote(fake.url)[0].replace_graphs({"http://ex/g": quads})


def test_the_cli_reports_a_down_store_in_one_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    config = tmp_path / "scholargraph.toml"
    config.write_text(
        f'[scholargraph]\nstore = "{url}"\n[scholargraph.remote]\nretries = 1\n'
        "retry_backoff_s = 0.01\n",
        encoding="utf-8",
    )
    result = CliRunner(env={"SCHOLARGRAPH_CONFIG": str(config)}).invoke(main, ["stats"])
    assert result.exit_code == 4
    message = " ".join(result.output.split())
    assert message.startswith(f"error: {url}: cannot reach the store")
    assert "Traceback" not in result.output


def test_the_web_service_answers_a_down_store_with_503(fake: FakeStore) -> None:
    fake.script = ["500"]
    settings = Settings(
        store=fake.url,
        base_iri=BASE,
        remote=RemoteSettings(retries=1, retry_backoff_s=0.01, timeout_s=2),
    )
    store = RemoteStore.from_settings(settings, read_only=True)
    app = create_app(settings, store, runner=RemoteRunner(store, settings))
    answer = app.test_client().get(
        "/sparql",
        query_string={"query": "ASK { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert answer.status_code == 503
    assert body(answer)["error"] == "remote-unavailable"
    assert body(answer)["where"] == fake.url
    assert len(fake.seen) == 1  # queries from the web are not retried


def test_service_and_load_never_reach_the_remote_store(fake: FakeStore) -> None:
    from scholargraph.errors import QueryRefused
    from scholargraph.web.jobs import QueryJob, UpdateJob

    settings = Settings(
        store=fake.url,
        base_iri=BASE,
        remote=RemoteSettings(graph_store_endpoint=fake.url),
        web={"updates_enabled": True, "update_token": "t"},  # type: ignore[arg-type]
    )
    runner = RemoteRunner(RemoteStore.from_settings(settings), settings)
    with pytest.raises(QueryRefused):
        runner.query(QueryJob("SELECT * WHERE { SeRvIcE <http://127.0.0.1:9/> { ?s ?p ?o } }"))
    with pytest.raises(QueryRefused):
        runner.update(UpdateJob("LOAD <http://127.0.0.1:9/x.ttl> INTO GRAPH <http://ex/g>"))
    assert fake.seen == []
    runner.close()
