"""Title versions at scale and the near-identical titles of other papers (fictional titles).

Versions of one paper: "Towards X" / "X", a word inserted ("X Practical Y"), found however common
their words are. Other papers that look alike: one word swapped, a suffix appended ("X in
Robotics") by a sibling paper that shares the owner and some co-authors, not the whole list.
"""

from __future__ import annotations

import itertools

from resolve_records import INSTITUTE, OWNER, aggregator, author, profile, pub

from scholargraph.models import EntityKind, Resolution, SourceDocument, publication_ref
from scholargraph.resolve import resolve
from scholargraph.resolve.blocking import BLOCK_CAP
from scholargraph.resolve.normalize import content_tokens, normalize_title
from scholargraph.resolve.titles import title_relation, version_block_keys
from scholargraph.vocabulary import Vocabulary

PUB = EntityKind.PUBLICATION
CREW = ["Ines Varga", "Tomas Okafor", "Lena Brandt"]
OPENING = (
    "Tidal gauges drift over decades, and the lattice kernels used to correct them forget "
    "the seasonal structure that made them accurate in the first place."
)
# A sibling paper's opening: another study of the same group, worded alike.
SIBLING_OPENING = (
    "Tidal gauges drift over decades, and the lattice kernels used to correct them lose "
    "the coastal structure that made them reliable in the first place."
)


def run(vocabulary: Vocabulary, *docs: SourceDocument) -> Resolution:
    return resolve(list(docs), vocabulary, institute_name=INSTITUTE)


def same(res: Resolution, a: tuple[str, int], b: tuple[str, int]) -> bool:
    m = res.mentions[PUB]
    return m[publication_ref(*a)] == m[publication_ref(*b)]


def relation(a: str, b: str) -> str | None:
    ka, kb = normalize_title(a), normalize_title(b)
    return title_relation(
        tuple(ka.split()), content_tokens(ka), tuple(kb.split()), content_tokens(kb)
    )


# ----------------------------------------------------------------------------- title relation


def test_title_relations() -> None:
    # Only function words differ: strong, even on two content words.
    assert relation("Towards Quantized Tide Lattices", "Quantized Tide Lattices") == "strong"
    assert relation("Towards Brittle Kernels", "Brittle Kernels") == "strong"
    # A word inserted into a specific title that keeps its ending: strong; into a short one: weak.
    long_title = "Frugal Lattice Kernels for Tide Forecasting"
    assert relation(long_title, "Frugal Practical Lattice Kernels for Tide Forecasting") == "strong"
    assert relation("Brittle Tide Kernels", "Brittle Sparse Tide Kernels") == "weak"
    # Appended words: weak, also when the suffix repeats a word the title already has.
    assert relation(long_title, long_title + " in Robotics") == "weak"
    glyph = "Glyph Priors for Sign Language Parsing"
    assert relation(glyph, glyph + " for Language") == "weak"
    # One content word swapped: never versions, wherever it is.
    assert relation("Sparse Lattice Kernels for Tide Forecasting", long_title) is None
    assert (
        relation(
            "Towards Frugal Legal Parsing with Encoders",
            "Towards Frugal Legal Parsing with Decoders",
        )
        is None
    )
    assert (
        relation(
            "Glyph Parsing with Supervised Lattices", "Glyph Parsing with Unsupervised Lattices"
        )
        is None
    )
    # A swapped function word is not a swapped word, nor is another spelling of the same word.
    assert relation("Lattice Kernels in Tide Forecasting", "Lattice Kernels for Tide Forecasting")
    assert (
        relation(
            "Frugal Lattice Kernels: Chunked Tide Modeling",
            "Frugal Lattice Kernels: Chunked Tide Modelling",
        )
        == "weak"
    )


