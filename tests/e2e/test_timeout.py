"""A runaway query is really stopped: its worker process is killed at the time limit (503
``query-timeout``), other queries keep being answered meanwhile, and a fresh worker replaces
the killed one."""

from __future__ import annotations

import concurrent.futures
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from .conftest import QUERY_TIMEOUT_S, Server, start_server, stop_server

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path("/proc/self/comm").exists(), reason="needs Linux /proc"),
]

RUNAWAY = """SELECT (COUNT(*) AS ?n) WHERE {
  ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o .
}"""
QUICK = "SELECT ?s WHERE { ?s a <http://schema.org/Person> } LIMIT 3"


def ask(server: Server, query: str) -> requests.Response:
    return requests.get(
        server.sparql,
        params={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )


def wait_for(predicate, seconds: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_runaway_query_is_killed_and_replaced(server: Server) -> None:
    assert wait_for(lambda: len(server.readers()) == 2)
    before = server.readers()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        started = time.monotonic()
        runaway = pool.submit(ask, server, RUNAWAY)
        time.sleep(0.2)  # the runaway holds one worker; the other keeps answering
        answered = 0
        while not runaway.done():
            response = ask(server, QUICK)
            assert response.status_code == 200, response.text
            answered += 1
        response = runaway.result()
        elapsed = time.monotonic() - started
    assert answered >= 2
    assert response.status_code == 503
    body = response.json()
    assert body["error"] == "query-timeout" and body["status"] == 503
    assert QUERY_TIMEOUT_S <= elapsed < QUERY_TIMEOUT_S + 5
    killed = before - server.readers()
    assert len(killed) == 1  # its process is gone: no core keeps spinning
    assert wait_for(lambda: len(server.readers()) == 2)
    assert server.readers() - before  # a new process took its place
    for _ in range(4):
        assert ask(server, QUICK).status_code == 200


def test_two_runaways_at_once_leave_the_server_answering(server: Server) -> None:
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: ask(server, RUNAWAY), range(2)))
    assert [r.status_code for r in results] == [503, 503]
    assert wait_for(lambda: len(server.readers()) == 2)
    assert ask(server, QUICK).status_code == 200


MEMORY_HOG = """SELECT DISTINCT ?x WHERE {{
  VALUES ?a {{ {numbers} }} VALUES ?b {{ {numbers} }}
  BIND(CONCAT(STR(?a), "-", STR(?b), "-tidal-quill-lantern-probe") AS ?x)
}} ORDER BY ?x""".format(numbers=" ".join(str(n) for n in range(2000)))


@pytest.fixture(scope="module")
def capped_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Workers that may use 384 MB each, and time enough for a query to reach that."""
    running = start_server(
        tmp_path_factory.mktemp("memory"), config="worker_memory_mb = 384\n", timeout_s=30.0
    )
    yield running
    stop_server(running)


def test_a_query_past_the_memory_limit_is_stopped_and_said_so(capped_server: Server) -> None:
    """4 million distinct strings, sorted: 1.3 GB and 36 s unchecked. Here its worker stops at
    the limit, the client hears why, and the other worker answers all along."""
    assert wait_for(lambda: len(capped_server.readers()) == 2)
    before = capped_server.readers()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        started = time.monotonic()
        hog = pool.submit(ask, capped_server, MEMORY_HOG)
        while not hog.done():
            assert ask(capped_server, QUICK).status_code == 200
        response = hog.result()
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["error"] == "query-memory-limit" and "384 MB" in body["message"]
    assert time.monotonic() - started < 20  # stopped by the limit, not the 30 s timeout
    assert wait_for(lambda: len(capped_server.readers()) == 2)
    assert capped_server.readers() - before  # a fresh worker took the stopped one's place
    assert ask(capped_server, QUICK).status_code == 200
    assert "past the 384 MB memory limit" in (capped_server.store.parent / "server.log").read_text()
