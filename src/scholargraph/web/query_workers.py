"""Worker processes that run store jobs and can be killed.

pyoxigraph cannot cancel a query, so a time limit that really stops the work needs the query
in a process of its own. A :class:`Worker` is one such process, talking to the web process over
a pipe: it receives ``(snapshot folder, job)``, opens that folder read-only (keeping it open
between jobs), runs the job and sends back ``("ok", answer)`` or ``("error", fields)``; a dump
job first streams ``("chunk", bytes)`` messages. The ``owner`` role instead opens the live
store read-write once and runs :class:`Snapshot` jobs: an update, if any, then a snapshot
(:mod:`.process_runner` explains why).

:class:`WorkerPool` keeps a few long-lived readers. A job that runs past its time limit gets
its worker SIGKILLed and replaced in the background, and its request a ``query-timeout``; the
other workers keep answering. :class:`OneOffJobs` runs a long job (dump, checksums,
statistics) in a process of its own, so it never holds a query worker.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import multiprocessing
import queue
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import Any

from .. import errors
from ..errors import DiskFull, QueryMemoryLimit, QueryTimeout, ScholarGraphError, StoreError
from ..store import OxigraphStore
from . import protocol_errors
from .jobs import UpdateJob, run_job, run_update
from .protocol_errors import ServerBusy, WorkerFailed
from .streams import ChunkStream

log = logging.getLogger(__name__)
START_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Snapshot:
    """Owner job: write a snapshot of the live store to ``target``, after running the update
    ``after`` when one is given (if the update fails, nothing is written)."""

    target: str
    after: UpdateJob | None = None


def process_context() -> BaseContext:
    """forkserver where available: workers fork from a small clean process (fast restarts, no
    inherited threads or store handles of the web process); spawn elsewhere."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # Each new process re-imports the main program (multiprocessing does); preloading the
        # CLI with this module makes that cheap, so a killed worker is replaced in milliseconds.
        context.set_forkserver_preload([__name__, "scholargraph.cli"])
        return context
    return multiprocessing.get_context("spawn")


# ----------------------------------------------------------------------------- worker side


def _error_fields(exc: ScholarGraphError) -> tuple[str, str, str | None]:
    return (type(exc).__name__, exc.message, exc.where)


def _rebuild_error(fields: tuple[str, str, str | None]) -> ScholarGraphError:
    name, message, where = fields
    cls = getattr(errors, name, None) or getattr(protocol_errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, ScholarGraphError)):
        cls = StoreError
    return cls(message, where=where)


