"""The runner ``scholargraph serve`` uses: store jobs in worker processes that can be killed.

Design (why it is shaped like this):

* **A real time limit.** pyoxigraph cannot cancel a query, so queries run in a pool of
  long-lived reader processes (:class:`~.query_workers.WorkerPool`), and the lookups behind
  each entity page (:mod:`.entity_jobs`) in a second pool (``web.page_workers``), so slow
  queries never hold up the pages and pages use every core. A job that runs past
  ``web.query_timeout_s`` gets its worker SIGKILLed, the request a 503 ``query-timeout``, and
  a fresh worker takes its place; the other workers keep answering meanwhile. Dumps,
  checksums and statistics run in one-off processes (at most two at a time) so they never
  hold a query worker.
* **One owner, readers on snapshots.** Oxigraph wants one process to own an on-disk store, and
  opening it read-only while another process writes is undefined. So one *owner* process opens
  the live store read-write and holds its lock for as long as the server runs (a concurrent
  ``scholargraph ingest`` fails cleanly with "store in use" instead of corrupting readers). It
  writes a snapshot with RocksDB's checkpoint (``Store.backup``: hard links, a few ms) and every
  reader, including the web process's own handle (home, search, entity lookups), opens
  *snapshots* read-only, never the live store. No reader ever shares files with a writer.
* **Updates** (only when ``web.updates_enabled``, token checked by the route) go to the owner,
  one at a time. Oxigraph applies an update in one transaction; when it commits, the owner
  snapshots the new state into a new folder and readers switch to it before their next job, so
  the client that sent the update reads its own write. An update past the time limit gets the
  owner SIGKILLed (the transaction never commits: nothing is written) and a new owner started.
  Old snapshots are deleted once no process has them open.

The snapshots live next to the store (``.{name}.serve-snapshots/``, the same file system, so
hard links work) and are removed when the server stops. The server sees the store as it was
when it started (plus its own updates): restart it after an ingest.
"""

from __future__ import annotations

import itertools
import logging
import shutil
import threading
import time
from pathlib import Path
from typing import cast

from ..config import Settings
from ..errors import StoreError
from ..store import OxigraphStore, Serialized
from .entity_jobs import EntityJob
from .jobs import ChecksumJob, DumpJob, QueryJob, StateJob, StatsJob, UpdateJob
from .query_workers import (
    OneOffJobs,
    Snapshot,
    Worker,
    WorkerDied,
    WorkerPool,
    process_context,
    timeout_error,
)
from .runners import Runner
from .streams import ChunkStream, DigestCallback
from .view_base import EntityPage

log = logging.getLogger(__name__)
STATE_TIMEOUT_S = 600.0  # the store's state: its graphs and metadata (requests wait for it)
# statistics and each format's checksums, computed in the background (no request waits for
# them): one format of a 10k-researcher store takes minutes, of a 50k one over ten
BACKGROUND_TIMEOUT_S = 3600.0
DUMP_STALL_S = 600.0  # a dump that sends nothing for this long is stopped
SNAPSHOT_TIMEOUT_S = 600.0  # the owner's checkpoint of the store after an update
SNAPSHOT_GRACE_S = 60.0  # the web process's old handle may still serve a page this long


def snapshot_root(store: Path) -> Path:
    return store.parent / f".{store.name}.serve-snapshots"