def test_version_block_keys_join_versions_whatever_their_words() -> None:
    titles = [
        "Quantized Tide Lattices",
        "Towards Quantized Tide Lattices",
        "Quantized Practical Tide Lattices",
        "Quantized Tide Lattices in Robotics",
        "Brittle Kernels",
    ]
    keys = [
        set(k) for k in version_block_keys([content_tokens(normalize_title(t)) for t in titles])
    ]
    assert keys[0] & keys[1] and keys[0] & keys[2]
    assert keys[0] & keys[3]  # compared, then told apart by the rules
    assert not keys[0] & keys[4]
    # A one-word content bag makes no key: it would pair far too much.
    assert version_block_keys([("kernels",)]) == [[]]


# ----------------------------------------------------------------------------- versions merged


def _common_words_corpus(words: list[str]) -> list[str]:
    """Filler titles that make each of ``words`` common (in more titles than a block may hold)
    without any of them sharing a bag of words with the titles under test."""
    letters = "bcdfghjklmnp"
    made = ("".join(t) for t in itertools.product(letters, "aeiou", letters, "aeiou", letters))
    return [
        f"{word.capitalize()} {next(made).capitalize()} {next(made).capitalize()}"
        for word in words
        for _ in range(BLOCK_CAP + 1)
    ]


def test_versions_meet_however_common_their_words(vocabulary: Vocabulary) -> None:
    fillers = _common_words_corpus(["quantized", "tide", "lattices"])
    res = run(
        vocabulary,
        profile("fill", [pub(i, t, ["Filler Author"]) for i, t in enumerate(fillers)]),
        profile("p1", [pub(0, "Quantized Tide Lattices", CREW, abstract=OPENING)]),
        aggregator(
            "agg",
            [pub(0, "Towards Quantized Tide Lattices", [*CREW, OWNER], year=2023, complete=True)],
        ),
    )
    assert same(res, ("p1", 0), ("agg", 0))


def test_towards_on_a_two_word_title_needs_no_abstract(vocabulary: Vocabulary) -> None:
    res = run(
        vocabulary,
        profile(
            "p1",
            [pub(0, "Brittle Kernels", CREW), pub(1, "Towards Brittle Kernels", CREW)],
        ),
    )
    assert same(res, ("p1", 0), ("p1", 1))


def test_inserted_word_in_a_short_title_needs_agreeing_abstracts(vocabulary: Vocabulary) -> None:
    short, longer = "Brittle Tide Kernels", "Brittle Sparse Tide Kernels"
    res = run(
        vocabulary,
        profile("p1", [pub(0, short, CREW), pub(1, longer, CREW)]),
        profile("p2", [pub(0, short, CREW, abstract=OPENING)]),
        profile("p3", [pub(0, longer, CREW, abstract=OPENING)]),
    )
    # The abstracts of p2 and p3 speak for the titles wherever they are listed.
    assert same(res, ("p1", 0), ("p1", 1))
    res = run(vocabulary, profile("p1", [pub(0, short, CREW), pub(1, longer, CREW)]))
    assert not same(res, ("p1", 0), ("p1", 1))


def test_entry_without_author_line_joins_its_version_on_abstracts(vocabulary: Vocabulary) -> None:
    title = "Frugal Lattice Kernels for Tide Forecasting"
    version = "Frugal Practical Lattice Kernels for Tide Forecasting"
    listed = profile("p1", [pub(0, title, CREW, abstract=OPENING)])
    res = run(vocabulary, listed, aggregator("agg", [pub(0, version, [], abstract=OPENING)]))
    assert same(res, ("p1", 0), ("agg", 0))
    # Nobody can say who wrote the bare entry, nor what it is about: it stays apart.
    res = run(vocabulary, listed, aggregator("agg", [pub(0, version, [])]))
    assert not same(res, ("p1", 0), ("agg", 0))


def test_a_version_may_list_one_more_coauthor(vocabulary: Vocabulary) -> None:
    # A spelling the coarse author keys do not join reads as one more author: tolerated once.
    res = run(
        vocabulary,
        profile("p1", [pub(0, "Frugal Lattice Kernels for Tide Forecasting", CREW)]),
        profile(
            "p2",
            [pub(0, "Towards Frugal Lattice Kernels for Tide Forecasting", [*CREW, "Kofi Mensah"])],
        ),
    )
    assert same(res, ("p1", 0), ("p2", 0))