def _name_process(name: str) -> None:
    """Best effort: show the role in ``ps`` / ``/proc/PID/comm`` (Linux), for operators."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(15, name.encode()[:15], 0, 0, 0)  # PR_SET_NAME


def _execute(store: OxigraphStore, job: object, conn: Connection) -> object:
    if isinstance(job, Snapshot):
        if job.after is not None:
            run_update(store, job.after)
        store.backup(job.target)
        return None
    return run_job(store, job, lambda chunk: conn.send(("chunk", chunk)))


def memory_limit_error(what: str, megabytes: int | None) -> QueryMemoryLimit:
    limit = (
        f"the {megabytes:,} MB of memory a worker may use (web.worker_memory_mb)"
        if megabytes
        else "the memory this machine could give"
    )
    return QueryMemoryLimit(
        f"the {what} needed more than {limit} and was stopped; narrow it down (LIMIT, more "
        "specific patterns, each part made DISTINCT before joining) and try again"
    )


def _limit_memory(megabytes: int | None) -> None:
    """Cap this process's heap (``RLIMIT_DATA``: what it allocates, not what it maps from
    files). Past it an allocation fails: Oxigraph's, in Rust, aborts the process (the web side
    reports the memory limit); Python's raises ``MemoryError``."""
    if megabytes:
        limit = megabytes * 2**20
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def worker_main(
    conn: Connection,
    role: str,
    live_store: str | None,
    title: str,
    memory_mb: int | None = None,
) -> None:
    """The loop of a worker process (``role`` is ``reader`` or ``owner``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the web process decides when we stop
    _name_process(title)
    _limit_memory(memory_mb)
    store: OxigraphStore | None = None
    opened: str | None = None
    try:
        if role == "owner":
            store = OxigraphStore(live_store)
            opened = live_store
    except ScholarGraphError as exc:
        conn.send(("error", _error_fields(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            break
        if message is None:
            break
        snapshot, job = message
        try:
            if role == "reader" and snapshot != opened:
                if store is not None:
                    store.close()  # a newer snapshot: let go of the old one
                store, opened = OxigraphStore(snapshot, read_only=True), snapshot
            if role == "owner" and store is None:
                store = OxigraphStore(live_store)  # closed after a full disk, below
            assert store is not None
            conn.send(("ok", _execute(store, job, conn)))
        except DiskFull as exc:
            conn.send(("error", _error_fields(exc)))
            if role == "owner" and store is not None:
                # the storage engine refuses every later write until it is opened again, even
                # once there is room: the next job opens it afresh
                store.close()
                store = None
        except ScholarGraphError as exc:
            conn.send(("error", _error_fields(exc)))
        except (BrokenPipeError, EOFError):
            break
        except MemoryError:  # unwound: what the job held is free again
            conn.send(("error", _error_fields(memory_limit_error("job", memory_mb))))
        except Exception as exc:
            log.exception("worker job failed")
            conn.send(("error", ("StoreError", f"the worker failed: {exc}", None)))
    if store is not None:
        store.close()


# ----------------------------------------------------------------------------- web side


class WorkerDied(Exception):
    """The worker process ended (killed, crashed) while we waited for it."""


class Worker:
    """One worker process and the web side of its pipe."""

    def __init__(
        self,
        context: BaseContext,
        role: str = "reader",
        live_store: str | None = None,
        *,
        wait: bool = True,
        title: str = "",
        memory_mb: int | None = None,
    ) -> None:
        self.role = role
        self.memory_mb = memory_mb  # its heap limit, if any
        parent, child = context.Pipe(duplex=True)
        self.process = context.Process(  # type: ignore[attr-defined]
            target=worker_main,
            args=(child, role, live_store, title or f"sg-{role}", memory_mb),
            name=f"scholargraph-{role}",
        )
        self.process.daemon = True
        self.process.start()
        child.close()
        self.conn: Connection = parent
        self.snapshot: str | None = None  # the folder the worker has open
        self.final: Any = None  # a streamed job's answer, once its chunks are through
        if wait:
            self.wait_ready()

    @property
    def pid(self) -> int | None:
        return int(self.process.pid) if self.process.pid is not None else None

    def wait_ready(self) -> None:
        """Wait for the process's first message: ready, or the error that stopped it."""
        kind, value = self._receive(START_TIMEOUT_S)
        if kind == "error":
            self.kill()
            raise _rebuild_error(value)

    def _receive(self, timeout: float) -> tuple[str, Any]:
        try:
            ready = self.conn.poll(timeout)
            message: tuple[str, Any] | None = self.conn.recv() if ready else None
        except (EOFError, OSError) as exc:
            raise WorkerDied from exc
        if message is None:
            raise TimeoutError  # (an OSError: raised outside the except clause above)
        return message

    def send(self, snapshot: str | None, job: object) -> None:
        try:
            self.conn.send((snapshot, job))
        except (OSError, ValueError) as exc:
            raise WorkerDied from exc
        if snapshot is not None:
            self.snapshot = snapshot

    def result(self, timeout: float) -> Any:
        """The job's answer; raises its error, ``TimeoutError`` or ``WorkerDied``."""
        kind, value = self._receive(timeout)
        if kind == "error":
            raise _rebuild_error(value)
        return value

    def chunks(self, stall_timeout: float) -> Iterator[bytes]:
        """Streamed chunks until the final answer (kept in ``self.final``)."""
        while True:
            kind, value = self._receive(stall_timeout)
            if kind == "chunk":
                yield value
            elif kind == "error":
                raise _rebuild_error(value)
            else:
                self.final = value
                return

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.process.join(5)
        if self.process.is_alive():
            self.kill()
        else:
            self.conn.close()


def timeout_error(what: str, seconds: float) -> QueryTimeout:
    """``what`` (a query, an update, a checksum...) ran past its time limit; only a query
    or an update gets advice on narrowing it down (the rest are the service's own jobs)."""
    advice = (
        "; narrow it down (LIMIT, more specific patterns) and try again"
        if what in ("query", "update")
        else ""
    )
    return QueryTimeout(f"the {what} ran past the {seconds:g} s limit and was stopped{advice}")


