"""Profile parser on the real captures (seeds 000-003); expectations checked by hand."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from scholargraph.models import Language, PageFormat, PageRecord, Publication
from scholargraph.parse import parse_page

SeedText = Callable[[str], str]

ENGLISH_TOPICS = (
    "Continual Learning",
    "Deep Learning",
    "Deep Neural Networks",
    "Few-Shot Learning",
    "Generalization",
    "Geometric Deep Learning",
    "Graph Neural Networks",
    "Lifelong Learning",
    "Machine Learning Theory",
    "Mechanistic Interpretability",
    "Neural Networks",
    "Optimization",
    "Recurrent Neural Networks",
    "Reinforcement Learning",
    "Representation Learning",
)


def _parse(seed_text: SeedText, prefix: str) -> PageRecord:
    return parse_page(seed_text(prefix), where=f"seed {prefix}")


def _authors(publication: Publication) -> list[str]:
    return [a.name.text for a in publication.authors]


def _titles(record: PageRecord) -> list[str]:
    return [p.title for p in record.publications]


@pytest.mark.parametrize(("prefix", "count"), [("000", 11), ("001", 12), ("002", 12), ("003", 12)])
def test_entry_counts(seed_text: SeedText, prefix: str, count: int) -> None:
    record = _parse(seed_text, prefix)
    assert record.format is PageFormat.PROFILE
    assert len(record.publications) == count
    assert [p.index for p in record.publications] == list(range(count))
    assert record.warnings == ()


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_english_header(seed_text: SeedText, prefix: str) -> None:
    record = _parse(seed_text, prefix)
    assert record.language is Language.EN
    assert record.owner.text == "Razvan Pascanu"
    assert record.membership == "Affiliate Member"
    assert record.distinctions == ()
    [position] = record.positions
    assert position.title == "Senior Research Scientist"
    assert position.organization == "Google DeepMind"
    assert position.department is None
    assert record.topics == ENGLISH_TOPICS
    assert record.biography is None


def test_french_header(seed_text: SeedText) -> None:
    record = _parse(seed_text, "001")
    assert record.language is Language.FR
    assert record.owner.text == "Razvan Pascanu"
    assert record.membership == "Membre affilié"
    [position] = record.positions
    assert position.title == "Chercheur scientifique principal"
    assert position.organization == "Google DeepMind"
    assert len(record.topics) == 15
    assert record.topics[0] == "Apprentissage à quelques exemples"
    assert record.topics[-1] == "Théorie de l'apprentissage automatique"
    assert "Réseaux de neurones en graphes" in record.topics


def test_profile_authors_are_coauthors(seed_text: SeedText) -> None:
    record = _parse(seed_text, "000")
    for publication in record.publications:
        assert publication.owner_is_author is True
        assert publication.author_list_complete is None
        assert publication.date is None and publication.category is None
        for n, author in enumerate(publication.authors, start=1):
            assert author.rank is None
            assert author.listed_index == n
            assert author.is_owner is False


def test_title_follows_title(seed_text: SeedText) -> None:
    record = _parse(seed_text, "000")
    demon, agency = record.publications[1], record.publications[2]
    assert demon.title.startswith("Maxwell's Demon at Work:")
    assert demon.authors == () and demon.abstract is None
    assert agency.title == "Agency Is Frame-Dependent"
    assert len(agency.authors) == 13
    assert agency.abstract is not None


def test_duplicate_entries_kept_separately(seed_text: SeedText) -> None:
    record = _parse(seed_text, "000")
    first, second = record.publications[2], record.publications[3]
    assert first.title == second.title == "Agency Is Frame-Dependent"
    # the same author spelled two ways, recorded faithfully
    assert _authors(first)[6] == "A. Harutyunyan"
    assert _authors(second)[6] == "Anna Harutyunyan"


def test_entry_without_authors(seed_text: SeedText) -> None:
    record = _parse(seed_text, "000")
    torque = [p for p in record.publications if p.title == "Torque-Aware Momentum"]
    assert len(torque) == 2
    for publication in torque:
        assert publication.authors == ()
        assert publication.abstract is not None
        assert "widely used" in publication.abstract  # "widely … (see more)used" joined


def test_trecvit_entry(seed_text: SeedText) -> None:
    record = _parse(seed_text, "000")
    [trecvit] = [p for p in record.publications if p.title.startswith("TRecViT")]
    assert trecvit.title == "TRecViT: A Recurrent Video Transformer"
    assert _authors(trecvit) == [
        "Viorica Pătrăucean",
        "Xu Owen He",
        "Joseph Heyward",
        "Chuhan Zhang",
        "Mehdi S. M. Sajjadi",
        "George-Cristian Muraru",
        "Mahdi Karami",
        "Yutian Chen",
        "Simon Kayode Osindero",
        "João Carreira",
    ]
    assert trecvit.authors[0].name.raw == "Viorica Puatruaucean"
    assert trecvit.authors[7].name.homonym_suffix == "0001"
    assert trecvit.abstract_truncated is True


def test_damaged_names_repaired(seed_text: SeedText) -> None:
    for prefix in ("002", "003"):
        record = _parse(seed_text, prefix)
        entries = [
            p for p in record.publications if p.title == "Why do LLMs attend to the first token?"
        ]
        assert len(entries) == 2
        expected = [
            "Federico Barbero",
            "Álvaro Arroyo",
            "Xiangming Gu",
            "Christos Perivolaropoulos",
            "Michael M. Bronstein",
            "Petar Veličković",
        ]
        for entry in entries:
            assert _authors(entry) == expected
        assert entries[0].authors[5].name.raw == "Petar Velivckovi 'c"
        assert entries[0].authors[1].name.raw == "'Alvaro Arroyo"


def test_other_damage_and_names(seed_text: SeedText) -> None:
    page0 = _parse(seed_text, "000")
    assert "András Gyorgy" in _authors(page0.publications[-1])
    page2 = _parse(seed_text, "002")
    unpacking = page2.publications[3]
    assert "Tomasz Trzciński" in _authors(unpacking)
    mesanet = page2.publications[1]
    assert "Blaise Aguera y Arcas" in _authors(mesanet)
    assert "Rif A. Saurous" in _authors(mesanet)
    assert _authors(mesanet)[0] == "Johannes Von Oswald"
    assert page2.publications[0].title == "Meta-learning how to Share Credit among Macro-Actions"
    assert _authors(page2.publications[0]) == ["Ionel-Alexandru Hosu", "Traian Rebedea"]


def test_french_page_entries(seed_text: SeedText) -> None:
    record = _parse(seed_text, "001")
    loss, mining = record.publications[0], record.publications[1]
    assert loss.title == "Loss Smoothing for Continual Adaptation"
    assert loss.authors == () and loss.abstract is not None
    assert mining.title == "Mining Generalizable Activation Functions"
    assert _authors(mining) == ["Alex Vitvitskyi", "Michael Boratko", "Matej Grcic", "Deep Shah"]
    assert mining.abstract is None
    ms_ssm = record.publications[4]
    assert _authors(ms_ssm)[-1] == "Seyed Vahab Mirrokni"
    dudzik = record.publications[10]
    assert "Andrew Joseph Dudzik" in _authors(dudzik)
    last = record.publications[-1]
    assert "Benedetto De Martino" in _authors(last)
    for publication in record.publications:
        assert "voir plus" not in (publication.abstract or "")
    assert "traction in" in (record.publications[2].abstract or "")


def test_title_versions_and_page_two(seed_text: SeedText) -> None:
    record = _parse(seed_text, "003")
    titles = _titles(record)
    v1 = "NoProp: Training Neural Networks without Back-propagation or Forward-propagation"
    v2 = (
        "NoProp: Training Neural Networks without Full Back-propagation or Full Forward-propagation"
    )
    assert titles.count(v1) == 2 and v2 in titles
    first, second = record.publications[0], record.publications[1]
    assert "Alex Ku" in _authors(first) and "Alex Ku" not in _authors(second)
    assert _authors(first)[2] == "Stephanie C.Y. Chan"
    facts = record.publications[9]
    assert _authors(facts) == [
        "Nicolas Zucchet",
        "Jorg Bornschein",
        "Stephanie Chan",
        "Andrew Lampinen",
        "Soham De",
    ]


def test_see_more_joined_inside_words(seed_text: SeedText) -> None:
    record = _parse(seed_text, "002")
    abstract = record.publications[1].abstract or ""
    assert "transformers require" in abstract
    page0 = _parse(seed_text, "000")
    agency = page0.publications[2].abstract or ""
    assert "cognitive science, and artificial" in agency
    assert page0.publications[2].abstract_truncated is False