def test_a_spelling_variant_is_a_version_when_abstracts_agree(vocabulary: Vocabulary) -> None:
    res = run(
        vocabulary,
        profile(
            "p1",
            [
                pub(0, "Frugal Lattice Kernels: Chunked Tide Modeling", CREW, abstract=OPENING),
                pub(1, "Frugal Lattice Kernels: Chunked Tide Modelling", CREW, abstract=OPENING),
            ],
        ),
    )
    assert same(res, ("p1", 0), ("p1", 1))


# ----------------------------------------------------------------------------- kept apart


def test_one_swapped_word_is_another_paper(vocabulary: Vocabulary) -> None:
    pairs = [
        (
            "Towards Frugal Legal Parsing with Encoders",
            "Towards Frugal Legal Parsing with Decoders",
        ),
        (
            "Sparse Lattice Kernels for Tide Forecasting",
            "Dense Lattice Kernels for Tide Forecasting",
        ),
        ("Offline Glyph Priors", "Online Glyph Priors"),
    ]
    for a, b in pairs:
        # Same authors, same year, abstracts worded alike: still two papers.
        res = run(
            vocabulary,
            aggregator(
                "agg",
                [
                    pub(0, a, [*CREW, OWNER], abstract=OPENING, year=2024, complete=True),
                    pub(1, b, [*CREW, OWNER], abstract=SIBLING_OPENING, year=2024, complete=True),
                ],
            ),
        )
        assert not same(res, ("agg", 0), ("agg", 1)), (a, b)


def test_suffixed_sibling_with_other_coauthors_is_another_paper(vocabulary: Vocabulary) -> None:
    title = "Frugal Lattice Kernels for Tide Forecasting"
    for suffix in (" in Robotics", " for Healthcare", " in the Wild"):
        res = run(
            vocabulary,
            profile(
                "p1",
                [
                    pub(0, title, CREW, abstract=OPENING),
                    # Shares the owner and two co-authors, not the whole list.
                    pub(1, title + suffix, [*CREW[:2], "Kofi Mensah"], abstract=SIBLING_OPENING),
                ],
            ),
        )
        assert not same(res, ("p1", 0), ("p1", 1)), suffix


def test_suffixed_solo_sibling_is_another_paper(vocabulary: Vocabulary) -> None:
    title = "Frugal Lattice Kernels for Tide Forecasting"
    res = run(
        vocabulary,
        profile(
            "p1",
            [
                pub(0, title, CREW, abstract=OPENING),
                pub(1, title + " in the Wild", [], abstract=SIBLING_OPENING),  # the owner alone
            ],
        ),
    )
    assert not same(res, ("p1", 0), ("p1", 1))


def test_suffix_repeating_a_title_word_is_appended_not_versioned(vocabulary: Vocabulary) -> None:
    # "... Sign Language Parsing" + " for Language": the same set of words, one more word.
    title = "Glyph Priors for Sign Language Parsing"
    res = run(
        vocabulary,
        profile("p1", [pub(0, title, CREW), pub(1, title + " for Language", CREW)]),
    )
    assert not same(res, ("p1", 0), ("p1", 1))


def test_versions_and_a_suffixed_sibling_together(vocabulary: Vocabulary) -> None:
    title = "Frugal Lattice Kernels for Tide Forecasting"
    res = run(
        vocabulary,
        profile(
            "p1",
            [
                pub(0, title, CREW, abstract=OPENING),
                pub(1, "Towards " + title, CREW),
                pub(2, title + " in Robotics", [CREW[0], "Kofi Mensah"], abstract=SIBLING_OPENING),
            ],
        ),
        aggregator(
            "agg",
            [
                pub(0, "Towards " + title, [author(CREW[0], 1), author(CREW[1], 2)]),
                pub(1, title + " in Robotics", [author(CREW[0], 1), author("Kofi Mensah", 2)]),
            ],
        ),
    )
    assert same(res, ("p1", 0), ("p1", 1)) and same(res, ("p1", 0), ("agg", 0))
    assert same(res, ("p1", 2), ("agg", 1))
    assert not same(res, ("p1", 0), ("p1", 2))
