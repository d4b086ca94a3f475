"""Who runs the web service's store jobs: the :class:`Runner` interface and the in-process one.

The routes never touch the store for SPARQL or dumps; they hand a job (:mod:`.jobs`) to a
runner. :class:`InProcessRunner` runs jobs in the web process itself: right for an in-memory
store (tests, embedding a small graph) but with no real query timeout, since pyoxigraph cannot
cancel a query. ``scholargraph serve`` uses :class:`~.process_runner.ProcessRunner`, whose
worker processes can be killed.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Protocol

from ..store_api import GraphStore
from .jobs import (
    ChecksumJob,
    DatasetStats,
    Digest,
    DumpJob,
    QueryAnswer,
    QueryJob,
    StateJob,
    StatsJob,
    StoreState,
    UpdateJob,
    dataset_stats,
    dump_checksums,
    run_query,
    run_update,
    store_state,
    write_dump,
)

DigestCallback = Callable[[Digest], None]


class Runner(Protocol):
    """Runs store jobs for the web service."""

    @property
    def generation(self) -> int | None:
        """Changes whenever the data may have changed; ``None``: unknown, re-check every time."""

    @property
    def lineage(self) -> str:
        """Digest of the updates this runner applied ("" when none)."""

    @property
    def last_update(self) -> datetime | None: ...

    def query(self, job: QueryJob) -> QueryAnswer: ...

    def update(self, job: UpdateJob) -> None: ...

    def state(self, job: StateJob) -> StoreState: ...

    def stats(self, job: StatsJob) -> DatasetStats: ...

    def checksums(self, job: ChecksumJob) -> dict[str, tuple[Digest, Digest]]: ...

    def dump(self, job: DumpJob, on_complete: DigestCallback | None = None) -> ChunkStream:
        """The dump's bytes in chunks; ``on_complete`` gets its digest if it runs to the end."""

    def close(self) -> None: ...


class UpdateLog:
    """What a runner remembers of the updates it ran (for ETags and Last-Modified)."""

    def __init__(self) -> None:
        self.lineage = ""
        self.last_update: datetime | None = None

    def record(self, job: UpdateJob) -> None:
        digest = hashlib.sha256(f"{self.lineage}\n{job.text}\n{job.base_iri}".encode())
        self.lineage = digest.hexdigest()
        self.last_update = datetime.now(UTC).replace(microsecond=0)


class InProcessRunner:
    """Runs every job on ``store`` in the calling thread (dumps in a helper thread)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._log = UpdateLog()

    @property
    def generation(self) -> int | None:
        return None  # the store may be changed behind our back: always re-check

    @property
    def lineage(self) -> str:
        return self._log.lineage

    @property
    def last_update(self) -> datetime | None:
        return self._log.last_update

    def query(self, job: QueryJob) -> QueryAnswer:
        return run_query(self.store, job)

    def update(self, job: UpdateJob) -> None:
        run_update(self.store, job)
        self._log.record(job)

    def state(self, job: StateJob) -> StoreState:
        return store_state(self.store, job)

    def stats(self, job: StatsJob) -> DatasetStats:
        return dataset_stats(self.store, job)

    def checksums(self, job: ChecksumJob) -> dict[str, tuple[Digest, Digest]]:
        return dump_checksums(self.store, job)

    def dump(self, job: DumpJob, on_complete: DigestCallback | None = None) -> ChunkStream:
        return _threaded_dump(self.store, job, on_complete)

    def close(self) -> None:
        """Nothing to release: the store belongs to the caller."""


class ChunkStream:
    """Chunks of a response body, with a ``close()`` that releases their producer (a thread or
    a process) whether or not iteration started: WSGI servers call it when a client leaves."""

    def __init__(
        self,
        chunks: Iterator[bytes],
        *,
        on_end: Callable[[], None] | None = None,
        release: Callable[[bool], None] | None = None,
    ) -> None:
        self._chunks = chunks
        self._on_end = on_end
        self._release = release
        self._closed = False

    def __iter__(self) -> ChunkStream:
        return self

    def __next__(self) -> bytes:
        try:
            return next(self._chunks)
        except StopIteration:
            if self._on_end is not None:
                self._on_end()
            self._close(completed=True)
            raise
        except BaseException:
            self._close(completed=False)
            raise

    def _close(self, *, completed: bool) -> None:
        if not self._closed:
            self._closed = True
            if self._release is not None:
                self._release(completed)

    def close(self) -> None:
        self._close(completed=False)

    def __del__(self) -> None:
        self._close(completed=False)


class _Cancelled(Exception):
    pass


def _threaded_dump(
    store: GraphStore, job: DumpJob, on_complete: DigestCallback | None
) -> ChunkStream:
    """Serialise in a thread into a small bounded queue, so memory stays flat."""
    chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(maxsize=4)
    cancelled = threading.Event()
    digests: list[Digest] = []

    def put(item: bytes | BaseException | None) -> None:
        while not cancelled.is_set():
            try:
                chunks.put(item, timeout=0.2)
                return
            except queue.Full:
                continue
        raise _Cancelled

    def produce() -> None:
        try:
            digests.append(write_dump(store, job, put))
            put(None)
        except _Cancelled:
            return
        except Exception as exc:  # handed to the consumer, which re-raises it
            try:
                put(exc)
            except _Cancelled:
                return

    def consume() -> Iterator[bytes]:
        while True:
            item = chunks.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def end() -> None:
        if on_complete is not None and digests:
            on_complete(digests[0])

    threading.Thread(target=produce, name="scholargraph-dump", daemon=True).start()
    return ChunkStream(consume(), on_end=end, release=lambda _done: cancelled.set())
