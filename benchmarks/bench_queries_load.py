"""Load generation for the query benchmark: concurrent HTTP clients, latencies, outcomes.

Each client is a thread with its own keep-alive connection (``http.client``: less client CPU
per request than ``requests``, which matters on a two-core machine shared with the server).
Clients go round-robin through the same list of requests, each from its own offset, until the
time is up; a request in flight when it is up is waited for. Every request has a time limit:
past it the client counts a timeout, drops its connection and goes on.
"""

from __future__ import annotations

import http.client
import itertools
import math
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# JSON results for SELECT and ASK, Turtle for CONSTRUCT and DESCRIBE (both servers offer both)
SPARQL_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"


@dataclass(frozen=True)
class Request:
    """One HTTP request: its label (query name, page kind), method, path, body, headers."""

    name: str
    method: str
    path: str
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class Outcome:
    name: str
    seconds: float
    status: str  # "ok", "timeout" or "error"
    detail: str = ""
    cached: bool = False  # answered from the server's page cache (``X-Cache: hit``)


def sparql_request(name: str, path: str, text: str) -> Request:
    return Request(
        name,
        "POST",
        path,
        text.encode("utf-8"),
        (
            ("Content-Type", "application/sparql-query"),
            ("Accept", SPARQL_ACCEPT),
        ),
    )


def page_request(name: str, path: str, accept: str) -> Request:
    return Request(name, "GET", path, None, (("Accept", accept),))


