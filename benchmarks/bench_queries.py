"""Benchmark of the HTTP service (issue #5, benchmark 3; not a test): queries/s and p50/p99
latency of ``scholargraph serve`` with 1, 4 and 16 concurrent clients, side by side with
rdflib-endpoint serving the same data.

    python -m benchmarks.bench_queries --store /tmp/scholargraph-bench/store-10000
    python -m benchmarks.bench_queries                     # quick: a synthetic 2,000-person graph
    python -m benchmarks.bench_queries --no-rdflib --seconds 3

Workloads, each measured at every client count (``--levels``) for ``--seconds``, clients going
round-robin through the workload's requests:

* **SPARQL lookups**: every ready-made query of ``queries/`` that takes an entity, a name or a
  graph, bound (the value written into the query text, as a user writes an IRI) to entities
  sampled from the data, another one on each round;
* **SPARQL analytic**: the whole-graph queries (statistics, VIVO, VoID, examples);
* **person pages HTML**: person IRIs dereferenced as HTML;
* **entity Turtle/JSON-LD**: person and publication IRIs dereferenced with ``Accept:
  text/turtle`` and ``application/ld+json``.

Every request is first sent once alone (the "alone" table); queries slower than
``--max-alone-s`` or failing there are left out of the timed SPARQL mixes of both servers and
listed with their time. SPARQL requests ask for JSON results (Turtle for CONSTRUCT); a query
without a LIMIT gets ``LIMIT 10000`` (the server's row cap), so both servers get the same text.

The store (``--store``, an ingested store folder) is copied first (an Oxigraph checkpoint: hard
links, instant) and the copy served, since ``serve`` opens its store read-write. Without
``--store`` a synthetic graph is built (``--persons``).

rdflib-endpoint (SPARQL only: it has no entity pages) runs in its own virtual environment
(created under ``--work-dir``), on the same store exported with ``scholargraph export``
(N-Quads, without the internal records graph), loaded into an in-memory rdflib ``Dataset``
with ``default_union=True``, served by uvicorn, with a time limit per request (timeouts are
counted). rdflib holds everything in memory: when the store has more quads than
``--rdflib-max-quads``, the side-by-side runs on ``--rdflib-store`` (default: the largest
``store-*`` folder beside ``--store`` that fits), and the scholargraph server is measured on
that store too, so the ratio compares the same data; the output says which sizes ran.

Results: the tables on stdout and ``benchmarks/results/queries-latest.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script: python benchmarks/bench_queries.py
    sys.path.insert(0, str(REPO))

import pyoxigraph as ox  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from benchmarks.bench_queries_load import (  # noqa: E402
    Level,
    Outcome,
    Request,
    hammer,
    once_each,
    page_request,
    settle,
    sparql_request,
    tree_cpu_seconds,
)
from benchmarks.bench_queries_rdflib import (  # noqa: E402
    RdflibServer,
    ensure_venv,
    export_nquads,
    start_rdflib,
)
from benchmarks.bench_queries_workload import (  # noqa: E402
    MAX_ROWS,
    SYNTHETIC_BASE,
    Mix,
    Sample,
    build,
    detect_base,
    page_cases,
    query_mix,
    sample,
)

RESULTS = REPO / "benchmarks" / "results" / "queries-latest.json"
SPARQL_PATH = "/sparql"
PAGE_P99_TARGET_MS = 50.0
THROUGHPUT_TARGET = 10.0
RDFLIB_MAX_QUADS = 3_000_000  # rdflib-endpoint holds its store in memory
WORKLOADS = ("lookups", "analytic", "html", "rdf")
SPARQL_WORKLOADS = ("lookups", "analytic")
PAGE_WORKLOADS = ("html", "rdf")
LABELS = {
    "lookups": "SPARQL lookups",
    "analytic": "SPARQL analytic",
    "html": "person pages HTML",
    "rdf": "entity Turtle/JSON-LD",
}
console = Console()
if not console.is_terminal:  # a log file: wide enough for the tables
    console = Console(width=150)


# ----------------------------------------------------------------------------- stores


@dataclass
class Prepared:
    """A store ready to serve: the copy, its size, its base IRI and what is sent to it."""

    label: str  # "store-10000", "synthetic-2000"
    source: str  # the folder given (or "synthetic")
    path: Path  # the copy served
    quads: int
    base: str
    researchers: int | None
    sample: Sample
    mix: Mix
    pages: list[Request] = field(default_factory=list)

    def describe(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "source": self.source,
            "quads": self.quads,
            "researchers": self.researchers,
            "base": self.base,
        }


def _researchers(name: str) -> int | None:
    match = re.fullmatch(r"store-(\d+)", name)
    return int(match.group(1)) if match else None


def quad_count(path: Path) -> int:
    return len(ox.Store.read_only(str(path)))


def copy_store(source: Path, target: Path) -> None:
    """A consistent copy of ``source`` (a checkpoint: hard-linked files) at ``target``."""
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    ox.Store.read_only(str(source)).backup(str(target))


def prepare(args: argparse.Namespace, store: Path | None, work: Path) -> Prepared:
    if store is None:
        label = f"synthetic-{args.persons}"
        path = work / "served" / label
        if path.exists():
            shutil.rmtree(path)
        started = time.monotonic()
        quads = build(path, args.persons)
        print(f"{label}: {quads:,} quads built in {time.monotonic() - started:.1f} s", flush=True)
        base, source, researchers = SYNTHETIC_BASE, "synthetic", args.persons
    else:
        label = store.name
        path = work / "served" / label
        copy_store(store, path)
        quads = quad_count(path)
        base, source, researchers = args.base or detect_base(path), str(store), _researchers(label)
    started = time.monotonic()
    drawn = sample(path, base, size=args.sample, seed=args.seed)
    only = args.queries.split(",") if args.queries else None
    mix = query_mix(drawn, rounds=args.sample, only=only)
    pages = [page_request(c.name, c.path, c.accept) for c in page_cases(drawn, args.sample)]
    print(
        f"{label}: {quads:,} quads; sampled {len(drawn.persons)} persons, "
        f"{len(drawn.publications)} publications, {len(drawn.organizations)} organizations, "
        f"{len(drawn.topics)} topics in {time.monotonic() - started:.1f} s",
        flush=True,
    )
    return Prepared(label, source, path, quads, base, researchers, drawn, mix, pages)


def comparison_store(args: argparse.Namespace, main: Path | None, main_quads: int) -> Path | None:
    """The store rdflib-endpoint gets: the main one if it fits, else ``--rdflib-store``, else
    the largest sibling ``store-*`` folder within ``--rdflib-max-quads``; ``None``: synthetic."""
    if args.rdflib_store:
        return Path(args.rdflib_store)
    if main is None or main_quads <= args.rdflib_max_quads:
        return main
    best: tuple[int, Path] | None = None
    for sibling in sorted(main.parent.glob("store-*")):
        if sibling == main or not (sibling / "CURRENT").exists():
            continue
        try:
            quads = quad_count(sibling)
        except OSError:
            continue
        if quads <= args.rdflib_max_quads and (best is None or quads > best[0]):
            best = (quads, sibling)
    if best is None:
        raise SystemExit(
            f"{main} has {main_quads:,} quads, more than --rdflib-max-quads "
            f"{args.rdflib_max_quads:,}, and no smaller store-* folder is beside it: "
            "pass --rdflib-store or --no-rdflib"
        )
    return best[1]


# ----------------------------------------------------------------------------- scholargraph


def start_scholargraph(
    prepared: Prepared, work: Path, args: argparse.Namespace
) -> tuple[subprocess.Popen[str], str]:
    config = work / f"{prepared.label}.toml"
    config.write_text(
        f'[scholargraph]\nbase_iri = "{prepared.base}"\n[scholargraph.web]\n'
        f"max_result_rows = {MAX_ROWS}\npage_cache_mb = {args.page_cache_mb}\n",
        encoding="utf-8",
    )
    command = [
        sys.executable, "-m", "scholargraph", "--config", str(config), "serve",
        "--store", str(prepared.path), "--port", "0", "--workers", str(args.workers),
        "--threads", str(args.threads), "--query-timeout", str(args.timeout),
    ]  # fmt: skip
    log = work / f"serve-{prepared.label}.log"  # waitress warns of queued requests there
    with log.open("w") as errors:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if " at " not in line:
        process.kill()
        raise SystemExit(f"the server did not start: {line!r}; see {log}")
    return process, line.split(" at ", 1)[1].split(" ", 1)[0]


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _first_round(requests: list[Request]) -> list[Request]:
    seen: set[str] = set()
    out = []
    for request in requests:
        if request.name not in seen:
            seen.add(request.name)
            out.append(request)
    return out


def _singles(outcomes: list[Outcome]) -> dict[str, dict[str, Any]]:
    return {
        o.name: {"ms": round(o.seconds * 1000, 1), "status": o.status, "detail": o.detail or None}
        for o in outcomes
    }


@dataclass
class Run:
    """One server measured on one store."""

    server: str
    store: Prepared
    requests: dict[str, list[Request]]  # workload -> the requests of its timed runs
    single: dict[str, dict[str, Any]]  # request name -> its latency alone (first request)
    levels: dict[str, list[Level]] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)  # analytic query -> why
    info: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "server": self.server,
            "store": self.store.describe(),
            "info": self.info,
            "mix": {w: sorted({r.name for r in reqs}) for w, reqs in self.requests.items()},
            "left_out_of_timed_mixes": self.left_out,
            "single_request_ms": self.single,
            "levels": {w: [lv.summary() for lv in levels] for w, levels in self.levels.items()},
        }


def _settle(server_pid: int, args: argparse.Namespace, timeout: float) -> float:
    most = 2 * timeout if args.settle is None else args.settle
    return settle(server_pid, most=most) if most > 0 else 0.0


def measure_levels(
    run: Run,
    url: str,
    args: argparse.Namespace,
    timeout: float,
    server_pid: int,
    limit: float | None = None,
    only: tuple[str, ...] | None = None,
) -> None:
    levels = [int(x) for x in args.levels.split(",")]
    for workload, requests in run.requests.items():
        if not requests or (only is not None and workload not in only):
            continue
        run.levels[workload] = []
        for clients in levels:
            settled = _settle(server_pid, args, timeout)
            cpu_before = tree_cpu_seconds(server_pid)
            level = hammer(url, requests, clients, args.seconds, timeout, limit)
            level.server_cpu_s = tree_cpu_seconds(server_pid) - cpu_before
            level.settled_s = settled
            run.levels[workload].append(level)
            console.print(
                f"  {run.server:>12} {LABELS[workload]:<21} {clients:>2} clients "
                f"(after {settled:4.0f} s idle wait): "
                f"{level.qps:8.1f} req/s  p50 {level.p(50):8.1f} ms  p99 {level.p(99):8.1f} ms"
                f"  server CPU {level.cpu_per_request_ms:6.2f} ms/req"
                f"  timeouts {level.timeouts}  errors {level.errors}"
                f"  from the page cache {sum(o.cached for o in level.outcomes)}",
                highlight=False,
            )
            if level.errors and args.verbose:
                console.print(f"    first error: {level.first_error()}", highlight=False)


def run_scholargraph(
    prepared: Prepared, work: Path, args: argparse.Namespace, workloads: tuple[str, ...]
) -> Run:
    sparql = {
        "lookups": [sparql_request(c.name, SPARQL_PATH, c.text) for c in prepared.mix.lookups],
        "analytic": [sparql_request(c.name, SPARQL_PATH, c.text) for c in prepared.mix.analytic],
    }
    process, root = start_scholargraph(prepared, work, args)
    client_timeout = args.timeout + args.timeout_margin
    try:
        console.print(f"scholargraph serve on {prepared.label} at {root}", highlight=False)
        pages = {
            "html": [r for r in prepared.pages if r.name.endswith(" html")],
            "rdf": [r for r in prepared.pages if not r.name.endswith(" html")],
        }
        # SPARQL first: each request alone, then the levels; then each kind of page alone and
        # its levels (pages have no time limit on the server: an entity page sent alone that
        # runs for minutes must not run under the SPARQL levels)
        alone = _first_round(sparql["lookups"]) + sparql["analytic"]
        if not set(SPARQL_WORKLOADS) & set(workloads):
            alone = []  # --pages-only
        outcomes = once_each(root, alone, client_timeout)
        single = _singles(outcomes)
        left_out = {
            o.name: (
                f"{o.status} in {o.seconds:.1f} s"
                if o.status != "ok"
                else f"{o.seconds:.1f} s alone > --max-alone-s {args.max_alone_s:g}"
            )
            for o in outcomes
            if o.status != "ok" or o.seconds > args.max_alone_s
        }
        requests = {
            "lookups": [r for r in sparql["lookups"] if r.name not in left_out],
            "analytic": [r for r in sparql["analytic"] if r.name not in left_out],
            **pages,
        }
        requests = {w: requests[w] for w in workloads}
        run = Run("scholargraph", prepared, requests, single, left_out=left_out)
        run.info = {
            "query_workers": args.workers,
            "threads": args.threads,
            "page_cache_mb": args.page_cache_mb,
            "query_timeout_s": args.timeout,
            "client_timeout_s": client_timeout,
        }
        if left_out:
            console.print(
                "  queries left out of the timed mixes (both servers): "
                + ", ".join(f"{k} ({v})" for k, v in left_out.items()),
                highlight=False,
            )
        measure_levels(run, root, args, client_timeout, process.pid, only=SPARQL_WORKLOADS)
        for workload in PAGE_WORKLOADS:
            if workload in workloads:
                _settle(process.pid, args, client_timeout)
                page_outcomes = once_each(root, _first_round(pages[workload]), client_timeout)
                run.single.update(_singles(page_outcomes))
                measure_levels(run, root, args, client_timeout, process.pid, only=(workload,))
    finally:
        stop(process)
    return run


# ----------------------------------------------------------------------------- rdflib


def run_rdflib(prepared: Prepared, reference: Run, work: Path, args: argparse.Namespace) -> Run:
    """rdflib-endpoint on ``prepared``'s data, sent the very requests ``reference`` timed."""
    python = ensure_venv(Path(args.rdflib_venv) if args.rdflib_venv else work / "rdflib-venv")
    config = work / f"{prepared.label}.toml"
    data = work / f"{prepared.label}.nq"
    quads, export_s = export_nquads(prepared.path, config, data)
    console.print(
        f"exported {prepared.label}: {quads:,} quads in {export_s:.1f} s; loading into rdflib…",
        highlight=False,
    )
    server: RdflibServer = start_rdflib(
        python, data, timeout=args.rdflib_timeout, workers=args.rdflib_workers,
        load_timeout=args.rdflib_load_timeout, log=work / f"rdflib-{prepared.label}.log",
    )  # fmt: skip
    timeout = args.rdflib_timeout + args.timeout_margin
    try:
        console.print(
            f"rdflib-endpoint {server.info['rdflib_endpoint']} (rdflib {server.info['rdflib']}) "
            f"at {server.root}: loaded in {server.info['load_s']:.1f} s, service description "
            f"{server.info['startup_s']:.1f} s, {server.info['rss_mb']:,.0f} MB",
            highlight=False,
        )
        requests = {w: reference.requests[w] for w in SPARQL_WORKLOADS}
        cases = prepared.mix.lookups + prepared.mix.analytic  # those left out of the mixes too
        everything = [sparql_request(c.name, SPARQL_PATH, c.text) for c in cases]
        firsts = _first_round(everything)
        single = _singles(once_each(server.root, firsts, timeout, args.rdflib_timeout))
        run = Run("rdflib", prepared, requests, single)
        measure_levels(run, server.root, args, timeout, server.process.pid, args.rdflib_timeout)
        run.info = {
            **server.info,
            "exported_quads": quads,
            "export_s": round(export_s, 1),
            "peak_rss_mb": round(server.peak_rss_mb, 1),
            "request_timeout_s": args.rdflib_timeout,
            "workers_killed_past_the_limit": _count_lines(
                work / f"rdflib-{prepared.label}.log", "forking another"
            ),
            "client_timeout_s": timeout,
        }
    finally:
        server.close()
    return run


