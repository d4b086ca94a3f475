"""The parsers' error contract: any text gives a record or an :class:`InputError`.

Owns the one translation the parsers need: a pydantic ``ValidationError`` raised while building
a record means the page carried a value no record can hold (an impossible figure), so the page
is malformed; it is reported as :class:`MalformedPage` naming ``where``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Protocol

from pydantic import ValidationError

from ..errors import MalformedPage
from ..models import PageRecord


class Parser(Protocol):
    """A page parser: the page's text in, its record out; errors name ``where``."""

    def __call__(self, text: str, *, where: str | None = None) -> PageRecord: ...


def guarded(kind: str) -> Callable[[Parser], Parser]:
    """Decorate a parser so that invalid values become :class:`MalformedPage`."""

    def decorate(parser: Parser) -> Parser:
        @functools.wraps(parser)
        def wrapper(text: str, *, where: str | None = None) -> PageRecord:
            try:
                return parser(text, where=where)
            except ValidationError as exc:
                errors = exc.errors()
                problem = errors[0]["msg"] if errors else str(exc)
                raise MalformedPage(
                    f"{kind} page gives a value no record can hold: {problem}", where=where
                ) from exc

        return wrapper

    return decorate
