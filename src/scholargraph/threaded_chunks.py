"""Chunks produced in a thread and read as an iterator, through a small bounded queue.

Used where Python work can overlap with work that releases the GIL: a dump serialised while
the web server sends earlier chunks (:mod:`.web.streams`), source graphs mapped while
Oxigraph's bulk loader parses earlier ones (:mod:`.store`). The queue keeps memory flat; the
reading side can cancel, and the producer then stops at its next chunk; an exception in the
producer is raised on the reading side, where the chunk it failed on would have come.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")
Put = Callable[[T], None]
_END = object()


class Cancelled(Exception):
    """Raised in the producer by ``put`` once the reading side has cancelled."""


class ThreadedChunks(Generic[T]):
    """``produce(put)`` runs in a daemon thread; iterating yields what it ``put``."""

    def __init__(self, produce: Callable[[Put[T]], None], *, depth: int, name: str) -> None:
        self._queue: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._cancelled = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(produce,), name=name, daemon=True)
        self._thread.start()

    def _put(self, item: object) -> None:
        while not self._cancelled.is_set():
            try:
                self._queue.put(item, timeout=0.2)
                return
            except queue.Full:
                continue
        raise Cancelled

    def _run(self, produce: Callable[[Put[T]], None]) -> None:
        try:
            produce(self._put)
            self._put(_END)
        except Cancelled:
            return
        except Exception as exc:  # handed to the reading side, which raises it
            try:
                self._put(exc)
            except Cancelled:
                return

    def __iter__(self) -> Iterator[T]:
        while True:
            item = self._queue.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]

    def cancel(self, *, wait: bool = False) -> None:
        """Stop the producer (at its next ``put``); ``wait``: until its thread has ended."""
        self._cancelled.set()
        if wait:
            self._thread.join()
