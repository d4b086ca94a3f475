"""Bytes to text, with the checks every input gets before a parser sees it.

Owns the encoding rule: UTF-8 (with or without a byte-order mark) and UTF-16/UTF-32 *with* a
byte-order mark are read; anything else is refused with the byte offset of the first byte that
does not decode. No guessing of legacy encodings: a Latin-1 page decoded as such would look fine
and carry silently wrong names, so the user is told to re-save it as UTF-8 instead.
"""

from __future__ import annotations

import codecs
import re

from ..errors import EmptyInput, InputTooLarge, UnreadableInput

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters other than tab, newline, carriage return and form feed; when more than 5%
# of the characters are such, the "text" is binary data that happened to decode.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.05


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def _decode(data: bytes, where: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                offset = exc.start + len(bom)
                raise UnreadableInput(
                    f"not valid {encoding.upper()} text (the file starts with a {encoding} "
                    f"byte-order mark): undecodable byte at offset {offset}",
                    where=where,
                ) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        raise UnreadableInput(
            f"binary data, not text: NUL byte at offset {nul} (a binary file, or UTF-16 "
            "without a byte-order mark)",
            where=where,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        hint = ""
        try:
            data.decode("cp1252")
            hint = " It looks like Latin-1/Windows-1252: re-save the page as UTF-8."
        except UnicodeDecodeError:
            pass
        raise UnreadableInput(
            f"not UTF-8 text: byte 0x{bad:02x} at offset {exc.start} does not decode.{hint}",
            where=where,
        ) from None


def decode_page(data: bytes, *, where: str, max_bytes: int) -> str:
    """The page's text, newlines normalised to ``\\n``; an :class:`InputError` naming ``where``."""
    if len(data) > max_bytes:
        raise InputTooLarge(
            f"{len(data)} bytes is more than the limit of {max_bytes} bytes", where=where
        )
    if not data:
        raise EmptyInput("empty file (0 bytes)", where=where)
    text = _decode(data, where)
    if not text.strip():
        raise EmptyInput("the file holds only whitespace", where=where)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise UnreadableInput(
            "mostly not text: more than 5% of the characters are control characters",
            where=where,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")