def _count_lines(path: Path, needle: str) -> int:
    try:
        return sum(needle in line for line in path.read_text(encoding="utf-8").splitlines())
    except OSError:
        return 0


# ----------------------------------------------------------------------------- report


def _size(prepared: Prepared) -> str:
    who = f"{prepared.researchers:,} researchers, " if prepared.researchers else ""
    return f"{prepared.label} ({who}{prepared.quads:,} quads)"


def _ms(value: float) -> str:
    return "—" if value != value else f"{value:,.1f}"  # NaN: nothing succeeded


def main_table(run: Run) -> Table:
    table = Table(title=f"scholargraph serve — {_size(run.store)}")
    columns = ("workload", "clients", "req/s", "p50 ms", "p99 ms", "server CPU ms/req", "ok")
    for column in (*columns, "timeouts", "errors", "cache hits"):
        table.add_column(column, justify="left" if column == "workload" else "right")
    for workload, levels in run.levels.items():
        for level in levels:
            table.add_row(
                LABELS[workload], str(level.clients), f"{level.qps:,.1f}", _ms(level.p(50)),
                _ms(level.p(99)), _ms(level.cpu_per_request_ms), str(level.ok),
                str(level.timeouts), str(level.errors),
                str(sum(o.cached for o in level.outcomes)),
            )  # fmt: skip
    return table


