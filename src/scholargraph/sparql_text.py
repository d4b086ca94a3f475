"""SPARQL text: a tokenizer, terms written as SPARQL, and bound values for remote stores.

The tokenizer is shared by the web service's query guard (:mod:`scholargraph.web.query_guard`)
and the remote store. String literals, IRIs and comments are tokens of their own, so a keyword
inside a literal is never mistaken for the keyword.

Values bound into the queries of ``queries/`` are written into the text by :func:`substitute`
(each value escaped by :func:`term_text`, never pasted): a remote store cannot take
pyoxigraph-style substitutions, since the SPARQL 1.1 Protocol only carries query text, and
Oxigraph's optimiser only uses a value it sees in the text (its substitutions are not pushed into
``UNION`` branches or sub-queries). Both stores get the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from .errors import QueryError
from .rdf.terms import BNode, Lit, Term

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
              | \"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
              | '(?:[^'\\\n\r]|\\.)*'
              | "(?:[^"\\\n\r]|\\.)*")
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<bnode>_:[\w\-.\u00b7]*[\w\-\u00b7])
  | (?P<pname>(?:[^\W\d_][\w\-.\u00b7]*)?:(?:[\w\-:%\u00b7]|\\.|\.(?=[\w\-:%\\]))*)
  | (?P<word>[^\W\d][\w]*)
  | (?P<number>\d[\w.]*|\.\d[\w]*)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LANGUAGE = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int

    @property
    def keyword(self) -> str | None:
        """The upper-cased word when this token is a bare word (keyword, ``a``, function)."""
        return self.text.upper() if self.kind == "word" else None


def tokens(text: str) -> Iterator[Token]:
    """Every token but whitespace and comments."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            yield Token(kind, match.group(), match.start())


def skip_prologue(items: list[Token], index: int = 0) -> int:
    """Index of the first token after ``BASE <iri>`` / ``PREFIX p: <iri>`` declarations."""
    while index < len(items):
        keyword = items[index].keyword
        if keyword == "BASE":
            index += 2
        elif keyword == "PREFIX":
            index += 3
        else:
            break
    return index


def query_form(text: str) -> str | None:
    """``select``, ``ask``, ``construct`` or ``describe``; ``None`` when not recognisable."""
    items = list(tokens(text))
    start = skip_prologue(items)
    keyword = items[start].keyword if start < len(items) else None
    forms = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "describe"}
    return forms.get(keyword or "")


# ----------------------------------------------------------------------------- terms


def iri_text(iri: str) -> str:
    if not iri or _IRI_FORBIDDEN.search(iri):
        raise QueryError(f"cannot write {iri!r} as an IRI")
    return f"<{iri}>"


def _escape(value: str) -> str:
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    text = "".join(out)
    # SPARQL expands \\u escapes before parsing; a written backslash followed by "u" could be
    # read back as one by a lax parser, so such values are refused rather than risked.
    if re.search(r"\\\\[uU]", text):
        raise QueryError("cannot bind a value holding a backslash followed by 'u'")
    return text


def term_text(term: Term) -> str:
    """A term in SPARQL (and N-Triples) syntax, escaped."""
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be bound in a query sent to a remote store")
    if isinstance(term, Lit):
        body = f'"{_escape(term.value)}"'
        if term.language:
            if not _LANGUAGE.fullmatch(term.language):
                raise QueryError(f"not a language tag: {term.language!r}")
            return f"{body}@{term.language}"
        if term.datatype and term.datatype != XSD_STRING:
            return f"{body}^^{iri_text(term.datatype)}"
        return body
    return iri_text(term)


# ----------------------------------------------------------------------------- bound values


@dataclass(frozen=True)
class _Select:
    """One ``SELECT`` of a query: token indexes of its projection and of its group pattern."""

    projection: range
    body: range
    projected: frozenset[str]


def _matching(items: list[Token], open_index: int) -> int:
    """Index of the brace closing the one at ``open_index`` (the last token when unbalanced)."""
    depth = 0
    for index in range(open_index, len(items)):
        if items[index].kind == "punct":
            depth += {"{": 1, "}": -1}.get(items[index].text, 0)
            if depth == 0:
                return index
    return len(items) - 1


def _selects(items: list[Token]) -> list[_Select]:
    found = []
    for start, token in enumerate(items):
        if token.keyword != "SELECT":
            continue
        end, depth = start + 1, 0
        while end < len(items):
            item = items[end]
            if item.kind == "punct" and item.text in ("(", ")"):
                depth += 1 if item.text == "(" else -1
            elif depth == 0 and (item.keyword in ("WHERE", "FROM") or item.text == "{"):
                break
            end += 1
        brace = next((i for i in range(end, len(items)) if items[i].text == "{"), len(items))
        projection = range(start + 1, end)
        outer = [items[i] for i in projection if _depth_at(items, projection.start, i) == 0]
        projected = frozenset(t.text[1:] for t in outer if t.kind == "var")
        found.append(_Select(projection, range(brace, _matching(items, brace) + 1), projected))
    return found


