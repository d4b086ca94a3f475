"""Person resolution across documents: merges, non-merges, labels, ambiguity and keys."""

from __future__ import annotations

import pytest
from resolve_records import (
    INSTITUTE,
    OWNER,
    aggregator,
    author,
    entity,
    key_of_label,
    person_groups,
    profile,
    pub,
)

from scholargraph.models import (
    EntityKind,
    Resolution,
    SourceDocument,
    author_ref,
    owner_ref,
)
from scholargraph.resolve import resolve
from scholargraph.vocabulary import Vocabulary

P = EntityKind.PERSON


def run(vocabulary: Vocabulary, *docs: SourceDocument) -> Resolution:
    return resolve(list(docs), vocabulary, institute_name=INSTITUTE)


def two_pages(a: str, b: str) -> list[SourceDocument]:
    """``a`` on a profile paper and ``b`` on an unrelated aggregator paper: names alone decide."""
    return [
        profile("p1", [pub(0, "Deep Things", [a, "Zora Quill"])]),
        aggregator("agg", [pub(0, "Shallow Matters", [b, "Yusuf Brandt"])]),
    ]


@pytest.mark.parametrize(
    ("damaged", "clean", "reason"),
    [
        ("Andr'as Gyorgy", "András György", "latex-damage"),
        ("Petar Velivckovi 'c", "Petar Veličković", "latex-damage"),
        ("Viorica Puatruaucean", "Viorica Pătrăucean", "latex-damage"),
        ("'Alvaro Arroyo", "Álvaro Arroyo", "latex-damage"),
        ("Tomasz Trzci'nski", "Tomasz Trzciński", "latex-damage"),
        ("Jorg Bornschein", "Jörg Bornschein", "dropped-diacritics"),
        ("Korbinian Poppel", "Korbinian Pöppel", "dropped-diacritics"),
        ("A. Harutyunyan", "Anna Harutyunyan", "initials"),
        ("Michalis Titsias", "Michalis K. Titsias", "middle-initial"),
        ("Stephanie C.Y. Chan", "Stephanie C. Y. Chan", "middle-initial"),
        ("Stephanie Chan", "Stephanie C. Y. Chan", "middle-initial"),
        ("Samuel L Smith", "Samuel L. Smith", "middle-initial"),
        ("Vihang Patil", "Vihang P. Patil", "middle-initial"),
        ("Andrew Dudzik", "Andrew Joseph Dudzik", "middle-initial"),
        ("Andrew Lampinen", "Andrew K. Lampinen", "middle-initial"),
        ("Johannes Von Oswald", "Johannes von Oswald", "particle-case"),
        ("Alex Ku", "Alexander Y. Ku", "nickname"),
    ],
)
def test_spelling_variants_are_one_person(
    vocabulary: Vocabulary, damaged: str, clean: str, reason: str
) -> None:
    res = run(vocabulary, *two_pages(damaged, clean))
    key = key_of_label(res, P, clean)
    assert key_of_label(res, P, damaged) == key
    e = entity(res, P, key)
    assert e.label == clean  # the best spelling is the one shown
    assert e.alternate_labels == (damaged,)
    assert [(m.label, m.into, m.reason) for m in e.merges] == [(damaged, clean, reason)]
    assert res.mentions[P][author_ref("p1", 0, 0)] == res.mentions[P][author_ref("agg", 0, 0)]


@pytest.mark.parametrize(
    ("damaged", "dropped", "clean", "key", "alias"),
    [
        (
            "Viorica Puatruaucean",
            "Viorica Patraucean",
            "Viorica Pătrăucean",
            "viorica-patraucean",
            "viorica-puatruaucean",
        ),
        (
            "Petar Velivckovi 'c",
            "Petar Velickovic",
            "Petar Veličković",
            "petar-velickovic",
            "petar-velivckovi-c",
        ),
    ],
)
def test_three_spellings_of_one_damaged_name(
    vocabulary: Vocabulary, damaged: str, dropped: str, clean: str, key: str, alias: str
) -> None:
    """The two ASCII spellings only *may* be one name; the clean one proves both."""
    docs = [
        profile("p1", [pub(0, "A", [damaged])]),
        profile("p2", [pub(0, "B", [dropped])]),
        aggregator("agg", [pub(0, "C", [clean])]),
    ]
    res = run(vocabulary, *docs)
    e = entity(res, P, key_of_label(res, P, clean))
    assert e.label == clean and e.key == key
    assert e.alternate_labels == tuple(sorted((damaged, dropped)))
    # The damaged spelling alone would have had another key: it stays resolvable.
    assert alias in e.aliases
    # Without the clean spelling, two ASCII spellings are not evidence enough.
    alone = run(vocabulary, *docs[:2])
    assert key_of_label(alone, P, damaged) != key_of_label(alone, P, dropped)


