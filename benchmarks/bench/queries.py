"""Benchmark c, the HTTP service, as a step of ``python -m benchmarks.run``.

It runs :mod:`benchmarks.bench_queries` (a child process, its own tables on stderr) twice on
the run's ingested store:

* **served**: the SPARQL mix, person pages and entity RDF as the service answers them (pages
  kept in the page cache after their first request), side by side with rdflib-endpoint on the
  largest of the run's stores it can hold in memory;
* **cold**: the entity pages again with the page cache off, so that every page is built.

The step keeps what the table shows (every level of every workload, the targets) and names
the two JSON files that hold the rest.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.bench.steps import Workspace
from benchmarks.bench_queries import RDFLIB_MAX_QUADS, comparison_store, quad_count

REPO = Path(__file__).resolve().parents[2]
LEVEL_FIELDS = ("clients", "qps", "p50_ms", "p99_ms", "server_cpu_ms_per_request", "timeouts")
RUNS = {"served": [], "cold": ["--pages-only", "--page-cache-mb", "0"]}


def rdflib_store(store: Path) -> Path | None:
    """The store rdflib-endpoint gets (``store`` or a smaller sibling), ``None``: none fits."""
    options = argparse.Namespace(rdflib_store=None, rdflib_max_quads=RDFLIB_MAX_QUADS)
    try:
        return comparison_store(options, store, quad_count(store))
    except SystemExit:
        return None


def queries(
    ws: Workspace, researchers: int, seconds: float = 10.0, extra: Sequence[str] = ()
) -> dict[str, Any]:
    """Both runs on ``store-<researchers>``; ``extra``: more ``bench_queries`` options."""
    store = ws.store(researchers)
    side = rdflib_store(store)
    runs: dict[str, Any] = {}
    for label, options in RUNS.items():
        output = ws.root / f"queries-{researchers}-{label}.json"
        rdflib = [] if label != "served" or side is not None else ["--no-rdflib"]
        command = [
            sys.executable, "-m", "benchmarks.bench_queries", "--store", str(store),
            "--seconds", f"{seconds:g}", "--work-dir", str(ws.root / "queries"),
            "--output", str(output), *options, *rdflib, *extra,
        ]  # fmt: skip
        subprocess.run(command, check=True, cwd=REPO, stdout=sys.stderr)
        runs[label] = {"file": str(output), **_condensed(json.loads(output.read_text()))}
    return {
        "researchers": researchers,
        "quads": runs["served"]["quads"],
        "rdflib_store": None if side is None else side.name,
        **runs,
    }


def _levels(run: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {
        workload: [{k: level[k] for k in LEVEL_FIELDS} for level in levels]
        for workload, levels in run["levels"].items()
    }


def _condensed(result: dict[str, Any]) -> dict[str, Any]:
    """What the table shows of one ``bench_queries`` result file."""
    ours = result["scholargraph"]
    side = result.get("side_by_side") or {}
    theirs = side.get("rdflib")
    compared = side.get("scholargraph")
    return {
        "quads": ours["store"]["quads"],
        "levels": _levels(ours),
        "targets": result["targets"],
        "rdflib_levels": None if theirs is None else _levels(theirs),
        # the side-by-side ran on a smaller store: scholargraph measured again there
        "compared_levels": _levels(compared) if isinstance(compared, dict) else None,
    }
