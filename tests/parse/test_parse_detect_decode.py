"""Format detection and byte decoding, including bad input."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from scholargraph.errors import (
    EmptyInput,
    InputTooLarge,
    UnknownFormat,
    UnreadableInput,
)
from scholargraph.models import Language, PageFormat
from scholargraph.parse import decode_page, detect_format, parse_page
from scholargraph.parse.detect import _METRIC_START, METRIC_LINES, membership_language

SeedText = Callable[[str], str]
MAX = 20_000_000


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", (PageFormat.PROFILE, Language.EN)),
        ("001", (PageFormat.PROFILE, Language.FR)),
        ("002", (PageFormat.PROFILE, Language.EN)),
        ("003", (PageFormat.PROFILE, Language.EN)),
        ("004", (PageFormat.AGGREGATOR, Language.EN)),
    ],
)
def test_seeds_detected(
    seed_text: SeedText, prefix: str, expected: tuple[PageFormat, Language]
) -> None:
    assert detect_format(seed_text(prefix)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><body><p>Research Topics</p></body></html>",
        "Just some notes.\nNothing to see here.\n",
        "Title: another site\nAuthor: someone\nViews: 12\n",
        "",
    ],
)
def test_unknown_formats(text: str) -> None:
    with pytest.raises(UnknownFormat) as info:
        parse_page(text, where="page.txt")
    assert info.value.where == "page.txt"
    assert info.value.message


def test_html_message_says_html() -> None:
    with pytest.raises(UnknownFormat, match="HTML"):
        detect_format("<html><head></head><body>x</body></html>")


def test_decode_utf8_with_and_without_bom() -> None:
    text = "Portrait de Gaëlle Ngata\r\nGaëlle Ngata\r\n"
    assert decode_page(text.encode(), where="a", max_bytes=MAX) == text.replace("\r\n", "\n")
    assert decode_page(b"\xef\xbb\xbf" + text.encode(), where="a", max_bytes=MAX).startswith(
        "Portrait"
    )


def test_decode_utf16_with_bom() -> None:
    text = "Portrait of Léa Rossi\nLéa Rossi\n"
    assert decode_page(text.encode("utf-16"), where="a", max_bytes=MAX) == text


def test_empty_input() -> None:
    with pytest.raises(EmptyInput) as info:
        decode_page(b"", where="empty.txt", max_bytes=MAX)
    assert info.value.where == "empty.txt" and "empty" in info.value.message
    with pytest.raises(EmptyInput):
        decode_page(b" \n\t\n", where="blank.txt", max_bytes=MAX)


def test_binary_input() -> None:
    with pytest.raises(UnreadableInput) as info:
        decode_page(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", where="img.png", max_bytes=MAX)
    assert "NUL byte at offset 8" in info.value.message and info.value.where == "img.png"
    with pytest.raises(UnreadableInput, match="control characters"):
        decode_page(bytes(range(1, 9)) * 10 + b"text", where="ctl", max_bytes=MAX)


def test_latin1_input_gives_offset() -> None:
    data = "Membre affilié\n".encode("latin-1")
    with pytest.raises(UnreadableInput) as info:
        decode_page(data, where="latin.txt", max_bytes=MAX)
    assert "offset 13" in info.value.message and "0xe9" in info.value.message
    assert "UTF-8" in info.value.message


def test_too_large_input() -> None:
    data = b"a" * 25_000_000
    with pytest.raises(InputTooLarge) as info:
        decode_page(data, where="big.txt", max_bytes=MAX)
    assert "25000000 bytes" in info.value.message and info.value.where == "big.txt"


@pytest.mark.parametrize(
    ("line", "language"),
    [
        ("Affiliate Member", Language.EN),
        ("Core Academic Member", Language.EN),
        ("Core Industry Member", Language.EN),
        ("Associate Industry Member", Language.EN),
        ("Associate Academic Member", Language.EN),
        ("Membre affilié", Language.FR),
        ("Membre académique principal", Language.FR),
        ("Membre industriel principal", Language.FR),
        ("Membre industriel associé", Language.FR),
        ("Membre académique associé", Language.FR),
        ("Member of the Board of Trade", None),
        ("Remember", None),
    ],
)
def test_membership_lines(line: str, language: Language | None) -> None:
    assert membership_language(line) is language


_METRIC_EXAMPLES = [
    "h-index12",
    "H-INDEX 7",
    "42papers",
    "1,234citations",
    "1,234 Citations",
    "Novelty 12%",
    "novelty3.5 %",
    "AI Score 3.5",
    "ai score7",
    "120 Papers",
]


@pytest.mark.parametrize("line", _METRIC_EXAMPLES)
def test_metric_lines_pass_the_cheap_test(line: str) -> None:
    """_METRIC_START must let every metric line through to METRIC_LINES."""
    assert any(rx.match(line) for rx in METRIC_LINES.values())
    assert _METRIC_START.match(line)