class ProcessRunner(Runner):
    """Owner process + snapshot folders + reader pool + one-off processes."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self._generation = 0
        self._settings = settings
        self._timeout = settings.web.query_timeout_s
        self._live = Path(settings.store).expanduser().resolve()
        self._context = process_context()
        self._owner_lock = threading.Lock()
        self._gc_lock = threading.Lock()
        self._counter = itertools.count(1)
        self._superseded: dict[str, float] = {}
        self._root = snapshot_root(self._live)
        self._pool: WorkerPool | None = None
        self._page_pool: WorkerPool | None = None
        self._owner = Worker(self._context, "owner", str(self._live), wait=False)
        self._one_off = OneOffJobs(self._context, limit=2)
        try:
            memory_mb = settings.web.worker_memory_limit_mb()
            self._pool = WorkerPool(self._context, settings.web.query_workers, memory_mb=memory_mb)
            self._page_pool = WorkerPool(
                self._context, settings.web.page_workers, "sg-pages", memory_mb
            )
            self._owner.wait_ready()  # it holds the store's lock from here on
            shutil.rmtree(self._root, ignore_errors=True)  # leftovers of a killed server
            self._root.mkdir(parents=True)
            self._current = self._snapshot()
            self.store = OxigraphStore(self._current, read_only=True)
        except BaseException:
            self.close(remove_snapshots=False)
            raise

    # ------------------------------------------------------------------ Runner interface

    @property
    def generation(self) -> int | None:
        return self._generation

    def worker_pids(self) -> list[int]:
        """The query and page workers' process ids."""
        return sorted(pid for pool in self._pools() for pid in pool.pids())

    def _pools(self) -> list[WorkerPool]:
        return [pool for pool in (self._pool, self._page_pool) if pool is not None]

    def query(self, job: QueryJob) -> Serialized:
        return cast(Serialized, self._pooled(self._pool, job, "query"))

    def entity(self, job: EntityJob) -> EntityPage | bytes:
        return cast(EntityPage | bytes, self._pooled(self._page_pool, job, "entity page"))

    def _pooled(self, pool: WorkerPool | None, job: QueryJob | EntityJob, what: str) -> object:
        """``job``'s answer from one of ``pool``'s workers, on the newest snapshot, within the
        time limit."""
        assert pool is not None
        answer = pool.call(self._current, job, timeout=self._timeout, wait=self._timeout, what=what)
        if self._superseded:
            self._collect_garbage()
        return answer

    def update(self, job: UpdateJob) -> None:
        with self._owner_lock:
            target = self._next_folder()
            try:
                self._owner.send(None, Snapshot(target, after=job))
                self._owner.result(self._timeout)
            except TimeoutError:
                self._restart_owner()
                shutil.rmtree(target, ignore_errors=True)
                raise timeout_error("update", self._timeout) from None
            except WorkerDied:
                self._restart_owner()
                raise StoreError("the store owner process died during the update") from None
            self._applied(job)
            self._switch(target)
        self._collect_garbage()

    def dump(self, job: DumpJob, on_complete: DigestCallback | None = None) -> ChunkStream:
        return self._one_off.stream(
            self._current,
            job,
            stall_timeout=DUMP_STALL_S,
            wait=self._timeout,
            on_complete=on_complete,
        )

    def close(self, *, remove_snapshots: bool = True) -> None:
        """Stop every process; the snapshots go too (not when another server owns them)."""
        for pool in self._pools():
            pool.close()
        self._pool = self._page_pool = None
        self._owner.stop()
        if remove_snapshots:
            shutil.rmtree(self._root, ignore_errors=True)

    # ------------------------------------------------------------------ internals

    def _run(self, job: StateJob | StatsJob | ChecksumJob, what: str) -> object:
        """State, statistics and checksums: in a one-off process, never a query worker."""
        limit = STATE_TIMEOUT_S if isinstance(job, StateJob) else BACKGROUND_TIMEOUT_S
        return self._one_off.call(self._current, job, timeout=limit, wait=limit, what=what)

    def _next_folder(self) -> str:
        return str(self._root / f"snapshot-{next(self._counter):06d}")

    def _snapshot(self) -> str:
        target = self._next_folder()
        self._owner.send(None, Snapshot(target))
        self._owner.result(SNAPSHOT_TIMEOUT_S)
        return target

    def _restart_owner(self) -> None:
        self._owner.kill()  # the kernel releases the store's lock with the process
        self._owner = Worker(self._context, "owner", str(self._live))

    def _switch(self, target: str) -> None:
        previous = self._current
        self._current = target
        self.store.switch_read_only(target)
        # after the switch: a page keyed by the new generation reads only the new data
        self._generation += 1
        self._superseded[previous] = time.monotonic()

    def _collect_garbage(self) -> None:
        """Delete snapshots that are not current, not open in any process, and were superseded
        long enough ago for the web process's pages to have let go of them."""
        if not self._gc_lock.acquire(blocking=False):
            return  # another thread is collecting
        try:
            pools = self._pools()
            if not pools:
                return
            in_use = {self._current} | self._one_off.open_snapshots()
            for pool in pools:
                in_use |= pool.open_snapshots()
            now = time.monotonic()
            for folder, since in list(self._superseded.items()):
                if folder not in in_use and now - since > SNAPSHOT_GRACE_S:
                    shutil.rmtree(folder, ignore_errors=True)
                    del self._superseded[folder]
        finally:
            self._gc_lock.release()
