"""Reading and parsing the input files, in worker processes when there are enough of them."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor

from ..config import Settings
from ..errors import InputError
from ..inputs import InputFile, read_bytes, sha256
from ..models import SourceDocument
from ..parse import decode_page, parse_page
from .report import Progress

PARALLEL_THRESHOLD = 16  # below this many files, process start-up costs more than it saves


def parse_file(item: InputFile, max_bytes: int) -> SourceDocument:
    """Read, decode and parse one file (runs in worker processes)."""
    data = read_bytes(item.path, max_bytes)
    text = decode_page(data, where=str(item.path), max_bytes=max_bytes)
    try:
        record = parse_page(text)
    except InputError as exc:
        exc.where = exc.where or str(item.path)
        raise
    return SourceDocument(
        source_id=item.source_id,
        path=str(item.path),
        content_sha256=sha256(data),
        retrieved=item.retrieved,
        record=record,
    )


def _parse_one(args: tuple[InputFile, int]) -> SourceDocument | InputError:
    item, max_bytes = args
    try:
        return parse_file(item, max_bytes)
    except InputError as exc:
        if exc.where is None:
            exc.where = str(item.path)
        return exc


def parse_all(
    items: Sequence[InputFile], settings: Settings, progress: Progress | None
) -> list[SourceDocument | InputError]:
    workers = settings.parse_workers or (os.cpu_count() or 1)
    args = [(item, settings.max_input_bytes) for item in items]
    results: list[SourceDocument | InputError] = []
    if workers <= 1 or len(items) < PARALLEL_THRESHOLD:
        mapped: Iterable[SourceDocument | InputError] = map(_parse_one, args)
        for result in mapped:
            results.append(result)
            if progress:
                progress("parse", len(results), len(items))
        return results
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(_parse_one, args, chunksize=max(1, len(args) // (workers * 8))):
            results.append(result)
            if progress:
                progress("parse", len(results), len(items))
    return results
