"""The real page captures, parsed and resolved: the tricky cases the seeds contain."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from resolve_records import INSTITUTE

from scholargraph.models import (
    EntityKind,
    Resolution,
    SourceDocument,
    organization_ref,
    owner_ref,
    publication_ref,
)
from scholargraph.resolve import ResolutionStats, resolve, resolve_with_stats
from scholargraph.resolve.names import parse_name
from scholargraph.resolve.normalize import fold
from scholargraph.vocabulary import Vocabulary

parse = pytest.importorskip("scholargraph.parse")

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
P, PUB, ORG, TOPIC = (
    EntityKind.PERSON,
    EntityKind.PUBLICATION,
    EntityKind.ORGANIZATION,
    EntityKind.TOPIC,
)

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed captures not available")


@pytest.fixture(scope="module")
def documents() -> list[SourceDocument]:
    docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        docs.append(
            SourceDocument(
                source_id=path.name,
                path=str(path),
                content_sha256=hashlib.sha256(text.encode()).hexdigest(),
                record=parse.parse_page(text),
            )
        )
    return docs


@pytest.fixture(scope="module")
def resolved(
    documents: list[SourceDocument], vocabulary: Vocabulary
) -> tuple[Resolution, ResolutionStats]:
    return resolve_with_stats(documents, vocabulary, institute_name=INSTITUTE)


@pytest.fixture(scope="module")
def res(resolved: tuple[Resolution, ResolutionStats]) -> Resolution:
    return resolved[0]


def person_keys(res: Resolution, docs: list[SourceDocument], family: str) -> set[str]:
    """Keys of every author mention whose family name folds to ``family`` (damage-insensitive)."""
    keys = set()
    for doc in docs:
        for p in doc.record.publications:
            for i, a in enumerate(p.authors):
                if parse_name(a.name.text).family.spelling.loose == family:
                    keys.add(res.mentions[P][(doc.source_id, "author", p.index, i)])
    return keys


def pub_keys(res: Resolution, docs: list[SourceDocument], title_start: str) -> set[str]:
    keys = set()
    for doc in docs:
        for p in doc.record.publications:
            if fold(p.title).startswith(fold(title_start)):
                keys.add(res.mentions[PUB][publication_ref(doc.source_id, p.index)])
    assert keys, title_start
    return keys


def person(res: Resolution, key: str):  # type: ignore[no-untyped-def]
    return next(e for e in res.entities if e.kind is P and e.key == key)


def test_topics_en_and_fr_are_the_same_fifteen_concepts(
    res: Resolution, documents: list[SourceDocument]
) -> None:
    by_language: dict[str, set[str]] = {"en": set(), "fr": set()}
    for doc in documents:
        for label in doc.record.topics:
            by_language[doc.record.language.value].add(
                res.mentions[TOPIC][(doc.source_id, "topic", label)]
            )
    assert len(by_language["en"]) == 15 and by_language["en"] == by_language["fr"]
    topics = [e for e in res.entities if e.kind is TOPIC]
    assert len(topics) == 15 and all(e.concept_iri for e in topics)


def test_people_with_damaged_or_variant_names(
    res: Resolution, documents: list[SourceDocument]
) -> None:
    jorg = person_keys(res, documents, "bornschein")
    assert len(jorg) == 1
    e = person(res, jorg.pop())
    assert e.label == "Jörg Bornschein" and e.alternate_labels == ("Jorg Bornschein",)

    assert len(person_keys(res, documents, parse_name("Veličković").family.spelling.loose)) == 1
    viorica = person_keys(res, documents, parse_name("Pătrăucean").family.spelling.loose)
    assert len(viorica) == 1 and person(res, viorica.pop()).label == "Viorica Pătrăucean"

    for family, label in [
        ("harutyunyan", "Anna Harutyunyan"),
        ("chan", "Stephanie C. Y. Chan"),
        ("oswald", "Johannes von Oswald"),
        ("ku", "Alexander Y. Ku"),
        ("titsias", "Michalis K. Titsias"),
        ("lampinen", "Andrew K. Lampinen"),
        ("dudzik", "Andrew Joseph Dudzik"),
        ("patil", "Vihang P. Patil"),
        ("smith", "Samuel L. Smith"),
        ("arroyo", "Álvaro Arroyo"),
    ]:
        keys = person_keys(res, documents, family)
        assert len(keys) == 1, family
        assert person(res, keys.pop()).label == label

    chen = person(res, "yutian-chen")
    assert chen.homonym_hints == ("0001",)


def test_the_owner_is_one_person_everywhere(
    res: Resolution, documents: list[SourceDocument]
) -> None:
    owners = {res.mentions[P][owner_ref(d.source_id)] for d in documents}
    assert owners == {"razvan-pascanu"}
    assert person_keys(res, documents, "pascanu") == {"razvan-pascanu"}


def test_title_versions_and_exact_titles_merge(
    res: Resolution, documents: list[SourceDocument]
) -> None:
    for start in (
        "RAT: Bridging RNN",
        "NoProp: Training",
        "Hadamard product in deep learning",
        "TRecViT",
        "Why do LLMs attend to the first token",
    ):
        assert len(pub_keys(res, documents, start)) == 1, start
    rat = next(e for e in res.entities if e.kind is PUB and e.label.startswith("RAT"))
    assert [m.reason for m in rat.merges] == ["title-version"]


def test_hard_negative_papers_stay_apart(res: Resolution, documents: list[SourceDocument]) -> None:
    groups = [
        ("Agency Is Frame-Dependent", "Plasticity as the Mirror of Empowerment"),
        (
            "Understanding plasticity in neural networks",
            "Disentangling the Causes of Plasticity Loss",
            "Normalization and effective learning rates",
        ),
        ("Continual World", "Disentangling Transfer in Continual Reinforcement Learning"),
        ("Investigating Low-Rank Training", "Building on Efficient Foundations"),
    ]
    for titles in groups:
        keys = [pub_keys(res, documents, t) for t in titles]
        assert all(len(k) == 1 for k in keys), titles
        assert len(set().union(*keys)) == len(titles), titles


def test_deepmind_tag_is_the_position_organization(
    res: Resolution, documents: list[SourceDocument]
) -> None:
    m = res.mentions[ORG]
    profile_ids = [d.source_id for d in documents if d.record.format.value == "profile"]
    aggregator_id = next(d.source_id for d in documents if d.record.format.value == "aggregator")
    assert all(m[organization_ref(s, "Google DeepMind")] == "google-deepmind" for s in profile_ids)
    assert m[organization_ref(aggregator_id, "deepmind")] == "google-deepmind"
    assert all(m[organization_ref(s, INSTITUTE)] == "mila" for s in profile_ids)


def test_document_order_does_not_matter(
    res: Resolution, documents: list[SourceDocument], vocabulary: Vocabulary
) -> None:
    assert resolve(list(reversed(documents)), vocabulary, institute_name=INSTITUTE) == res


def test_blocking_compares_far_fewer_pairs_than_all_pairs(
    resolved: tuple[Resolution, ResolutionStats],
) -> None:
    stats = resolved[1]
    assert stats.person.comparisons < stats.person.all_pairs // 10
    assert stats.publication.comparisons < stats.publication.all_pairs // 2
