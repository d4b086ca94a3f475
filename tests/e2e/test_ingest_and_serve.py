"""The whole chain with real commands: ``scholargraph ingest`` the example pages into a fresh
store, ``scholargraph serve`` it, and query it over HTTP."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import requests

from web_sparql.sample_graph import BASE

from .conftest import start_server, stop_server

pytestmark = pytest.mark.e2e

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "pages"


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="no example pages")
def test_ingest_then_serve_and_query(tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest = subprocess.run(
        [sys.executable, "-m", "scholargraph", "--base-iri", BASE,
         "ingest", str(EXAMPLES), "--store", str(store), "-q"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert ingest.returncode in (0, 1), ingest.stderr  # 1: a non-page file was skipped
    server = start_server(tmp_path)
    try:
        query = """PREFIX schema: <http://schema.org/>
        SELECT ?name (COUNT(DISTINCT ?paper) AS ?papers) WHERE {
          ?person a schema:Person ; schema:name ?name .
          OPTIONAL { ?paper schema:author ?person }
        } GROUP BY ?name ORDER BY DESC(?papers)"""
        response = requests.get(server.sparql, params={"query": query}, timeout=30)
        assert response.status_code == 200, response.text
        rows = response.json()["results"]["bindings"]
        assert rows and int(rows[0]["papers"]["value"]) >= 1
        void = requests.get(server.url + ".well-known/void", timeout=60)
        assert void.status_code == 200 and b"classPartition" in void.content
        dump = requests.get(server.url + "dump/nquads", timeout=60)
        assert dump.status_code == 200 and b"/graph/records" not in dump.content
    finally:
        stop_server(server)
