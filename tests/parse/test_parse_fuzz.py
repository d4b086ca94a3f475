"""Property tests: any text gives a record or an InputError; any bytes likewise."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scholargraph.errors import InputError
from scholargraph.models import PageRecord
from scholargraph.parse import decode_page, parse_aggregator, parse_page, parse_profile

# Lines that look like pieces of either format, so that fuzzing reaches the parsers' insides.
_PIECES = [
    "Portrait of Ada Lind",
    "Portrait de Ada Lind is unavailable",
    "Ada Lind",
    "Affiliate Member",
    "Membre affilié",
    "Canada CIFAR AI Chair",
    "Professor, Some University, Department",
    "Research Topics",
    "Sujets de recherche",
    "Biography",
    "Current Students",
    "PhD - Some University",
    "Co-supervisor :",
    "Publications",
    "Torque-Aware Momentum",
    "A Title: With a Colon",
    "Xu Owen He",
    "'Alvaro Velivckovi 'c 0001",
    "We study things. " * 20,
    "cut… (see more)here",
    "",
    "LG",
    "h-index89",
    "144papers",
    "44,094citations",
    "Novelty54%",
    "AI Score63",
    "144 Papers",
    "LGMay 31, 2022Code",
    "CLApr 8",
    "MLFeb 31, 0000",
    "ZZDec 99",
    "A B, C D et al. · deepmind, mila",
    " · ",
    "et al.",
]
_PAGES = st.lists(st.sampled_from(_PIECES) | st.text(max_size=40), max_size=30).map("\n".join)


def _record_or_input_error(parser: object, text: str) -> None:
    assert callable(parser)
    try:
        record = parser(text)
    except InputError as exc:
        assert exc.message
        return
    assert isinstance(record, PageRecord)


@settings(max_examples=200, deadline=None)
@given(st.text() | _PAGES)
def test_parse_page_any_text(text: str) -> None:
    _record_or_input_error(parse_page, text)


@settings(max_examples=200, deadline=None)
@given(_PAGES)
def test_each_parser_any_text(text: str) -> None:
    _record_or_input_error(parse_profile, text)
    _record_or_input_error(parse_aggregator, text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | _PAGES.map(str.encode))
def test_decode_page_any_bytes(data: bytes) -> None:
    try:
        text = decode_page(data, where="fuzz", max_bytes=200)
    except InputError as exc:
        assert exc.where == "fuzz" and exc.message
        return
    assert isinstance(text, str) and text.strip()


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_cut_anywhere(seed_text: Callable[[str], str], prefix: str) -> None:
    """A capture cut at any point gives a record (with the owner once the name is in) or an
    InputError, never another exception."""
    text = seed_text(prefix)
    # densely through the header, then about forty cuts through the rest
    cuts = [*range(0, 400, 7), *range(400, len(text), max(len(text) // 40, 1))]
    for cut in cuts:
        try:
            record = parse_page(text[:cut], where=f"{prefix}[:{cut}]")
        except InputError as exc:
            assert exc.where == f"{prefix}[:{cut}]"
            continue
        if cut > 60:
            assert record.owner.text.startswith("Razvan")
