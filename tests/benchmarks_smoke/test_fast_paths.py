"""Speed paths never change results: on a generated corpus, parallel parsing + the bulk loader
write exactly the store that sequential parsing + per-batch transactions write, and an ingest
that skips mapping graphs whose inputs did not move writes what a fresh ingest writes."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from benchmarks.corpus import CorpusInfo, generate_corpus

from scholargraph import pipeline
from scholargraph.config import Settings
from scholargraph.pipeline import forget, ingest, ingesting, writing
from scholargraph.rdf.iris import Iris
from scholargraph.rdf.mapping_inputs import decode_mentions, encode_mentions
from scholargraph.rdf.terms import Lit, typed
from scholargraph.rdf.vocab import PROV, SG
from scholargraph.resolution_state import documents_state, shared_inputs, stored_state
from scholargraph.store import OxigraphStore

RESEARCHERS = 12


def _clock() -> datetime:
    return datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> CorpusInfo:
    return generate_corpus(tmp_path_factory.mktemp("corpus-fast"), RESEARCHERS, seed=3)


@pytest.mark.slow
def test_parallel_parse_and_bulk_load_write_the_same_store(
    corpus: CorpusInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stores = []
    for name, workers, bulk_load_pages in (("fast", 2, 1), ("plain", 1, 1_000_000)):
        # the index graph written in many parts, then whole
        monkeypatch.setattr(writing, "INDEX_PART", 97 if name == "fast" else 10**9)
        settings = Settings(
            store=str(tmp_path / name),
            base_iri="https://fast.test",
            parse_workers=workers,
            bulk_load_pages=bulk_load_pages,
        )
        store = OxigraphStore(settings.store)
        report = ingest([corpus.pages_dir], settings, store, clock=_clock)
        assert not report.failed
        assert report.graphs_written == len(report.files) > 16  # enough pages to parallelise
        stores.append({q for g in store.graph_names() for q in store.graph_quads(g)})
        store.close()
    assert stores[0] == stores[1]


# Provenance of *when* and *by which run* differs between runs by design.
VOLATILE = {PROV.generatedAtTime, PROV.wasGeneratedBy, PROV.startedAtTime, PROV.endedAtTime}


def _stable(store: OxigraphStore) -> set[tuple[object, ...]]:
    return {
        quad
        for graph in store.graph_names()
        for quad in store.graph_quads(graph)
        if quad[1] not in VOLATILE and "/id/run/" not in f"{quad[0]} {quad[2]}"
    }


def _fresh(pages: list[Path], folder: Path) -> set[tuple[object, ...]]:
    settings = Settings(store=str(folder), base_iri="https://fast.test", parse_workers=1)
    store = OxigraphStore(settings.store)
    assert not ingest(pages, settings, store, clock=_clock).failed
    quads = _stable(store)
    store.close()
    return quads


def _ingested(tmp_path: Path, seed: int) -> tuple[list[Path], Settings, OxigraphStore]:
    """A generated corpus's pages, ingested into a store under ``tmp_path``."""
    corpus = generate_corpus(tmp_path / "corpus", RESEARCHERS, seed=seed)
    pages = sorted(corpus.pages_dir.rglob("*.txt"))
    settings = Settings(
        store=str(tmp_path / "store"), base_iri="https://fast.test", parse_workers=1
    )
    store = OxigraphStore(settings.store)
    assert not ingest(pages, settings, store, clock=_clock).failed
    return pages, settings, store