class Client:
    """One keep-alive HTTP connection to ``url``'s host; reconnects after a failure."""

    def __init__(self, url: str, timeout: float, limit: float | None = None) -> None:
        parts = urlsplit(url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.timeout = timeout  # the client's own limit
        self.limit = limit  # the server's: a connection it drops after this is a timeout
        self._connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def send(self, request: Request) -> Outcome:
        started = time.perf_counter()
        for _ in range(2):
            attempt = time.perf_counter()
            status, detail, cached = self._attempt(request)
            if status != "error" or not detail.startswith("connection"):
                break
            if self.limit is not None and time.perf_counter() - attempt >= self.limit:
                status, detail = "timeout", f"dropped after the server's limit ({detail})"
                break
            # else: a keep-alive connection the server closed, or a process that ended while
            # our request waited in it (another request's time limit): send it once more
        return Outcome(request.name, time.perf_counter() - started, status, detail, cached)

    def _attempt(self, request: Request) -> tuple[str, str, bool]:
        if self._connection is None:
            connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self._connection = connection
        try:
            self._connection.request(
                request.method, request.path, body=request.body, headers=dict(request.headers)
            )
            response = self._connection.getresponse()
            body = response.read()
        except TimeoutError:
            self.close()
            return "timeout", f"no answer in {self.timeout:g} s", False
        except (ConnectionError, http.client.HTTPException, OSError) as exc:
            self.close()
            return "error", f"connection: {type(exc).__name__} {exc}", False
        if response.status == 200:
            return "ok", "", response.getheader("X-Cache") == "hit"
        text = body[:300].decode("utf-8", "replace")
        if response.status == 503:  # past the time limit, or no worker free within it
            return "timeout", f"503 {text}", False
        return "error", f"{response.status} {text}", False


def _number(value: float) -> float | None:
    """``value`` for JSON: NaN and infinities (nothing measured) become null."""
    return None if value != value or value in (float("inf"), float("-inf")) else round(value, 2)


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile of ``values`` in milliseconds (nearest rank), NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[rank] * 1000


@dataclass
class Level:
    """What ``clients`` concurrent clients got in ``seconds``."""

    clients: int
    seconds: float
    outcomes: list[Outcome] = field(default_factory=list)
    settled_s: float = 0.0  # waited before it for the server to finish earlier work
    server_cpu_s: float | None = None  # CPU the server's processes used during it

    def _ok(self, name: str | None = None) -> list[float]:
        return [o.seconds for o in self.outcomes if o.status == "ok" and name in (None, o.name)]

    @property
    def ok(self) -> int:
        return sum(o.status == "ok" for o in self.outcomes)

    @property
    def timeouts(self) -> int:
        return sum(o.status == "timeout" for o in self.outcomes)

    @property
    def errors(self) -> int:
        return sum(o.status == "error" for o in self.outcomes)

    @property
    def qps(self) -> float:
        """Successful requests per second."""
        return self.ok / self.seconds if self.seconds else 0.0

    def p(self, q: float, name: str | None = None) -> float:
        """Latency percentile (ms) of the successful requests (of one kind when ``name``)."""
        return percentile(self._ok(name), q)

    @property
    def cpu_per_request_ms(self) -> float:
        """Server CPU (all its processes) per successful request: what bounds throughput on
        a machine's cores, whatever the clients wait for."""
        if self.server_cpu_s is None or not self.ok:
            return float("nan")
        return 1000 * self.server_cpu_s / self.ok

    def first_error(self) -> str:
        return next((f"{o.name}: {o.detail}" for o in self.outcomes if o.status != "ok"), "")

    def summary(self) -> dict[str, Any]:
        names = sorted({o.name for o in self.outcomes})
        return {
            "clients": self.clients,
            "seconds": round(self.seconds, 3),
            "settled_before_s": round(self.settled_s, 1),
            "requests": len(self.outcomes),
            "ok": self.ok,
            "timeouts": self.timeouts,
            "errors": self.errors,
            "cache_hits": sum(o.cached for o in self.outcomes),
            "qps": round(self.qps, 2),
            "p50_ms": _number(self.p(50)),
            "p99_ms": _number(self.p(99)),
            "first_error": self.first_error() or None,
            "server_cpu_ms_per_request": _number(self.cpu_per_request_ms),
            "by_name": {
                name: {
                    "ok": len(self._ok(name)),
                    "not_ok": sum(o.name == name and o.status != "ok" for o in self.outcomes),
                    "p50_ms": _number(self.p(50, name)),
                    "p99_ms": _number(self.p(99, name)),
                }
                for name in names
            },
        }


def hammer(
    url: str,
    requests: Sequence[Request],
    clients: int,
    seconds: float,
    timeout: float,
    limit: float | None = None,
) -> Level:
    """``clients`` threads send ``requests`` round-robin to ``url``'s host for ``seconds``."""
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    stride = max(1, len(requests) // clients) + 1  # +1: not always the same kind of request

    def client(offset: int) -> None:
        connection = Client(url, timeout, limit)
        mine: list[Outcome] = []
        try:
            for request in itertools.islice(itertools.cycle(requests), offset * stride, None):
                if time.monotonic() >= stop:
                    break
                mine.append(connection.send(request))
        finally:
            connection.close()
            with lock:
                outcomes.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Level(clients, time.monotonic() - started, outcomes)


def once_each(
    url: str, requests: Sequence[Request], timeout: float, limit: float | None = None
) -> list[Outcome]:
    """Every request once, one after another (single-request latencies; warms the server)."""
    connection = Client(url, timeout, limit)
    try:
        return [connection.send(request) for request in requests]
    finally:
        connection.close()


def tree_cpu_seconds(root: int) -> float:
    """CPU time (user + system) of ``root`` and all its descendants so far (Linux ``/proc``)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / tick
    total, todo, seen = 0.0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += times.get(pid, 0.0)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return total


def settle(pid: int, most: float, window: float = 1.0, busy: float = 0.1) -> float:
    """Wait (at most ``most`` s) until the server process tree ``pid`` has used less than
    ``busy`` of a core for ``window`` s: requests its clients gave up on still run (and queue)
    there, and must not be charged to the next measurement. Returns the seconds waited."""
    started = time.monotonic()
    before = tree_cpu_seconds(pid)
    while time.monotonic() - started < most:
        time.sleep(window)
        now = tree_cpu_seconds(pid)
        if now - before < busy * window:
            break
        before = now
    return time.monotonic() - started
