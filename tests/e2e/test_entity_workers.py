"""Entity pages are built in worker processes of their own (both cores, the query time limit),
not in the web process and not in the query workers: building pages costs the page workers CPU
time, and pages are answered while slow SPARQL queries hold every query worker."""

from __future__ import annotations

import concurrent.futures
import os
import time
from pathlib import Path

import pytest
import requests

from .conftest import QUERY_TIMEOUT_S, Server
from .test_timeout import RUNAWAY, ask, wait_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path("/proc/self/comm").exists(), reason="needs Linux /proc"),
]

PAGES = 120
TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def _cpu_s(pids: set[int]) -> float:
    """User + system CPU seconds of ``pids`` so far (``/proc/PID/stat``)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total * TICK_S


def test_entity_pages_are_built_by_the_page_workers(server: Server) -> None:
    assert wait_for(lambda: len(server.page_workers()) == 2)
    readers = server.page_workers()
    idle = _cpu_s(readers)
    with requests.Session() as http:
        for number in range(PAGES):
            # a new query string each time: a page never served before, so never a kept one
            response = http.get(f"{server.url}id/person/ada-quill?n={number}", timeout=30)
            assert response.status_code == 200, response.text
            assert "Ada Quill" in response.text
    assert server.page_workers() == readers  # the same workers answered throughout
    spent = _cpu_s(readers) - idle
    # each page is a dozen queries in a worker: well over a millisecond of its CPU time
    assert spent >= PAGES * 0.001, f"the workers spent {spent:.3f} s on {PAGES} pages"


def test_pages_are_answered_while_slow_queries_hold_every_query_worker(server: Server) -> None:
    assert wait_for(lambda: len(server.readers()) == 2 and len(server.page_workers()) == 2)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        runaways = [pool.submit(ask, server, RUNAWAY) for _ in range(2)]
        time.sleep(0.3)  # both query workers are busy with them now
        started = time.monotonic()
        pages = [
            requests.get(f"{server.url}id/person/ada-quill.ttl?busy={n}", timeout=30)
            for n in range(5)
        ]
        waited = time.monotonic() - started
        still_running = not any(runaway.done() for runaway in runaways)
        answers = [runaway.result() for runaway in runaways]
    assert [page.status_code for page in pages] == [200] * 5
    assert all("Ada Quill" in page.text for page in pages)
    assert still_running and waited < QUERY_TIMEOUT_S  # not queued behind the runaways
    assert [answer.status_code for answer in answers] == [503, 503]