def test_homonym_suffix_is_a_hint(vocabulary: Vocabulary) -> None:
    res = run(
        vocabulary,
        *two_pages("Yutian Chen", "Yutian Chen"),
        profile("p3", [pub(0, "Other", [author("Yutian Chen", suffix="0001")])]),
    )
    e = entity(res, P, "yutian-chen")
    assert e.label == "Yutian Chen" and e.homonym_hints == ("0001",)
    assert ("Yutian Chen 0001", "homonym-suffix") in [(m.label, m.reason) for m in e.merges]


def test_different_homonym_suffixes_are_different_people(vocabulary: Vocabulary) -> None:
    docs = [
        profile("p1", [pub(0, "A", [author("Wei Zhang", suffix="0001")])]),
        profile("p2", [pub(0, "B", [author("Wei Zhang", suffix="0002")])]),
    ]
    res = run(vocabulary, *docs)
    keys = {res.mentions[P][author_ref("p1", 0, 0)], res.mentions[P][author_ref("p2", 0, 0)]}
    assert keys == {"wei-zhang", "wei-zhang-2"}
    # The first by smallest mention keeps the plain key, whatever the input order.
    assert res.mentions[P][author_ref("p1", 0, 0)] == "wei-zhang"
    assert run(vocabulary, *reversed(docs)) == res


def test_bare_name_between_two_homonyms_follows_context(vocabulary: Vocabulary) -> None:
    docs = [
        profile("p1", [pub(0, "A", [author("Wei Zhang", suffix="0001"), "Bob Jones"])]),
        profile("p2", [pub(0, "B", [author("Wei Zhang", suffix="0002"), "Carl White"])]),
        profile("p3", [pub(0, "C", ["Wei Zhang", "Carl White"]), pub(1, "D", ["Wei Zhang"])]),
    ]
    res = run(vocabulary, *docs)
    m = res.mentions[P]
    assert m[author_ref("p3", 0, 0)] == m[author_ref("p2", 0, 0)]  # shares Carl White
    assert m[author_ref("p3", 1, 0)] not in {m[author_ref("p1", 0, 0)], m[author_ref("p2", 0, 0)]}
    assert m[author_ref("p1", 0, 0)] != m[author_ref("p2", 0, 0)]


def test_unplaced_mentions_of_a_shared_name_are_grouped_by_their_own_context(
    vocabulary: Vocabulary,
) -> None:
    # two people named Wei Zhang (suffixed apart); four bare mentions share context with
    # neither: the two with Dana Brown are one person, the two with Eve Black another
    docs = [
        profile("p1", [pub(0, "A", [author("Wei Zhang", suffix="0001"), "Bob Jones"])]),
        profile("p2", [pub(0, "B", [author("Wei Zhang", suffix="0002"), "Carl White"])]),
        aggregator("a1", [pub(0, "C", ["Wei Zhang", "Dana Brown"])]),
        aggregator("a2", [pub(0, "D", ["Dana Brown", "Wei Zhang"])]),
        aggregator("a3", [pub(0, "E", ["Wei Zhang", "Eve Black"])]),
        aggregator("a4", [pub(0, "F", ["Eve Black", "Wei Zhang"])]),
    ]
    res = run(vocabulary, *docs)
    m = res.mentions[P]
    dana = {m[author_ref("a1", 0, 0)], m[author_ref("a2", 0, 1)]}
    eve = {m[author_ref("a3", 0, 0)], m[author_ref("a4", 0, 1)]}
    homonyms = {m[author_ref("p1", 0, 0)], m[author_ref("p2", 0, 0)]}
    assert len(dana) == len(eve) == 1 and len(homonyms) == 2
    assert len(dana | eve | homonyms) == 4  # not pooled into one leftover Wei Zhang
    assert run(vocabulary, *reversed(docs)) == res


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Anna Smith", "John Smith"),
        ("Wei Zhang", "Wei Chen"),
        ("Samuel L. Smith", "Samuel K. Smith"),
        ("Juan Garcia", "Jan Garcia"),
    ],
)
def test_different_people_stay_apart(vocabulary: Vocabulary, a: str, b: str) -> None:
    res = run(vocabulary, *two_pages(a, b))
    assert key_of_label(res, P, a) != key_of_label(res, P, b)


