"""Access to the SPARQL files in ``queries/``: every query the code runs lives there."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .config import PROJECT_ROOT
from .errors import NotFound

QUERIES_DIR = PROJECT_ROOT / "queries"


@cache
def load_query(name: str, directory: Path = QUERIES_DIR) -> str:
    """The text of ``queries/NAME.rq``."""
    path = directory / f"{name}.rq"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise NotFound(f"no query named {name!r}", where=str(path)) from exc


def query_description(text: str) -> str:
    """The ``# Purpose:`` line of a query file's comment header."""
    for line in text.splitlines():
        if line.startswith("# Purpose:"):
            return line.removeprefix("# Purpose:").strip()
    return ""


def list_queries(directory: Path = QUERIES_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.rq"))
