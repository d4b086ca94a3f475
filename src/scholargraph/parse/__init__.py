"""Parsing layer: page text in, :class:`~scholargraph.models.PageRecord` out.

Owns the registry of parsers by :class:`~scholargraph.models.PageFormat`, the entry point
:func:`parse_page` (detect, then dispatch) and :func:`decode_page` (bytes to text, with the
checks every input needs). Everything here is pure: no file I/O, no clock, no global state
(some pure helpers memoise their results in bounded caches, which changes no result).

Contract: fed any text, :func:`parse_page` returns a record or raises an
:class:`~scholargraph.errors.InputError`; fed any bytes, :func:`decode_page` returns text or
raises an :class:`~scholargraph.errors.InputError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ..errors import UnknownFormat
from ..models import Language, PageFormat, PageRecord
from .aggregator import parse_aggregator
from .decode import decode_page
from .detect import detect_format
from .guard import Parser
from .profile import parse_profile
from .text import clean_person_name

#: One parser per page format; each takes the text and an optional ``where`` keyword.
PARSERS: Mapping[PageFormat, Parser] = MappingProxyType(
    {PageFormat.PROFILE: parse_profile, PageFormat.AGGREGATOR: parse_aggregator}
)


def parse_page(text: str, *, where: str | None = None) -> PageRecord:
    """Detect the page's format and parse it; errors name ``where`` when given."""
    try:
        page_format, _language = detect_format(text)
    except UnknownFormat as exc:
        raise UnknownFormat(exc.message, where=where) from None
    return PARSERS[page_format](text, where=where)


__all__ = [
    "PARSERS",
    "Language",
    "PageFormat",
    "Parser",
    "clean_person_name",
    "decode_page",
    "detect_format",
    "parse_aggregator",
    "parse_page",
    "parse_profile",
]
