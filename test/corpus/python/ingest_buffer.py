"""Ingest path: producer threads and sockets feed records to the event loop,
which batches them into the sink (ClickHouse in production)."""
from __future__ import annotations

import asyncio
import collections
import json
import logging
import os
import queue
import threading
import zlib
from dataclasses import dataclass
from typing import IO, Awaitable, Callable, Iterable, Optional

log = logging.getLogger(__name__)

Sink = Callable[[list["Record"]], Awaitable[None]]


@dataclass(frozen=True)
class Record:
    id: str
    source: str
    body: dict


class IngestBuffer:
    """Producer threads call submit(); the loop calls flush() periodically."""

    def __init__(self, sink: Sink, flush_size: int = 500, wal_path: Optional[str] = None) -> None:
        self._sink = sink
        self._flush_size = flush_size
        self._lock = threading.Lock()
        self._pending: list[Record] = []  # ok: unbounded-container
        self._recent_ids: list[str] = []  # ok: unbounded-container
        self._dropped = 0
        self._wal = open(wal_path, "ab") if wal_path else None
        self._backlog: asyncio.Queue[list[Record]] = asyncio.Queue()  # expect: unbounded-container

    def submit(self, record: Record) -> None:
        with self._lock:
            self._pending.append(record)  # ok: async-race

    def _take_batch(self) -> list[Record]:
        with self._lock:
            batch, self._pending = self._pending, []
        return batch

    def _dedupe(self, batch: Iterable[Record]) -> list[Record]:
        fresh = []
        for rec in batch:
            if rec.id in self._recent_ids:  # expect: linear-scan
                self._dropped += 1
                continue
            fresh.append(rec)
            self._recent_ids.append(rec.id)
        self._recent_ids = self._recent_ids[-5000:]
        return fresh

    async def flush(self) -> int:
        batch = self._dedupe(self._take_batch())
        if not batch:
            return 0
        if self._wal is not None:
            self._append_wal(batch)
            os.fsync(self._wal.fileno())  # expect: blocking-in-async
        await self._backlog.put(batch)
        return len(batch)

    def _append_wal(self, batch: list[Record]) -> None:
        assert self._wal is not None
        self._wal.write(json.dumps([r.body for r in batch]).encode() + b"\n")
        self._wal.flush()

    async def drain_backlog(self) -> None:
        while True:
            batch = await self._backlog.get()  # ok: wait-without-timeout
            try:
                await self._sink(batch)
            except Exception:
                log.exception("sink rejected %d records", len(batch))
            finally:
                self._backlog.task_done()


class LineCollector:
    """Reads a child's stdout on a thread; the loop ships the lines."""

    def __init__(self, emit: Callable[[list[str]], Awaitable[None]]) -> None:
        self._emit = emit
        self._lines: list[str] = []  # ok: unbounded-container
        self._thread: Optional[threading.Thread] = None

    def attach(self, stream: IO[bytes]) -> None:
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[bytes]) -> None:  # ok: unguarded-callback
        try:
            for raw in stream:
                self._lines.append(raw.decode(errors="replace"))  # expect: async-race
        except Exception:
            log.exception("reader thread failed")

    async def pump(self) -> None:
        while True:
            if self._lines:
                batch = self._lines[:]
                self._lines.clear()
                await self._emit(batch)
            await asyncio.sleep(0.1)


class ThreadSafeCollector:
    """Same job as LineCollector, handing lines to the loop thread-safely."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._queue: asyncio.Queue[str] = asyncio.Queue(maxsize=10_000)  # ok: unbounded-container

    def start(self, stream: IO[bytes]) -> threading.Thread:
        thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        thread.start()
        return thread

    def _read(self, stream: IO[bytes]) -> None:  # ok: unguarded-callback
        try:
            for raw in stream:
                line = raw.decode(errors="replace")
                self._loop.call_soon_threadsafe(self._queue.put_nowait, line)  # ok: async-race
        except Exception:
            log.exception("reader thread failed")

    async def next_line(self) -> str:
        return await self._queue.get()  # ok: wait-without-timeout


class BlockingBridge:
    """Legacy bridge: a worker thread feeds a queue.Queue the loop polls."""

    def __init__(self, produce: Callable[[], Optional[bytes]]) -> None:
        self._produce = produce
        self._out: queue.Queue[bytes] = queue.Queue()  # expect: unbounded-container
        self._in: queue.Queue[bytes] = queue.Queue(maxsize=256)  # ok: unbounded-container
        self._worker = threading.Thread(target=self._pump, daemon=True)

    def start(self) -> None:
        self._worker.start()

    def _pump(self) -> None:  # expect: unguarded-callback
        while True:
            item = self._produce()
            if item is None:
                break
            self._out.put(item)

    def send(self, payload: bytes) -> None:
        self._in.put(payload, timeout=1.0)

    def next_request(self) -> bytes:
        return self._in.get()  # expect: wait-without-timeout

    async def receive(self) -> bytes:
        return self._out.get()  # expect: blocking-in-async, wait-without-timeout

    async def receive_soon(self) -> bytes:
        return await asyncio.to_thread(self._out.get, True, 1.0)  # ok: blocking-in-async, wait-without-timeout

    async def poll(self) -> Optional[bytes]:
        try:
            return self._out.get_nowait()  # ok: blocking-in-async, wait-without-timeout
        except queue.Empty:
            return None


class FrameDecoder:
    """Decodes zlib-compressed frames arriving on the ingest socket."""

    MAX_FRAME = 4 * 1024 * 1024

    def __init__(self) -> None:
        self._window = collections.deque(maxlen=64)  # ok: unbounded-container

    async def read_frame(self, reader: asyncio.StreamReader) -> list[dict]:
        header = await reader.readexactly(4)
        size = int.from_bytes(header, "big")
        compressed = await reader.readexactly(size)
        raw = zlib.decompressobj().decompress(compressed)  # expect: decompression-bomb
        self._window.append(len(raw))
        return [json.loads(line) for line in raw.splitlines() if line]

    async def read_frame_bounded(self, reader: asyncio.StreamReader) -> list[dict]:
        header = await reader.readexactly(4)
        size = int.from_bytes(header, "big")
        compressed = await reader.readexactly(size)
        inflater = zlib.decompressobj()
        raw = inflater.decompress(compressed, self.MAX_FRAME)  # ok: decompression-bomb
        if inflater.unconsumed_tail:
            raise ValueError("frame inflates beyond %d bytes" % self.MAX_FRAME)
        self._window.append(len(raw))
        return [json.loads(line) for line in raw.splitlines() if line]
