"""Reading input documents: expanding folders, manifests, size limits, decoding, hashing.

This is the left edge of the pipeline: the only place that reads input files.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .errors import InputError, InputTooLarge, NotFound, UnreadableInput


@dataclass(frozen=True)
class InputFile:
    """One file to ingest and what is known about it besides its content."""

    path: Path
    source_id: str  # the URL when known (manifest or flag), else the absolute path
    retrieved: str | None  # ISO date of the capture


@dataclass(frozen=True)
class Manifest:
    """Per-file URL and capture date, from a CSV/TSV file with columns ``path,url[,retrieved]``."""

    entries: dict[Path, tuple[str | None, str | None]]

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read manifest: {exc}", where=str(path)) from exc
        dialect = "excel-tab" if "\t" in text.splitlines()[0] else "excel"
        entries: dict[Path, tuple[str | None, str | None]] = {}
        for lineno, row in enumerate(csv.reader(text.splitlines(), dialect=dialect), start=1):
            if not row or row[0].startswith("#") or (lineno == 1 and row[0].strip() == "path"):
                continue
            if len(row) < 2:
                raise InputError("expected: path, url[, retrieved]", where=f"{path}:{lineno}")
            file_path = (path.parent / row[0].strip()).resolve()
            url = row[1].strip() or None
            retrieved = row[2].strip() if len(row) > 2 and row[2].strip() else None
            if retrieved is not None:
                _check_date(retrieved, f"{path}:{lineno}")
            entries[file_path] = (url, retrieved)
        return cls(entries)


def _check_date(value: str, where: str) -> None:
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError as exc:
        raise InputError(f"retrieved date {value!r} is not YYYY-MM-DD", where=where) from exc


PAGE_SUFFIXES = (".txt",)  # what a folder's pages are; files named one by one can be anything


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named, and every non-hidden ``*.txt`` file below folders named, sorted, unique."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            for child in path.rglob("*"):
                if child.suffix.lower() not in PAGE_SUFFIXES:
                    continue
                relative = child.relative_to(path)
                if child.is_file() and not any(p.startswith(".") for p in relative.parts):
                    found.add(child.resolve())
        elif path.exists():
            found.add(path.resolve())
        else:
            raise NotFound("no such file or folder", where=str(path))
    return sorted(found)


def plan_inputs(
    paths: Sequence[Path], *, manifest: Manifest | None = None, url: str | None = None
) -> list[InputFile]:
    """Turn command-line paths into input files with their source identity."""
    files = expand_paths(paths)
    if url is not None and len(files) != 1:
        raise InputError(f"--url names one document but {len(files)} files were given")
    planned = []
    for path in files:
        known_url, retrieved = (
            manifest.entries.get(path, (None, None)) if manifest else (None, None)
        )
        source_id = url or known_url or str(path)
        if retrieved is None:
            retrieved = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date().isoformat()
        planned.append(InputFile(path, source_id, retrieved))
    return planned


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; refuses files over ``max_bytes`` before reading them."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputTooLarge(
                f"file is {size:,} bytes; the limit is {max_bytes:,} (setting max_input_bytes)",
                where=str(path),
            )
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except IsADirectoryError as exc:
        raise UnreadableInput("is a folder", where=str(path)) from exc
    except PermissionError as exc:
        raise UnreadableInput("permission denied", where=str(path)) from exc
    except OSError as exc:
        raise UnreadableInput(f"cannot read: {exc.strerror or exc}", where=str(path)) from exc


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