def page_kinds_table(run: Run) -> Table | None:
    levels = run.levels.get("rdf")
    if not levels:
        return None
    table = Table(title="entity Turtle/JSON-LD by kind (p50 / p99 ms)")
    table.add_column("kind")
    for level in levels:
        table.add_column(f"{level.clients} clients", justify="right")
    names = sorted({o.name for level in levels for o in level.outcomes})
    for name in names:
        table.add_row(name, *(f"{_ms(lv.p(50, name))} / {_ms(lv.p(99, name))}" for lv in levels))
    return table


def _times(value: float | str | None) -> str:
    if value is None or value != value:
        return "—"
    if value in ("inf", float("inf")):
        return "∞"
    return f"{float(value):,.1f}×"


def ratio(a: float, b: float) -> float:
    if b > 0:
        return a / b
    return float("inf") if a > 0 else float("nan")


def side_table(ours: Run, theirs: Run) -> Table:
    title = (
        f"side by side, SPARQL only — scholargraph {_size(ours.store)} vs rdflib-endpoint "
        f"{_size(theirs.store)}"
    )
    table = Table(title=title)
    columns = ("workload", "clients", "scholargraph req/s", "p50", "p99", "rdflib req/s", "p50",
               "p99", "timeouts", "errors", "ratio")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column == "workload" else "right")
    for workload in SPARQL_WORKLOADS:
        pairs = zip(ours.levels.get(workload, []), theirs.levels.get(workload, []), strict=True)
        for a, b in pairs:
            r = ratio(a.qps, b.qps)
            table.add_row(
                LABELS[workload], str(a.clients), f"{a.qps:,.1f}", _ms(a.p(50)), _ms(a.p(99)),
                f"{b.qps:,.2f}", _ms(b.p(50)), _ms(b.p(99)), str(b.timeouts), str(b.errors),
                f"[{'green' if r >= THROUGHPUT_TARGET else 'red'}]{_times(r)}",
            )  # fmt: skip
    return table


