"""An entity's statements grouped by property, and labelled links to its neighbours.

Pages read an entity's own statements once (``queries/entity-facts.rq``: each statement once,
however many graphs state it) and pick what they show from :class:`Facts`; the names of linked
resources come from ``queries/entity-links.rq`` through :func:`linked`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..queries import load_query
from ..rdf.iris import Iris
from ..rdf.terms import Lit, Term
from ..store_api import GraphStore, Row
from .display import Linker, local_name
from .i18n import pick_literal


@dataclass(frozen=True)
class Link:
    """A resource to link to, with the text to show."""

    iri: str
    href: str
    label: str
    note: str = ""  # e.g. an arXiv notation or a role name


@dataclass
class Facts:
    """What the graphs state about one subject: property -> distinct objects."""

    subject: str
    by_property: dict[str, list[Term]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, subject: str, rows: Iterable[Row]) -> Facts:
        facts = cls(subject)
        for row in rows:  # one row per statement (entity-facts groups them)
            facts.by_property.setdefault(str(row["p"]), []).append(row["o"])
        return facts

    def __bool__(self) -> bool:
        return bool(self.by_property)

    def values(self, *properties: str) -> list[Term]:
        """Distinct objects of ``properties``, in first-seen order."""
        out: list[Term] = []
        for prop in properties:
            for value in self.by_property.get(prop, ()):
                if value not in out:
                    out.append(value)
        return out

    def texts(self, *properties: str) -> list[str]:
        """Distinct literal texts of ``properties`` (language tags dropped)."""
        out: list[str] = []
        for value in self.values(*properties):
            if isinstance(value, Lit) and value.value not in out:
                out.append(value.value)
        return out

    def iris(self, *properties: str) -> list[str]:
        return [v for v in self.values(*properties) if isinstance(v, str)]

    def first(self, *properties: str) -> Term | None:
        values = self.values(*properties)
        return values[0] if values else None


def internal_graph_bindings(iris: Iris) -> dict[str, Term]:
    """Bindings naming the internal graphs, whose bookkeeping pages never read."""
    return {"recordsGraph": iris.records_graph, "indexGraph": iris.index_graph}


def load_facts(store: GraphStore, iris: Iris, iri: str) -> Facts:
    bindings = {"entity": iri, **internal_graph_bindings(iris)}
    rows = store.select(load_query("entity-facts"), bindings).rows
    # values in the order of the first graph stating them (as read graph by graph)
    rows.sort(key=lambda row: (str(row["p"]), str(row["firstGraph"]), str(row["o"])))
    return Facts.from_rows(iri, rows)


def label_of(labels: Sequence[Term], iri: str, lang: str) -> str:
    """The label in ``lang`` (with fallbacks), else the IRI's last segment."""
    return pick_literal(labels, lang) or local_name(iri)


def linked(
    store: GraphStore, iris: Iris, iri: str, linker: Linker, lang: str
) -> dict[str, list[Link]]:
    """Resources ``iri`` links to, by property, labelled in ``lang`` where possible."""
    bindings = {"entity": iri, **internal_graph_bindings(iris)}
    rows = store.select(load_query("entity-links"), bindings).rows
    labels: dict[tuple[str, str], list[Term]] = {}
    notations: dict[str, str] = {}
    for row in rows:
        key = (str(row["p"]), str(row["target"]))
        bucket = labels.setdefault(key, [])
        if "label" in row and row["label"] not in bucket:
            bucket.append(row["label"])
        notation = row.get("notation")
        if isinstance(notation, Lit):
            notations[key[1]] = notation.value
    out: dict[str, list[Link]] = {}
    for (prop, target), found in labels.items():
        label = label_of(found, target, lang) if found else notations.get(target, "")
        link = Link(
            target, linker.href(target), label or local_name(target), notations.get(target, "")
        )
        out.setdefault(prop, []).append(link)
    for links in out.values():
        links.sort(key=lambda link: link.label.casefold())
    return out
