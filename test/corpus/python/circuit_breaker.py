"""Circuit breakers and health probes for downstream dependencies."""
from __future__ import annotations

import asyncio
import enum
import logging
import threading
import time
from typing import Any, Awaitable, Callable, Optional, TypeVar

import requests

log = logging.getLogger(__name__)

T = TypeVar("T")


class State(enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitOpen(Exception):
    pass


class CircuitBreaker:
    """Thread-safe breaker. The lock only guards counters and state; calls to
    the protected function and to listeners happen outside it."""

    def __init__(self, name: str, failure_threshold: int = 5, reset_after: float = 30.0) -> None:
        self.name = name
        self._threshold = failure_threshold
        self._reset_after = reset_after
        self._lock = threading.Lock()
        self._state = State.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._listeners: list[Callable[[str, State], None]] = []  # ok: unbounded-container

    def add_listener(self, fn: Callable[[str, State], None]) -> None:
        with self._lock:
            self._listeners.append(fn)

    def remove_listener(self, fn: Callable[[str, State], None]) -> None:
        with self._lock:
            self._listeners.remove(fn)

    @property
    def state(self) -> State:
        with self._lock:
            return self._current_state()  # ok: lock-held-across-call

    def _current_state(self) -> State:
        if self._state is State.OPEN and time.monotonic() - self._opened_at >= self._reset_after:
            self._state = State.HALF_OPEN
        return self._state

    def _trip(self) -> None:
        self._state = State.OPEN
        self._opened_at = time.monotonic()

    def allow(self) -> bool:
        with self._lock:
            return self._current_state() is not State.OPEN

    def record_success(self) -> None:
        with self._lock:
            changed = self._state is not State.CLOSED
            self._state = State.CLOSED
            self._failures = 0
            listeners = list(self._listeners) if changed else []
        for fn in listeners:
            fn(self.name, State.CLOSED)  # ok: lock-held-across-call

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            tripped = self._failures >= self._threshold and self._state is not State.OPEN
            if tripped:
                self._trip()  # ok: lock-held-across-call
            listeners = list(self._listeners) if tripped else []
        for fn in listeners:
            fn(self.name, State.OPEN)  # ok: lock-held-across-call

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if not self.allow():
            raise CircuitOpen(self.name)
        try:
            result = fn(*args, **kwargs)
        except Exception:
            self.record_failure()
            raise
        self.record_success()
        return result


class AsyncCircuitBreaker:
    """Event-loop breaker: no lock needed as long as no update spans an await."""

    def __init__(self, name: str, failure_threshold: int = 5, reset_after: float = 30.0) -> None:
        self.name = name
        self._threshold = failure_threshold
        self._reset_after = reset_after
        self._failures = 0
        self._successes = 0
        self._opened_at: Optional[float] = None
        self.stats: dict[str, int] = {"calls": 0, "rejected": 0, "failures": 0}  # ok: unbounded-container

    def _is_open(self) -> bool:
        if self._opened_at is None:
            return False
        if time.monotonic() - self._opened_at >= self._reset_after:
            self._opened_at = None
            return False
        return True

    async def call(self, fn: Callable[[], Awaitable[T]]) -> T:
        self.stats["calls"] += 1  # ok: async-race
        if self._is_open():
            self.stats["rejected"] += 1
            raise CircuitOpen(self.name)
        successes = self._successes
        try:
            result = await fn()
        except Exception:
            self.stats["failures"] += 1
            self._failures += 1  # ok: async-race
            if self._failures >= self._threshold:
                self._opened_at = time.monotonic()
            raise
        self._failures = 0
        self._successes = successes + 1  # expect: async-race
        return result

    async def call_counted(self, fn: Callable[[], Awaitable[T]]) -> T:
        if self._is_open():
            raise CircuitOpen(self.name)
        result = await fn()
        self._successes += 1  # ok: async-race
        return result

    def reset_stats(self) -> None:
        self.stats = {"calls": 0, "rejected": 0, "failures": 0}


class HealthProbe:
    """Periodically probes a dependency and caches the verdict."""

    def __init__(self, url: str, probe: Optional[Callable[[], bool]] = None, interval: float = 10.0) -> None:
        self._url = url
        self._probe = probe
        self._interval = interval
        self._lock = threading.Lock()
        self._healthy = True
        self._checked_at = 0.0

    def healthy(self) -> bool:
        with self._lock:
            if time.monotonic() - self._checked_at < self._interval:
                return self._healthy
            if self._probe is not None:
                self._healthy = self._probe()  # expect: lock-held-across-call
            self._checked_at = time.monotonic()
            return self._healthy

    def healthy_http(self) -> bool:
        with self._lock:
            if time.monotonic() - self._checked_at < self._interval:
                return self._healthy
            self._checked_at = time.monotonic()
            ok = requests.get(self._url, timeout=2).ok  # expect: lock-held-across-call
            self._healthy = ok
            return ok

    def healthy_unlocked_probe(self) -> bool:
        with self._lock:
            fresh = time.monotonic() - self._checked_at < self._interval
            cached = self._healthy
        if fresh:
            return cached
        try:
            ok = requests.get(self._url, timeout=2).ok  # ok: lock-held-across-call
        except requests.RequestException:
            ok = False
        with self._lock:
            self._healthy = ok
            self._checked_at = time.monotonic()
        return ok


class BulkheadExecutor:
    """Caps concurrent calls into a dependency from worker threads."""

    def __init__(self, limit: int) -> None:
        self._slots = threading.BoundedSemaphore(limit)
        self._lock = threading.Lock()
        self._active = 0

    def run(self, fn: Callable[[], T], wait: float = 1.0) -> T:
        if not self._slots.acquire(timeout=wait):  # ok: wait-without-timeout
            raise CircuitOpen("bulkhead full")
        try:
            with self._lock:
                self._active += 1
            return fn()  # ok: lock-held-across-call
        finally:
            with self._lock:
                self._active -= 1
            self._slots.release()

    async def run_async(self, fn: Callable[[], T]) -> T:
        return await asyncio.to_thread(self.run, fn)
