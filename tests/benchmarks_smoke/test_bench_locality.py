"""The locality benchmark's claims hold for the real resolver: on a generated corpus, every
paper the resolver forms lies inside one version component of titles, and every person inside
one component of person nodes sharing a block key (what makes an exact local re-resolution
possible); and the benchmark runs end to end on an ingested store."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from benchmarks.bench_locality import (
    Locality,
    main,
    page_people,
    papers,
    people,
    person_node,
    title_key,
)
from benchmarks.corpus import generate_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scholargraph.config import Settings
from scholargraph.inputs import plan_inputs
from scholargraph.models import EntityKind, MentionRef, PersonName, SourceDocument
from scholargraph.pipeline import ingest, load_vocabulary, parse_file, stored_documents
from scholargraph.rdf.iris import Iris
from scholargraph.resolve import resolve
from scholargraph.resolve.common import NameCache
from scholargraph.store import OxigraphStore

RESEARCHERS = 12


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = generate_corpus(tmp_path_factory.mktemp("corpus-locality"), RESEARCHERS, seed=5)
    folder = tmp_path_factory.mktemp("store-locality") / "store"
    store = OxigraphStore(folder)
    report = ingest([corpus.pages_dir], Settings(store=str(folder)), store)
    assert not report.failed
    store.close()
    return folder


@pytest.fixture(scope="module")
def documents(store_dir: Path) -> dict[str, SourceDocument]:
    store = OxigraphStore(store_dir, read_only=True)
    try:
        return stored_documents(store, Iris(Settings(store=str(store_dir)).base))
    finally:
        store.close()


def _person_name(docs: dict[str, SourceDocument], ref: MentionRef) -> PersonName:
    record = docs[str(ref[0])].record
    if ref[1] == "owner":
        return record.owner
    entry = next(p for p in record.publications if p.index == ref[2])
    return entry.authors[int(ref[3])].name


def _title(docs: dict[str, SourceDocument], ref: MentionRef) -> str:
    record = docs[str(ref[0])].record
    return next(p for p in record.publications if p.index == ref[2]).title


def _spanning(documents: dict[str, SourceDocument]) -> dict[EntityKind, int]:
    """Resolve ``documents``; assert no paper spans two version components and no person two
    person components; count the entities spanning several titles / person nodes."""
    docs = sorted(documents.values(), key=lambda d: d.source_id)
    names = NameCache()
    _, titles = papers(docs, names)
    _, persons = people(docs, names)
    config = Settings()
    vocabulary = load_vocabulary(config)[0]
    resolution = resolve(docs, vocabulary, institute_name=config.institute_name)
    spanning = {EntityKind.PUBLICATION: 0, EntityKind.PERSON: 0}
    checks: list[tuple[EntityKind, Locality, Callable[[MentionRef], object]]] = [
        (EntityKind.PUBLICATION, titles, lambda ref: title_key(_title(documents, ref))),
        (
            EntityKind.PERSON,
            persons,
            lambda ref: person_node(_person_name(documents, ref), names)[0],
        ),
    ]
    for kind, locality, item_of in checks:
        members: dict[str, set[object]] = {}
        for ref, key in resolution.mentions[kind].items():
            if item := item_of(ref):
                members.setdefault(key, set()).add(item)
        for key, found in members.items():
            assert len({locality.component[i] for i in found}) == 1, (kind, key, found)
            spanning[kind] += len(found) > 1
    return spanning


@pytest.mark.slow
def test_resolved_entities_never_cross_a_component(documents: dict[str, SourceDocument]) -> None:
    spanning = _spanning(documents)
    # Not vacuous: some papers merge two titles and some people several spellings.
    assert spanning[EntityKind.PUBLICATION] > 0
    assert spanning[EntityKind.PERSON] > 0


@pytest.mark.slow
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 100_000), researchers=st.integers(3, 10))
def test_components_hold_on_other_corpora(seed: int, researchers: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        corpus = generate_corpus(Path(folder), researchers, seed=seed)
        limit = Settings().max_input_bytes
        parsed = [parse_file(item, limit) for item in plan_inputs([corpus.pages_dir])]
    _spanning({doc.source_id: doc for doc in parsed})


@pytest.mark.slow
def test_runs_on_an_ingested_store(store_dir: Path, tmp_path: Path) -> None:
    output = tmp_path / "locality.json"
    assert main(["--store", str(store_dir), "--output", str(output)]) == 0
    figures = json.loads(output.read_text(encoding="utf-8"))
    assert figures["pages"] > RESEARCHERS
    paper, person = figures["papers"], figures["people"]
    assert 0 < paper["version_pairs"] <= paper["candidate_pairs"]
    assert paper["version_components"]["components"] < paper["title_nodes"]
    assert max(person["largest"]) < person["person_nodes"]
    read = figures["read_set"]["pages_read"]
    assert 1 <= read["median"] <= read["max"] <= figures["pages"]


def test_page_people_lists_owner_and_every_author(documents: dict[str, SourceDocument]) -> None:
    doc = next(iter(documents.values()))
    listed = page_people(doc)
    assert listed[0] == doc.record.owner
    assert len(listed) == 1 + sum(len(p.authors) for p in doc.record.publications)


def test_a_missing_or_empty_store_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--store", str(tmp_path / "nowhere")]) != 0
    assert "nowhere" in capsys.readouterr().err
    OxigraphStore(tmp_path / "empty").close()
    assert main(["--store", str(tmp_path / "empty")]) == 1
    assert "no parsed records" in capsys.readouterr().err
