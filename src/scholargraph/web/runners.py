"""Who runs the web service's store jobs: the :class:`Runner` base and the in-process runner.

The routes never touch the store for SPARQL or dumps; they hand a job (:mod:`.jobs`) to a
runner. :class:`InProcessRunner` runs jobs in the calling thread on a store the web process
holds: right for an in-memory store (tests, embedding a small graph) but with no real query
timeout, since pyoxigraph cannot cancel a query. ``scholargraph serve`` uses
:class:`~.process_runner.ProcessRunner`, whose worker processes can be killed, or, in front of a
remote SPARQL store, :class:`~.remote_runner.RemoteRunner`.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from datetime import UTC, datetime
from typing import cast

from ..store_api import GraphStore, Serialized
from .entity_jobs import EntityJob, build_entity
from .jobs import (
    ChecksumJob,
    DatasetStats,
    Digest,
    DumpJob,
    QueryJob,
    StateJob,
    StatsJob,
    StoreState,
    UpdateJob,
    run_job,
    run_query,
    run_update,
)
from .streams import ChunkStream, DigestCallback, dump_in_thread
from .view_base import EntityPage


class Runner(ABC):
    """Runs store jobs for the web service, and remembers the updates it ran (for ETags and
    Last-Modified). Subclasses say how a query, an update, a dump and a one-answer job
    (:meth:`_run`: state, statistics, checksums) are run."""

    def __init__(self) -> None:
        self.lineage = ""  # digest of the updates this runner applied ("" when none)
        self.last_update: datetime | None = None

    @property
    def generation(self) -> int | None:
        """Changes whenever the data may have changed; ``None``: unknown, re-check every time."""
        return None

    @abstractmethod
    def query(self, job: QueryJob) -> Serialized: ...

    @abstractmethod
    def entity(self, job: EntityJob) -> EntityPage | bytes:
        """An entity's page data or RDF (:mod:`.entity_jobs`)."""

    @abstractmethod
    def update(self, job: UpdateJob) -> None:
        """Apply the update, then record it with :meth:`_applied`."""

    @abstractmethod
    def dump(self, job: DumpJob, on_complete: DigestCallback | None = None) -> ChunkStream:
        """The dump's bytes in chunks; ``on_complete`` gets its digest if it runs to the end."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def _run(self, job: StateJob | StatsJob | ChecksumJob, what: str) -> object:
        """The answer of a job that answers in one value (``what`` names it in errors)."""

    def state(self, job: StateJob) -> StoreState:
        return cast(StoreState, self._run(job, "state"))

    def stats(self, job: StatsJob) -> DatasetStats:
        return cast(DatasetStats, self._run(job, "statistics"))

    def checksums(self, job: ChecksumJob) -> dict[str, tuple[Digest, Digest]]:
        return cast(dict[str, tuple[Digest, Digest]], self._run(job, "checksum"))

    def _applied(self, job: UpdateJob) -> None:
        """Record an applied update: it joins ``lineage`` and sets ``last_update``."""
        digest = hashlib.sha256(f"{self.lineage}\n{job.text}\n{job.base_iri}".encode())
        self.lineage = digest.hexdigest()
        self.last_update = datetime.now(UTC).replace(microsecond=0)


class InProcessRunner(Runner):
    """Runs every job on ``store`` in the calling thread (dumps in a helper thread). The store
    may be changed behind its back, so ``generation`` stays ``None``: always re-check."""

    def __init__(self, store: GraphStore) -> None:
        super().__init__()
        self.store = store

    def query(self, job: QueryJob) -> Serialized:
        return run_query(self.store, job)

    def entity(self, job: EntityJob) -> EntityPage | bytes:
        return build_entity(self.store, job)

    def update(self, job: UpdateJob) -> None:
        run_update(self.store, job)
        self._applied(job)

    def dump(self, job: DumpJob, on_complete: DigestCallback | None = None) -> ChunkStream:
        return dump_in_thread(self.store, job, on_complete)

    def close(self) -> None:
        """Nothing to release: the store belongs to the caller."""

    def _run(self, job: StateJob | StatsJob | ChecksumJob, what: str) -> object:
        return run_job(self.store, job)
