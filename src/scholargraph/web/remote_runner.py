"""The runner ``scholargraph serve`` uses in front of a remote SPARQL store.

The remote store does the work, so no worker processes are needed: each job is an HTTP request
made from the request's thread. The service keeps its protections:

* **Guard before forwarding.** ``SERVICE`` and ``LOAD`` are refused here (403) before anything
  is sent, whatever the route already checked, so the remote store is never asked to make a
  request to another server on our behalf.
* **Time limit.** Queries go through a handle whose HTTP read timeout is
  ``web.query_timeout_s`` (no retries: a slow query is not retried), and which passes the same
  limit to the store itself when ``remote.server_timeout_parameter`` is set (Virtuoso stops the
  query and says so; its partial "anytime" answers are refused as timeouts). A timeout is a
  503 ``query-timeout``, as with the embedded store.
* **Read-only unless enabled.** Updates are forwarded only when ``web.updates_enabled`` (the
  route also checks the bearer token); otherwise the store handle is read-only as well.
* **Dumps stream** graph by graph from the store (one graph in memory at a time) through a
  bounded queue, as for the embedded store.
"""

from __future__ import annotations

from datetime import datetime

from ..config import Settings
from ..errors import QueryRefused, QueryTimeout, RemoteTimeout
from ..remote_store import RemoteStore
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
)
from .query_guard import inspect_query, inspect_update
from .runners import ChunkStream, DigestCallback, UpdateLog, _threaded_dump


class RemoteRunner:
    """Forwards the web service's store jobs to a remote SPARQL store."""

    def __init__(self, store: RemoteStore, settings: Settings) -> None:
        self.store = store
        self._timeout = settings.web.query_timeout_s
        self._queries = store.with_timeout(self._timeout)
        self._updates_enabled = settings.web.updates_enabled
        self._log = UpdateLog()

    @property
    def generation(self) -> int | None:
        return None  # others may write to the store at any time: always re-check

    @property
    def lineage(self) -> str:
        return self._log.lineage

    @property
    def last_update(self) -> datetime | None:
        return self._log.last_update

    def query(self, job: QueryJob) -> QueryAnswer:
        inspect_query(job.text)
        try:
            return run_query(self._queries, job)
        except RemoteTimeout:
            raise QueryTimeout(
                f"the query ran past the time limit ({self._timeout:g} s) and was stopped"
            ) from None

    def update(self, job: UpdateJob) -> None:
        if not self._updates_enabled:
            raise QueryRefused("this endpoint is read-only: updates are disabled")
        inspect_update(job.text)
        run_update(self.store, job)
        self._log.record(job)

    def state(self, job: StateJob) -> StoreState:
        return store_state(self.store, job)

    def stats(self, job: StatsJob) -> DatasetStats:
        return dataset_stats(self.store, job, graph_namespace=self.store.graph_namespace or "")

    def checksums(self, job: ChecksumJob) -> dict[str, tuple[Digest, Digest]]:
        return dump_checksums(self.store, job)

    def dump(self, job: DumpJob, on_complete: DigestCallback | None = None) -> ChunkStream:
        return _threaded_dump(self.store, job, on_complete)

    def close(self) -> None:
        self._queries.close()
        self.store.close()
