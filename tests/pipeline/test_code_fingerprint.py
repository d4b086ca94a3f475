"""The code a stored result depends on: the modules its computation imports, and no others."""

from __future__ import annotations

from pathlib import Path

from scholargraph import PARSER_VERSION
from scholargraph.code_fingerprint import (
    PACKAGE_ROOT,
    closure_digest,
    imported_closure,
    parser_version,
)


def _relative(paths: list[Path], root: Path) -> set[str]:
    return {p.relative_to(root.resolve()).as_posix() for p in paths}


def test_mapping_closure_holds_what_mapping_runs_and_nothing_it_does_not() -> None:
    roots = [PACKAGE_ROOT / "rdf/mapping.py", PACKAGE_ROOT / "rdf/mapping_inputs.py"]
    closure = _relative(imported_closure(roots), PACKAGE_ROOT)
    assert {"rdf/mapping.py", "rdf/iris.py", "rdf/terms.py", "models.py", "vocabulary.py"} <= (
        closure
    )
    assert not closure & {"rdf/results.py", "rdf/jsonld.py", "rdf/nquads.py", "store.py"}
    # the release number (in the package's __init__) moves with every upgrade; the fingerprinting
    # code is not what it fingerprints
    assert not closure & {"__init__.py", "code_fingerprint.py"}
    assert not any(name.startswith("web/") for name in closure)


def test_resolver_closure_holds_every_resolver_module_but_the_in_place_reader() -> None:
    roots = [PACKAGE_ROOT / "resolve/__init__.py", PACKAGE_ROOT / "resolution_index.py"]
    closure = _relative(imported_closure(roots), PACKAGE_ROOT)
    resolver = {p.relative_to(PACKAGE_ROOT).as_posix() for p in PACKAGE_ROOT.glob("resolve/*.py")}
    # reads.py decides when a stored resolution may be kept; it computes no resolution
    assert closure >= resolver - {"resolve/reads.py"}
    assert "resolve/reads.py" not in closure
    assert "resolve/incremental.py" in closure
    assert "models.py" in closure


def test_parser_version_covers_every_parser_module() -> None:
    closure = _relative(imported_closure([PACKAGE_ROOT / "parse/__init__.py"]), PACKAGE_ROOT)
    parser = {p.relative_to(PACKAGE_ROOT).as_posix() for p in PACKAGE_ROOT.glob("parse/*.py")}
    assert closure >= parser | {"models.py"}
    assert parser_version().startswith(f"{PARSER_VERSION}+")


def _package(root: Path) -> Path:
    pkg = root / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("VERSION = 1\n")
    (pkg / "a.py").write_text(
        "from .b import thing\nimport pkg.e\n\ndef f():\n    from . import lazy\n"
    )
    (pkg / "b.py").write_text("from .sub import c\nthing = 1\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "c.py").write_text("from .. import VERSION\nimport json\n")
    (pkg / "e.py").write_text("")
    (pkg / "lazy.py").write_text("")
    (pkg / "unrelated.py").write_text("from .a import f\n")
    return pkg


def test_closure_follows_relative_absolute_nested_and_submodule_imports(tmp_path: Path) -> None:
    pkg = _package(tmp_path)
    closure = _relative(imported_closure([pkg / "a.py"], pkg), pkg)
    assert closure == {
        "a.py",
        "b.py",
        "sub/__init__.py",
        "sub/c.py",
        "__init__.py",
        "e.py",
        "lazy.py",
    }


def test_digest_moves_with_imported_code_only(tmp_path: Path) -> None:
    pkg = _package(tmp_path)
    before = closure_digest([pkg / "a.py"], pkg)
    (pkg / "unrelated.py").write_text("from .a import f\nX = 2\n")
    assert closure_digest([pkg / "a.py"], pkg) == before
    (pkg / "sub" / "c.py").write_text("from .. import VERSION\nimport json\nY = 3\n")
    assert closure_digest([pkg / "a.py"], pkg) != before
