"""The ready-made queries answer sensibly on the ingested seeds (the README and the web home page
point users at them): rows, no duplicates, the facts we know the seeds state."""

from __future__ import annotations

import pytest

from scholargraph.queries import load_query
from scholargraph.rdf.terms import Lit

from .conftest import BASE, BuiltStore

PASCANU = f"{BASE}/id/person/razvan-pascanu"


def rows(built: BuiltStore, name: str, **bindings: str) -> list[dict[str, str]]:
    result = built.store.select(load_query(name), bindings or None)
    return [
        {k: v.value if isinstance(v, Lit) else str(v) for k, v in row.items()}
        for row in result.rows
    ]


@pytest.mark.parametrize(
    "name",
    [
        "person-publications",
        "coauthor-network",
        "people-by-topic",
        "papers-by-category-year",
        "what-each-source-said",
        "merged-spellings",
    ],
)
def test_ready_made_query_answers_without_duplicates(name: str, seeds_built: BuiltStore) -> None:
    found = rows(seeds_built, name)
    assert found, name
    as_tuples = [tuple(sorted(r.items())) for r in found]
    assert len(as_tuples) == len(set(as_tuples)), f"{name} repeats rows"


def test_person_publications_of_one_person(seeds_built: BuiltStore) -> None:
    found = rows(seeds_built, "person-publications", person=PASCANU)
    papers = {r["paper"] for r in found}
    assert len(papers) > 30
    assert all(r["name"] == "Razvan Pascanu" for r in found)
    dated = [r["date"] for r in found if "date" in r and not r["date"].startswith("--")]
    assert dated[:5] == sorted(dated, reverse=True)[:5]  # newest first


def test_coauthor_network_counts_shared_papers(seeds_built: BuiltStore) -> None:
    found = rows(seeds_built, "coauthor-network")
    with_pascanu = [r for r in found if PASCANU in (r["a"], r["b"])]
    assert len(with_pascanu) > 50
    assert int(found[0]["papers"]) >= int(found[-1]["papers"]) >= 1


def test_people_by_topic_is_bilingual(seeds_built: BuiltStore) -> None:
    found = rows(seeds_built, "people-by-topic")
    labels = {(r["labelEn"], r.get("labelFr")) for r in found if r["person"] == PASCANU}
    assert ("Continual Learning", "Apprentissage continu") in labels
    assert len(labels) == 15


def test_papers_by_category_year(seeds_built: BuiltStore) -> None:
    found = rows(seeds_built, "papers-by-category-year")
    assert {r["category"] for r in found} >= {"cs.LG"}
    assert all(len(r["year"]) == 4 and r["year"].isdigit() for r in found)


def test_what_each_source_said_names_the_documents(seeds_built: BuiltStore) -> None:
    found = rows(seeds_built, "what-each-source-said", person=PASCANU)
    sources = {r["source"] for r in found}
    assert len(sources) == 5  # four profile pages and the aggregator page
    assert all(s.startswith("file://") for s in sources)


def test_merged_spellings_say_why(seeds_built: BuiltStore) -> None:
    found = rows(seeds_built, "merged-spellings")
    assert all(r["reason"] and 0 <= float(r["score"]) <= 100 for r in found)
    assert any(r["merged"] != r["matched"] for r in found)
