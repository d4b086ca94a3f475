"""Smoke test of the HTTP query benchmark (``benchmarks.bench_queries``) on a tiny synthetic
graph: the whole run, scholargraph side only (no rdflib-endpoint), in a few seconds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks.bench_queries import main
from benchmarks.bench_queries_load import percentile
from benchmarks.bench_queries_workload import (
    SYNTHETIC_BASE,
    build,
    page_cases,
    query_mix,
    sample,
    with_limit,
)

from scholargraph.queries import load_query


def test_with_limit_only_where_missing() -> None:
    assert with_limit("SELECT * WHERE { ?s ?p ?o }").rstrip().endswith("LIMIT 10000")
    assert with_limit("SELECT * WHERE { ?s ?p ?o }\nLIMIT 5\n").count("LIMIT") == 1
    assert "LIMIT" not in with_limit("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


def test_percentile_nearest_rank() -> None:
    values = [i / 1000 for i in range(1, 101)]  # 1..100 ms
    assert percentile(values, 50) == pytest.approx(50)
    assert percentile(values, 99) == pytest.approx(99)
    assert percentile([], 50) != percentile([], 50)  # NaN


def test_every_query_is_bound_from_the_sample(tmp_path: Path) -> None:
    build(tmp_path / "store", 40)
    drawn = sample(tmp_path / "store", SYNTHETIC_BASE, size=5)
    mix = query_mix(drawn, rounds=2)
    assert "recorded-graphs" in mix.skipped  # pipeline internals
    assert all(why.startswith("pipeline internal") for why in mix.skipped.values())
    names = {case.name for case in mix.lookups}
    assert {"entity-describe", "person-coauthors", "search-people", "topic-people"} <= names
    # bound: the sampled values are written into the text (the service's substitution)
    assert all(case.text != with_limit(load_query(case.name)) for case in mix.lookups)
    assert all(f"<{SYNTHETIC_BASE}" in case.text for case in mix.lookups if "entity" in case.name)
    assert {"stats-types", "void-classes"} <= {case.name for case in mix.analytic}
    pages = page_cases(drawn, rounds=1)
    assert {p.name for p in pages} >= {"person html", "person turtle", "publication jsonld"}
    assert all(p.path.startswith("/id/") for p in pages)


@pytest.mark.e2e
def test_run_against_the_server(tmp_path: Path) -> None:
    out = tmp_path / "queries.json"
    main(
        [
            "--persons", "40", "--seconds", "0.3", "--levels", "1,2", "--sample", "3",
            "--no-rdflib", "--settle", "0",
            "--work-dir", str(tmp_path / "work"), "--output", str(out),
        ]
    )  # fmt: skip
    result = json.loads(out.read_text(encoding="utf-8"))
    run = result["scholargraph"]
    assert run["store"]["label"] == "synthetic-40"
    assert set(run["levels"]) == {"lookups", "analytic", "html", "rdf"}
    for workload, levels in run["levels"].items():
        assert [lv["clients"] for lv in levels] == [1, 2], workload
        assert all(lv["ok"] > 0 and lv["errors"] == 0 for lv in levels), (workload, levels)
        # the server's processes did the work: some CPU per answered request, not a second
        assert all(0 < lv["server_cpu_ms_per_request"] < 1000 for lv in levels), levels
    failed = {k: v for k, v in run["single_request_ms"].items() if v["status"] != "ok"}
    assert not failed
    assert "entity_pages_p99_at_16" not in result["targets"]  # no 16-client level
    assert result["side_by_side"] is None