def test_shared_coauthor_list_does_not_merge_people(vocabulary: Vocabulary) -> None:
    crew = ["David Abel", "Andre Barreto", "Michael Bowling", "Will Dabney"]
    docs = [
        profile(
            "p1",
            [
                pub(0, "Agency Is Frame-Dependent", crew),
                pub(1, "Plasticity as the Mirror of Empowerment", crew),
            ],
        )
    ]
    res = run(vocabulary, *docs)
    assert len(person_groups(res)) == len(crew) + 1  # the crew and the owner


def test_initial_ambiguous_between_two_people_stays_apart(vocabulary: Vocabulary) -> None:
    docs = [
        profile("p1", [pub(0, "Paper One", ["Anna Smith", "Bob Jones"])]),
        profile("p2", [pub(0, "Paper Two", ["Alan Smith", "Carl White"])]),
        profile("p3", [pub(0, "Paper Three", ["A. Smith", "Dana Brown"])]),
    ]
    res = run(vocabulary, *docs)
    anna, alan, initial = (
        key_of_label(res, P, n) for n in ("Anna Smith", "Alan Smith", "A. Smith")
    )
    assert len({anna, alan, initial}) == 3  # no chaining Anna - A. - Alan


def test_initial_ambiguous_resolved_by_shared_coauthor(vocabulary: Vocabulary) -> None:
    docs = [
        profile("p1", [pub(0, "Paper One", ["Anna Smith", "Bob Jones"])]),
        profile("p2", [pub(0, "Paper Two", ["Alan Smith", "Carl White"])]),
        profile("p3", [pub(0, "Paper Three", ["A. Smith", "Bob Jones"])]),
    ]
    res = run(vocabulary, *docs)
    assert key_of_label(res, P, "A. Smith") == key_of_label(res, P, "Anna Smith")
    assert key_of_label(res, P, "Alan Smith") != key_of_label(res, P, "Anna Smith")


def test_initial_ambiguous_resolved_by_shared_paper(vocabulary: Vocabulary) -> None:
    docs = [
        profile("p1", [pub(0, "Paper One", ["Anna Smith"])]),
        profile("p2", [pub(0, "Paper Two", ["Alan Smith"])]),
        aggregator("agg", [pub(0, "Paper Two", ["A. Smith"])]),
    ]
    res = run(vocabulary, *docs)
    assert key_of_label(res, P, "A. Smith") == key_of_label(res, P, "Alan Smith")


def test_initial_with_one_candidate_joins_it(vocabulary: Vocabulary) -> None:
    res = run(vocabulary, *two_pages("A. Harutyunyan", "Anna Harutyunyan"))
    assert key_of_label(res, P, "A. Harutyunyan") == "anna-harutyunyan"


def test_nickname_cannot_chain_two_formal_names(vocabulary: Vocabulary) -> None:
    docs = [
        profile("p1", [pub(0, "One", ["Alexander Ku"])]),
        profile("p2", [pub(0, "Two", ["Alexandra Ku"])]),
        profile("p3", [pub(0, "Three", ["Alex Ku"])]),
    ]
    res = run(vocabulary, *docs)
    assert key_of_label(res, P, "Alexander Ku") != key_of_label(res, P, "Alexandra Ku")


def test_same_list_adjacent_variants_are_one_person_listed_twice(vocabulary: Vocabulary) -> None:
    docs = [
        profile(
            "p1",
            [
                pub(
                    0,
                    "On the generalization of language models",
                    ["Diane Wan", "Alexander Y. Ku", "Alex Ku", "Jorg Bornschein"],
                )
            ],
        )
    ]
    res = run(vocabulary, *docs)
    m = res.mentions[P]
    assert m[author_ref("p1", 0, 1)] == m[author_ref("p1", 0, 2)]


