"""Ingest: seeds into a real on-disk store, idempotence, order independence, updates, forget."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from scholargraph import resolution_state
from scholargraph.config import Settings
from scholargraph.errors import StoreError
from scholargraph.pipeline import FileResult, ingest, stored_documents
from scholargraph.pipeline import local as pipeline_local
from scholargraph.pipeline import stored as pipeline_stored
from scholargraph.pipeline import writing as pipeline_writing
from scholargraph.rdf.iris import Iris
from scholargraph.rdf.terms import Lit
from scholargraph.rdf.vocab import PROV, RDF, SG
from scholargraph.store import OxigraphStore

from . import scenarios
from .conftest import BASE, EXAMPLES_DIR, fixed_clock, run_cli

# Provenance that records *when* and *by which run* a graph was written differs between runs
# by design; everything else must be identical whatever the order of ingestion.
VOLATILE = {PROV.generatedAtTime, PROV.wasGeneratedBy, PROV.startedAtTime, PROV.endedAtTime}


def stable_quads(store: OxigraphStore) -> set[tuple[object, ...]]:
    iris = Iris(BASE)
    out = set()
    for graph in store.graph_names():
        for s, p, o, g in store.graph_quads(graph):
            if p in VOLATILE or "/id/run/" in str(s) or "/id/run/" in str(o):
                continue
            if g == iris.records_graph:
                continue  # records embed paths/retrieval dates, checked separately
            out.add((s, p, o, g))
    return out


def stable_quads_at(path: Path) -> set[tuple[object, ...]]:
    """:func:`stable_quads` of the store at ``path``, opened read-only for the call."""
    store = OxigraphStore(path, read_only=True)
    try:
        return stable_quads(store)
    finally:
        store.close()


def test_seeds_become_one_graph_per_source(
    seeds: list[Path], settings: Settings, open_store: Callable[[], OxigraphStore]
) -> None:
    scenarios.seeds_become_one_graph_per_source(settings, open_store(), seeds)


def test_reingesting_unchanged_pages_changes_nothing(
    seeds: list[Path], settings: Settings, open_store: Callable[[], OxigraphStore]
) -> None:
    scenarios.reingesting_unchanged_pages_changes_nothing(settings, open_store(), seeds)


def _report_rows(files: list[FileResult]) -> list[tuple[str, int, str]]:
    return [(f.path, f.publications, f.format) for f in files]


def test_an_unchanged_folder_is_reported_from_the_metadata_alone(
    seeds: list[Path], tmp_path: Path
) -> None:
    """Re-ingesting unchanged pages reads no stored record (reading 27k records took 10-21 s at
    10k researchers); the report says what the first ingest said. A store described by an
    older version (no sg:publicationEntries) falls back to the records."""
    iris = Iris(BASE)
    added: list[tuple[str, int, str]] = []
    for name in ("unread", "older"):
        settings = Settings(store=str(tmp_path / name), base_iri=BASE, parse_workers=1)
        store = OxigraphStore(settings.store)
        first = ingest(seeds, settings, store, clock=fixed_clock)
        added = _report_rows(first.files)
        assert all(count > 0 for _, count, _ in added)
        assert {fmt for _, _, fmt in added} >= {"profile/en", "profile/fr"}
        if name == "unread":  # records that cannot be read: an unchanged re-ingest never looks
            store.update(
                f"DELETE {{ GRAPH <{iris.records_graph}> {{ ?g <{SG.parsedRecord}> ?r }} }}"
                f"INSERT {{ GRAPH <{iris.records_graph}> {{ ?g <{SG.parsedRecord}> "
                f'"{{}}"^^<{RDF.JSON}> }} }}'
                f"WHERE {{ GRAPH <{iris.records_graph}> {{ ?g <{SG.parsedRecord}> ?r }} }}"
            )
        else:
            store.update(
                f"DELETE WHERE {{ GRAPH <{iris.metadata_graph}> "
                f"{{ ?g <{SG.publicationEntries}> ?n }} }}"
            )
        again = ingest(seeds, settings, store, clock=fixed_clock)
        assert {f.status for f in again.files} == {"unchanged"}
        assert _report_rows(again.files) == added
        store.close()
    # the first case really could not have read them
    store = OxigraphStore(tmp_path / "unread")
    with pytest.raises(StoreError, match="unreadable"):
        stored_documents(store, iris)
    store.close()


def test_unchanged_pages_are_resolved_again_when_the_settings_move(
    seeds: list[Path], tmp_path: Path
) -> None:
    """The institute's name is read by resolution and mapping: re-ingesting unchanged pages
    with another name gives what a fresh ingest with that name gives."""

    def settings(folder: str, institute: str) -> Settings:
        return Settings(
            store=str(tmp_path / folder), base_iri=BASE, parse_workers=1, institute_name=institute
        )

    fresh = {}
    for name in ("Lumen Institute", "Quill Laboratory"):
        store = OxigraphStore(settings(name, name).store)
        ingest(seeds, settings(name, name), store, clock=fixed_clock)
        fresh[name] = stable_quads(store)
        store.close()
    assert fresh["Lumen Institute"] != fresh["Quill Laboratory"]
    store = OxigraphStore(settings("moved", "Lumen Institute").store)
    ingest(seeds, settings("moved", "Lumen Institute"), store, clock=fixed_clock)
    report = ingest(seeds, settings("moved", "Quill Laboratory"), store, clock=fixed_clock)
    assert {f.status for f in report.files} == {"unchanged"}
    assert "the settings" in report.resolved_because
    assert stable_quads(store) == fresh["Quill Laboratory"]
    again = ingest(seeds, settings("moved", "Quill Laboratory"), store, clock=fixed_clock)
    assert again.graphs_written == again.graphs_mapped == 0
    assert again.entities == {}  # nothing moved: not even resolved
    store.close()


def test_reading_the_stored_records_back_is_reported_as_a_stage(
    seeds: list[Path], tmp_path: Path
) -> None:
    """Re-resolving reads every stored record first (9 s at 10k researchers): the progress bar
    shows it as its own stage, before resolving, ending at the number of stored records."""
    settings = Settings(store=str(tmp_path / "s"), base_iri=BASE, parse_workers=1)
    store = OxigraphStore(settings.store)
    ingest(seeds, settings, store, clock=fixed_clock)
    seen: list[tuple[str, int, int]] = []
    moved = settings.model_copy(update={"institute_name": "Quill Laboratory"})
    ingest(seeds, moved, store, clock=fixed_clock, progress=lambda *a: seen.append(a))
    store.close()
    stages = [stage for stage, _, _ in seen]
    assert "records" in stages and "resolve" in stages
    assert stages.index("records") < stages.index("resolve")
    assert [a for a in seen if a[0] == "records"][-1] == ("records", len(seeds), len(seeds))


def test_the_command_says_why_everything_was_resolved_again(tmp_path: Path) -> None:
    """A change that makes an ingest resolve every stored page (70 s at 10k researchers) is
    named in the command's output; an ingest that resolves nothing says nothing of it."""
    pages = tmp_path / "pages"
    shutil.copytree(EXAMPLES_DIR, pages, ignore=shutil.ignore_patterns("*.md"))
    store = tmp_path / "store"
    count = len(list(pages.glob("*.txt")))
    first = run_cli("ingest", "--quiet", str(pages), store=store, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert f"Resolution recomputed over every stored page: {count} new pages." in first.stdout
    same = run_cli("ingest", "--quiet", str(pages), store=store, cwd=tmp_path)
    assert same.returncode == 0 and "Resolution recomputed" not in same.stdout
    # a new page: resolved where it reaches too, a topic outside the vocabulary included,
    # unless that topic could join another one's cluster of spellings
    extra = pages / "zz-copy.txt"
    shutil.copy(sorted(pages.glob("*.txt"))[0], extra)
    added = run_cli("ingest", "--quiet", str(extra), store=store, cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert "Resolution updated where the change reaches: " in added.stdout
    assert "Resolution recomputed" not in added.stdout
    unknown = pages / "zz-unknown.txt"
    text = (pages / "marchand-en-p1.txt").read_text("utf-8")
    unknown.write_text(text.replace("Research Topics\n", "Research Topics\nTidal Quills\n"))
    local = run_cli("ingest", "--quiet", str(unknown), store=store, cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    assert "Resolution updated where the change reaches: " in local.stdout
    assert "organizations and topics moved" in " ".join(local.stdout.split())
    variant = pages / "zz-variant.txt"
    variant.write_text(text.replace("Research Topics\n", "Research Topics\nTidal Quill\n"))
    declined = run_cli("ingest", "--quiet", str(variant), store=store, cwd=tmp_path)
    assert declined.returncode == 0, declined.stderr
    assert f"every stored page: {variant} (a new page) changed what resolution reads" in " ".join(
        declined.stdout.split()
    )
    said = " ".join(declined.stdout.split())
    assert "the new topic 'Tidal Quill' is spelled like the topic 'tidal quills'" in said
    # a paper added to a page: resolved again where it reaches, and the command says so
    extra.write_text(extra.read_text("utf-8") + "\nA Study of Tidal Quills\nZofia Nowak\n", "utf-8")
    changed = run_cli("ingest", "--quiet", str(extra), store=store, cwd=tmp_path)
    assert changed.returncode == 0, changed.stderr
    assert "Resolution recomputed" not in changed.stdout
    assert "Resolution updated where the change reaches: " in changed.stdout
    assert "pages read." in changed.stdout


def test_a_changed_parser_reads_unchanged_pages_again(
    seeds: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record is what the parser's code read from the page: after the parser changed, pages
    that did not change are read again and everything is resolved, the metadata names the new
    parser, and the store is what a fresh ingest with that parser writes; then the pages are
    unchanged again."""
    settings = Settings(store=str(tmp_path / "s"), base_iri=BASE, parse_workers=1)
    store = OxigraphStore(settings.store)
    ingest(seeds, settings, store, clock=fixed_clock)
    newer = "1+0123456789ab"
    # every pipeline module that reads parser_version() at call time
    for module in (pipeline_stored, pipeline_writing, pipeline_local):
        monkeypatch.setattr(module, "parser_version", lambda: newer)
    monkeypatch.setattr(resolution_state, "parser_version", lambda: newer)
    report = ingest(seeds, settings, store, clock=fixed_clock)
    assert {f.status for f in report.files} == {"updated"}
    assert all(f.message == "page unchanged, read again by a changed parser" for f in report.files)
    assert "parser" in report.resolved_because
    iris = Iris(BASE)
    graphs = [g for g in store.graph_names() if iris.is_source_graph(g)]
    versions = {v for g in graphs for v in store.objects(g, SG.parserVersion, iris.metadata_graph)}
    assert versions == {Lit(newer)}
    fresh = OxigraphStore(tmp_path / "fresh")
    fresh_settings = settings.model_copy(update={"store": str(tmp_path / "fresh")})
    ingest(seeds, fresh_settings, fresh, clock=fixed_clock)
    assert stable_quads(store) == stable_quads(fresh)
    fresh.close()
    again = ingest(seeds, settings, store, clock=fixed_clock)
    assert {f.status for f in again.files} == {"unchanged"} and again.graphs_written == 0
    store.close()


@pytest.mark.slow
def test_order_and_batching_do_not_change_the_graph(seeds: list[Path], tmp_path: Path) -> None:
    results = []
    orders = [
        [seeds],  # all at once
        [[s] for s in reversed(seeds)],  # one by one, reversed
        [[seeds[4], seeds[1]], [seeds[3], seeds[0], seeds[2]]],  # two batches, mixed
    ]
    for number, batches in enumerate(orders):
        settings = Settings(store=str(tmp_path / f"s{number}"), base_iri=BASE, parse_workers=1)
        store = OxigraphStore(settings.store)
        for batch in batches:
            ingest(batch, settings, store, clock=fixed_clock)
        results.append(stable_quads(store))
        store.close()
    assert results[0] == results[1]
    assert results[0] == results[2]


def test_changed_page_replaces_its_graph_and_forget_removes_it(
    seeds: list[Path], settings: Settings, open_store: Callable[[], OxigraphStore], tmp_path: Path
) -> None:
    scenarios.changed_page_replaces_its_graph_and_forget_removes_it(
        settings, open_store(), seeds, tmp_path
    )
