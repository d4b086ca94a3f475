"""Aggregator parser: the real capture (seed 004) and small pages written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from scholargraph.errors import MalformedPage
from scholargraph.models import Language, PageFormat, PageRecord, PartialDate
from scholargraph.parse import parse_aggregator, parse_page
from scholargraph.parse.aggregator import arxiv_category

SeedText = Callable[[str], str]


@pytest.fixture(scope="module")
def page(seed_text: SeedText) -> PageRecord:
    return parse_page(seed_text("004"), where="seed 004")


def _by_title(record: PageRecord, title: str) -> int:
    [index] = [p.index for p in record.publications if p.title == title]
    return index


def test_header(page: PageRecord) -> None:
    assert page.format is PageFormat.AGGREGATOR and page.language is Language.EN
    assert page.owner.text == "Razvan Pascanu"
    assert page.primary_category == "cs.LG"
    metrics = {m.name: m for m in page.metrics}
    assert set(metrics) == {"hIndex", "publicationCount", "citationCount", "novelty", "aiScore"}
    assert metrics["hIndex"].value == 89
    assert metrics["publicationCount"].value == 144  # "144papers" and "144 Papers": one figure
    assert metrics["citationCount"].value == 44094
    assert metrics["citationCount"].raw == "44,094citations"
    assert (metrics["novelty"].value, metrics["novelty"].unit) == (54, "percent")
    assert metrics["aiScore"].value == 63
    assert page.warnings == ()


def test_blocks(page: PageRecord) -> None:
    assert len(page.publications) == 50
    first = page.publications[0]
    assert first.title == "The CLRS Algorithmic Reasoning Benchmark"
    assert first.date == PartialDate(year=2022, month=5, day=31)
    assert first.category == "cs.LG" and first.code_available is True
    assert first.author_list_complete is False
    assert first.organization_tags == ("deepmind",)
    assert [a.name.text for a in first.authors] == [
        "Petar Veličković",
        "Adrià Puigdomènech Badia",
        "David Budden",
    ]
    assert [a.rank for a in first.authors] == [1, 2, 3]
    assert all(a.listed_index is None for a in first.authors)
    assert first.abstract and first.abstract_truncated is False
    assert sum(p.code_available is True for p in page.publications) == 10


def test_dates_and_categories(page: PageRecord) -> None:
    natural = page.publications[_by_title(page, "Revisiting Natural Gradient for Deep Networks")]
    assert natural.date == PartialDate(year=2014, month=2, day=17)
    assert natural.date.precision == "date"
    assert natural.code_available is False
    illusion = page.publications[_by_title(page, "The Illusion of Stochasticity in LLMs")]
    assert illusion.date == PartialDate(month=4, day=8)
    assert illusion.date.year is None and illusion.date.lexical == "--04-08"
    assert illusion.category == "cs.CL"
    semppl = page.publications[1]
    assert semppl.category == "cs.CV" and semppl.date == PartialDate(year=2023, month=1, day=12)
    no_year = [p for p in page.publications if p.date and p.date.year is None]
    assert len(no_year) == 6


def test_owner_rank_and_complete_lists(page: PageRecord) -> None:
    natural = page.publications[_by_title(page, "Revisiting Natural Gradient for Deep Networks")]
    assert natural.author_list_complete is True
    assert [(a.name.text, a.rank, a.is_owner) for a in natural.authors] == [
        ("Razvan Pascanu", 1, True),
        ("Yoshua Bengio", 2, False),
    ]
    streaming = page.publications[
        _by_title(page, "Revisiting Adam for Streaming Reinforcement Learning")
    ]
    assert streaming.author_list_complete is True and streaming.organization_tags == ()
    assert streaming.authors[2].is_owner and streaming.authors[2].rank == 3
    owned = [p for p in page.publications if any(a.is_owner for a in p.authors)]
    assert len(owned) == 13


def test_org_tags_and_diacritics(page: PageRecord) -> None:
    plasticity = page.publications[_by_title(page, "Understanding plasticity in neural networks")]
    assert plasticity.organization_tags == ("deepmind", "mila")
    generalization = page.publications[43]
    assert generalization.organization_tags == ("deepmind", "stanford")
    assert generalization.authors[2].name.text == "Stephanie C. Y. Chan"
    mining = page.publications[_by_title(page, "Mining Generalizable Activation Functions")]
    assert mining.organization_tags == () and mining.author_list_complete is False
    trecvit = page.publications[_by_title(page, "TRecViT: A Recurrent Video Transformer")]
    assert trecvit.authors[0].name.text == "Viorica Pătrăucean"
    greedy = page.publications[44]
    assert greedy.authors[1].name.text == "Jörg Bornschein"
    assert page.publications[39].authors[1].name.text == "Álvaro Arroyo"


def test_category_mapping() -> None:
    assert arxiv_category("LG") == "cs.LG"
    assert arxiv_category("NE") == "cs.NE"
    assert arxiv_category("ML") == "stat.ML"
    assert arxiv_category("stat.ML") == "stat.ML"
    assert arxiv_category("ZZ") is None


# Pages written for these tests (fictional people and papers).

TRUNCATED_HEADER = "Ada Quillfeather\n\nNE\nh-index12\n"

SMALL_PAGE = """Ada Quillfeather

ML
h-index12
30papers
1,204citations
Novelty40%
AI Score51

31 Papers

NEMar 3
Spiking Lanterns for Sparse Credit

Ada Quillfeather, Bruno Ferreira-Lind · tallinnlab

We study lanterns. The method works.

MLFeb 30, 2021Code
A Paper With An Impossible Date

Corin Maddox, Ada Quillfeather et al.

Short abstract that stops in the mid

ZZJan 1, 2020
Unknown Category Paper

AIJun 2023Code
Month And Year Only

Ada Quillfeather
"""


def test_small_page() -> None:
    record = parse_aggregator(SMALL_PAGE, where="small")
    assert record.primary_category == "stat.ML"
    metrics = {m.name: m.value for m in record.metrics}
    assert metrics["publicationCount"] == 30
    assert metrics["listedPublicationCount"] == 31  # differs from the header: kept apart
    assert metrics["citationCount"] == 1204
    lanterns, impossible, unknown, month_year = record.publications
    assert month_year.date == PartialDate(year=2023, month=6)
    assert month_year.date.precision == "gYearMonth" and month_year.code_available is True
    assert month_year.category == "cs.AI" and month_year.authors[0].is_owner
    assert lanterns.category == "cs.NE" and lanterns.date == PartialDate(month=3, day=3)
    assert lanterns.author_list_complete is True
    assert lanterns.authors[0].is_owner and not lanterns.authors[1].is_owner
    assert lanterns.organization_tags == ("tallinnlab",)
    assert impossible.date is None and impossible.code_available is True
    assert impossible.category == "stat.ML"
    assert impossible.abstract_truncated is True
    assert unknown.category is None and unknown.authors == () and unknown.abstract is None
    assert any("impossible date" in w for w in record.warnings)
    assert any("unknown category" in w for w in record.warnings)


def test_truncated_header_is_a_record_with_warnings() -> None:
    record = parse_page(TRUNCATED_HEADER, where="cut.txt")
    assert record.owner.text == "Ada Quillfeather"
    assert record.publications == ()
    assert any("truncated" in w for w in record.warnings)


def test_page_without_owner_is_malformed() -> None:
    with pytest.raises(MalformedPage) as info:
        parse_aggregator("h-index12\n30papers\n", where="noowner.txt")
    assert "owner" in info.value.message and info.value.where == "noowner.txt"
