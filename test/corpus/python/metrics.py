"""Metrics: an in-process registry, host collectors and the push exporter."""
from __future__ import annotations

import asyncio
import collections
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Optional

import duckdb
import psutil
import requests

log = logging.getLogger(__name__)

LabelSet = tuple[tuple[str, str], ...]


@dataclass
class Series:
    name: str
    labels: LabelSet
    value: float = 0.0
    last_update: float = field(default_factory=time.monotonic)


class MetricsRegistry:
    """Thread-safe counters and gauges; scraped by the exporter."""

    def __init__(self, max_series: int = 50_000) -> None:
        self._lock = threading.Lock()
        self._series: dict[tuple[str, LabelSet], Series] = {}  # ok: unbounded-container
        self._label_sets: set[LabelSet] = set()  # expect: unbounded-container
        self._max_series = max_series
        self._help: dict[str, str] = {}  # ok: unbounded-container

    def describe(self, name: str, text: str) -> None:
        with self._lock:
            self._help[name] = text

    def undescribe(self, name: str) -> None:
        with self._lock:
            self._help.pop(name, None)

    def _get(self, name: str, labels: dict[str, str]) -> Series:
        key = (name, tuple(sorted(labels.items())))
        series = self._series.get(key)
        if series is None:
            if len(self._series) >= self._max_series:
                self._evict_stalest()
            series = Series(name, key[1])
            self._series[key] = series
            self._label_sets.add(key[1])
        return series

    def _evict_stalest(self) -> None:
        stalest = min(self._series.values(), key=lambda s: s.last_update)  # expect: linear-scan
        del self._series[(stalest.name, stalest.labels)]

    def inc(self, name: str, value: float = 1.0, **labels: str) -> None:
        with self._lock:
            series = self._get(name, labels)  # ok: lock-held-across-call
            series.value += value
            series.last_update = time.monotonic()

    def set(self, name: str, value: float, **labels: str) -> None:
        with self._lock:
            series = self._get(name, labels)
            series.value = value
            series.last_update = time.monotonic()

    def snapshot(self) -> list[Series]:
        with self._lock:
            return [Series(s.name, s.labels, s.value, s.last_update) for s in self._series.values()]

    def render(self) -> str:
        lines = []
        for s in self.snapshot():
            labels = ",".join(f'{k}="{v}"' for k, v in s.labels)
            lines.append(f"{s.name}{{{labels}}} {s.value}")
        return "\n".join(lines) + "\n"


class PushExporter:
    """Pushes the registry to a Prometheus push gateway."""

    def __init__(self, registry: MetricsRegistry, gateway: str, job: str) -> None:
        self._registry = registry
        self._url = f"{gateway.rstrip('/')}/metrics/job/{job}"
        self._lock = threading.Lock()
        self._last_push = 0.0
        self._failures = 0
        self._session = requests.Session()

    def push(self) -> bool:
        body = self._registry.render()
        with self._lock:
            self._last_push = time.time()
            resp = requests.post(self._url, data=body, timeout=5)  # expect: lock-held-across-call
            if not resp.ok:
                self._failures += 1
            return resp.ok

    def push_unlocked(self) -> bool:
        body = self._registry.render()
        try:
            ok = self._session.post(self._url, data=body, timeout=5).ok  # ok: wait-without-timeout
        except requests.RequestException:
            ok = False
        with self._lock:
            self._last_push = time.time()
            if not ok:
                self._failures += 1
        return ok

    def close(self) -> None:
        with self._lock:
            session, self._session = self._session, requests.Session()  # ok: lock-held-across-call
        session.close()  # ok: lock-held-across-call

    def close_locked(self) -> None:
        with self._lock:
            self._session.close()  # expect: lock-held-across-call


class AsyncBatchExporter:
    """Buffers samples on the loop and sends them in batches."""

    def __init__(self, send: Callable[[list[tuple[str, float]]], Awaitable[None]]) -> None:
        self._send = send
        self._lock = threading.Lock()
        self._alock = asyncio.Lock()
        self._buffer: list[tuple[str, float]] = []  # ok: unbounded-container
        self._sent = 0

    def record(self, name: str, value: float) -> None:
        with self._lock:
            self._buffer.append((name, value))

    async def flush(self) -> None:
        with self._lock:
            batch, self._buffer = self._buffer, []
            await self._send(batch)  # expect: lock-held-across-call
        self._sent += len(batch)

    async def flush_safely(self) -> None:
        batch = self._swap()
        if batch:
            async with self._alock:
                await self._send(batch)  # ok: lock-held-across-call
            self._sent += len(batch)

    def _swap(self) -> list[tuple[str, float]]:
        with self._lock:
            batch, self._buffer = self._buffer, []
        return batch


class HostCollector:
    """Samples host metrics into the registry from the event loop."""

    def __init__(self, registry: MetricsRegistry, db_path: str) -> None:
        self._registry = registry
        self._db_path = db_path
        self._con = duckdb.connect(db_path)  # ok: connection-per-call
        self._samples = collections.deque(maxlen=600)  # ok: unbounded-container

    async def sample(self) -> None:
        cpu = psutil.cpu_percent(interval=1.0)  # expect: blocking-in-async
        mem = psutil.virtual_memory().percent
        self._samples.append((time.time(), cpu, mem))
        self._registry.set("host_cpu_percent", cpu)
        self._registry.set("host_mem_percent", mem)

    async def sample_nonblocking(self) -> None:
        cpu = psutil.cpu_percent(interval=None)  # ok: blocking-in-async
        self._registry.set("host_cpu_percent", cpu)

    async def sample_offloaded(self) -> None:
        cpu = await asyncio.to_thread(psutil.cpu_percent, 1.0)  # ok: blocking-in-async
        self._registry.set("host_cpu_percent", cpu)

    async def persist(self) -> None:
        rows = list(self._samples)
        self._con.executemany("insert into host_samples values (?, ?, ?)", rows)  # expect: blocking-in-async

    async def persist_offloaded(self) -> None:
        rows = list(self._samples)
        await asyncio.to_thread(self._con.executemany, "insert into host_samples values (?, ?, ?)", rows)  # ok: blocking-in-async

    async def hourly_cpu(self) -> list[tuple]:
        return self._con.execute("select date_trunc('hour', ts), avg(cpu) from host_samples group by 1").fetchall()  # expect: blocking-in-async

    def peak_cpu(self) -> float:
        return max((cpu for _ts, cpu, _mem in self._samples), default=0.0)  # ok: linear-scan


def query_samples(db_path: str, since: float) -> list[tuple]:
    """Backs the /metrics/history endpoint."""
    con = duckdb.connect(db_path, read_only=True)  # expect: connection-per-call
    try:
        return con.execute("select * from host_samples where ts >= ?", [since]).fetchall()
    finally:
        con.close()


def export_to_parquet(db_path: str, tables: list[str], out_dir: str) -> int:
    """Nightly export: one connection for the whole run."""
    con = duckdb.connect(db_path, read_only=True)  # ok: connection-per-call
    exported = 0
    for table in tables:
        con.execute(f"copy {table} to '{out_dir}/{table}.parquet' (format parquet)")
        exported += 1
    con.close()
    return exported
