"""rdflib-endpoint serving an N-Quads file, for the query benchmark's side-by-side run.

Runs in the benchmark's own virtual environment (``rdflib-endpoint``, ``uvicorn``; it does not
import scholargraph), started by :mod:`benchmarks.bench_queries_rdflib`::

    VENV/bin/python benchmarks/bench_queries_rdflib_server.py DATA.nq --port 0 --timeout 30

It serves the data the way ``rdflib-endpoint serve`` does (an in-memory rdflib ``Dataset`` with
``default_union=True``, ``SparqlEndpoint``, uvicorn), at ``/sparql``, with two additions for
benchmarking:

* **Loaded once, served by forked children.** The parent parses the file and builds the
  ``SparqlEndpoint`` (which computes its service description over the data), then forks the
  uvicorn process(es) (``--workers``, default 1 like ``rdflib-endpoint serve``) on one
  listening socket. A child that dies is forked again from the loaded parent in milliseconds.
* **A real time limit.** rdflib evaluates a query on the event loop and cannot be interrupted,
  so one slow query would block every later request. Each child publishes when its oldest
  running request started (shared memory); the parent kills a child whose request has run
  longer than ``--timeout`` s and forks a new one. That client (and any other request the
  child held) sees its connection drop.

Prints one JSON line when ready: ``{"url": ..., "load_s": ..., "startup_s": ..., "rss_mb": ...}``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import json
import logging
import mmap
import os
import resource
import signal
import socket
import struct
import sys
import time
from importlib.metadata import version
from typing import Any

SLOT = struct.Struct("d")  # per child: time.monotonic() its oldest running request started


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load(path: str, rdf_format: str) -> Any:
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(path, format=rdf_format)
    return dataset


def _timed_app(app: Any, slot: mmap.mmap) -> Any:
    """``app`` writing the start time of its oldest running request into ``slot`` (shared
    with the parent, which ends this process when that request has run too long)."""
    running: dict[int, float] = {}
    counter = itertools.count()

    def publish() -> None:
        SLOT.pack_into(slot, 0, min(running.values(), default=0.0))

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        key = next(counter)
        running[key] = time.monotonic()
        publish()
        try:
            await app(scope, receive, send)
        finally:
            running.pop(key, None)
            publish()

    return wrapped


def _child(listener: socket.socket, app: Any, slot: mmap.mmap) -> None:
    import uvicorn  # type: ignore[import-not-found]  # the benchmark's own venv

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    config = uvicorn.Config(
        _timed_app(app, slot), log_level="error", access_log=False, lifespan="off"
    )
    uvicorn.Server(config).run(sockets=[listener])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", help="an N-Quads (or other rdflib-readable) file")
    parser.add_argument("--format", default="nquads")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.CRITICAL)  # rdflib-endpoint logs every failed query

    started = time.monotonic()
    dataset = _load(args.data, args.format)
    load_s = time.monotonic() - started
    from rdflib_endpoint import SparqlEndpoint  # type: ignore[import-not-found]

    started = time.monotonic()  # it computes its service description over the whole data
    app = SparqlEndpoint(graph=dataset, path="/sparql", cors_enabled=False)
    startup_s = time.monotonic() - started
    gc.collect()
    gc.freeze()  # keep the loaded graph's pages shared with the children (no GC writes)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((args.host, args.port))
    listener.listen(1024)
    port = listener.getsockname()[1]

    children: dict[int, mmap.mmap] = {}
    stopping = False

    def fork() -> None:
        slot = mmap.mmap(-1, SLOT.size)  # anonymous and shared with the child
        pid = os.fork()
        if pid == 0:
            try:
                _child(listener, app, slot)
            finally:
                os._exit(0)
        children[pid] = slot

    def stop(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for _ in range(args.workers):
        fork()
    ready = {
        "url": f"http://{args.host}:{port}/sparql",
        "load_s": round(load_s, 2),
        "startup_s": round(startup_s, 2),
        "rss_mb": round(_rss_mb(), 1),
        "workers": args.workers,
        "rdflib": version("rdflib"),
        "rdflib_endpoint": version("rdflib-endpoint"),
        "uvicorn": version("uvicorn"),
        "python": sys.version.split()[0],
    }
    print(json.dumps(ready), flush=True)
    while not stopping:  # the watchdog: end children past the limit, fork replacements
        time.sleep(0.1)
        now = time.monotonic()
        for pid, slot in list(children.items()):
            oldest = SLOT.unpack_from(slot, 0)[0]
            if oldest and now - oldest > args.timeout:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        while children:
            pid, _status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            children.pop(pid, None)
            print(f"worker {pid} ended; forking another", file=sys.stderr, flush=True)
            fork()


if __name__ == "__main__":
    main()
