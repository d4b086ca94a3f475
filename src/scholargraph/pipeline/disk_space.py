"""Whether the disk holding the store has room for an ingest, checked before any page is parsed.

The estimate is measured, not derived: an ingest's store grows by about 34 bytes per byte of
page text it reads (each page becomes its own graph, the store keeps every quad in nine index
orders, and the record, metadata and resolution index come with it), and by about 36 at its
peak, while the bulk loader's files and the compaction's new files sit beside the old ones
(``benchmarks/README.md``, "Disk"). :data:`STORE_BYTES_PER_TEXT_BYTE` adds a margin to that
peak, and :data:`FIXED_BYTES` covers the storage engine's logs and manifests (a store holding only
the vocabulary takes 1.2 MB).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..errors import DiskFull
from ..inputs import InputFile
from ..store_api import GraphStore

STORE_BYTES_PER_TEXT_BYTE = 40
FIXED_BYTES = 16 * 2**20


@dataclass(frozen=True)
class SpaceNeeded:
    """What an ingest is expected to write, from the pages it will parse."""

    pages: int
    text_bytes: int

    @property
    def store_bytes(self) -> int:
        return self.text_bytes * STORE_BYTES_PER_TEXT_BYTE + FIXED_BYTES


def space_needed(paths: Iterable[Path]) -> SpaceNeeded:
    """The pages' sizes on disk (a page that vanished counts as empty: reading it reports it)."""
    pages = text = 0
    for path in paths:
        pages += 1
        try:
            text += os.stat(path).st_size
        except OSError:
            continue
    return SpaceNeeded(pages, text)


def check_disk_space(needed: SpaceNeeded, free: int | None, store: str) -> None:
    """Raise :class:`DiskFull` when ``free`` bytes (``None``: unknown, e.g. a remote store) are
    fewer than ``needed`` asks for."""
    if free is None or needed.pages == 0 or free >= needed.store_bytes:
        return
    raise DiskFull(
        f"not enough free disk space for this ingest: its {needed.pages:,} pages "
        f"({format_size(needed.text_bytes)} of text) need about "
        f"{format_size(needed.store_bytes)} in the store (about {STORE_BYTES_PER_TEXT_BYTE} "
        "bytes per byte of text, measured while writing and compacting), and "
        f"{format_size(free)} are free on its disk. Nothing was "
        "written. Free some space or put the store on a larger disk (--store); "
        "--no-space-check tries anyway",
        where=store,
    )


def ensure_room(items: Iterable[InputFile], settings: Settings, store: GraphStore) -> None:
    """Before ``items`` are parsed and written: refuse (:class:`DiskFull`) when the store's disk
    has less room than they are expected to take, unless ``settings.check_disk_space`` is off."""
    if settings.check_disk_space:
        needed = space_needed(item.path for item in items)
        check_disk_space(needed, store.free_bytes(), settings.store)


def format_size(n: int) -> str:
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"
