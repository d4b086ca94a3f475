"""Pairwise person-name matching: every documented spelling variant, and the non-merges."""

from __future__ import annotations

import pytest

from scholargraph.resolve.damage import Spelling, loosen, simulate_damage
from scholargraph.resolve.names import compare_names, parse_name


def match(a: str, b: str):  # type: ignore[no-untyped-def]
    return compare_names(parse_name(a), parse_name(b))


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("Andr'as Gyorgy", "András György", "latex-damage"),
        ("Petar Velivckovi 'c", "Petar Veličković", "latex-damage"),
        ("Viorica Puatruaucean", "Viorica Pătrăucean", "latex-damage"),
        ("'Alvaro Arroyo", "Álvaro Arroyo", "latex-damage"),
        ("Tomasz Trzci'nski", "Tomasz Trzciński", "latex-damage"),
        ("Viorica Patraucean", "Viorica Pătrăucean", "dropped-diacritics"),
        ("Jorg Bornschein", "Jörg Bornschein", "dropped-diacritics"),
        ("Korbinian Poppel", "Korbinian Pöppel", "dropped-diacritics"),
        ("A. Harutyunyan", "Anna Harutyunyan", "initials"),
        ("Michalis Titsias", "Michalis K. Titsias", "middle-initial"),
        ("Stephanie C.Y. Chan", "Stephanie C. Y. Chan", "middle-initial"),
        ("Stephanie Chan", "Stephanie C. Y. Chan", "middle-initial"),
        ("Samuel L Smith", "Samuel L. Smith", "middle-initial"),
        ("Vihang P. Patil", "Vihang Patil", "middle-initial"),
        ("Andrew Joseph Dudzik", "Andrew Dudzik", "middle-initial"),
        ("Andrew K. Lampinen", "Andrew Lampinen", "middle-initial"),
        ("Johannes Von Oswald", "Johannes von Oswald", "particle-case"),
        ("Alexander Y. Ku", "Alex Ku", "nickname"),
        ("Yutian Chen 0001", "Yutian Chen", "homonym-suffix"),
        ("Razvan Pascanu,", "Razvan Pascanu", "trailing-punctuation"),
        ("razvan pascanu", "Razvan Pascanu", "exact-normalised"),
        ("Yee-Whye Teh", "Yee Whye Teh", "exact-normalised"),
        ("I. Dubevre", "Bella Dubevre", "initials"),  # Bella is short for Isabella
        ("B. Wexett", "Isabella Wexett", "initials"),  # ... and Isabella goes by Bella
    ],
)
def test_same_person(a: str, b: str, reason: str) -> None:
    result = match(a, b)
    assert result.positive and result.compatible
    assert result.reason == reason
    assert match(b, a) == result


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Anna Smith", "Alan Smith"),  # same surname
        ("Wei Zhang", "Wei Chen"),  # same first name
        ("Anna Smith", "Anna Jones"),
        ("Samuel L. Smith", "Samuel K. Smith"),  # middle initials disagree
        ("A. Smith", "B. Smith"),
        ("Alexander Ku", "Alexandra Ku"),
        ("Yutian Chen 0001", "Yutian Chen 0002"),  # the database says: two people
        ("John Smith Jr.", "John Smith Sr."),
        ("Juan Garcia", "Jan Garcia"),  # a real "u", not breve damage
        ("Wei Huang", "Wei Hang"),
        ("Smith", "John Smith"),  # a mononym says too little
        ("Flora Fenwell", "Flora de la Fenwell"),  # a particle is part of the family name
        ("Quentin Stanworth", "Quentin van Stanworth"),
        ("I. Smith", "Bella Jones"),
    ],
)
def test_different_people(a: str, b: str) -> None:
    assert not match(a, b).positive
    assert not match(b, a).positive


def test_initial_is_compatible_with_both_full_names_but_they_are_not() -> None:
    """The pairwise facts the no-chaining rule is built on."""
    assert match("A. Smith", "Anna Smith").positive
    assert match("A. Smith", "Alan Smith").positive
    assert not match("Anna Smith", "Alan Smith").compatible


def test_two_ascii_spellings_of_a_damaged_name_are_compatible_not_evidence() -> None:
    """``Puatruaucean`` vs ``Patraucean``: maybe one name, but not proof on its own."""
    result = match("Viorica Puatruaucean", "Viorica Patraucean")
    assert result.compatible and not result.positive


def test_parse_particles_initials_and_suffixes() -> None:
    p = parse_name("Blaise Aguera y Arcas")
    assert [g.text for g in p.given] == ["Blaise"]
    assert [x.text for x in p.prefix] == ["Aguera", "y"]
    assert p.family.text == "Arcas"
    p = parse_name("Stephanie C.Y. Chan")
    assert [g.text for g in p.given] == ["Stephanie", "C.", "Y."] and p.glued_initials
    p = parse_name("Soham De")  # a family name that looks like a particle
    assert p.family.text == "De" and [g.text for g in p.given] == ["Soham"]
    p = parse_name("Yutian Chen 0001")
    assert p.homonym == "0001" and p.family.text == "Chen"
    p = parse_name("Petar Velivckovi 'c")
    assert p.family.text == "Velivckovi'c"


def test_damage_simulation() -> None:
    assert simulate_damage("Veličković") == "Velivckovi'c"
    assert simulate_damage("Pătrăucean") == "Puatruaucean"
    assert Spelling.of("Veličković").damaged == Spelling.of("Velivckovi 'c").plain
    assert loosen("puatruaucean") == loosen("patraucean")
