"""What a SPARQL request is allowed to do, decided before anything runs.

Oxigraph makes real HTTP requests for ``SERVICE`` (queries) and ``LOAD`` (updates), and nothing
switches that off from Python, so both are refused here, before execution. Detection uses a
SPARQL *tokenizer* (not a regular expression over the raw text): string literals, IRIs and
comments are tokens of their own, so ``"SERVICE"`` in a literal or ``<http://x/SERVICE>`` is
never mistaken for the keyword, while ``SeRvIcE`` is caught whatever its case. The tokenizer is
deliberately *less* lenient than the grammar when it recognises strings and IRIs (an IRI cannot
hold a backslash, a short string cannot hold a newline): anything it is unsure about stays a
bare word and is checked, so doubt leads to refusal, never to a request leaving the machine.
``\\uXXXX`` escapes are expanded before a second check, as the SPARQL spec allows them anywhere.

The same tokens give the query form (``SELECT``/``ASK`` → tabular results, ``CONSTRUCT``/
``DESCRIBE`` → RDF) needed for content negotiation before running, whether the query names its
own dataset (``FROM``), and where to add ``USING`` clauses for the protocol's
``using-graph-uri`` / ``using-named-graph-uri`` parameters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from ..errors import QueryError, QueryRefused
from ..sparql_text import Token, tokens
from ..sparql_text import skip_prologue as _skip_prologue

QueryForm = Literal["select", "ask", "construct", "describe"]

_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

QUERY_FORMS: dict[str, QueryForm] = {
    "SELECT": "select",
    "ASK": "ask",
    "CONSTRUCT": "construct",
    "DESCRIBE": "describe",
}
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
#: keywords that make Oxigraph open a network connection, and the operation they belong to
OUTBOUND_KEYWORDS = {"SERVICE": "SERVICE (federated query)", "LOAD": "LOAD"}


@dataclass(frozen=True)
class QueryInfo:
    form: QueryForm | None  # None: not recognisable; the engine will report the syntax error
    names_dataset: bool  # has FROM / FROM NAMED


_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*")


def check_iri(value: str, parameter: str) -> str:
    """A graph IRI given as a request parameter must be absolute and writable as ``<iri>``."""
    if not _ABSOLUTE_IRI.fullmatch(value):
        raise QueryError(f"not an absolute IRI: {value!r}", where=parameter)
    return value


def _unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group()

    return _UNICODE_ESCAPE.sub(replace, text)


def _refuse_outbound(text: str, operation: str) -> None:
    variants = [text]
    if "\\u" in text or "\\U" in text:
        variants.append(_unescape(text))
    for variant in variants:
        for token in tokens(variant):
            what = OUTBOUND_KEYWORDS.get(token.keyword or "")
            if what:
                raise QueryRefused(
                    f"{what} is not allowed: this endpoint never makes requests to other "
                    f"servers (the {operation} was refused before it ran)",
                    where=_position(variant, token.start),
                )


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def inspect_query(text: str) -> QueryInfo:
    """Refuse outbound requests; tell the query form and whether it names its own dataset.

    Raises :class:`QueryRefused` for ``SERVICE`` (and ``LOAD``) and :class:`QueryError` when the
    text is an update sent as a query."""
    _refuse_outbound(text, "query")
    items = list(tokens(text))
    start = _skip_prologue(items)
    keyword = items[start].keyword if start < len(items) else None
    if keyword in UPDATE_KEYWORDS:
        raise QueryError(
            f"{keyword} is an update operation: send it as 'update' (POST), not as a query",
            where=_position(text, items[start].start),
        )
    form = QUERY_FORMS.get(keyword or "")
    names_dataset = any(token.keyword == "FROM" for token in items)
    return QueryInfo(form, names_dataset)


def _operations(items: list[Token]) -> Iterator[list[Token]]:
    """Split an update request into its operations at top-level semicolons."""
    depth = 0
    current: list[Token] = []
    for token in items:
        if token.kind == "punct" and token.text == "{":
            depth += 1
        elif token.kind == "punct" and token.text == "}":
            depth -= 1
        if depth == 0 and token.kind == "punct" and token.text == ";":
            yield current
            current = []
        else:
            current.append(token)
    if current:
        yield current


def inspect_update(text: str) -> bool:
    """Refuse outbound requests (``LOAD``, ``SERVICE``); tell whether any operation already
    names its dataset with ``WITH`` / ``USING``."""
    _refuse_outbound(text, "update")
    return any(token.keyword in ("WITH", "USING") for token in tokens(text))


def add_using(text: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """Apply the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` to every
    ``DELETE/INSERT ... WHERE`` operation by writing ``USING`` clauses before its ``WHERE``.

    The protocol forbids mixing them with ``USING``/``WITH`` in the text (400)."""
    if not using and not using_named:
        return text
    for iri in using:
        check_iri(iri, "using-graph-uri")
    for iri in using_named:
        check_iri(iri, "using-named-graph-uri")
    if inspect_update(text):
        raise QueryError(
            "the update names its dataset (USING or WITH) and the request also gives "
            "using-graph-uri / using-named-graph-uri: use one or the other"
        )
    clause = "".join(f"USING <{iri}> " for iri in using)
    clause += "".join(f"USING NAMED <{iri}> " for iri in using_named)
    inserts: list[int] = []
    for operation in _operations(list(tokens(text))):
        start = _skip_prologue(operation)
        if start >= len(operation) or operation[start].keyword not in ("INSERT", "DELETE"):
            continue
        following = operation[start + 1].keyword if start + 1 < len(operation) else None
        if following == "DATA":
            continue
        if following == "WHERE":
            raise QueryError(
                "using-graph-uri cannot apply to DELETE WHERE { ... }: write "
                "DELETE { ... } WHERE { ... } instead",
                where=_position(text, operation[start].start),
            )
        depth = 0
        for token in operation[start:]:
            if token.kind == "punct" and token.text in "{}":
                depth += 1 if token.text == "{" else -1
            elif depth == 0 and token.keyword == "WHERE":
                inserts.append(token.start)
                break
    for offset in sorted(inserts, reverse=True):
        text = text[:offset] + clause + text[offset:]
    return text
