"""Entity pages are built in the query worker processes (both cores, the query time limit),
not in the web process: building pages costs the workers CPU time, and the web process only
renders and answers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests

from .conftest import Server
from .test_timeout import wait_for

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


def test_entity_pages_are_built_by_the_query_workers(server: Server) -> None:
    assert wait_for(lambda: len(server.readers()) == 2)
    readers = server.readers()
    idle = _cpu_s(readers)
    with requests.Session() as http:
        for number in range(PAGES):
            # a new query string each time: a page never served before, so never a kept one
            response = http.get(f"{server.url}id/person/ada-quill?n={number}", timeout=30)
            assert response.status_code == 200, response.text
            assert "Ada Quill" in response.text
    assert server.readers() == readers  # the same workers answered throughout
    spent = _cpu_s(readers) - idle
    # each page is a dozen queries in a worker: well over a millisecond of its CPU time
    assert spent >= PAGES * 0.001, f"the workers spent {spent:.3f} s on {PAGES} pages"
