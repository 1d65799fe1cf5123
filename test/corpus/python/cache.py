"""In-process caches used in front of the pricing and catalog services."""
from __future__ import annotations

import asyncio
import collections
import functools
import logging
import time
import weakref
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Generic, Hashable, Optional, TypeVar

import cachetools

log = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass
class _Entry(Generic[V]):
    value: V
    stamp: float
    hits: int = 0


class TTLCache(Generic[K, V]):
    """TTL cache; evicts the least recently written entry when full."""

    def __init__(self, max_entries: int = 1024, ttl: float = 60.0) -> None:
        self._entries: dict[K, _Entry[V]] = {}  # ok: unbounded-container
        self._max = max_entries
        self._ttl = ttl

    def get(self, key: K) -> Optional[V]:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if time.monotonic() - entry.stamp > self._ttl:
            del self._entries[key]
            return None
        entry.hits += 1
        return entry.value

    def put(self, key: K, value: V) -> None:
        if key not in self._entries and len(self._entries) >= self._max:
            self._evict()
        self._entries[key] = _Entry(value, time.monotonic())

    def _evict(self) -> None:
        oldest = min(self._entries, key=lambda k: self._entries[k].stamp)  # expect: linear-scan
        del self._entries[oldest]

    def __contains__(self, key: object) -> bool:
        return key in self._entries


class LFUCache(Generic[K, V]):
    """Least-frequently-used cache for the catalog's hot items."""

    def __init__(self, capacity: int = 4096) -> None:
        self._capacity = capacity
        self._items: dict[K, _Entry[V]] = {}  # ok: unbounded-container

    def get(self, key: K) -> Optional[V]:
        entry = self._items.get(key)
        if entry is None:
            return None
        entry.hits += 1
        return entry.value

    def put(self, key: K, value: V) -> None:
        if len(self._items) >= self._capacity:
            victim, _ = min(self._items.items(), key=lambda kv: kv[1].hits)  # expect: linear-scan
            self._items.pop(victim)
        self._items[key] = _Entry(value, time.monotonic())


class LRUCache(Generic[K, V]):
    """O(1) LRU on an OrderedDict."""

    def __init__(self, capacity: int = 4096) -> None:
        self._capacity = capacity
        self._data: collections.OrderedDict[K, V] = collections.OrderedDict()  # ok: unbounded-container

    def get(self, key: K) -> Optional[V]:
        try:
            self._data.move_to_end(key)
        except KeyError:
            return None
        return self._data[key]

    def put(self, key: K, value: V) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self._capacity:
            self._data.popitem(last=False)

    def smallest_key(self) -> Optional[K]:
        # Diagnostics on an explicit pair, not a scan of the cache.
        first = next(iter(self._data), None)
        last = next(reversed(self._data), None)
        if first is None or last is None:
            return None
        return min((first, last), key=str)  # ok: linear-scan


class AsyncLoaderCache:
    """Memoises an async loader with a TTL (price lookups)."""

    def __init__(self, loader: Callable[[str], Awaitable[Any]], ttl: float = 30.0) -> None:
        self._loader = loader
        self._ttl = ttl
        self._cache: dict[str, tuple[float, Any]] = {}  # ok: unbounded-container
        self._hits_by_key = collections.defaultdict(int)  # expect: unbounded-container

    async def get(self, key: str) -> Any:
        hit = self._cache.get(key)
        if hit is not None and hit[0] > time.monotonic():
            self._hits_by_key[key] += 1
            return hit[1]
        value = await self._loader(key)
        self._cache[key] = (time.monotonic() + self._ttl, value)  # expect: cache-stampede
        return value

    def invalidate(self, key: str) -> None:
        self._cache.pop(key, None)


class SingleFlightCache:
    """Like AsyncLoaderCache, but concurrent misses share one load."""

    def __init__(self, loader: Callable[[str], Awaitable[Any]], ttl: float = 30.0) -> None:
        self._loader = loader
        self._ttl = ttl
        self._cache: dict[str, tuple[float, Any]] = {}  # ok: unbounded-container
        self._inflight: dict[str, asyncio.Future] = {}  # ok: unbounded-container

    async def get(self, key: str) -> Any:
        hit = self._cache.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        fut = self._inflight.get(key)
        if fut is None:
            fut = asyncio.ensure_future(self._load(key))  # ok: fire-and-forget
            self._inflight[key] = fut
        return await asyncio.shield(fut)

    async def _load(self, key: str) -> Any:
        try:
            value = await self._loader(key)
            self._cache[key] = (time.monotonic() + self._ttl, value)  # ok: cache-stampede
            return value
        finally:
            self._inflight.pop(key, None)

    def invalidate(self, key: str) -> None:
        self._cache.pop(key, None)


class KeyLockedCache:
    """Per-key asyncio locks; the lock table drops locks nobody holds."""

    def __init__(self, loader: Callable[[str], Awaitable[Any]]) -> None:
        self._loader = loader
        self._values: dict[str, Any] = {}  # ok: unbounded-container
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()  # ok: unbounded-container

    async def get(self, key: str) -> Any:
        if key in self._values:
            return self._values[key]
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        async with lock:
            if key not in self._values:
                self._values[key] = await self._loader(key)  # ok: cache-stampede
        return self._values[key]

    def evict(self, key: str) -> None:
        self._values.pop(key, None)


class CatalogCache:
    """Catalog lookups backed by cachetools; both caches are bounded."""

    def __init__(self, fetch: Callable[[str], dict]) -> None:
        self._fetch = fetch
        self._items = cachetools.LRUCache(maxsize=10_000)  # ok: unbounded-container
        self._prices = cachetools.TTLCache(maxsize=5_000, ttl=60)

    def item(self, sku: str) -> dict:
        found = self._items.get(sku)
        if found is None:
            found = self._fetch(sku)
            self._items[sku] = found  # ok: cache-stampede
        return found

    @functools.lru_cache(maxsize=256)  # ok: unbounded-container
    def category_path(self, category_id: int) -> tuple[str, ...]:
        return tuple(str(category_id).split("."))

    @functools.lru_cache(maxsize=None)  # expect: unbounded-container
    def normalised_sku(self, sku: str) -> str:
        return sku.strip().upper().replace(" ", "")

    @functools.cache  # expect: unbounded-container
    def tax_class(self, sku: str) -> str:
        return "reduced" if sku.startswith("FOOD") else "standard"

    def prefetch(self, skus: list[str]) -> None:
        for sku in skus:
            if sku in self._items:  # ok: linear-scan
                continue
            self._items[sku] = self._fetch(sku)  # ok: cache-stampede

    def hottest(self, candidates: list[str]) -> Optional[str]:
        present = [s for s in candidates if s in self._items]  # ok: linear-scan
        return max(present, key=len) if present else None  # ok: linear-scan


@functools.lru_cache(maxsize=1024)  # ok: unbounded-container
def parse_sku(raw: str) -> tuple[str, int]:
    prefix, _, number = raw.partition("-")
    return prefix, int(number or 0)


@functools.cache  # ok: unbounded-container
def currency_table() -> dict[str, int]:
    return {"EUR": 2, "USD": 2, "JPY": 0}
