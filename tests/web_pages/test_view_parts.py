"""Pure pieces of the pages: author order, dates, labels by language, links."""

from __future__ import annotations

import pytest
from flask import Flask

from scholargraph.rdf.terms import XSD, Lit
from scholargraph.web.authors import AuthorEntry, list_cut_short, order_authors
from scholargraph.web.display import Linker, format_date, source_label
from scholargraph.web.i18n import choose_language, pick_literal
from scholargraph.web.linked_data import candidate_iris, split_suffix


def names(entries: list[AuthorEntry]) -> list[str]:
    return [entry.name for entry in order_authors(entries)]


def test_ranks_come_first_then_listed_then_unplaced() -> None:
    entries = [
        AuthorEntry("o", "Owner"),
        AuthorEntry("c", "C", listed={"g1": 3}),
        AuthorEntry("b", "B", ranks={2}),
        AuthorEntry("a", "A", ranks={1}, listed={"g1": 1}),
        AuthorEntry("d", "D", listed={"g1": 2}),
    ]
    assert names(entries) == ["A", "B", "D", "C", "Owner"]


def test_listed_order_comes_from_one_reference_graph() -> None:
    # page g1 (owner X) lists A, B, C; page g2 (owner Y) lists C, A: g1 lists more, so it rules
    entries = [
        AuthorEntry("a", "A", listed={"g1": 1, "g2": 2}),
        AuthorEntry("b", "B", listed={"g1": 2}),
        AuthorEntry("c", "C", listed={"g1": 3, "g2": 1}),
        AuthorEntry("y", "Y", listed={"g1": 4}),
    ]
    assert names(entries) == ["A", "B", "C", "Y"]


def test_order_does_not_depend_on_input_order() -> None:
    entries = [
        AuthorEntry("a", "A", ranks={1}),
        AuthorEntry("b", "B", listed={"g": 1}),
        AuthorEntry("c", "C"),
        AuthorEntry("d", "D"),
    ]
    assert names(entries) == names(list(reversed(entries)))


@pytest.mark.parametrize(
    ("values", "cut"),
    [
        ([], False),
        ([Lit("false", XSD + "boolean")], True),
        ([Lit("true", XSD + "boolean")], False),
        ([Lit("false", XSD + "boolean"), Lit("true", XSD + "boolean")], False),
    ],
)
def test_et_al_only_when_no_source_gives_the_whole_list(values: list[Lit], cut: bool) -> None:
    assert list_cut_short(values) is cut


@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [
        (Lit("2024-05-02", XSD + "date"), "en", "2 May 2024"),
        (Lit("2024-05-01", XSD + "date"), "fr", "1er mai 2024"),
        (Lit("2024-05", XSD + "gYearMonth"), "fr", "mai 2024"),
        (Lit("2024", XSD + "gYear"), "en", "2024"),
        (Lit("--05-02", XSD + "gMonthDay"), "en", "2 May"),
        (Lit("2026-11-02T10:00:00Z", XSD + "dateTime"), "en", "2 November 2026"),
        (Lit("garbage", XSD + "date"), "en", "garbage"),
        (None, "en", ""),
    ],
)
def test_dates_keep_their_precision(value: Lit | None, lang: str, text: str) -> None:
    assert format_date(value, lang) == text


def test_labels_fall_back_to_the_other_language_then_untagged() -> None:
    both = [Lit("Deep Learning", None, "en"), Lit("Apprentissage profond", None, "fr")]
    assert pick_literal(both, "fr") == "Apprentissage profond"
    assert pick_literal(both, "en") == "Deep Learning"
    assert pick_literal([Lit("Tidal Computing", None, "en")], "fr") == "Tidal Computing"
    assert pick_literal([Lit("plain"), Lit("Anglais", None, "en-GB")], "en") == "Anglais"
    assert pick_literal([Lit("plain"), Lit("Deutsch", None, "de")], "fr") == "plain"
    assert pick_literal(["http://not-a-literal"], "en") is None


@pytest.mark.parametrize(
    ("query", "header", "lang", "explicit"),
    [
        ("?lang=fr", "en", "fr", True),
        ("?lang=de", "fr-CA", "fr", False),
        ("", "fr-CA,fr;q=0.9", "fr", False),
        ("", "de-DE, fr;q=0.5", "fr", False),
        ("", "de-DE", "en", False),
        ("", "", "en", False),
    ],
)
def test_language_choice(query: str, header: str, lang: str, explicit: bool) -> None:
    app = Flask(__name__)
    with app.test_request_context("/" + query, headers={"Accept-Language": header}):
        from flask import request

        choice = choose_language(request)
    assert (choice.lang, choice.explicit) == (lang, explicit)


def test_linker_maps_base_iris_to_local_paths() -> None:
    linker = Linker("https://kg.example.test", "/app", "fr")
    assert linker.href("https://kg.example.test/id/person/x") == "/app/id/person/x?lang=fr"
    assert linker.href("https://kg.example.test/id/person/x", ".ttl") == "/app/id/person/x.ttl"
    assert linker.href("http://www.wikidata.org/entity/Q1") == "http://www.wikidata.org/entity/Q1"
    assert linker.page("/search", q="ada") == "/app/search?q=ada&lang=fr"
    assert Linker("https://kg.example.test").page("/") == "/"


def test_suffixes_and_encoded_keys() -> None:
    assert split_suffix("cs.LG.ttl")[0] == "cs.LG"
    assert split_suffix("cs.LG")[1] is None
    assert split_suffix(".ttl")[1] is None
    iris = candidate_iris("https://b", "person", "zoé lefèvre")
    assert iris == ["https://b/id/person/zo%C3%A9%20lef%C3%A8vre"]  # a space is never in an IRI
    iris = candidate_iris("https://b", "topic", "zoé")
    assert iris == ["https://b/id/topic/zo%C3%A9", "https://b/id/topic/zoé"]
    assert candidate_iris("https://b", "person", "a\x00b") == ["https://b/id/person/a%00b"]


def test_source_labels() -> None:
    assert source_label("file:///data/pages/a%20b.txt") == "a b.txt"
    assert source_label("https://example.org/p") == "https://example.org/p"
