"""Rate limiting and quotas for the public API."""
from __future__ import annotations

import asyncio
import collections
import logging
import time
from typing import Awaitable, Callable, Iterable, Protocol

import redis.asyncio as aioredis

log = logging.getLogger(__name__)


class QuotaExceeded(Exception):
    pass


class LimitStore(Protocol):
    async def get_limit(self, tenant: str) -> int: ...
    async def record(self, tenant: str, cost: int) -> None: ...


class TokenBucket:
    """Async token bucket shared by every handler calling one upstream."""

    def __init__(self, rate: float, burst: int) -> None:
        self._rate = rate
        self._burst = float(burst)
        self._tokens = float(burst)
        self._updated = time.monotonic()
        self._lock = asyncio.Lock()
        self.stats = collections.Counter()  # ok: unbounded-container

    def _refill(self) -> None:
        now = time.monotonic()
        self._tokens = min(self._burst, self._tokens + (now - self._updated) * self._rate)
        self._updated = now

    async def acquire(self, cost: float = 1.0) -> None:
        async with self._lock:
            while True:
                self._refill()
                if self._tokens >= cost:
                    self._tokens -= cost
                    self.stats["granted"] += 1  # ok: async-race
                    return
                self.stats["waited"] += 1
                await asyncio.sleep((cost - self._tokens) / self._rate)  # ok: lock-held-across-call

    def try_acquire(self, cost: float = 1.0) -> bool:
        self._refill()
        if self._tokens < cost:
            self.stats["rejected"] += 1
            return False
        self._tokens -= cost
        return True

    def reset_stats(self) -> collections.Counter:
        stats, self.stats = self.stats, collections.Counter()
        return stats


class SlidingWindowLimiter:
    """Per-client sliding window; idle clients are pruned."""

    def __init__(self, limit: int, window: float, blocklist: list[str], allowlist: Iterable[str]) -> None:
        self._limit = limit
        self._window = window
        self._hits: dict[str, collections.deque[float]] = {}  # ok: unbounded-container
        self._blocklist = blocklist
        self._allowlist = frozenset(allowlist)

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        hits = self._hits.setdefault(client, collections.deque())  # ok: unbounded-container
        while hits and now - hits[0] > self._window:
            hits.popleft()
        if len(hits) >= self._limit:
            return False
        hits.append(now)
        return True

    def prune(self) -> int:
        now = time.monotonic()
        idle = [c for c, h in self._hits.items() if not h or now - h[-1] > self._window]
        for client in idle:
            del self._hits[client]
        return len(idle)

    def admit_batch(self, clients: list[str]) -> list[str]:
        admitted = []
        for client in clients:
            if client in self._allowlist:  # ok: linear-scan
                admitted.append(client)
                continue
            if client in self._blocklist:  # expect: linear-scan
                continue
            if self.allow(client):
                admitted.append(client)
        return admitted

    def is_blocked(self, client: str) -> bool:
        return client in self._blocklist  # ok: linear-scan


class NaiveQuota:
    """Tenant quota kept in process; checked against the limit service."""

    def __init__(self, store: LimitStore) -> None:
        self._store = store
        self._used = 0
        self._budget = 10_000.0
        self._limits: dict[str, int] = {}  # ok: unbounded-container

    async def consume(self, tenant: str, cost: int) -> None:
        used = self._used
        allowed = await self._store.get_limit(tenant)
        if used + cost > allowed:
            raise QuotaExceeded(tenant)
        self._used = used + cost  # expect: async-race

    async def charge(self, tenant: str, price: Callable[[str], Awaitable[float]]) -> None:
        self._budget -= await price(tenant)  # expect: async-race

    async def limit_for(self, tenant: str) -> int:
        cached = self._limits.get(tenant)
        if cached is None:
            cached = await self._store.get_limit(tenant)
            self._limits[tenant] = cached  # expect: cache-stampede
        return cached

    def forget(self, tenant: str) -> None:
        self._limits.pop(tenant, None)

    async def consume_after(self, tenant: str, cost: int) -> None:
        allowed = await self._store.get_limit(tenant)
        if self._used + cost > allowed:
            raise QuotaExceeded(tenant)
        self._used += cost  # ok: async-race


class LockedQuota:
    """NaiveQuota done right: read-check-write under one asyncio.Lock."""

    def __init__(self, store: LimitStore) -> None:
        self._store = store
        self._used: dict[str, int] = collections.defaultdict(int)  # ok: unbounded-container
        self._lock = asyncio.Lock()

    async def consume(self, tenant: str, cost: int) -> None:
        async with self._lock:
            used = self._used[tenant]
            allowed = await self._store.get_limit(tenant)  # ok: lock-held-across-call
            if used + cost > allowed:
                raise QuotaExceeded(tenant)
            self._used[tenant] = used + cost  # ok: async-race

    def reset(self) -> None:
        self._used.clear()


class RedisWindow:
    """Fixed-window counter in Redis, shared by all API replicas."""

    def __init__(self, client: aioredis.Redis, limit: int, window: int = 60) -> None:
        self._client = client
        self._limit = limit
        self._window = window
        self._local_count = 0
        self._last_remote = 0

    async def hit(self, key: str) -> bool:
        bucket = f"rl:{key}:{int(time.time()) // self._window}"
        pipe = self._client.pipeline(transaction=True)
        pipe.incr(bucket)
        pipe.expire(bucket, self._window * 2)
        count, _ = await pipe.execute()
        self._local_count += 1  # ok: async-race
        return count <= self._limit

    async def sync_remote(self, key: str) -> int:
        seen = self._last_remote
        remote = await self._client.get(f"rl:{key}:total")
        self._last_remote = max(seen, int(remote or 0))  # expect: async-race
        return self._last_remote


class AdaptiveConcurrency:
    """AIMD concurrency limit; every update happens between awaits."""

    def __init__(self, initial: int = 16, floor: int = 1, ceiling: int = 256) -> None:
        self._limit = initial
        self._floor = floor
        self._ceiling = ceiling
        self._inflight = 0
        self._cond = asyncio.Condition()

    async def run(self, fn: Callable[[], Awaitable[object]]) -> object:
        async with self._cond:
            await self._cond.wait_for(lambda: self._inflight < self._limit)
            self._inflight += 1  # ok: async-race
        started = time.monotonic()
        try:
            result = await fn()
        except Exception:
            self._limit = max(self._floor, self._limit // 2)  # ok: async-race
            raise
        finally:
            async with self._cond:
                self._inflight -= 1
                self._cond.notify()
        if time.monotonic() - started < 0.5:
            self._limit = min(self._ceiling, self._limit + 1)  # ok: async-race
        return result
