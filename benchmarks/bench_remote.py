"""Ingest a generated corpus into Virtuoso (remote, over HTTP) and into the embedded store.

    python -m benchmarks.bench_remote [--researchers 500] [--seed 0] [--work-dir DIR]
                                      [--virtuoso-buffers 100000]

Starts its own Virtuoso Open-Source (``virtuoso-t``, Debian package ``virtuoso-opensource``) on
free loopback ports in the work folder, the same way the remote-store tests do, and prints one
table, side by side: first ingest, re-ingest of the unchanged corpus, one changed page, an
N-Quads export, and the triple counts (which must be equal). Results also go to
``benchmarks/results/remote-latest.json``. The issue's large run is ``--researchers 10000``.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script: the launcher lives beside the tests
    sys.path.insert(0, str(REPO))

from tests.remote.virtuoso import BASE, Virtuoso, find_virtuoso  # noqa: E402

from benchmarks.corpus import generate_corpus  # noqa: E402
from scholargraph.config import Settings  # noqa: E402
from scholargraph.pipeline import ingest  # noqa: E402
from scholargraph.rdf.iris import Iris  # noqa: E402
from scholargraph.store_api import GraphStore, open_store  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "remote-latest.json"


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def _change_one_page(pages: Path) -> Path:
    page = sorted(pages.rglob("*.txt"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\nBenchmark Changed Title\n", "utf-8")
    return page


def measure(
    name: str, settings: Settings, pages: Path, out: dict[str, Any], save: Callable[[], None]
) -> None:
    """Times of the steps on one store into ``out``, saved after each step (a later step that
    fails keeps the earlier figures); the corpus is restored afterwards."""
    store: GraphStore = open_store(settings)
    out["store"] = name
    try:
        out["ingest_s"], report = _timed(lambda: ingest([pages], settings, store))
        out["documents"] = len(report.succeeded)
        out["failed"] = len(report.failed)
        out["graphs_written"] = report.graphs_written
        save()
        out["reingest_s"], _ = _timed(lambda: ingest([pages], settings, store))
        save()
        page = _change_one_page(pages)
        original = page.read_text(encoding="utf-8").removesuffix("\nBenchmark Changed Title\n")
        try:
            out["one_change_s"], changed = _timed(lambda: ingest([pages], settings, store))
            out["one_change_graphs_written"] = changed.graphs_written
            out["one_change_graphs_mapped"] = changed.graphs_mapped
        finally:
            page.write_text(original, encoding="utf-8")
        save()
        sink = io.BytesIO()
        internal = list(Iris(settings.base).internal_graphs)
        out["export_nquads_s"], _ = _timed(
            lambda: store.dump(sink, "nquads", exclude_graphs=internal)
        )
        out["export_bytes"] = len(sink.getvalue())
        out["quads"] = len(store)
        save()
    finally:
        store.close()


def _print(rows: list[dict[str, Any]], researchers: int) -> None:
    keys = [
        ("documents", "documents"),
        ("quads", "quads stored"),
        ("ingest_s", "first ingest (s)"),
        ("reingest_s", "re-ingest, unchanged (s)"),
        ("one_change_s", "one page changed (s)"),
        ("export_nquads_s", "export N-Quads (s)"),
    ]
    print(f"\nscholargraph ingest, {researchers} researchers: embedded vs remote (Virtuoso)")
    header = f"{'':28}" + "".join(f"{row['store']:>16}" for row in rows)
    print(header)
    for key, label in keys:
        cells = []
        for row in rows:
            value = row.get(key)
            cells.append(f"{value:>16.2f}" if isinstance(value, float) else f"{value!s:>16}")
        print(f"{label:28}" + "".join(cells))
    if len(rows) == 2 and rows[0]["ingest_s"]:
        print(
            f"{'remote / embedded (ingest)':28}{rows[1]['ingest_s'] / rows[0]['ingest_s']:>32.1f}x"
        )


def _save(
    rows: list[dict[str, Any]], args: argparse.Namespace, counts: dict[str, int], pages: int
) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "researchers": args.researchers,
        "seed": args.seed,
        "corpus": {"pages": pages, **counts},
        "results": rows,
    }
    RESULTS.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_remote", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--researchers", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work-dir", type=Path, help="default: a temporary folder")
    parser.add_argument(
        "--virtuoso-buffers", type=int, default=100_000, help="NumberOfBuffers (8 KiB each)"
    )
    args = parser.parse_args(argv)
    binary = find_virtuoso()
    if binary is None:
        print("virtuoso-t not found: apt-get install virtuoso-opensource", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="sg-bench-remote-") as tmp:
        work = args.work_dir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        print(f"generating {args.researchers} researchers in {work}", file=sys.stderr)
        info = generate_corpus(work / "corpus", researchers=args.researchers, seed=args.seed)
        pages = work / "corpus" / "pages"
        rows: list[dict[str, Any]] = []

        def save() -> None:
            _save(rows, args, info.counts, len(info.files))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)

        embedded = Settings(store=str(work / "embedded"), base_iri=BASE)
        rows.append({})
        measure("embedded", embedded, pages, rows[-1], save)
        server = Virtuoso(
            work / "virtuoso", binary, max_rows=10_000_000, buffers=args.virtuoso_buffers
        )
        server.start()
        try:
            settings = server.settings(timeout_s=600.0).model_copy(update={"parse_workers": 0})
            rows.append({})
            measure("virtuoso", settings, pages, rows[-1], save)
        finally:
            server.stop()
    _print(rows, args.researchers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
