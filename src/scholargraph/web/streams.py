"""Streamed response bodies (dumps): :class:`ChunkStream`, and one fed by a thread.

A stream's producer is a thread (:func:`dump_in_thread`, for a store the web process reads
itself) or a worker process (:class:`~.query_workers.OneOffJobs`); either way the stream's
``close()`` releases it, so a client that leaves mid-dump stops the work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..store_api import GraphStore
from ..threaded_chunks import ThreadedChunks
from .jobs import Digest, DumpJob, write_dump

DigestCallback = Callable[[Digest], None]


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


def dump_in_thread(
    store: GraphStore, job: DumpJob, on_complete: DigestCallback | None
) -> ChunkStream:
    """Serialise in a thread into a small bounded queue, so memory stays flat; ``on_complete``
    gets the dump's digest if the stream is read to its end."""
    digests: list[Digest] = []
    chunks: ThreadedChunks[bytes] = ThreadedChunks(
        lambda put: digests.append(write_dump(store, job, put)),
        depth=4,
        name="scholargraph-dump",
    )

    def end() -> None:
        if on_complete is not None and digests:
            on_complete(digests[0])

    return ChunkStream(iter(chunks), on_end=end, release=lambda _done: chunks.cancel())
