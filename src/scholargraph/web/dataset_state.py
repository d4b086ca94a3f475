"""What the service knows about the dataset it serves, cached per state of the store.

The state (:class:`ServedState`) is derived from the store: its graph names, its size and its
metadata graph, which records every source graph's digest and ingest time, plus the digest of
the updates this server applied. Its fingerprint makes the dumps' ETags, its newest
``prov:generatedAtTime`` (or update time) their Last-Modified. Statistics for the dataset
description and the dumps' sha256 checksums are computed lazily, once per fingerprint; a dump
streamed to its end records its checksum on the way, for free.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import datetime

from .jobs import ChecksumJob, DatasetStats, Digest, StateJob, StatsJob
from .runners import Runner


@dataclass(frozen=True)
class ServedState:
    fingerprint: str
    last_modified: datetime | None
    graphs: tuple[str, ...]
    quads: int

    def etag(self, variant: str) -> str:
        return f"{self.fingerprint[:32]}-{variant}"


class DatasetInfo:
    """State, statistics and checksums of the served dataset (thread-safe, cached)."""

    def __init__(self, runner: Runner, base: str, exclude_graphs: tuple[str, ...]) -> None:
        self._runner = runner
        self._base = base
        self.exclude_graphs = exclude_graphs
        self._lock = threading.Lock()
        self._checksum_lock = threading.Lock()  # one checksum job at a time
        self._state: tuple[int | None, str, ServedState] | None = None
        self._stats: tuple[str, DatasetStats] | None = None
        self._digests: dict[tuple[str, str, bool], Digest] = {}

    def state(self) -> ServedState:
        generation, lineage = self._runner.generation, self._runner.lineage
        cached = self._state
        if cached and generation is not None and cached[:2] == (generation, lineage):
            return cached[2]
        raw = self._runner.state(StateJob(self._base))
        fingerprint = raw.fingerprint
        if lineage:
            fingerprint = hashlib.sha256(f"{fingerprint}\n{lineage}".encode()).hexdigest()
        times = [t for t in (raw.last_modified, self._runner.last_update) if t is not None]
        state = ServedState(fingerprint, max(times) if times else None, raw.graphs, raw.quads)
        self._state = (generation, lineage, state)
        return state

    def stats(self) -> DatasetStats:
        fingerprint = self.state().fingerprint
        with self._lock:
            if self._stats and self._stats[0] == fingerprint:
                return self._stats[1]
            stats = self._runner.stats(StatsJob(self._base))
            self._stats = (fingerprint, stats)
            return stats

    def known_digest(self, fingerprint: str, rdf_format: str, gzip: bool) -> Digest | None:
        return self._digests.get((fingerprint, rdf_format, gzip))

    def record(self, fingerprint: str, rdf_format: str, gzip: bool, digest: Digest) -> None:
        with self._lock:
            self._digests[(fingerprint, rdf_format, gzip)] = digest
            while len(self._digests) > 64:  # older states' entries go first
                del self._digests[next(iter(self._digests))]

    def digests(self, rdf_formats: tuple[str, ...]) -> dict[str, tuple[Digest, Digest]]:
        """Per format: sha256 and size of the plain and of the gzip dump (computed together,
        in one job, for the formats not known yet)."""
        with self._checksum_lock:
            return self._digests_for(self.state().fingerprint, rdf_formats)

    def _digests_for(
        self, fingerprint: str, rdf_formats: tuple[str, ...]
    ) -> dict[str, tuple[Digest, Digest]]:
        known: dict[str, tuple[Digest, Digest]] = {}
        for rdf_format in rdf_formats:
            plain = self.known_digest(fingerprint, rdf_format, False)
            packed = self.known_digest(fingerprint, rdf_format, True)
            if plain and packed:
                known[rdf_format] = (plain, packed)
        missing = tuple(f for f in rdf_formats if f not in known)
        if missing:
            computed = self._runner.checksums(ChecksumJob(missing, self.exclude_graphs))
            for rdf_format, (plain, packed) in computed.items():
                self.record(fingerprint, rdf_format, False, plain)
                self.record(fingerprint, rdf_format, True, packed)
            known.update(computed)
        return known
