"""Run the scale benchmarks and print one table (results also in benchmarks/results/latest.json).

    python -m benchmarks.run [--sizes 1000,5000,10000]
                             [--only ingest,quality,dumps,queries,incremental,profile]
                             [--with-50k] [--quality-size 10000] [--queries-seconds 10]
                             [--seed 0] [--work-dir DIR]

Benchmarks (each against a baseline measured in the same run):
  ingest       pipeline.ingest into an on-disk store vs Store.bulk_load of the same quads
  quality      pairwise precision/recall of people and papers vs the corpus's ground truth
  dumps        `scholargraph export` (N-Quads, Turtle) vs pyoxigraph serialising the store
  queries      `scholargraph serve` on the largest store ≤ 10k at 1, 4 and 16 clients (SPARQL,
               entity pages as served and built cold) vs rdflib-endpoint on the largest
               store it holds in memory (benchmarks.bench_queries)
  incremental  re-ingesting one changed page into the largest store (≤ 10k)
  profile      pyinstrument profile of ingest at 1k (needs the `bench` extra)
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console

from benchmarks.bench import steps
from benchmarks.bench.machine import machine_info
from benchmarks.bench.queries import queries
from benchmarks.bench.report import print_table

RESULTS = Path(__file__).resolve().parent / "results"
ALL = ("ingest", "quality", "dumps", "queries", "incremental", "profile")
console = Console(stderr=True)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--sizes", default="1000,5000,10000", help="researchers per corpus")
    parser.add_argument("--only", default=",".join(ALL), help="comma-separated benchmarks")
    parser.add_argument("--with-50k", action="store_true", help="also ingest 50,000 researchers")
    parser.add_argument("--quality-size", type=int, default=10_000)
    parser.add_argument(
        "--queries-seconds", type=float, default=10.0, help="queries: per workload and level"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "scholargraph-bench"
    )
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    parser.add_argument(
        "--merge", action="store_true", help="update the output file's other benchmarks' results"
    )
    return parser.parse_args(argv)


def _step(name: str, func: Any, *args: Any) -> Any:
    started = time.perf_counter()
    console.print(f"[bold]{name}[/] …")
    result = func(*args)
    console.print(f"[bold]{name}[/] done in {time.perf_counter() - started:,.0f} s")
    return result


def _stores_needed(only: set[str], stored: list[int]) -> dict[int, list[str]]:
    """The stores each benchmark reads: dumps the two largest ≤ 10k, incremental and queries
    the largest, and queries the smallest too (rdflib-endpoint holds its store in memory)."""
    wanted: dict[int, list[str]] = {}
    reads = {"dumps": stored[-2:], "incremental": stored[-1:], "queries": stored[:1] + stored[-1:]}
    for name, sizes in reads.items():
        if name in only:
            for n in sizes:
                if name not in wanted.setdefault(n, []):
                    wanted[n].append(name)
    return dict(sorted(wanted.items()))


def run(args: argparse.Namespace) -> dict[str, Any]:
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    if args.with_50k:
        sizes.append(50_000)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    unknown = only - set(ALL)
    if unknown:
        raise SystemExit(f"unknown benchmarks: {', '.join(sorted(unknown))}")
    args.work_dir.mkdir(parents=True, exist_ok=True)
    ws = steps.Workspace(args.work_dir, args.seed)
    results: dict[str, Any] = {
        "command": "python -m benchmarks.run " + " ".join(shlex.quote(a) for a in sys.argv[1:]),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "seed": args.seed,
        "sizes": sizes,
    }
    stored = [n for n in sizes if n <= 10_000]
    if "ingest" in only:
        results["ingest"] = [_step(f"ingest {n:,}", steps.ingest, ws, n) for n in sizes]
        results["growth"] = steps.growth(results["ingest"])
    if "quality" in only:
        results["quality"] = _step(
            f"quality {args.quality_size:,}", steps.quality, ws, args.quality_size
        )
    if "ingest" not in only:
        for n, uses in _stores_needed(only, stored).items():  # made when missing
            if not ws.store(n).is_dir():
                _step(f"ingest {n:,} (for {', '.join(uses)})", steps.ingest, ws, n)
    if "dumps" in only:
        results["dumps"] = [
            row for n in stored[-2:] for row in _step(f"dumps {n:,}", steps.dumps, ws, n)
        ]
    if "queries" in only and stored:
        n = stored[-1]
        results["queries"] = _step(f"queries {n:,}", queries, ws, n, args.queries_seconds)
    if "incremental" in only and stored:
        results["incremental"] = _step(
            f"incremental {stored[-1]:,}", steps.incremental, ws, stored[-1]
        )
    if "profile" in only:
        output = RESULTS / "profile-ingest-1k.txt"
        results["profile"] = _step("profile 1,000", steps.profile, ws, 1000, output)
    results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    return results


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    results = run(args)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    if args.merge and args.output.is_file():
        previous = json.loads(args.output.read_text())
        runs = [*previous.pop("runs", []), {k: results[k] for k in ("command", "started")}]
        if "ingest" in results and "ingest" in previous:
            rows = {r["researchers"]: r for r in [*previous["ingest"], *results["ingest"]]}
            results["ingest"] = [rows[n] for n in sorted(rows)]
            results["growth"] = steps.growth(results["ingest"])
        if "dumps" in results and "dumps" in previous:
            keyed = {(d["researchers"], d["format"]): d for d in previous["dumps"]}
            keyed.update({(d["researchers"], d["format"]): d for d in results["dumps"]})
            results["dumps"] = [keyed[k] for k in sorted(keyed)]
        results = {**previous, **results, "runs": runs}
    args.output.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print_table(results, Console(width=160))
    console.print(f"results written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
