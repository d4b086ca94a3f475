"""Context rules of the publication list: students, repeats, page words (fictional pages)."""

from __future__ import annotations

from scholargraph.models import PageRecord
from scholargraph.parse import parse_page

HEADER = """Portrait of Maren Holloway

Maren Holloway

Affiliate Member
Research Scientist, Saltmarsh Institute
"""


def _page(body: str, *, header: str = HEADER) -> PageRecord:
    return parse_page(header + "\n" + body)


def _entries(record: PageRecord) -> list[tuple[str, list[str]]]:
    return [(p.title, [a.name.text for a in p.authors]) for p in record.publications]


def test_supervised_in_a_title_is_not_a_student_role() -> None:
    # No Publications heading: the list starts right after the students section. A title that
    # holds "Supervised" is not a "Co-supervisor :" line.
    record = _page(
        """Current Students
Tomasz Arkwright
PhD - Saltmarsh Institute
Principal supervisor :



Weakly Supervised Kelp Counting from Drone Imagery
Ilka Brandsma
Oren Tavish
Self-Supervised Tide Gauges for Estuaries
Ilka Brandsma
"""
    )
    assert _entries(record) == [
        ("Weakly Supervised Kelp Counting from Drone Imagery", ["Ilka Brandsma", "Oren Tavish"]),
        ("Self-Supervised Tide Gauges for Estuaries", ["Ilka Brandsma"]),
    ]
    names = {a for _, authors in _entries(record) for a in authors}
    assert "Tomasz Arkwright" not in names


def test_blank_line_ends_the_name_after_a_role_line() -> None:
    # A capitalised-only first title after the gap is not the co-supervisor's name.
    record = _page(
        """Current Students
Tomasz Arkwright
Master's Research - Saltmarsh Institute
Co-supervisor :


Generative Harbours
Ilka Brandsma
Oren Tavish
Tidal Currents: A Field Guide for Robots
Oren Tavish
"""
    )
    assert _entries(record) == [
        ("Generative Harbours", ["Ilka Brandsma", "Oren Tavish"]),
        ("Tidal Currents: A Field Guide for Robots", ["Oren Tavish"]),
    ]


def test_a_repeated_name_means_a_new_entry_started() -> None:
    # "Kelp Lattices" has no word the shape rules know, but reading it as a name would list
    # Ilka Brandsma twice in one entry: an entry started in between, at the most title-like
    # line, and the same line is a title wherever it occurs.
    record = _page(
        """Publications

Counting Kelp with Sonar: A Field Study
Ilka Brandsma
Oren Tavish
Kelp Lattices
Ilka Brandsma
Pia Coldwater
Kelp Lattices
Ilka Brandsma
Pia Coldwater
"""
    )
    assert _entries(record) == [
        ("Counting Kelp with Sonar: A Field Study", ["Ilka Brandsma", "Oren Tavish"]),
        ("Kelp Lattices", ["Ilka Brandsma", "Pia Coldwater"]),
        ("Kelp Lattices", ["Ilka Brandsma", "Pia Coldwater"]),
    ]


def test_the_same_plain_name_twice_is_a_listing_glitch_not_a_title() -> None:
    record = _page(
        """Publications

Counting Kelp with Sonar: A Field Study
Ilka Brandsma
Oren Tavish
Oren Tavish
Pia Coldwater
"""
    )
    assert _entries(record) == [
        (
            "Counting Kelp with Sonar: A Field Study",
            ["Ilka Brandsma", "Oren Tavish", "Oren Tavish", "Pia Coldwater"],
        )
    ]


def test_a_repeated_entry_lists_the_same_number_of_people() -> None:
    # The second listing of the same paper already has its two co-authors, so the next line
    # starts the next entry although its words are unknown to the shape rules.
    record = _page(
        """Publications

Counting Kelp with Sonar: A Field Study
Ilka Brandsma
Oren Tavish
Counting Kelp with Sonar: A Field Study
Ilka Brandsma
Oren Tavish
Brine Lattices
Pia Coldwater
"""
    )
    assert _entries(record) == [
        ("Counting Kelp with Sonar: A Field Study", ["Ilka Brandsma", "Oren Tavish"]),
        ("Counting Kelp with Sonar: A Field Study", ["Ilka Brandsma", "Oren Tavish"]),
        ("Brine Lattices", ["Pia Coldwater"]),
    ]


def test_a_repeated_entry_keeps_a_name_with_an_initial() -> None:
    # A line only a name can be (an initial) stays an author even past the first count.
    record = _page(
        """Publications

Counting Kelp with Sonar: A Field Study
Ilka Brandsma
Counting Kelp with Sonar: A Field Study
Ilka Brandsma
O. Tavish
"""
    )
    assert _entries(record)[1] == (
        "Counting Kelp with Sonar: A Field Study",
        ["Ilka Brandsma", "O. Tavish"],
    )


def test_words_of_the_page_titles_lean_a_line_to_a_title() -> None:
    # "Lattices" and "Brine" appear in certain titles of the page: "Brine Lattices" is a title.
    record = _page(
        """Publications

Brine Chemistry for Coastal Sensors: A Survey
Ilka Brandsma
Oren Tavish
Brine Lattices
Pia Coldwater
Why Do Lattices Freeze?
Oren Tavish
"""
    )
    assert [title for title, _ in _entries(record)] == [
        "Brine Chemistry for Coastal Sensors: A Survey",
        "Brine Lattices",
        "Why Do Lattices Freeze?",
    ]


def test_words_of_the_page_names_lean_a_line_to_a_name() -> None:
    # "Deep" and "Smart" are both common title words, but "Deep R. Smart" (an initial) shows
    # they are a name on this page, so "Deep Smart" is a co-author, not a title.
    record = _page(
        """Publications

Kelp Forests at Night: Sonar Maps
Deep R. Smart
Pia Coldwater
Tidal Sensors for Estuaries: A Survey
Deep Smart
Pia Coldwater
"""
    )
    assert _entries(record) == [
        ("Kelp Forests at Night: Sonar Maps", ["Deep R. Smart", "Pia Coldwater"]),
        ("Tidal Sensors for Estuaries: A Survey", ["Deep Smart", "Pia Coldwater"]),
    ]


def test_damaged_accented_initial_is_an_author() -> None:
    record = _page(
        """Publications

Kelp Forests at Night: Sonar Maps
'E. Marchetti
É. Laurentin
Pia Coldwater
"""
    )
    [(_, authors)] = _entries(record)
    assert authors == ["É. Marchetti", "É. Laurentin", "Pia Coldwater"]