class WorkerPool:
    """Long-lived reader workers; one job at a time each, killed and replaced on timeout."""

    def __init__(
        self,
        context: BaseContext,
        size: int,
        title: str = "sg-reader",
        memory_mb: int | None = None,
    ) -> None:
        self._context = context
        self._title = title  # the processes' name (``/proc/PID/comm``)
        self._memory_mb = memory_mb  # each worker's heap limit (None: none)
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        starting = [
            Worker(context, wait=False, title=title, memory_mb=memory_mb) for _ in range(size)
        ]  # started together
        for worker in starting:
            worker.wait_ready()
            self._add(worker)

    def _add(self, worker: Worker) -> None:
        with self._lock:
            if self._closed:
                worker.stop()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.pid for w in self._all if w.pid is not None)

    def open_snapshots(self) -> set[str]:
        with self._lock:
            return {w.snapshot for w in self._all if w.snapshot}

    def _replace(self, worker: Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()

        def spawn() -> None:
            for attempt in range(5):
                try:
                    self._add(Worker(self._context, title=self._title, memory_mb=self._memory_mb))
                    return
                except Exception:
                    log.exception("cannot start a query worker (attempt %d)", attempt + 1)
                    time.sleep(1 + attempt)

        threading.Thread(target=spawn, name="scholargraph-respawn", daemon=True).start()

    def call(self, snapshot: str, job: object, *, timeout: float, wait: float, what: str) -> Any:
        """Run ``job`` on the newest snapshot; wait at most ``wait`` s for a free worker."""
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise ServerBusy(
                f"every query worker stayed busy for {wait:g} s; try again shortly"
            ) from None
        try:
            worker.send(snapshot, job)
            answer = worker.result(timeout)
        except TimeoutError:
            log.warning("%s past %g s: worker %s killed and replaced", what, timeout, worker.pid)
            self._replace(worker)
            raise timeout_error(what, timeout) from None
        except WorkerDied:
            self._replace(worker)
            if worker.memory_mb and _aborted(worker):
                log.warning(
                    "%s past the %d MB memory limit: worker %s replaced",
                    what,
                    worker.memory_mb,
                    worker.pid,
                )
                raise memory_limit_error(what, worker.memory_mb) from None
            raise WorkerFailed("the query worker died while answering; it was replaced") from None
        except ScholarGraphError:
            self._idle.put(worker)  # the job's own error (bad query...): the worker is fine
            raise
        except BaseException:
            self._replace(worker)  # interrupted mid-job: its late answer must never be read
            raise
        self._idle.put(worker)
        return answer

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()


def _aborted(worker: Worker) -> bool:
    """Whether the worker ended by ``SIGABRT``: what a failed allocation in Oxigraph does."""
    worker.process.join(timeout=5)
    return bool(worker.process.exitcode == -signal.SIGABRT)


class OneOffJobs:
    """Long jobs, each in a process of its own, at most ``limit`` at a time."""

    def __init__(self, context: BaseContext, limit: int = 2) -> None:
        self._context = context
        self._slots = threading.BoundedSemaphore(limit)
        self._running: dict[Worker, str] = {}
        self._lock = threading.Lock()

    def open_snapshots(self) -> set[str]:
        with self._lock:
            return set(self._running.values())

    def _start(self, snapshot: str, job: object, wait: float) -> Worker:
        if not self._slots.acquire(timeout=wait):
            raise ServerBusy("too many dumps and statistics are being computed; try again shortly")
        try:
            worker = Worker(self._context, title="sg-job")
            worker.send(snapshot, job)
        except BaseException:
            self._slots.release()
            raise
        with self._lock:
            self._running[worker] = snapshot
        return worker

    def _finish(self, worker: Worker, clean: bool) -> None:
        with self._lock:
            self._running.pop(worker, None)
        if clean:
            worker.stop()
        else:
            worker.kill()
        self._slots.release()

    def call(self, snapshot: str, job: object, *, timeout: float, wait: float, what: str) -> Any:
        worker = self._start(snapshot, job, wait)
        clean = False
        try:
            answer = worker.result(timeout)
            clean = True
            return answer
        except TimeoutError:
            raise timeout_error(what, timeout) from None
        except WorkerDied:
            raise WorkerFailed(f"the {what} process died") from None
        except ScholarGraphError:
            clean = True
            raise
        finally:
            self._finish(worker, clean)

    def stream(
        self,
        snapshot: str,
        job: object,
        *,
        stall_timeout: float,
        wait: float,
        on_complete: Callable[[Any], None] | None = None,
    ) -> ChunkStream:
        """The streamed chunks of ``job``. The process starts now (so a busy server answers 503
        before any byte is sent); closing the stream early kills it."""
        worker = self._start(snapshot, job, wait)

        def chunks() -> Iterator[bytes]:
            try:
                yield from worker.chunks(stall_timeout)
            except TimeoutError:
                raise timeout_error("dump", stall_timeout) from None
            except WorkerDied:
                raise WorkerFailed("the dump process died") from None

        def end() -> None:
            if on_complete is not None:
                on_complete(worker.final)

        return ChunkStream(chunks(), on_end=end, release=lambda done: self._finish(worker, done))