def test_same_list_distant_variants_are_two_people(vocabulary: Vocabulary) -> None:
    docs = [
        profile("p1", [pub(0, "Some paper", ["Anna Harutyunyan", "Bob Jones", "A. Harutyunyan"])])
    ]
    res = run(vocabulary, *docs)
    m = res.mentions[P]
    assert m[author_ref("p1", 0, 0)] != m[author_ref("p1", 0, 2)]


def test_owner_is_one_person_as_owner_and_as_ranked_author(vocabulary: Vocabulary) -> None:
    docs = [
        profile("p1", [pub(0, "A", ["Xiuying Wei"])]),
        aggregator("agg", [pub(0, "B", [author("Xiuying Wei", 1), author(OWNER, 2)])]),
    ]
    res = run(vocabulary, *docs)
    m = res.mentions[P]
    assert m[owner_ref("p1")] == m[owner_ref("agg")] == m[author_ref("agg", 0, 1)]
    assert m[owner_ref("p1")] == "razvan-pascanu"


def test_every_mention_has_an_entity(vocabulary: Vocabulary) -> None:
    docs = two_pages("A. Harutyunyan", "Anna Harutyunyan")
    res = run(vocabulary, *docs)
    keys = {e.key for e in res.entities if e.kind is P}
    expected = {
        owner_ref("p1"),
        owner_ref("agg"),
        author_ref("p1", 0, 0),
        author_ref("p1", 0, 1),
        author_ref("agg", 0, 0),
        author_ref("agg", 0, 1),
    }
    assert set(res.mentions[P]) == expected
    assert set(res.mentions[P].values()) == keys


def test_retired_key_is_kept_as_alias(vocabulary: Vocabulary) -> None:
    """When a new page merges two spellings, the key the lost spelling had stays an alias."""
    alone = run(vocabulary, profile("p1", [pub(0, "A", ["Alex Ku"])]))
    before = alone.mentions[P][author_ref("p1", 0, 0)]
    assert before == "alex-ku"
    merged = run(
        vocabulary,
        profile("p1", [pub(0, "A", ["Alex Ku"])]),
        aggregator("agg", [pub(0, "B", ["Alexander Y. Ku"])]),
    )
    e = entity(merged, P, merged.mentions[P][author_ref("p1", 0, 0)])
    assert e.key == "alexander-y-ku" and before in e.aliases


def test_glued_author_list_says_nothing_about_who_differs(vocabulary: Vocabulary) -> None:
    """A list naming one spelling twice is two entries glued by a parser slip."""
    glued = [
        "Zdenvek Dobnczak",
        "Abel Keros",
        "Modular Point Processes",
        "Zdenek Dobnczak",
        "Abel Keros",
    ]
    docs = [
        profile("p1", [pub(0, "A", glued)]),
        aggregator("agg", [pub(0, "B", ["Zdeněk Dobńczak"])]),
    ]
    res = run(vocabulary, *docs)
    m = res.mentions[P]
    assert m[author_ref("p1", 0, 0)] == m[author_ref("p1", 0, 3)] == m[author_ref("agg", 0, 0)]


def test_page_owner_context_separates_two_people_with_one_name(vocabulary: Vocabulary) -> None:
    """Two researchers named alike: the owner's whole page is the context of the owner."""
    docs = [
        aggregator(
            "agg1",
            [pub(0, "Graph Things", [author("Chris Ku", suffix="0001"), "Bob Jones"])],
            owner="Chris Ku",
        ),
        aggregator(
            "agg2",
            [pub(0, "Protein Things", [author("Chris Ku", suffix="0002"), "Carl White"])],
            owner="Chris Ku",
        ),
    ]
    res = run(vocabulary, *docs)
    m = res.mentions[P]
    assert m[owner_ref("agg1")] == m[author_ref("agg1", 0, 0)]
    assert m[owner_ref("agg2")] == m[author_ref("agg2", 0, 0)]
    assert m[owner_ref("agg1")] != m[owner_ref("agg2")]