@pytest.mark.slow
def test_graphs_whose_mapping_inputs_did_not_move_are_skipped_without_changing_results(
    tmp_path: Path,
) -> None:
    """Batches, a changed page and a forgotten page: the store that skips mapping unmoved
    graphs (sg:mappingInputs) and resolves again only where a change reaches equals a fresh
    ingest of the same pages after each step."""
    corpus = generate_corpus(tmp_path / "corpus", RESEARCHERS, seed=5)
    pages = sorted(corpus.pages_dir.rglob("*.txt"))
    settings = Settings(
        store=str(tmp_path / "store"), base_iri="https://fast.test", parse_workers=1
    )
    store = OxigraphStore(settings.store)
    for batch in (pages[::3], pages[1::3], pages[2::3]):
        assert not ingest(batch, settings, store, clock=_clock).failed
    assert _stable(store) == _fresh(pages, tmp_path / "fresh-1")

    # a re-capture of one page: an abstract cut elsewhere, a co-author's name spelt out
    changed = next(p for p in pages if "(see more)" in p.read_text(encoding="utf-8"))
    text = changed.read_text(encoding="utf-8").replace("(see more)", "", 1)
    changed.write_text(text + "\nA Newly Listed Paper\nZofia Nowak, Ines Quarrie\n", "utf-8")
    report = ingest([changed], settings, store, clock=_clock)
    assert [f.status for f in report.files] == ["updated"]
    assert not report.resolution_kept  # a new entry: resolved again where it reaches
    assert report.resolved_because == ""  # not everything
    assert "titles and" in report.resolved_locally and "pages read" in report.resolved_locally
    assert 1 <= report.graphs_mapped < len(pages) // 2  # the page and those its change moved
    assert _stable(store) == _fresh(pages, tmp_path / "fresh-2")  # index and state included

    forgotten = pages[len(pages) // 2]
    report = forget(str(forgotten), settings, store, clock=_clock)
    assert report.entities is None and "pages read" in report.resolved_locally  # not everything
    rest = [p for p in pages if p != forgotten]
    assert _stable(store) == _fresh(rest, tmp_path / "fresh-3")
    store.close()


@pytest.mark.slow
def test_a_change_the_resolver_does_not_read_is_mapped_in_place_as_a_fresh_ingest_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-capture whose names, titles, author lists and abstract openings are as before keeps
    the stored resolution: one graph written, no other read, and the store equals a fresh
    ingest of the same pages (state included: a later ingest of everything finds it current)."""
    pages, settings, store = _ingested(tmp_path, seed=7)

    # an abstract's cut moves near its end, the biography gains a paragraph, a line is retyped
    changed = next(
        p
        for p in pages
        if "(see more)" in p.read_text("utf-8") and "Biography" in p.read_text("utf-8")
    )
    lines = changed.read_text("utf-8").split("\n")
    long = next(i for i, line in enumerate(lines) if "(see more)" in line and len(line) > 400)
    lines[long] = lines[long][:-30]
    bio = lines.index("Biography")
    lines.insert(bio + 1, "They also chair a reading group on the history of computing.\n")
    changed.write_text("\n".join(lines), "utf-8")
    report = ingest([changed], settings, store, clock=_clock)
    assert [f.status for f in report.files] == ["updated"]
    assert report.resolution_kept and report.graphs_written == 1
    assert report.resolved_because == ""
    assert _stable(store) == _fresh(pages, tmp_path / "fresh")

    # the whole folder again, its metadata read at once (as for more than a few pages), with a
    # second re-capture: in place too
    monkeypatch.setattr(ingesting, "FEW_PAGES", 1)
    other = next(p for p in pages if p != changed and "Biography" in p.read_text("utf-8"))
    other.write_text(other.read_text("utf-8").replace("Biography\n", "Biography\nHello.\n", 1))
    again = ingest(pages, settings, store, clock=_clock)
    assert sorted(f.status for f in again.files) == ["unchanged"] * (len(pages) - 1) + ["updated"]
    assert again.resolution_kept and again.graphs_written == 1 and not again.entities
    assert _stable(store) == _fresh(pages, tmp_path / "fresh-2")
    store.close()
    # the state the in-place runs moved is the one a full run computes from every page
    store = OxigraphStore(settings.store)
    iris = Iris(settings.base)
    hashes = {e.source_id: e.content_hash for e in pipeline.stored_sources(store, iris).values()}
    vocabulary_quads = pipeline.load_vocabulary(settings)[1]
    assert stored_state(store, iris) == documents_state(
        hashes, shared_inputs(settings, pipeline.graph_digest(vocabulary_quads))
    )
    store.close()


@pytest.mark.slow
def test_a_stored_page_missing_mention_keys_is_resolved_again(tmp_path: Path) -> None:
    """Mention keys that do not cover the page (damaged, or kept by another version): the
    re-capture is resolved again rather than mapped with a key missing, and still ends as a
    fresh ingest."""
    pages, settings, store = _ingested(tmp_path, seed=9)
    changed = next(p for p in pages if "Biography" in p.read_text("utf-8"))
    iris = Iris(settings.base)
    graph = iris.source_graph(str(changed.resolve()))
    records = iris.records_graph
    (record,) = store.objects(graph, SG.parsedRecord, records)
    (stored_keys,) = store.objects(graph, SG.mentionKeys, records)
    assert isinstance(stored_keys, Lit)
    damaged = typed(encode_mentions(decode_mentions(stored_keys.value)[1:]), "base64Binary")
    store.replace_graphs(
        {},
        delete_subjects={records: [graph]},
        insert=[
            (graph, SG.parsedRecord, record, records),
            (graph, SG.mentionKeys, damaged, records),
        ],
    )
    changed.write_text(changed.read_text("utf-8").replace("Biography\n", "Biography\nHi.\n", 1))
    report = ingest([changed], settings, store, clock=_clock)
    assert [f.status for f in report.files] == ["updated"] and not report.resolution_kept
    assert "entity keys" in report.resolved_because and "incomplete" in report.resolved_because
    assert _stable(store) == _fresh(pages, tmp_path / "fresh")
    store.close()


def _first_entry(text: str) -> tuple[str, list[str]]:
    """The first publication entry of a profile page: its title and its co-author lines."""
    lines = text.split("\n")
    start = lines.index("Publications") + 2
    authors = []
    for line in lines[start + 1 :]:
        if len(line) > 60 or not line:
            break
        authors.append(line)
    return lines[start], authors


def _topics(text: str) -> list[str]:
    """The topic lines of a profile page."""
    return text.split("Research Topics\n", 1)[1].split("\n\n", 1)[0].split("\n")


def _employer(text: str) -> str:
    """The organization of a profile page's first position line (``ROLE, ORGANIZATION``)."""
    lines = text.split("\n")
    return lines[lines.index("Research Topics") - 1].split(", ", 1)[1]


def _edit(kind: str, text: str, other: str) -> str:
    """One change the resolver reads, made to a profile page's text (``other``: another
    profile page of the corpus)."""
    title, authors = _first_entry(text)
    if kind == "topic of another page added":
        new = [t for t in _topics(other) if t not in _topics(text)]
        return text.replace("Research Topics\n", f"Research Topics\n{new[0]}\n", 1) if new else text
    if kind == "employer no page names":
        return text.replace(f", {_employer(text)}\n", ", Quillmoor Works\n", 1)
    if kind == "topic no page names":  # outside the vocabulary too
        return text.replace("Research Topics\n", "Research Topics\nTidal Quills\n", 1)
    if kind == "employer in capitals":
        return text.replace(f", {_employer(text)}\n", f", {_employer(text).upper()}\n", 1)
    if kind == "employer of another page":
        return text.replace(f", {_employer(text)}\n", f", {_employer(other)}\n", 1)
    if kind == "new paper at the top":
        return text.replace(
            "Publications\n\n",
            "Publications\n\nQuantum Ledgers for Coral Reefs\nZofia Nowak\n\n",
            1,
        )
    if kind == "paper of another page listed":
        their_title, their_authors = _first_entry(other)
        return text.rstrip("\n") + "\n" + "\n".join([their_title, *their_authors]) + "\n"
    if kind == "title re-worded":
        return text.replace(title + "\n", f"{title} Revisited\n", 1)
    if kind == "co-author respelled":
        first, *rest = authors[0].split()
        return text.replace(f"\n{authors[0]}\n", f"\n{first[0]}. {' '.join(rest)}\n", 1)
    assert kind == "co-author left out"
    return text.replace(f"{title}\n{authors[0]}\n", f"{title}\n", 1)


GROUP_EDITS = {
    "topic of another page added": 1,
    "employer of another page": 2,
    "employer in capitals": 1,  # a new spelling of the same organization
    "employer no page names": 2,  # a new organization
    "topic no page names": 1,  # a new topic outside the vocabulary
}
NEW_GROUPS = ("employer no page names", "topic no page names")
EDITS = [
    *GROUP_EDITS,
    "new paper at the top",
    "paper of another page listed",
    "title re-worded",
    "co-author respelled",
    "co-author left out",
]


def _groups_moved(report: pipeline.IngestReport) -> int:
    """The organizations and topics the summary says moved (``…, N organizations and topics
    moved, M pages read``)."""
    return int(report.resolved_locally.split(", ")[-2].split()[0])


@pytest.fixture(scope="module")
def ingested_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A generated corpus and a store holding it (copied by each test that changes them)."""
    root = tmp_path_factory.mktemp("local")
    corpus = generate_corpus(root / "corpus", 30, seed=5)  # several communities
    settings = Settings(store=str(root / "store"), base_iri="https://fast.test", parse_workers=1)
    store = OxigraphStore(settings.store)
    assert not ingest([corpus.pages_dir], settings, store, clock=_clock).failed
    store.close()
    return corpus.pages_dir, root / "store"


@pytest.mark.slow
@pytest.mark.parametrize("kind", EDITS)
def test_a_change_the_resolver_reads_is_resolved_locally_as_a_fresh_ingest_would(
    kind: str, ingested_corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    """A page changed in a way the resolver reads: only what it reaches is resolved again,
    far fewer pages are read than the corpus holds, and the store (resolution graph, index and
    state included) equals a fresh ingest of the changed pages."""
    shutil.copytree(ingested_corpus[1], tmp_path / "store")
    pages = sorted(ingested_corpus[0].rglob("*.txt"))
    profiles = [p for p in pages if "\nPublications\n\n" in p.read_text("utf-8")]
    changed, other = profiles[:2]
    if kind in GROUP_EDITS:
        # the last page listing topics, and the first page whose edit changes it
        listing = [p for p in profiles if "\nResearch Topics\n" in p.read_text("utf-8")]
        changed = listing[-1]
        text = changed.read_text("utf-8")
        other = next(p for p in listing if _edit(kind, text, p.read_text("utf-8")) != text)
    original = changed.read_text("utf-8")
    settings = Settings(
        store=str(tmp_path / "store"), base_iri="https://fast.test", parse_workers=1
    )
    store = OxigraphStore(settings.store)
    try:  # the page is changed where it lies: its path is its identity
        changed.write_text(_edit(kind, original, other.read_text("utf-8")), "utf-8")
        report = ingest([changed], settings, store, clock=_clock)
        assert [f.status for f in report.files] == ["updated"]
        assert report.resolved_because == "" and not report.resolution_kept, report.resolved_because
        read = int(report.resolved_locally.split(", ")[-1].split()[0])
        assert read < len(pages)  # not everything
        assert _groups_moved(report) >= GROUP_EDITS.get(
            kind, 0
        )  # the topic joined; the employers left, joined
        assert _stable(store) == _fresh(pages, tmp_path / "fresh")
        if kind in NEW_GROUPS:  # restored: the organization or topic vanishes again
            changed.write_text(original, "utf-8")
            report = ingest([changed], settings, store, clock=_clock)
            assert report.resolved_because == "", report.resolved_because
            assert _groups_moved(report) >= 1  # it went
            assert _stable(store) == _fresh(pages, tmp_path / "fresh-restored")
    finally:
        changed.write_text(original, "utf-8")
        store.close()


@pytest.mark.slow
def test_a_topic_spelled_like_a_stored_one_outside_the_vocabulary_is_resolved_everywhere(
    ingested_corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    """A topic outside the vocabulary that no page names is made locally; a second page then
    naming a close spelling of it (they may cluster) resolves every page, and says why. Both
    times the store equals a fresh ingest."""
    shutil.copytree(ingested_corpus[1], tmp_path / "store")
    pages = sorted(ingested_corpus[0].rglob("*.txt"))
    listing = [p for p in pages if "\nResearch Topics\n" in p.read_text("utf-8")]
    originals = {p: p.read_text("utf-8") for p in listing[:2]}
    settings = Settings(
        store=str(tmp_path / "store"), base_iri="https://fast.test", parse_workers=1
    )
    store = OxigraphStore(settings.store)
    try:
        reasons = []
        for (page, text), topic in zip(
            originals.items(), ["Tidal Quills", "Tidal Quill"], strict=True
        ):
            page.write_text(text.replace("Research Topics\n", f"Research Topics\n{topic}\n", 1))
            report = ingest([page], settings, store, clock=_clock)
            assert [f.status for f in report.files] == ["updated"]
            assert _stable(store) == _fresh(pages, tmp_path / f"fresh-{topic}")
            reasons.append(report.resolved_because)
        assert reasons[0] == ""
        assert "spelled like the topic 'tidal quills'" in reasons[1]
    finally:
        for page, text in originals.items():
            page.write_text(text, "utf-8")
        store.close()


@pytest.mark.slow
@pytest.mark.parametrize("owner", ["the same person", "someone new"])
def test_a_new_page_is_resolved_locally_as_a_fresh_ingest_would(
    owner: str, ingested_corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    """A page the store does not hold (another capture of a researcher's page, or the page of
    someone new listing the same papers): resolved where it reaches, not everywhere, and the
    store equals a fresh ingest of every page; forgotten, the store equals a fresh ingest of
    the pages before it."""
    shutil.copytree(ingested_corpus[1], tmp_path / "store")
    pages = sorted(ingested_corpus[0].rglob("*.txt"))
    profiles = [p for p in pages if "\nPublications\n\n" in p.read_text("utf-8")]
    text = profiles[len(profiles) // 2].read_text("utf-8")
    if owner == "someone new":
        name = text.split("\n")[2]
        text = text.replace(name, "Ilse Brandvold")
    added = ingested_corpus[0] / "00" / "r999999-en1.txt"  # the first page, by its path
    added.parent.mkdir()
    settings = Settings(
        store=str(tmp_path / "store"), base_iri="https://fast.test", parse_workers=1
    )
    store = OxigraphStore(settings.store)
    try:
        added.write_text(text, "utf-8")
        report = ingest([added], settings, store, clock=_clock)
        assert [f.status for f in report.files] == ["added"]
        assert report.resolved_because == "", report.resolved_because
        read = int(report.resolved_locally.split(", ")[-1].split()[0])
        assert read < len(pages)  # not everything
        assert _stable(store) == _fresh([*pages, added], tmp_path / "fresh")
        # forgotten again: the first page naming the institute leaves, the next one is found
        forgotten = forget(str(added), settings, store, clock=_clock)
        assert forgotten.entities is None, "everything was resolved again"
        assert _stable(store) == _fresh(pages, tmp_path / "fresh-again")
    finally:
        shutil.rmtree(added.parent)
        store.close()