def single_table(main: Run, theirs: Run | None, ours: Run | None) -> Table:
    """Each query (and page kind) alone: the first request of each, one client."""
    table = Table(title="each request alone, one client (ms)")
    table.add_column("query / page")
    runs = [main]
    if ours is not None and ours is not main:
        runs.append(ours)
    if theirs is not None:
        runs.append(theirs)
    for run in runs:
        table.add_column(f"{run.server} {run.store.label}", justify="right")

    def cell(run: Run, name: str) -> str:
        one = run.single.get(name)
        if one is None:
            return ""
        if one["status"] == "ok":
            return f"{one['ms']:,.1f}"
        return f"{one['status']} ({one['ms']:,.0f})"

    names = list(dict.fromkeys(name for run in runs for name in run.single))
    for name in names:
        table.add_row(name, *(cell(run, name) for run in runs))
    return table


def targets(main: Run, ours: Run | None, theirs: Run | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    pages = {}
    for workload in PAGE_WORKLOADS:
        at16 = next((lv for lv in main.levels.get(workload, []) if lv.clients == 16), None)
        if at16 is not None:
            p99 = at16.p(99)
            met = p99 < PAGE_P99_TARGET_MS and not at16.timeouts and not at16.errors
            pages[workload] = {"p99_ms": None if p99 != p99 else round(p99, 2), "met": bool(met)}
    if pages:
        out["entity_pages_p99_at_16"] = pages
        out["entity_pages_p99_target_ms"] = PAGE_P99_TARGET_MS
        out["entity_pages_p99_met"] = all(v["met"] for v in pages.values())
    if ours is not None and theirs is not None:
        ratios = {}
        for workload in SPARQL_WORKLOADS:
            for a, b in zip(ours.levels.get(workload, []), theirs.levels.get(workload, []),
                            strict=True):  # fmt: skip
                ratios[f"{workload}@{a.clients}"] = ratio(a.qps, b.qps)
        # infinite: rdflib-endpoint answered nothing in time at that level
        out["throughput_ratios"] = {
            k: ("inf" if v == float("inf") else None if v != v else round(v, 2))
            for k, v in ratios.items()
        }
        out["throughput_target"] = THROUGHPUT_TARGET
        finite = [v for v in ratios.values() if v == v]
        out["throughput_min_ratio"] = (
            None if not finite else "inf" if min(finite) == float("inf") else round(min(finite), 2)
        )
        out["throughput_met"] = bool(finite) and min(finite) >= THROUGHPUT_TARGET
        out["side_by_side_size"] = theirs.store.describe()
    return out


def _machine() -> dict[str, Any]:
    try:
        from benchmarks.bench.machine import machine_info

        return machine_info()
    except Exception:  # the shared helper is someone else's; its absence must not stop a run
        return {"nproc": os.cpu_count(), "load_average_at_start": list(os.getloadavg())}


# ----------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="an ingested store folder (default: a synthetic graph)")
    parser.add_argument("--persons", type=int, default=2000, help="synthetic graph size")
    parser.add_argument("--base", help="the store's base IRI (default: read from the store)")
    parser.add_argument("--seconds", type=float, default=10.0, help="per workload and level")
    parser.add_argument("--levels", default="1,4,16", help="concurrent clients, comma-separated")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="query workers")
    parser.add_argument("--threads", type=int, default=16, help="server request threads")
    parser.add_argument(
        "--page-cache-mb",
        type=int,
        default=64,
        help="the server's page cache (web.page_cache_mb; 0: every page built afresh)",
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="server query timeout (s)")
    parser.add_argument(
        "--timeout-margin",
        type=float,
        default=10.0,
        help="clients wait this much longer than the server's time limit",
    )
    parser.add_argument(
        "--max-alone-s",
        type=float,
        default=10.0,
        help="queries slower than this alone (or failing) stay out of the timed mixes",
    )
    parser.add_argument(
        "--settle",
        type=float,
        help="before each level, wait at most this long for the server to go idle "
        "(default: twice the client time limit; 0: do not wait)",
    )
    parser.add_argument("--queries", help="only these query names (comma-separated)")
    parser.add_argument("--sample", type=int, default=200, help="entities sampled per kind")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-pages", action="store_true", help="no entity page workload")
    parser.add_argument(
        "--pages-only", action="store_true", help="only the entity page workloads (no rdflib)"
    )
    parser.add_argument("--no-rdflib", action="store_true", help="scholargraph only")
    parser.add_argument("--rdflib-store", help="store for the side-by-side (default: see above)")
    parser.add_argument(
        "--rdflib-max-quads",
        type=int,
        default=RDFLIB_MAX_QUADS,
        help="largest store rdflib-endpoint is given (it holds it in memory)",
    )
    parser.add_argument(
        "--rdflib-timeout",
        type=float,
        default=None,
        help="rdflib time limit per request, s (default: --timeout)",
    )
    parser.add_argument(
        "--rdflib-workers",
        type=int,
        default=1,
        help="uvicorn processes (1, like rdflib-endpoint serve)",
    )
    parser.add_argument("--rdflib-load-timeout", type=float, default=3600.0)
    parser.add_argument("--rdflib-venv", help="default: WORK/rdflib-venv")
    default_work = Path(tempfile.gettempdir()) / "scholargraph-bench" / "queries"
    parser.add_argument("--work-dir", default=str(default_work))
    parser.add_argument("--output", default=str(RESULTS), help="results JSON")
    parser.add_argument("--keep", action="store_true", help="keep the store copies and export")
    parser.add_argument("-v", "--verbose", action="store_true", help="print first errors")
    args = parser.parse_args(argv)
    if args.rdflib_timeout is None:
        args.rdflib_timeout = args.timeout
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    work = Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    machine = _machine()
    store = Path(args.store).resolve() if args.store else None
    workloads = tuple(w for w in WORKLOADS if not (args.no_pages and w in PAGE_WORKLOADS))
    if args.pages_only:
        workloads, args.no_rdflib = PAGE_WORKLOADS, True

    prepared = prepare(args, store, work)
    main_run = run_scholargraph(prepared, work, args, workloads)
    ours: Run | None = None
    theirs: Run | None = None
    if not args.no_rdflib:
        other = comparison_store(args, store, prepared.quads)
        if other is None or other == store:
            compared, ours = prepared, main_run
        else:
            console.print(
                f"\n{prepared.label} has {prepared.quads:,} quads (> --rdflib-max-quads "
                f"{args.rdflib_max_quads:,}): the side-by-side runs on {other.name}",
                highlight=False,
            )
            compared = prepare(args, other, work)
            ours = run_scholargraph(compared, work, args, SPARQL_WORKLOADS)
        theirs = run_rdflib(compared, ours, work, args)

    console.print()
    console.print(main_table(main_run))
    for run in [main_run] + ([ours] if ours is not None and ours is not main_run else []):
        if run.left_out:
            console.print(
                f"left out of the timed SPARQL mixes on {run.store.label}: "
                + ", ".join(f"{k} ({v})" for k, v in run.left_out.items()),
                highlight=False,
            )
    kinds = page_kinds_table(main_run)
    if kinds is not None:
        console.print(kinds)
    if ours is not None and theirs is not None:
        console.print(side_table(ours, theirs))
        if theirs.info:
            console.print(
                f"rdflib-endpoint: {theirs.info['exported_quads']:,} quads loaded in "
                f"{theirs.info['load_s']:,.0f} s (+ {theirs.info['startup_s']:,.0f} s of service "
                f"description), {theirs.info['rss_mb']:,.0f} MB after loading, "
                f"peak {theirs.info['peak_rss_mb']:,.0f} MB; {theirs.info['workers']} uvicorn "
                f"process(es); {args.rdflib_timeout:g} s limit per request",
                highlight=False,
            )
    console.print(single_table(main_run, theirs, ours))
    goals = targets(main_run, ours, theirs)
    _print_targets(goals, main_run, theirs)

    machine["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    out = {
        "benchmark": "queries",
        "started": started.isoformat(timespec="seconds"),
        "command": "python -m benchmarks.bench_queries " + " ".join(argv or sys.argv[1:]),
        "machine": machine,
        "settings": {
            k: v for k, v in vars(args).items() if k not in ("output", "work_dir", "verbose")
        },
        "targets": goals,
        "scholargraph": main_run.to_json(),
        "side_by_side": (
            None
            if theirs is None or ours is None
            else {
                "scholargraph": ours.to_json() if ours is not main_run else "same as above",
                "rdflib": theirs.to_json(),
            }
        ),
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(_finite(out), indent=2, ensure_ascii=False, allow_nan=False)
    output.write_text(text + "\n", encoding="utf-8")
    console.print(f"results: {output}", highlight=False)
    if not args.keep:
        shutil.rmtree(work / "served", ignore_errors=True)
        for export in work.glob("*.nq"):
            export.unlink()


def _finite(value: Any) -> Any:
    """``value`` with NaN (nothing measured) as null, so the file is strict JSON."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _print_targets(goals: dict[str, Any], main_run: Run, theirs: Run | None) -> None:
    for workload, page in goals.get("entity_pages_p99_at_16", {}).items():
        met = "met" if page["met"] else "missed"
        console.print(
            f"{LABELS[workload]} p99 at 16 clients: {_ms(page['p99_ms'] or float('nan'))} ms "
            f"(target < {PAGE_P99_TARGET_MS:g} ms, no timeouts, on {_size(main_run.store)}): "
            f"{met}",
            highlight=False,
        )
    if theirs is not None and goals.get("throughput_ratios"):
        met = "met" if goals["throughput_met"] else "missed"
        ratios = goals["throughput_ratios"]
        each = ", ".join(f"{k} {_times(v)}" for k, v in ratios.items())
        console.print(
            f"throughput scholargraph / rdflib-endpoint: min "
            f"{_times(goals['throughput_min_ratio'])} over {each} "
            f"(target ≥ {THROUGHPUT_TARGET:g}× on {_size(theirs.store)}, SPARQL only: "
            f"rdflib-endpoint has no entity pages): {met}",
            highlight=False,
        )


if __name__ == "__main__":
    main()