def _depth_at(items: list[Token], start: int, index: int) -> int:
    depth = 0
    for item in items[start:index]:
        if item.kind == "punct" and item.text in ("(", ")"):
            depth += 1 if item.text == "(" else -1
    return depth


def _projected_inside(selects: list[_Select], select: _Select, name: str) -> bool:
    """Whether a ``SELECT`` nested in ``select`` projects ``?name`` (so assigns it the value)."""
    return any(
        name in other.projected
        for other in selects
        if other is not select and other.projection.start in select.body
    )


@dataclass(frozen=True)
class _Slot:
    """Where a variable occurs in a query, and how a value takes its place there."""

    start: int
    end: int
    name: str
    role: str  # "term", "bracketed", "projected", "kept", "assigned", "tested"


@lru_cache(maxsize=512)
def _slots(query: str) -> tuple[tuple[_Slot, ...], frozenset[str]]:
    """Every variable occurrence of ``query`` with its role, and the variables a ``SELECT *``
    would drop (analysed once per query text: pages run the same few queries again and again)."""
    items = list(tokens(query))
    selects = _selects(items)
    owner = {i: s for s in selects for i in s.projection}
    ending = {s.body.stop: s for s in selects}  # the token after a SELECT's group pattern
    modified: _Select | None = None  # the SELECT whose solution modifiers are being read
    starred: set[str] = set()
    slots: list[_Slot] = []
    clause = ""  # "by" inside GROUP BY / ORDER BY, "values" inside a VALUES header
    clause_depth = 0
    for index, token in enumerate(items):
        keyword = token.keyword
        if keyword == "BY":
            clause, clause_depth = "by", 0
        elif keyword == "VALUES":
            clause = "values"
        elif keyword in ("HAVING", "LIMIT", "OFFSET", "GROUP", "ORDER") or token.text in ("{", "}"):
            clause = ""
            modified = ending.get(index, modified if token.kind != "punct" else None)
        elif token.kind == "punct" and token.text in ("(", ")"):
            clause_depth += 1 if token.text == "(" else -1
        star = owner.get(index) if token.text == "*" else None
        if star is not None and _depth_at(items, star.projection.start, index) == 0:
            starred.update(items[i].text[1:] for i in star.body if items[i].kind == "var")
        if token.kind != "var":
            continue
        name = token.text[1:]
        before = items[index - 1] if index else None
        select = owner.get(index)
        if clause == "values" or (before is not None and before.keyword == "AS"):
            role = "assigned"
        elif before is not None and before.text == "(" and items[index - 2].keyword == "BOUND":
            role = "tested"
        elif select is not None and _depth_at(items, select.projection.start, index) == 0:
            role = "kept" if _projected_inside(selects, select, name) else "projected"
        elif select is None and clause == "by" and clause_depth == 0:
            # grouped or ordered by where a nested SELECT assigns it: kept as the variable
            nested = modified is not None and _projected_inside(selects, modified, name)
            role = "kept" if nested else "bracketed"
        else:
            role = "term"
        slots.append(_Slot(token.start, token.start + len(token.text), name, role))
    return tuple(slots), frozenset(starred)


def substitute(query: str, bindings: Mapping[str, Term] | None) -> str:
    """The query with each bound variable replaced by its value, written as SPARQL.

    This is a SEP-0007 substitution done on the text, so that a store's optimiser sees
    constants everywhere the variable was (Oxigraph does not push its own substitutions into
    ``UNION`` branches or sub-queries: 5 s against 6 ms for an entity's description on a
    1k-researcher store). A projected variable stays in the answer: ``(value AS ?v)`` in the
    innermost ``SELECT`` that projects it. Values are escaped by :func:`term_text`; a variable the
    query assigns itself (``AS ?v``, ``VALUES``, ``BOUND``) or a ``SELECT *`` that would drop it
    is refused with :class:`QueryError`.
    """
    if not bindings:
        return query
    for name in bindings:
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"not a variable name: {name!r}")
    texts = {name: term_text(value) for name, value in bindings.items()}
    slots, starred = _slots(query)
    if starred & texts.keys():
        raise QueryError("cannot bind values in a SELECT * query")
    out, position = [], 0
    for slot in slots:
        value = texts.get(slot.name)
        if value is None or slot.role == "kept":
            continue
        if slot.role == "assigned":
            raise QueryError(f"cannot bind ?{slot.name}: the query assigns it")
        if slot.role == "tested":
            raise QueryError(f"cannot bind ?{slot.name}: the query tests BOUND(?{slot.name})")
        written = {
            "projected": f"({value} AS ?{slot.name})",
            "bracketed": f"({value})",
        }.get(slot.role, value)
        out += [query[position : slot.start], written]
        position = slot.end
    out.append(query[position:])
    return "".join(out)


def with_base(text: str, base_iri: str | None) -> str:
    """Relative IRIs of ``text`` resolve against ``base_iri`` (a ``BASE`` line in front)."""
    if not base_iri:
        return text
    return f"BASE {iri_text(base_iri)}\n{text}"
