"""Fingerprints of the code a stored result was computed with (pure but for reading source files).

A store keeps a result (a page's parsed record, a source graph's mapping, the resolution) while
everything it was computed from is unchanged, the code included. "The code" is the module that
computes the result and every module of this package it imports, directly or through others,
found by reading their ``import`` statements: an upgrade that only touches a module the
computation never runs (the JSON-LD export, the SPARQL results reader, a web page) does not make
the next ingest resolve and map every page again (about three minutes at 10,000 researchers).
"""

from __future__ import annotations

import ast
import hashlib
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from . import PARSER_VERSION

PACKAGE_ROOT = Path(__file__).parent


def _module_file(package_root: Path, parts: list[str]) -> Path | None:
    """The file of module ``parts`` (relative to the package root), if it is in the package."""
    base = package_root.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


# An import statement at any indentation, a parenthesised name list included. Only these are
# parsed, not whole modules (ast over every module an ingest fingerprints: ~200 ms at each start);
# a match inside a string can only add a module, never leave one out.
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+[\w.]+[ \t]+import[ \t]*(?:\([^)]*\)|[^\n]*)|import[ \t]+[^\n]*)",
    re.MULTILINE,
)


def _import_statements(source: str) -> list[ast.stmt]:
    statements: list[ast.stmt] = []
    for match in _IMPORT.finditer(source):
        try:
            statements.extend(ast.parse(match.group(0).strip()).body)
        except SyntaxError:  # prose that looks like an import (a docstring): nothing imported
            continue
    return statements


def _imports(path: Path, package_root: Path) -> set[Path]:
    """The package's modules ``path`` imports (absolute or relative imports, any depth)."""
    here = list(path.relative_to(package_root).parent.parts)
    found: set[Path] = set()
    for node in _import_statements(path.read_text(encoding="utf-8")):
        targets: list[tuple[list[str], list[str]]] = []  # (module parts, imported names)
        if isinstance(node, ast.Import):
            for alias in node.names:
                dotted = alias.name.split(".")
                if dotted[0] == package_root.name:
                    targets.append((dotted[1:], []))
        elif isinstance(node, ast.ImportFrom):
            module = node.module.split(".") if node.module else []
            names = [alias.name for alias in node.names]
            if node.level:
                base = here[: len(here) - (node.level - 1)] if node.level > 1 else here
                targets.append(([*base, *module], names))
            elif module and module[0] == package_root.name:
                targets.append((module[1:], names))
        for parts, names in targets:
            module_file = _module_file(package_root, parts)
            if module_file is not None:
                found.add(module_file)
            for name in names:  # ``from . import submodule``
                sub = _module_file(package_root, [*parts, name])
                if sub is not None:
                    found.add(sub)
    return found


_SELF = Path(__file__).resolve()


def imported_closure(roots: Iterable[Path], package_root: Path = PACKAGE_ROOT) -> list[Path]:
    """``roots`` and every module of the package they import, transitively, sorted. This module
    is left out: fingerprinting is not what it fingerprints (and through it the package's
    ``__init__``, whose release number moves with every upgrade, would be in every closure)."""
    seen: set[Path] = {_SELF}
    pending = [root.resolve() for root in roots]
    package = package_root.resolve()
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        pending.extend(_imports(path, package) - seen)
    seen.discard(_SELF)
    return sorted(seen)


def closure_digest(roots: Iterable[Path], package_root: Path = PACKAGE_ROOT) -> str:
    """sha256 over the paths (relative to the package) and bytes of ``roots``' closure."""
    package = package_root.resolve()
    digest = hashlib.sha256()
    for path in imported_closure(roots, package):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def code_digest(*roots: str) -> str:
    """The fingerprint of modules ``roots`` (paths relative to the package) and what they import."""
    return closure_digest(PACKAGE_ROOT / root for root in roots)


@cache
def parser_version() -> str:
    """What a stored record says read it (``sg:parserVersion``): the parser's release number and
    the fingerprint of the parser's code. A record read by other parser code is read again from
    its page on the next ingest, even when the page did not change, so a parser fix reaches
    every stored page without anyone remembering to bump the release number."""
    return f"{PARSER_VERSION}+{code_digest('parse/__init__.py')[:12]}"
