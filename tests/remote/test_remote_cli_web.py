"""Every command and the web service against Virtuoso: ingest, stats, query, export, validate,
forget, serve (guard, read-only, time limit, streamed dumps)."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph
from werkzeug.test import TestResponse

from scholargraph.cli import main
from scholargraph.config import Settings, WebSettings
from scholargraph.rdf.iris import Iris
from scholargraph.store_api import open_store
from scholargraph.web.server import build_service

from .conftest import BASE, Virtuoso

TOKEN = "remote-token"


def body(response: TestResponse) -> dict[str, Any]:
    """The JSON body of a test-client response."""
    data = response.get_json()
    assert isinstance(data, dict), response.data
    return data


def write_config(folder: Path, server: Virtuoso, extra: str = "") -> Path:
    path = folder / "scholargraph.toml"
    path.write_text(
        f"""[scholargraph]
store = "{server.query_endpoint}"
base_iri = "{BASE}"
parse_workers = 1

[scholargraph.remote]
graph_store_endpoint = "/sparql-graph-crud-auth"
username = "dba"
auth = "digest"
retries = 1
retry_backoff_s = 0.1
{extra}
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def cli(clean_virtuoso: Virtuoso, tmp_path: Path) -> CliRunner:
    # the password comes from the environment, not the settings file
    return CliRunner(
        env={
            "SCHOLARGRAPH_CONFIG": str(write_config(tmp_path, clean_virtuoso)),
            "SCHOLARGRAPH_REMOTE_PASSWORD": "dba",
        }
    )


