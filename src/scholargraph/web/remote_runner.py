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

from ..config import Settings
from ..errors import QueryRefused, QueryTimeout, RemoteTimeout
from ..remote_store import RemoteStore
from ..store_api import Serialized
from .jobs import (
    DatasetStats,
    QueryJob,
    StatsJob,
    UpdateJob,
    dataset_stats,
    run_query,
    run_update,
)
from .query_guard import inspect_query, inspect_update
from .runners import InProcessRunner


class RemoteRunner(InProcessRunner):
    """Forwards the web service's store jobs to a remote SPARQL store, from the request's thread
    (state, checksums and dumps as :class:`InProcessRunner` runs them). Others may write to the
    store at any time, so ``generation`` stays ``None``: always re-check."""

    def __init__(self, store: RemoteStore, settings: Settings) -> None:
        super().__init__(store)
        self._remote = store
        self._timeout = settings.web.query_timeout_s
        self._queries = store.with_timeout(self._timeout)
        self._updates_enabled = settings.web.updates_enabled

    def query(self, job: QueryJob) -> Serialized:
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
        run_update(self._remote, job)
        self._applied(job)

    def stats(self, job: StatsJob) -> DatasetStats:
        return dataset_stats(self._remote, job, graph_namespace=self._remote.graph_namespace or "")

    def close(self) -> None:
        self._queries.close()
        self._remote.close()
