"""The example queries the home page and the query page offer: the ready-made queries of
``queries/`` that run as they are (no ``# Bindings:`` header, or one whose bindings are
optional)."""

from __future__ import annotations

from dataclasses import dataclass

from ..queries import list_queries, load_query, query_description


@dataclass(frozen=True)
class Example:
    name: str
    description: str  # the query's ``# Purpose:`` line
    text: str


def runnable_examples() -> list[Example]:
    examples = []
    for name in list_queries():
        text = load_query(name)
        if _runnable_as_is(text):
            examples.append(Example(name, query_description(text), text))
    return examples


def _runnable_as_is(text: str) -> bool:
    for line in text.splitlines():
        if line.startswith("# Bindings:"):
            return line.removeprefix("# Bindings:").strip().lower().startswith("optional")
    return True
