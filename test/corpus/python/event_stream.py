"""Consumers and publishers for the order-events Redis streams.

`OrderEventConsumer` is the production consumer (consumer group, acks).
`AuditTail` follows a stream for the audit UI, and `Backfiller` re-reads
history into the warehouse.
"""
from __future__ import annotations

import asyncio
import collections
import logging
from typing import Awaitable, Callable, Optional

import redis
import redis.asyncio as aioredis

log = logging.getLogger(__name__)

Handler = Callable[[str, dict], Awaitable[None]]

STREAM = "orders:events"
GROUP = "billing"


class OrderEventConsumer:
    """Consumer-group reader: new messages with '>', pending ones with '0'."""

    def __init__(self, url: str, consumer: str, handler: Handler) -> None:
        self._redis = aioredis.from_url(url)
        self._consumer = consumer
        self._handler = handler
        self._stopping = False
        self._inflight: set[asyncio.Task] = set()  # ok: unbounded-container
        self._recent: collections.OrderedDict[str, float] = collections.OrderedDict()  # ok: unbounded-container
        self._seen = collections.OrderedDict()  # expect: unbounded-container

    async def setup(self) -> None:
        try:
            await self._redis.xgroup_create(STREAM, GROUP, id="$", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    async def recover_pending(self) -> None:
        """Drain this consumer's pending entries once, at startup."""
        resp = await self._redis.xreadgroup(GROUP, self._consumer, {STREAM: "0"}, count=500)  # ok: stream-replay
        for _stream, messages in resp or []:
            for msg_id, fields in messages:
                await self._handle(msg_id, fields)

    async def run(self) -> None:
        await self.recover_pending()
        while not self._stopping:
            resp = await self._redis.xreadgroup(  # ok: stream-replay
                GROUP, self._consumer, {STREAM: ">"}, count=100, block=5000
            )
            for _stream, messages in resp or []:
                for msg_id, fields in messages:
                    task = asyncio.create_task(self._handle(msg_id, fields))  # ok: fire-and-forget
                    self._inflight.add(task)
                    task.add_done_callback(self._inflight.discard)

    async def retry_pending_forever(self) -> None:
        """Background retry of failed deliveries."""
        while not self._stopping:
            resp = await self._redis.xreadgroup(GROUP, self._consumer, {STREAM: "0"}, count=50)  # expect: stream-replay
            for _stream, messages in resp or []:
                for msg_id, fields in messages:
                    await self._handle(msg_id, fields)
            await asyncio.sleep(30)

    async def _handle(self, msg_id: bytes, fields: dict) -> None:
        key = msg_id.decode()
        self._seen[key] = fields.get(b"kind", b"?")
        try:
            await self._handler(key, fields)
        except Exception:
            log.exception("handler failed for %s", key)
            return
        self._recent[key] = asyncio.get_running_loop().time()
        if len(self._recent) > 10_000:
            self._recent.popitem(last=False)
        asyncio.create_task(self._redis.xack(STREAM, GROUP, msg_id))  # expect: fire-and-forget

    def stop(self) -> None:
        self._stopping = True

    async def shutdown(self) -> None:
        self._stopping = True
        closing = asyncio.ensure_future(self._redis.aclose())  # expect: fire-and-forget
        log.info("consumer %s stopping, %d in flight", self._consumer, len(self._inflight))


class AuditTail:
    """Follows the stream for the audit UI's live view."""

    def __init__(self, client: aioredis.Redis, stream: str = STREAM) -> None:
        self._client = client
        self._stream = stream

    async def follow(self, emit: Callable[[bytes, dict], Awaitable[None]]) -> None:
        last_id = "$"
        while True:
            resp = await self._client.xread({self._stream: last_id}, count=100, block=10_000)  # ok: stream-replay
            for _name, messages in resp or []:
                for msg_id, fields in messages:
                    await emit(msg_id, fields)
                    last_id = msg_id

    async def follow_from_start(self, emit: Callable[[bytes, dict], Awaitable[None]]) -> None:
        """Shows history first, then live events."""
        while True:
            resp = await self._client.xread({self._stream: "0"}, count=200, block=10_000)  # expect: stream-replay
            for _name, messages in resp or []:
                for msg_id, fields in messages:
                    await emit(msg_id, fields)

    async def poll_many(self, streams: list[str]) -> None:
        while True:
            for name in streams:
                resp = await self._client.xread(  # expect: stream-replay
                    streams={name: b"0"}, count=10, block=1000
                )
                if resp:
                    log.debug("%s: %d entries", name, len(resp[0][1]))
            await asyncio.sleep(1)


class Backfiller:
    """Copies stream history into the warehouse, resumable by last id."""

    def __init__(self, client: redis.Redis, sink: Callable[[list], None]) -> None:
        self._client = client
        self._sink = sink

    def backfill(self, stream: str, start: str = "0") -> str:
        cursor = start
        while True:
            resp = self._client.xread({stream: cursor}, count=1000)  # ok: stream-replay
            if not resp:
                return cursor
            _name, messages = resp[0]
            self._sink(messages)
            cursor = messages[-1][0]

    def reprocess_group(self, stream: str, group: str, consumer: str) -> None:
        while True:
            resp = self._client.xreadgroup(group, consumer, {stream: b"0"}, count=100, block=2000)  # expect: stream-replay
            if not resp:
                continue
            for _name, messages in resp:
                self._sink(messages)

    def latest(self, stream: str) -> Optional[tuple]:
        resp = self._client.xrevrange(stream, count=1)
        return resp[0] if resp else None


async def publish(url: str, kind: str, payload: dict) -> bytes:
    """Publishes one event; called from request handlers."""
    client = aioredis.from_url(url)  # expect: connection-per-call
    try:
        return await client.xadd(STREAM, {"kind": kind, **payload}, maxlen=1_000_000)
    finally:
        await client.aclose()


class Publisher:
    """The right way: one client for the process, reused for every event."""

    def __init__(self, url: str) -> None:
        self._client = aioredis.from_url(url)  # ok: connection-per-call

    async def publish(self, kind: str, payload: dict) -> bytes:
        return await self._client.xadd(STREAM, {"kind": kind, **payload}, maxlen=1_000_000)

    def publish_soon(self, kind: str, payload: dict) -> asyncio.Task:
        return asyncio.create_task(self.publish(kind, payload))  # ok: fire-and-forget

    async def publish_many(self, events: list[tuple[str, dict]]) -> list[bytes]:
        tasks = [asyncio.create_task(self.publish(k, p)) for k, p in events]  # ok: fire-and-forget
        return await asyncio.gather(*tasks)

    async def publish_with_deadline(self, kind: str, payload: dict, timeout: float = 2.0) -> Optional[bytes]:
        task = asyncio.ensure_future(self.publish(kind, payload))  # ok: fire-and-forget
        done, _ = await asyncio.wait({task}, timeout=timeout)
        if task in done:
            return task.result()  # ok: wait-without-timeout
        task.cancel()
        return None

    async def publish_later(self, delay: float, kind: str, payload: dict) -> None:
        await asyncio.sleep(delay)
        _ = asyncio.ensure_future(self.publish(kind, payload))  # expect: fire-and-forget
