"""SPARQL 1.1 query results for rows of plain terms: writers (JSON, XML, CSV, TSV) and the
JSON reader.

pyoxigraph serialises whole result sets fast; these writers exist for what it cannot do:
results cut to a row limit. Formats follow the W3C SPARQL 1.1 Query Results specifications.
The reader turns SPARQL JSON results (a remote store's answer, or Oxigraph's own: see
:meth:`scholargraph.store.OxigraphStore.select`) into rows.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .terms import BNode, Lit, Term

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, BNode):
        return {"type": "bnode", "value": term.id}
    if isinstance(term, Lit):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype and term.datatype != XSD_STRING:
            out["datatype"] = term.datatype
        return out
    return {"type": "uri", "value": term}


def _xml_term(term: Term) -> str:
    if isinstance(term, BNode):
        return f"<bnode>{escape(term.id)}</bnode>"
    if isinstance(term, Lit):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype and term.datatype != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<uri>{escape(term)}</uri>"


def _tsv_term(term: Term) -> str:
    if isinstance(term, BNode):
        return f"_:{term.id}"
    if isinstance(term, Lit):
        text = (
            term.value.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype and term.datatype != XSD_STRING:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return f"<{term}>"


def _csv_term(term: Term) -> str:
    if isinstance(term, BNode):
        return f"_:{term.id}"
    if isinstance(term, Lit):
        return term.value
    return term


def write_solutions(
    variables: Sequence[str], rows: Sequence[Mapping[str, Term]], result_format: str
) -> bytes:
    """Serialise SELECT solutions in ``json``, ``xml``, ``csv`` or ``tsv``."""
    if result_format == "json":
        doc = {
            "head": {"vars": list(variables)},
            "results": {"bindings": [{k: _json_term(v) for k, v in row.items()} for row in rows]},
        }
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if result_format == "xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        parts.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables))
        parts.append("</head><results>")
        for row in rows:
            bindings = "".join(
                f"<binding name={quoteattr(k)}>{_xml_term(v)}</binding>" for k, v in row.items()
            )
            parts.append(f"<result>{bindings}</result>")
        parts.append("</results></sparql>")
        return "".join(parts).encode("utf-8")
    if result_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_term(row[v]) if v in row else "" for v in variables])
        return buffer.getvalue().encode("utf-8")
    if result_format == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        for row in rows:
            lines.append("\t".join(_tsv_term(row[v]) if v in row else "" for v in variables))
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown result format {result_format!r}")


def write_boolean(value: bool, result_format: str) -> bytes:
    """Serialise an ASK answer in ``json``, ``xml``, ``csv`` or ``tsv`` (as Oxigraph does)."""
    text = "true" if value else "false"
    if result_format == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if result_format == "xml":
        return (
            '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head></head><boolean>{text}</boolean></sparql>"
        ).encode()
    if result_format in ("csv", "tsv"):
        return text.encode()
    raise ValueError(f"unknown result format {result_format!r}")


def term_from_json(binding: Mapping[str, Any]) -> Term:
    """One RDF term of SPARQL JSON results (``ValueError``/``KeyError`` when it is not one)."""
    kind = binding["type"]
    value = str(binding["value"])
    if kind == "uri":
        return value
    if kind in ("literal", "typed-literal"):
        language = binding.get("xml:lang")
        if language:
            return Lit(value, None, str(language))
        datatype = binding.get("datatype")
        return Lit(value, None if datatype in (None, XSD_STRING) else str(datatype), None)
    if kind == "bnode":
        return BNode(value)
    raise ValueError(f"unknown term type {kind!r}")


def solutions_from_json(
    document: Any, term: Callable[[Mapping[str, Any]], Term] = term_from_json
) -> tuple[tuple[str, ...], list[dict[str, Term]]]:
    """Variables and rows of parsed SPARQL JSON SELECT results (``term``: how one binding
    becomes a term). Raises ``KeyError``, ``TypeError``, ``AttributeError`` or ``ValueError``
    when ``document`` is not such results."""
    variables = tuple(str(v) for v in document["head"].get("vars", []))
    rows = [{str(k): term(v) for k, v in b.items()} for b in document["results"]["bindings"]]
    return variables, rows
