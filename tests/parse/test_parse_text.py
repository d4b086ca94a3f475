"""Text cleanup helpers: normalisation, see-more markers, LaTeX accents and damage, suffixes."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scholargraph.parse.text import (
    clean_abstract,
    clean_person_name,
    clean_text,
    decode_latex_accents,
    ends_mid_sentence,
    fold,
    has_see_more,
    normalize_line,
    remove_see_more,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("trans… (see more)formers", "transformers"),
        ("science… (see more), and", "science, and"),
        ("widely … (see more)used", "widely used"),
        ("major… (see more) computational", "major computational"),
        ("gate... (see more)d linear", "gated linear"),
        ("tract… (voir plus)ion", "traction"),
        ("current… (voir plus) task", "current task"),
        ("the end… (see more)", "the end"),
        ("a… (See More)b", "ab"),
    ],
)
def test_see_more_removed_and_joined(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_normalize_line() -> None:
    assert normalize_line("  Jo\u0303ao\u00a0 \t Silva\u200b ") == "Jõao Silva"
    assert normalize_line("e\u0301") == "é"  # NFC


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("Andr'as Gyorgy", "András Gyorgy"),
        ("'Alvaro Arroyo", "Álvaro Arroyo"),
        ("Tomasz Trzci'nski", "Tomasz Trzciński"),
        ("Petar Velivckovi 'c", "Petar Veličković"),
        ("Viorica Puatruaucean", "Viorica Pătrăucean"),
        ('J"org Bornschein', "Jörg Bornschein"),
        ("J{\\\"o}rg Veli\\v{c}kovi\\'c", "Jörg Veličković"),
        ("Fran\\c{c}ois Le Gall", "François Le Gall"),
        ("Enrique Pe~na", "Enrique Peña"),
        ("vStefan Novak", "Štefan Novak"),
    ],
)
def test_damaged_names_repaired(raw: str, text: str) -> None:
    name = clean_person_name(raw)
    assert name.text == text and name.raw == raw


@pytest.mark.parametrize(
    "raw",
    [
        "Juan Eduardo Guadalupe",
        "Vladimir Ivcenko",
        "Huang Xuanyuan",
        "Evren Yildiz",
        "Joshua Quan",
        "O'Brien D'Angelo",
        "Dell'amico O'neil",
        "Gerard 't Hooft",
        "Blaise Aguera y Arcas",
        "Jorg Poppel",
    ],
)
def test_real_names_left_alone(raw: str) -> None:
    assert clean_person_name(raw).text == raw


def test_weak_evidence_needs_damage_in_the_same_token() -> None:
    # "vr" in Evren is not a háček even though the next token is damaged
    assert clean_person_name("Evren Dvovr'ak").text == "Evren Dvořák"


def test_homonym_suffix() -> None:
    name = clean_person_name("Yutian Chen 0001")
    assert (name.text, name.homonym_suffix) == ("Yutian Chen", "0001")
    assert clean_person_name("2001").homonym_suffix is None


def test_latex_accents_only() -> None:
    assert (
        decode_latex_accents("50\\% of \\rat in \\(7\\times\\)")
        == "50\\% of \\rat in \\(7\\times\\)"
    )
    assert decode_latex_accents("Erd\\H{o}s") == "Erdős"


def test_abstract_truncation() -> None:
    assert clean_abstract("It works… (see more) well.") == ("It works well.", False)
    assert clean_abstract("It works while having")[1] is True
    assert ends_mid_sentence("Code at https://example.org/x") is False
    assert ends_mid_sentence("") is False
    assert ends_mid_sentence("and then the site cut it…") is True
    assert ends_mid_sentence("as shown (Smith, 2020).") is False


def test_fold() -> None:
    assert fold("Pătrăucean") == fold("PATRAUCEAN") == "patraucean"
    assert fold("Étudiants actuels :") == "etudiants actuels"


@settings(max_examples=300, deadline=None)
@given(st.text() | st.text(alphabet=st.characters(max_codepoint=127)))
def test_fast_paths_match_the_definitions(text: str) -> None:
    """fold and normalize_line skip work on ASCII or printable text: same results."""
    bare = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    key = re.sub(r"\s+", " ", re.sub(r"[^\w\s]|_", " ", bare.casefold())).strip()
    assert fold(text) == key
    line = unicodedata.normalize("NFC", text)
    line = re.sub(
        "[\x00-\x08\x0b-\x1f\x7f-\x9f]", " ", re.sub("[\u200b-\u200d\u2060\ufeff\u00ad]", "", line)
    )
    assert normalize_line(text) == re.sub(r"\s+", " ", line).strip()


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_clean_text_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_clean_person_name_idempotent(text: str) -> None:
    once = clean_person_name(text).text
    assert clean_person_name(once).text == once


_MARKERISH = st.lists(
    st.sampled_from(["…", "...", " ", "(see more)", "(voir plus)", "a", ",", "(", ")", "see"]),
    max_size=12,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.text() | _MARKERISH)
def test_see_more_never_left(text: str) -> None:
    assert not has_see_more(remove_see_more(text))
    assert not has_see_more(clean_text(text))
