"""What the service knows about the dataset it serves, cached per state of the store.

The state (:class:`ServedState`) is derived from the store: its graph names, its size and its
metadata graph, which records every source graph's digest and ingest time, plus the digest of
the updates this server applied. Its fingerprint makes the dumps' ETags, its newest
``prov:generatedAtTime`` (or update time) their Last-Modified.

The dataset description's statistics and the dumps' sha256 checksums read the whole store
(at 10k researchers: about 100 s for the statistics, and a full serialisation per dump
format), so no request computes them. :meth:`DatasetInfo.describe` starts one background
thread for the current state, which runs the statistics, then one checksum job per format
(runner jobs: one-off processes under ``scholargraph serve``), and answers with whatever is
known after a short wait; later requests get more. A dump streamed to its end records its
checksum on the way, for free.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from cachetools import LRUCache

from .jobs import ChecksumJob, DatasetStats, Digest, StateJob, StatsJob
from .runners import Runner

RENDERED_KEPT = 8  # descriptions kept (formats × the partial and the whole one)


@dataclass(frozen=True)
class ServedState:
    fingerprint: str
    last_modified: datetime | None
    graphs: tuple[str, ...]
    quads: int

    def etag(self, variant: str) -> str:
        return f"{self.fingerprint[:32]}-{variant}"


@dataclass(frozen=True)
class Description:
    """What is known, at one state of the store, of its statistics and dump checksums."""

    fingerprint: str
    stats: DatasetStats | None
    digests: dict[str, tuple[Digest, Digest]] = field(default_factory=dict)  # plain, gzip
    complete: bool = False
    failure: str | None = None  # why the last computation for this state failed

    @property
    def variant(self) -> str:
        """Tells descriptions of one state apart (for their ETag): what they include."""
        if self.complete:
            return "full"
        return f"part-{int(self.stats is not None)}-{'.'.join(sorted(self.digests))}"


class DatasetInfo:
    """State, statistics and checksums of the served dataset (thread-safe, cached)."""

    def __init__(self, runner: Runner, base: str, exclude_graphs: tuple[str, ...]) -> None:
        self._runner = runner
        self._base = base
        self.exclude_graphs = exclude_graphs
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)  # a result or the worker's end
        self._state: tuple[int | None, str, ServedState] | None = None
        self._stats: tuple[str, DatasetStats] | None = None
        self._digests: dict[tuple[str, str, bool], Digest] = {}
        self._worker: threading.Thread | None = None
        self._started = 0.0  # when the worker started (time.monotonic)
        self._failure: tuple[str, str] | None = None  # fingerprint, message
        self._rendered: LRUCache[str, bytes] = LRUCache(maxsize=RENDERED_KEPT)

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

    def known_digest(self, fingerprint: str, rdf_format: str, gzip: bool) -> Digest | None:
        return self._digests.get((fingerprint, rdf_format, gzip))

    def record(self, fingerprint: str, rdf_format: str, gzip: bool, digest: Digest) -> None:
        with self._lock:
            self._digests[(fingerprint, rdf_format, gzip)] = digest
            while len(self._digests) > 64:  # older states' entries go first
                del self._digests[next(iter(self._digests))]
            self._changed.notify_all()

    def rendered(self, key: str, render: Callable[[], bytes]) -> bytes:
        """A description's bytes, made once per ``key`` (its ETag: state, format, what it
        holds): at 10k researchers the VoID is 10 MB and takes 1.7 s to write."""
        with self._lock:
            body = self._rendered.get(key)
        if body is None:
            body = render()
            with self._lock:
                self._rendered[key] = body
        return body

    def describe(self, rdf_formats: tuple[str, ...], wait: float) -> Description:
        """Statistics and the checksums of ``rdf_formats``' dumps (plain and gzip) for the
        current state, as far as they are known ``wait`` seconds after their computation
        started; what is missing is computed in the background (started here when nothing is
        computing it). So only the first requests wait: later ones, while the computation
        goes on for minutes, answer at once with what is known."""
        fingerprint = self.state().fingerprint
        with self._lock:
            known = self._known(fingerprint, rdf_formats)
            if not known.complete and self._worker is None:
                self._failure = None
                self._worker = threading.Thread(
                    target=self._compute,
                    args=(fingerprint, rdf_formats),
                    name="dataset-description",
                    daemon=True,
                )
                self._worker.start()
                self._started = time.monotonic()
                known = self._known(fingerprint, rdf_formats)  # a failure before: tried again
            deadline = self._started + wait
            while not known.complete and known.failure is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
                known = self._known(fingerprint, rdf_formats)
            return known

    def _known(self, fingerprint: str, rdf_formats: tuple[str, ...]) -> Description:
        stats = self._stats[1] if self._stats and self._stats[0] == fingerprint else None
        digests = {}
        for rdf_format in rdf_formats:
            plain = self._digests.get((fingerprint, rdf_format, False))
            packed = self._digests.get((fingerprint, rdf_format, True))
            if plain and packed:
                digests[rdf_format] = (plain, packed)
        failure = self._failure[1] if self._failure and self._failure[0] == fingerprint else None
        complete = stats is not None and len(digests) == len(rdf_formats)
        return Description(fingerprint, stats, digests, complete, failure)

    def _compute(self, fingerprint: str, rdf_formats: tuple[str, ...]) -> None:
        """The worker: statistics, then each format's checksums, each kept as it comes, until
        everything is known or the store's state moves on (the next request starts anew)."""
        failure = None
        try:
            if self._known(fingerprint, rdf_formats).stats is None:
                stats = self._runner.stats(StatsJob(self._base))
                with self._lock:
                    self._stats = (fingerprint, stats)
                    self._changed.notify_all()
            for rdf_format in rdf_formats:
                if self.state().fingerprint != fingerprint:
                    return
                if rdf_format in self._known(fingerprint, rdf_formats).digests:
                    continue
                job = ChecksumJob((rdf_format,), self.exclude_graphs)
                for name, (plain, packed) in self._runner.checksums(job).items():
                    self.record(fingerprint, name, False, plain)
                    self.record(fingerprint, name, True, packed)
        # a thread's end: nothing above it would catch this. The description says what
        # failed, and the next request tries again
        except Exception as exc:
            failure = str(exc) or type(exc).__name__
        finally:
            with self._lock:  # failed and finished at once, so a request never sees one alone
                if failure is not None:
                    self._failure = (fingerprint, failure)
                self._worker = None
                self._changed.notify_all()
