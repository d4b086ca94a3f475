"""Whether this machine has the memory an ingest will need, checked once its pages are parsed.

Resolution compares every mention with the others in its blocks, so a full ingest holds every
page's record at once, then their resolution, then their mapping while the storage engine loads
the graphs. Its peak grows with the mentions it resolves (publication entries and their
authors), which are only known once the pages are parsed: the check runs then, before anything
is resolved or written, so a corpus too large for the machine is refused after its parse instead
of being killed by the kernel near its end.

The estimate is measured, not derived (``benchmarks/README.md``, "Memory"): the peak resident
memory of ``scholargraph ingest`` from a few pages to 50k generated researchers stays below
:data:`BASE_BYTES`, plus :data:`BYTES_PER_MENTION` per mention, plus a part that comes while the
graphs are mapped and loaded (the peak of every measured run falls there): it grows by about
:data:`WRITING_BYTES_PER_MENTION` per mention of a small ingest and levels off, never above
:data:`WRITING_BYTES` in a measured run. The ingest benchmark prints each run's peak beside
this estimate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..errors import NotEnoughMemory
from ..models import SourceDocument
from .disk_space import format_size

BASE_BYTES = 128 * 2**20  # the interpreter, the libraries and the vocabulary
BYTES_PER_MENTION = 2_100  # its record, its resolution and its mapping
WRITING_BYTES_PER_MENTION = 12_000  # while the graphs are mapped and loaded, up to ...
WRITING_BYTES = 2458 * 2**20  # ... this (2.4 GB)


@dataclass(frozen=True)
class MemoryNeeded:
    """What an ingest's resolution and writing are expected to hold, from its parsed pages."""

    pages: int
    mentions: int

    @property
    def peak_bytes(self) -> int:
        writing = min(self.mentions * WRITING_BYTES_PER_MENTION, WRITING_BYTES)
        return BASE_BYTES + self.mentions * BYTES_PER_MENTION + writing


def memory_needed(documents: Iterable[SourceDocument]) -> MemoryNeeded:
    pages = mentions = 0
    for doc in documents:
        pages += 1
        for publication in doc.record.publications:
            mentions += 1 + len(publication.authors)
    return MemoryNeeded(pages, mentions)


@dataclass(frozen=True)
class MemoryState:
    """This process's resident memory and how much more the machine can give it (bytes)."""

    in_use: int
    available: int
    limited_by: str  # what bounds ``available``: the machine's free memory, or a cgroup's limit


def check_memory(needed: MemoryNeeded, state: MemoryState | None) -> None:
    """Raise :class:`NotEnoughMemory` when ``needed`` asks for more than ``state`` leaves
    (``None``: not known on this system, so not checked)."""
    if state is None or needed.pages == 0:
        return
    more = needed.peak_bytes - state.in_use
    if more <= state.available:
        return
    raise NotEnoughMemory(
        f"not enough memory for this ingest: resolving and writing its {needed.pages:,} pages "
        f"({needed.mentions:,} publication entries and authors) needs about "
        f"{format_size(needed.peak_bytes)} at its peak (measured: about "
        f"{format_size(BYTES_PER_MENTION)} per entry or author, and up to "
        f"{format_size(WRITING_BYTES)} while its graphs are written). This process holds "
        f"{format_size(state.in_use)} and {state.limited_by} allows "
        f"{format_size(state.available)} more. No page was resolved or written. Run it on a "
        "machine with more memory; --no-memory-check tries anyway"
    )


def memory_state(
    proc: Path = Path("/proc"), cgroups: Path = Path("/sys/fs/cgroup")
) -> MemoryState | None:
    """This process's resident memory and the memory still available to it, from Linux's
    ``/proc`` (``MemAvailable``, lowered by the memory limit of the process's cgroup, v1 or v2).
    ``None`` where ``/proc`` does not say."""
    try:
        in_use = _kib_field(proc / "self" / "status", "VmRSS")
        available = _kib_field(proc / "meminfo", "MemAvailable")
    except (OSError, ValueError):
        return None
    state = MemoryState(in_use, available, "the machine's available memory")
    room = _cgroup_room(proc, cgroups)
    if room is not None and room < available:
        state = MemoryState(in_use, room, "the memory limit of this process's cgroup")
    return state


def ensure_memory(documents: Iterable[SourceDocument], settings: Settings) -> MemoryNeeded:
    """Before ``documents`` are resolved and written: refuse (:class:`NotEnoughMemory`) when
    the machine cannot give the ingest the memory they are expected to need, unless
    ``settings.check_memory`` is off. Returns that need (the ingest reports it)."""
    needed = memory_needed(documents)
    if settings.check_memory:
        check_memory(needed, memory_state())
    return needed


def _kib_field(path: Path, name: str) -> int:
    for line in path.read_text().splitlines():
        key, _, value = line.partition(":")
        if key == name:
            return int(value.split()[0]) * 1024
    raise ValueError(f"no {name} in {path}")


def _cgroup_room(proc: Path, cgroups: Path) -> int | None:
    """Bytes the process's cgroup still allows (its limit less its usage, less the page cache it
    can drop), or ``None`` when it has no limit or it cannot be read. Only the process's own
    cgroup is read, not the limits of those above it."""
    try:
        lines = (proc / "self" / "cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if controllers == "":  # v2
            files = (cgroups / path.lstrip("/"), "memory.max", "memory.current")
        elif "memory" in controllers.split(","):  # v1
            files = (
                cgroups / "memory" / path.lstrip("/"),
                "memory.limit_in_bytes",
                "memory.usage_in_bytes",
            )
        else:
            continue
        folder, limit_file, usage_file = files
        try:
            limit_text = (folder / limit_file).read_text().strip()
            if limit_text == "max" or int(limit_text) >= 2**60:  # no limit
                continue
            usage = int((folder / usage_file).read_text())
            stat = dict(
                row.split(" ", 1) for row in (folder / "memory.stat").read_text().splitlines()
            )
        except (OSError, ValueError):
            continue
        # the page cache counts in the usage, and the kernel reclaims what is inactive first
        inactive = int(stat.get("total_inactive_file", stat.get("inactive_file", "0")))
        return max(0, int(limit_text) - (usage - inactive))
    return None
