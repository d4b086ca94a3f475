"""SHACL validation of the graph: what ``scholargraph validate`` runs.

The shapes (``ontology/shapes.ttl``) are checked with pyshacl against the UNION of the store's
graphs, the internal records graph left out: names live in the resolution graph, facts in source
graphs and topic labels in the vocabulary graph, so no single graph can be judged alone.
Before validating a store, every source graph named in the store is stated to be a
``sd:Graph``, so a source graph with no provenance in the metadata graph is reported too.

:func:`validate_graph` is pure (an rdflib graph in, a :class:`ValidationReport` out);
:func:`validate_store` reads the store; the ``format_*`` functions render a report.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from .config import Settings
from .errors import InputError, NotFound, StoreError
from .rdf.iris import Iris
from .rdf.vocab import PREFIXES
from .store_api import GraphStore

SH = Namespace("http://www.w3.org/ns/shacl#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SHAPES_FILE = "shapes.ttl"
SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL validation result, with terms as plain strings (IRIs shortened by prefix)."""

    focus: str
    path: str | None
    message: str
    severity: str  # Violation | Warning | Info
    shape: str | None
    constraint: str
    value: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {
            "focus": self.focus,
            "path": self.path,
            "message": self.message,
            "severity": self.severity,
            "shape": self.shape,
            "constraint": self.constraint,
            "value": self.value,
        }


@dataclass(frozen=True)
class ValidationReport:
    """What validation found; ``conforms`` is False when any result is a Violation."""

    conforms: bool
    results: tuple[ValidationResult, ...]
    triples: int
    report_graph: Graph = field(repr=False, compare=False)

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    def counts(self) -> dict[str, int]:
        """Number of results by severity (every severity present, zero included)."""
        found = Counter(r.severity for r in self.results)
        return {severity: found.get(severity, 0) for severity in SEVERITIES}

    def groups(self) -> list[tuple[tuple[str, str | None, str], list[ValidationResult]]]:
        """Results grouped by (severity, path, message), most frequent first."""
        grouped: dict[tuple[str, str | None, str], list[ValidationResult]] = {}
        for result in self.results:
            grouped.setdefault((result.severity, result.path, result.message), []).append(result)
        order = {s: i for i, s in enumerate(SEVERITIES)}
        return sorted(
            grouped.items(), key=lambda kv: (order.get(kv[0][0], 9), -len(kv[1]), kv[0][2])
        )


# ----------------------------------------------------------------------------- inputs


def default_shapes_path(settings: Settings) -> Path:
    return settings.ontology_dir / SHAPES_FILE


def load_shapes(path: Path) -> Graph:
    """The shapes graph from a Turtle file; errors name the file."""
    if not path.is_file():
        raise NotFound("shapes file not found", where=str(path))
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser error types
        raise InputError(f"cannot read the shapes: {exc}", where=str(path)) from exc


def union_graph(store: GraphStore, iris: Iris) -> Graph:
    """The union of the store's graphs but the records graph, plus ``<g> a sd:Graph`` for
    every source graph named in the store."""
    buffer = io.BytesIO()
    store.dump(buffer, "ntriples", exclude_graphs=list(iris.internal_graphs))
    graph = Graph()
    try:
        graph.parse(data=buffer.getvalue().decode("utf-8"), format="nt")
    except Exception as exc:
        raise StoreError(f"cannot read the store for validation: {exc}") from exc
    for name in store.graph_names():
        if iris.is_source_graph(name):
            graph.add((URIRef(name), RDF.type, SD.Graph))
    return graph


# ----------------------------------------------------------------------------- validation


def validate_graph(data: Graph, shapes: Graph) -> ValidationReport:
    """Validate ``data`` against ``shapes`` (no inference); pure."""
    conforms, report_graph, _ = shacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
    )
    results = tuple(sorted(_results(report_graph, shapes), key=_sort_key))
    has_violation = any(r.severity == "Violation" for r in results)
    return ValidationReport(
        conforms=bool(conforms) and not has_violation,
        results=results,
        triples=len(data),
        report_graph=report_graph,
    )


def validate_store(
    store: GraphStore, settings: Settings, shapes_path: Path | None = None
) -> ValidationReport:
    """Validate the union of the store's graphs (records left out) against the shapes."""
    shapes = load_shapes(shapes_path or default_shapes_path(settings))
    return validate_graph(union_graph(store, Iris(settings.base)), shapes)


