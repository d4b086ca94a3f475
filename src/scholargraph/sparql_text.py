"""SPARQL text: a tokenizer, terms written as SPARQL, and bound values for remote stores.

The tokenizer is shared by the web service's query guard (:mod:`scholargraph.web.query_guard`)
and the remote store. String literals, IRIs and comments are tokens of their own, so a keyword
inside a literal is never mistaken for the keyword.

A remote store cannot take pyoxigraph-style substitutions: the SPARQL 1.1 Protocol only carries
query text. :func:`bind_values` writes the bound values as an inline ``VALUES`` block at the
start of the query's outermost group, each value written by :func:`term_text` (escaped, never
pasted): the values join the pattern exactly like a substitution for every query in
``queries/`` (the bound variables are inputs, projected, used in the outermost group).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

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


def _where_brace(items: list[Token]) -> Token | None:
    """The opening brace of the outermost group pattern (after a CONSTRUCT template)."""
    start = skip_prologue(items)
    index = start + 1
    template = start < len(items) and items[start].keyword == "CONSTRUCT"
    if template and index < len(items) and items[index].text == "{":
        depth = 0
        for position in range(index, len(items)):
            text = items[position].text if items[position].kind == "punct" else ""
            depth += {"{": 1, "}": -1}.get(text, 0)
            if depth == 0:
                index = position + 1
                break
    depth = 0
    for token in items[index:]:
        if token.kind != "punct":
            continue
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.text == "{" and depth == 0:
            return token
    return None


def bind_values(query: str, bindings: Mapping[str, Term] | None) -> str:
    """The query with ``bindings`` written as a ``VALUES`` block opening its outermost group."""
    if not bindings:
        return query
    names = sorted(bindings)
    for name in names:
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"not a variable name: {name!r}")
    brace = _where_brace(list(tokens(query)))
    if brace is None:
        raise QueryError("cannot bind values: the query has no group pattern")
    variables = " ".join(f"?{name}" for name in names)
    values = " ".join(term_text(bindings[name]) for name in names)
    block = f" VALUES ({variables}) {{ ({values}) }} "
    offset = brace.start + 1
    return query[:offset] + block + query[offset:]


def with_base(text: str, base_iri: str | None) -> str:
    """Relative IRIs of ``text`` resolve against ``base_iri`` (a ``BASE`` line in front)."""
    if not base_iri:
        return text
    return f"BASE {iri_text(base_iri)}\n{text}"
