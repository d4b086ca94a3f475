"""The HTTP benchmark as a step of ``python -m benchmarks.run``: both runs on a small ingested
store of the run's workspace, their figures in the run's table."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.bench.queries import queries
from benchmarks.bench.report import _query_rows
from benchmarks.bench.steps import Workspace
from benchmarks.corpus import generate_corpus
from benchmarks.run import _stores_needed

from scholargraph.config import Settings
from scholargraph.pipeline import ingest
from scholargraph.store import OxigraphStore

RESEARCHERS = 12


def test_each_benchmark_gets_the_stores_it_reads() -> None:
    assert _stores_needed({"queries"}, [1000, 5000, 10000]) == {
        1000: ["queries"],
        10000: ["queries"],
    }
    assert _stores_needed({"dumps", "queries", "incremental"}, [1000, 5000, 10000]) == {
        1000: ["queries"],
        5000: ["dumps"],
        10000: ["dumps", "incremental", "queries"],
    }
    assert _stores_needed({"ingest", "quality"}, [1000]) == {}


@pytest.mark.e2e
def test_the_served_and_cold_runs_reach_the_table(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "work", seed=0)
    corpus = generate_corpus(tmp_path / "corpus", RESEARCHERS, seed=3)
    folder = ws.store(RESEARCHERS)
    store = OxigraphStore(folder)
    assert not ingest([corpus.pages_dir], Settings(store=str(folder)), store).failed
    store.close()

    quick = ["--levels", "1,2", "--sample", "3", "--settle", "0", "--no-rdflib"]
    result = queries(ws, RESEARCHERS, seconds=0.3, extra=quick)

    assert result["researchers"] == RESEARCHERS and result["quads"] > 1000
    assert result["rdflib_store"] == folder.name  # small enough for rdflib-endpoint itself
    served, cold = result["served"], result["cold"]
    assert set(served["levels"]) == {"lookups", "analytic", "html", "rdf"}
    assert set(cold["levels"]) == {"html", "rdf"}  # pages only, built afresh
    for run in (served, cold):
        assert Path(run["file"]).is_file()
        for levels in run["levels"].values():
            assert [lv["clients"] for lv in levels] == [1, 2]
            assert all(lv["qps"] > 0 and lv["server_cpu_ms_per_request"] > 0 for lv in levels)
    assert served["rdflib_levels"] is None  # --no-rdflib

    rows = _query_rows({"queries": result})
    measures = [row[2] for row in rows]
    assert measures[:2] == [
        "SPARQL lookups @2: req/s · p99 ms",
        "SPARQL analytic @2: req/s · p99 ms",
    ]
    assert sum("built cold" in m for m in measures) == 2
    assert sum("as served" in m for m in measures) == 2
    assert all(row[7] == "" for row in rows)  # no 16-client level, no rdflib: nothing judged