def _results(report: Graph, shapes: Graph) -> Iterable[ValidationResult]:
    for node in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(node, SH.sourceShape)
        if shape is not None and not isinstance(shape, URIRef):
            # an anonymous property shape: name the node shape it belongs to
            shape = next(iter(shapes.subjects(SH.property, shape)), shape)
        severity = report.value(node, SH.resultSeverity)
        component = report.value(node, SH.sourceConstraintComponent)
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        yield ValidationResult(
            focus=_short(report.value(node, SH.focusNode)) or "",
            path=_path(report, report.value(node, SH.resultPath)),
            message=messages[0] if messages else "",
            severity=_local(severity) if severity is not None else "Violation",
            shape=_short(shape),
            constraint=_local(component).removesuffix("ConstraintComponent")
            if component is not None
            else "",
            value=_short(report.value(node, SH.value)),
        )


def _sort_key(result: ValidationResult) -> tuple[str, str, str, str]:
    return (result.severity, result.message, result.focus, result.value or "")


def _path(report: Graph, node: Node | None) -> str | None:
    """A SHACL path as text: ``schema:name``, ``^sg:holdsPosition``, ``sg:mergedInto/rdf:type``."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        return _short(node)
    inverse = report.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + (_path(report, inverse) or "")
    if report.value(node, RDF.first) is not None:
        items = list(report.items(node))
        return "/".join(_path(report, item) or "" for item in items)
    return None


def _local(node: Node) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _short(node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, Literal):
        suffix = f"@{node.language}" if node.language else ""
        if node.datatype is not None:
            suffix = f"^^{_short(node.datatype)}"
        return f'"{node}"{suffix}'
    text = str(node)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    if text.startswith("https://w3id.org/scholargraph/shapes#"):
        return "sgsh:" + text.split("#", 1)[1]
    if isinstance(node, URIRef):
        return text
    return "_:" + text  # a blank node (an anonymous property shape)


# ----------------------------------------------------------------------------- output


def format_text(report: ValidationReport, *, examples: int = 5) -> str:
    """A readable report: a summary line, then results grouped by (severity, path, message)
    with a count and up to ``examples`` focus nodes each."""
    counts = report.counts()
    verdict = "conforms" if report.conforms else "does NOT conform"
    summary = ", ".join(
        f"{n} {severity.lower()}{'s' if n != 1 else ''}" for severity, n in counts.items()
    )
    lines = [f"The graph ({report.triples} triples) {verdict}: {summary}"]
    for (severity, path, message), results in report.groups():
        lines.append("")
        lines.append(f"{severity.upper()} x{len(results)}: {message}")
        if path:
            lines.append(f"  path: {path}")
        shapes = sorted({r.shape for r in results if r.shape and not r.shape.startswith("_:")})
        if shapes:
            lines.append(f"  shape: {', '.join(shapes)}")
        for result in results[:examples]:
            value = f"  (value {result.value})" if result.value else ""
            lines.append(f"  - {result.focus}{value}")
        if len(results) > examples:
            lines.append(f"  ... and {len(results) - examples} more")
    return "\n".join(lines) + "\n"


def format_json(report: ValidationReport) -> str:
    """The report as JSON: ``conforms``, ``counts``, ``triples`` and every result."""
    body = {
        "conforms": report.conforms,
        "triples": report.triples,
        "counts": report.counts(),
        "results": [r.to_dict() for r in report.results],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def format_turtle(report: ValidationReport) -> str:
    """The SHACL validation report graph itself, in Turtle."""
    graph = report.report_graph
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("sh", str(SH))
    return graph.serialize(format="turtle")


FORMATTERS = {"text": format_text, "json": format_json, "turtle": format_turtle}


def render(report: ValidationReport, output_format: str) -> str:
    """The report in ``text``, ``json`` or ``turtle``."""
    return FORMATTERS[output_format](report)


__all__: Sequence[str] = (
    "ValidationReport",
    "ValidationResult",
    "format_json",
    "format_text",
    "format_turtle",
    "load_shapes",
    "render",
    "union_graph",
    "validate_graph",
    "validate_store",
)
