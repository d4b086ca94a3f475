"""What an ingest and a forget report, and the callables they are given (clock, progress)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ..models import EntityKind, Resolution

Clock = Callable[[], datetime]
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class FileResult:
    path: str
    source_id: str
    status: str  # added | updated | unchanged | failed
    message: str = ""
    publications: int = 0
    format: str = ""


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)
    graphs_written: int = 0
    graphs_mapped: int = 0  # stored source graphs mapped again (their mapping's inputs moved)
    entities: dict[str, int] = field(default_factory=dict)
    merges: int = 0
    # changed pages mapped again without resolving: the resolver reads them as before
    resolution_kept: bool = False
    # why every stored document was resolved again ("" when nothing was resolved)
    resolved_because: str = ""
    # what a change the resolver reads re-resolved without the rest ("" when it did not)
    resolved_locally: str = ""
    # seconds spent compacting the store after a bulk load (None: not compacted)
    optimized_s: float | None = None
    # why the compaction after a bulk load failed ("" when it did not): every page is committed
    not_optimized: str = ""
    # the peak memory the resolution and writing were expected to need, in bytes (None: nothing
    # was resolved again); ``pipeline/memory_needed.py``
    memory_needed: int | None = None

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def succeeded(self) -> list[FileResult]:
        return [f for f in self.files if f.status != "failed"]


@dataclass
class ForgetReport:
    source_id: str
    graphs_written: int
    entities: dict[str, int] | None  # by kind, when everything was resolved again
    resolved_locally: str = ""  # what was resolved again, when only what the page reached was


def summarise(report: IngestReport, resolution: Resolution) -> None:
    counts: dict[str, int] = {kind.value: 0 for kind in EntityKind}
    merges = 0
    for entity in resolution.entities:
        counts[entity.kind.value] += 1
        merges += len(entity.merges)
    report.entities = counts
    report.merges = merges