def test_every_command_works_on_virtuoso(cli: CliRunner, seeds: list[Path], tmp_path: Path) -> None:
    result = cli.invoke(main, ["ingest", "-q", *map(str, seeds)])
    assert result.exit_code == 0, result.output
    assert "5 of 5 documents ingested" in result.output
    assert "127.0.0.1" in result.output and "dba" not in result.output

    result = cli.invoke(main, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert len(stats["sources"]) == 5
    assert stats["types"]["schema:Person"] > 100
    assert not any("virtrdf" in t for t in stats["types"])  # Virtuoso's own graphs stay out

    result = cli.invoke(main, ["query", "-n", "person-publications", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("person,name,paper,title,date,rank")
    assert "Razvan Pascanu" in result.output

    result = cli.invoke(main, ["query", "ASK { ?s a <http://schema.org/Person> }"])
    assert result.exit_code == 0 and result.output.strip() == "true"

    out = tmp_path / "graph.ttl"
    result = cli.invoke(main, ["export", "--format", "turtle", "-o", str(out)])
    assert result.exit_code == 0, result.output
    exported = Graph().parse(out, format="turtle")
    assert len(exported) > 1000

    result = cli.invoke(main, ["export", "--profile", "vivo"])
    assert result.exit_code == 0, result.output
    assert "vivo:Authorship" in result.output or "core#Authorship" in result.output

    result = cli.invoke(main, ["validate", "--format", "json"])
    assert result.exit_code in (0, 7), result.output
    assert "error:" not in result.output.splitlines()[0]

    result = cli.invoke(main, ["forget", str(seeds[0])])
    assert result.exit_code == 0, result.output
    result = cli.invoke(main, ["stats", "--json"])
    assert len(json.loads(result.output)["sources"]) == 4


def test_a_bad_password_is_a_clear_error(clean_virtuoso: Virtuoso, tmp_path: Path) -> None:
    runner = CliRunner(
        env={
            "SCHOLARGRAPH_CONFIG": str(write_config(tmp_path, clean_virtuoso)),
            "SCHOLARGRAPH_REMOTE_PASSWORD": "wrong",
        }
    )
    result = runner.invoke(main, ["forget", "https://nowhere.test/page"])
    assert result.exit_code == 4, result.output
    message = " ".join(result.output.split())  # rich wraps long lines
    assert "refused the credentials (401)" in message
    assert f"127.0.0.1:{clean_virtuoso.http_port}/sparql-auth" in message


# ----------------------------------------------------------------------------- serve


@pytest.fixture
def ingested(clean_virtuoso: Virtuoso, seeds: list[Path]) -> Virtuoso:
    from scholargraph.pipeline import ingest

    settings = clean_virtuoso.settings()
    store = open_store(settings)
    try:
        ingest(seeds, settings, store)
    finally:
        store.close()
    return clean_virtuoso


def service_settings(server: Virtuoso, **web: object) -> Settings:
    base = server.settings(server_timeout_parameter="timeout", server_timeout_unit="ms")
    return base.model_copy(update={"web": WebSettings.model_validate(web)})


def test_serve_answers_queries_and_refuses_service_before_forwarding(
    ingested: Virtuoso, seeds: list[Path]
) -> None:
    service = build_service(service_settings(ingested))
    try:
        client = service.app.test_client()
        answer = client.get(
            "/sparql",
            query_string={
                "query": "SELECT (COUNT(*) AS ?n) WHERE { ?p a <http://schema.org/Person> }"
            },
            headers={"Accept": "application/sparql-results+json"},
        )
        assert answer.status_code == 200
        assert int(body(answer)["results"]["bindings"][0]["n"]["value"]) > 100
        # a linked-data page, rendered from the remote store
        page = client.get("/id/person/razvan-pascanu", headers={"Accept": "text/turtle"})
        assert page.status_code == 200 and b"Razvan Pascanu" in page.data
        assert "X-Cache" not in page.headers  # others may write a remote store: nothing kept
        html = client.get("/id/person/razvan-pascanu", headers={"Accept": "text/html"})
        assert html.status_code == 200 and "Razvan Pascanu" in html.text
        home = client.get("/", headers={"Accept": "text/html"})  # counts and latest sources
        assert home.status_code == 200
        assert all(seed.name in home.text for seed in seeds)
        refused = client.get(
            "/sparql",
            query_string={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"},
        )
        assert refused.status_code == 403 and body(refused)["error"] == "query-refused"
        # and the runner refuses on its own too, whatever the route checked
        from scholargraph.errors import QueryRefused
        from scholargraph.web.jobs import QueryJob

        with pytest.raises(QueryRefused):
            service.runner.query(QueryJob("ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"))
        update = client.post(
            "/sparql",
            data={"update": "INSERT DATA { GRAPH <https://graph.test/graph/x> { <a:b> <a:c> 1 } }"},
        )
        assert update.status_code == 403
    finally:
        service.close()


def test_serve_streams_the_dump_from_the_remote_store(ingested: Virtuoso) -> None:
    service = build_service(service_settings(ingested))
    try:
        client = service.app.test_client()
        response = client.get("/dump/nquads")
        assert response.status_code == 200
        body = b"".join(response.response)  # type: ignore[arg-type]
        store = open_store(ingested.settings())
        try:
            expected = io.BytesIO()
            store.dump(expected, "nquads", exclude_graphs=list(Iris(BASE).internal_graphs))
        finally:
            store.close()
        assert sorted(body.splitlines()) == sorted(expected.getvalue().splitlines())
        assert Iris(BASE).records_graph.encode() not in body
        void = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
        assert void.status_code == 200
        assert b"virtrdf" not in void.data  # only scholargraph's graphs are described
    finally:
        service.close()


@pytest.mark.slow
def test_serve_stops_a_runaway_query_at_the_time_limit(ingested: Virtuoso) -> None:
    service = build_service(service_settings(ingested, query_timeout_s=1.0))
    try:
        client = service.app.test_client()
        runaway = (
            # cheap to plan, long to run: Virtuoso's cost estimate lets it through
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . FILTER(STR(?c) < STR(?f)) }"
        )
        done = threading.Event()
        answers = []

        def ask() -> None:
            answers.append(
                client.get(
                    "/sparql",
                    query_string={"query": runaway},
                    headers={"Accept": "application/sparql-results+json"},
                )
            )
            done.set()

        threading.Thread(target=ask, daemon=True).start()
        assert done.wait(20), "the query was not stopped"
        answer = answers[0]
        assert answer.status_code == 503, answer.data
        assert body(answer)["error"] == "query-timeout"
        # the store is still fine afterwards
        ok = client.get(
            "/sparql",
            query_string={"query": "ASK { ?s ?p ?o }"},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert ok.status_code == 200
    finally:
        service.close()


def test_serve_forwards_updates_only_when_enabled(ingested: Virtuoso) -> None:
    settings = service_settings(ingested, updates_enabled=True, update_token=TOKEN)
    service = build_service(settings)
    try:
        client = service.app.test_client()
        graph = f"{BASE}/graph/extra"
        update = f"INSERT DATA {{ GRAPH <{graph}> {{ <{BASE}/x> <{BASE}/p> 1 }} }}"
        refused = client.post("/sparql", data={"update": update})
        assert refused.status_code == 401
        done = client.post(
            "/sparql", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert done.status_code == 204, done.data
        load = client.post(
            "/sparql",
            data={"update": "LOAD <http://127.0.0.1:9/data.ttl>"},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert load.status_code == 403
        check = client.get(
            "/sparql",
            query_string={"query": f"ASK {{ GRAPH <{graph}> {{ ?s ?p 1 }} }}"},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert body(check)["boolean"] is True
    finally:
        service.close()
