"""The producer-thread handoff behind dumps and bulk loads: order kept, the producer's error
raised on the reading side, and a cancelled producer stops instead of filling memory."""

from __future__ import annotations

import threading

import pytest

from scholargraph.threaded_chunks import Put, ThreadedChunks


def test_chunks_arrive_in_order_and_end() -> None:
    chunks: ThreadedChunks[int] = ThreadedChunks(
        lambda put: [put(n) for n in range(1_000)], depth=4, name="test"
    )
    assert list(chunks) == list(range(1_000))


def test_an_error_in_the_producer_is_raised_where_its_chunk_would_come() -> None:
    def produce(put: Put[bytes]) -> None:
        put(b"first")
        raise ValueError("not a valid absolute IRI: 'x y'")

    read: list[bytes] = []
    with pytest.raises(ValueError, match="absolute IRI"):
        for chunk in ThreadedChunks(produce, depth=4, name="test"):
            read.append(chunk)
    assert read == [b"first"]


def test_cancelling_stops_the_producer_at_its_next_chunk() -> None:
    produced: list[int] = []
    finished = threading.Event()

    def produce(put: Put[int]) -> None:
        try:
            for n in range(1_000_000):
                put(n)
                produced.append(n)
        finally:
            finished.set()

    chunks: ThreadedChunks[int] = ThreadedChunks(produce, depth=2, name="test")
    iterator = iter(chunks)
    assert [next(iterator) for _ in range(3)] == [0, 1, 2]
    chunks.cancel(wait=True)
    assert finished.is_set()
    assert len(produced) < 10  # at most the queue's depth beyond what was read
