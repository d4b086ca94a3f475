"""Line shapes: titles, names and abstracts told apart without context."""

from __future__ import annotations

import pytest

from scholargraph.parse.shape import (
    LineKind,
    PageWords,
    classify_line,
    classify_with_margin,
    looks_like_name,
    scores,
)


@pytest.mark.parametrize(
    "line",
    [
        "Blaise Aguera y Arcas",
        "Rif A. Saurous",
        "Simon Kayode Osindero",
        "Andrew Joseph Dudzik",
        "Seyed Vahab Mirrokni",
        "Xu Owen He",
        "Deep Shah",
        "Will Dabney",
        "Soham De",
        "Stephanie C.Y. Chan",
        "Grigorios G Chrysos",
        "James L McClelland",
        "Jordi Grau-Moya",
        "Yutian Chen 0001",
        "'Alvaro Arroyo",
        "Petar Velivckovi 'c",
        "Maria de la Cruz",
    ],
)
def test_names(line: str) -> None:
    assert classify_line(line) is LineKind.NAME
    assert looks_like_name(line)


@pytest.mark.parametrize(
    "line",
    [
        "Torque-Aware Momentum",
        "Agency Is Frame-Dependent",
        "Mining Generalizable Activation Functions",
        "NoProp: Training Without Back-propagation",
        "Meta-learning how to Share Credit among Macro-Actions",
        "Why do LLMs attend to the first token?",
        "Graph Neural Networks",
        "TRecViT",
        "Maxwell's Demon",
        "Don't Stop Pretraining",
        "Seven Short Capitalised Words In A Row",
    ],
)
def test_titles(line: str) -> None:
    assert classify_line(line) is LineKind.TITLE
    assert not looks_like_name(line)


def test_abstract() -> None:
    sentence = "We study a thing and find that it works in many settings. "
    assert classify_line(sentence * 4) is LineKind.ABSTRACT
    assert classify_line("short… (see more)rest") is LineKind.ABSTRACT
    one_sentence = (
        "We show that agents trained on drifting data keep their skills when a small model "
        "of the drift is learned alongside them."
    )
    assert classify_line(one_sentence) is LineKind.ABSTRACT
    assert classify_line("Learning Without Forgetting the Weather.") is LineKind.TITLE


@pytest.mark.parametrize(
    "line",
    [
        "'E. Marchetti",  # É. with its acute accent left as an apostrophe
        "É. Laurentin",
        "'O. Brandvold-Ruiz",
        "Ó.-J. Peralta",
        # names that share an ending or a start with title words
        "John Constable",
        "Hana Kaiser",
        "Lucia Seminara",
        "Nadia Multani",
        "Rebecca Rogers",
        "Ines Jennings",
        "Clement Vance",
        "Haoming You",
    ],
)
def test_names_near_title_morphology(line: str) -> None:
    assert classify_line(line) is LineKind.NAME
    assert looks_like_name(line)


@pytest.mark.parametrize(
    "line",
    [
        # English derivational endings no name has: -ized, -able, -tive, -ional, -ated...
        "Quantized Lattices",
        "Interpretable Tides",
        "Generative Harbours",
        "Calibrated Lanterns",
        "Relational Kelp",
        # a bound prefix no name starts with
        "Multiscale Harbours",
        # a plural noun ending that surnames share is neutral, so a common word decides
        "Sparse Anchors",
        # the regular plural of a common title word
        "Tidal Decoders",
    ],
)
def test_capitalised_only_titles_by_morphology(line: str) -> None:
    assert classify_line(line) is LineKind.TITLE
    assert not looks_like_name(line)


@pytest.mark.parametrize(
    "line",
    [
        "Deep Shah",
        "Brine Lattices",
        "Torque-Aware Planners",
        "A. Harutyunyan",
        "Why Not?",
        "x" * 300,
    ],
)
def test_margin_is_the_name_score_gap(line: str) -> None:
    words = PageWords(frozenset({"lattices"}), frozenset({"shah"}))
    kind, margin = classify_with_margin(line, words)
    assert kind is classify_line(line, words)
    if kind is LineKind.NAME:
        title, name = scores(line, words)
        assert margin == title - name
    else:
        assert margin == 0
