# RUN: not %hazardlint check %s 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="[lock-held-across-call]"
# No fixes: the file is left as it is.
# RUN: cp %s %t.py
# RUN: not %hazardlint check --fix --select lock-held-across-call --unsafe-fixes %t.py
# RUN: diff %s %t.py
# RUN: %python -m py_compile %t.py
import asyncio
import functools
import socket
import sqlite3
import subprocess
import threading
import time
import time as t
from threading import Lock as Mutex
from time import sleep
from typing import Optional

import aiohttp
import redis
import redis.asyncio as aioredis
import requests

_cache_lock = threading.Lock()
_cache = {}


def refresh(url):
    with _cache_lock:
        _cache[url] = requests.get(url, timeout=5).json()
        # CHECK-MESSAGES: :[[@LINE-1]]:23: warning: threading lock 'python._cache_lock' is held across blocking call 'requests.get'; every thread waiting for the lock waits for it too; move the call out of the locked region [lock-held-across-call]
        t.sleep(1)
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: threading lock 'python._cache_lock' is held across blocking call 'time.sleep'{{.*}}[lock-held-across-call]
        value = _cache.get(url)  # dict.get is fine
    return value


class Store:
    def __init__(self, path: str, on_change):
        self._lock = threading.RLock()
        self._mutex = Mutex()
        self._db = sqlite3.connect(path)
        self._redis = redis.Redis()
        self._sock = socket.create_connection(("localhost", 80))
        self._on_change = on_change
        self._items = {}

    def put(self, key, value):
        with self._lock:
            self._items[key] = value
            self._db.execute(
                "insert into kv values (?, ?)",
                (key, value),
            )
            # CHECK-MESSAGES: :[[@LINE-4]]:13: warning: threading lock 'Store._lock' is held across blocking call 'sqlite3.Connection.execute'{{.*}}[lock-held-across-call]
            self._redis.set(key, value)
            # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: threading lock 'Store._lock' is held across blocking call 'redis.Redis.set'{{.*}}[lock-held-across-call]
            self._on_change(key)
            # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: threading lock 'Store._lock' is held across callback 'self._on_change'; it may block or take other locks and deadlock; call it after releasing the lock [lock-held-across-call]
            self._recompute()  # a method of this class

    def _recompute(self):
        return len(self._items)

    def shutdown(self):
        self._mutex.acquire()
        try:
            self._sock.close()
            # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: threading lock 'Store._mutex' is held across blocking call 'socket.socket.close'{{.*}}[lock-held-across-call]
            self._db.close()
            # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: threading lock 'Store._mutex' is held across blocking call 'sqlite3.Connection.close'{{.*}}[lock-held-across-call]
        finally:
            self._mutex.release()
        self._db.close()  # after the release

    def flush(self, callback, count: int):
        self._mutex.acquire()
        subprocess.run(["sync"])
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: threading lock 'Store._mutex' is held across blocking call 'subprocess.run'{{.*}}[lock-held-across-call]
        callback(count)
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: threading lock 'Store._mutex' is held across callback 'callback'{{.*}}[lock-held-across-call]
        self._mutex.release()
        callback(count)  # released

    def relock(self):
        with self._mutex:
            with self._mutex:
                # CHECK-MESSAGES: :[[@LINE-1]]:18: warning: threading lock 'Store._mutex' is held across acquiring it again; threading.Lock is not reentrant, so this deadlocks; use RLock or restructure [lock-held-across-call]
                pass

    @functools.lru_cache(maxsize=None)
    def decorated(self):
        with self._lock:
            with open("/tmp/state") as f:
                # CHECK-MESSAGES: :[[@LINE-1]]:18: warning: threading lock 'Store._lock' is held across blocking call 'open'{{.*}}[lock-held-across-call]
                return f.read()

    def nested_function(self):
        with self._lock:
            def later():
                time.sleep(1)  # runs after the lock is released

            return lambda: sleep(1), later


class Bridge:
    def __init__(self):
        self._lock = threading.Lock()
        self._alock = asyncio.Lock()
        self._session = aiohttp.ClientSession()
        self._aredis = aioredis.from_url("redis://")
        self._state = {}

    async def threading_lock_across_await(self):
        with self._lock:
            await asyncio.sleep(0)
            # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: threading lock 'Bridge._lock' is held across 'await'; other tasks on this thread that take it block the event loop until this one resumes; use asyncio.Lock or release it before awaiting [lock-held-across-call]

    async def asyncio_lock_across_network(self, url):
        async with self._alock:
            resp = await self._session.get(url)
            # CHECK-MESSAGES: :[[@LINE-1]]:26: warning: asyncio lock 'Bridge._alock' is held across unbounded call 'aiohttp.ClientSession.get'; every task waiting for the lock hangs with it; bound it with asyncio.timeout() or move it out [lock-held-across-call]
            value = await self._aredis.get("k")
            # CHECK-MESSAGES: :[[@LINE-1]]:27: warning: asyncio lock 'Bridge._alock' is held across unbounded call 'redis.asyncio.Redis.get'{{.*}}[lock-held-across-call]
            proc = await asyncio.create_subprocess_exec("ls")
            out, _ = await proc.communicate()
            # CHECK-MESSAGES: :[[@LINE-1]]:28: warning: asyncio lock 'Bridge._alock' is held across unbounded call 'asyncio.subprocess.Process.communicate'{{.*}}[lock-held-across-call]
            async with self._session.post(url) as posted:
                # CHECK-MESSAGES: :[[@LINE-1]]:24: warning: asyncio lock 'Bridge._alock' is held across unbounded call 'aiohttp.ClientSession.post'{{.*}}[lock-held-across-call]
                pass
        return resp, value, out, posted

    async def reader_under_lock(self, reader: asyncio.StreamReader):
        async with self._alock:
            return await reader.read(100)
            # CHECK-MESSAGES: :[[@LINE-1]]:26: warning: asyncio lock 'Bridge._alock' is held across unbounded call 'asyncio.StreamReader.read'{{.*}}[lock-held-across-call]

    # Negatives for asyncio locks.
    async def bounded(self, url):
        async with self._alock:
            resp = await asyncio.wait_for(self._session.get(url), timeout=5)
            async with asyncio.timeout(5):
                value = await self._aredis.get("k")
        return resp, value

    async def in_memory(self):
        async with self._alock:
            self._state["n"] = self._state.get("n", 0) + 1
        async with asyncio.Lock():
            self._state.clear()
        with self._lock:
            self._state["x"] = 1
        await self._session.get("u")  # no lock held


# Negatives: correct code that looks similar.
_inst = None
_inst_lock = threading.Lock()


class Singleton:
    pass


def instance():
    global _inst
    if _inst is None:
        with _inst_lock:
            if _inst is None:
                _inst = Singleton()
    return _inst


class CircuitBreaker:
    def __init__(self, threshold=5):
        self._lock = threading.Lock()
        self._failures = 0
        self._threshold = threshold
        self._opened_at = None

    def record_failure(self):
        with self._lock:
            self._failures += 1
            if self._failures >= self._threshold:
                self._opened_at = time.monotonic()

    def allow(self):
        with self._lock:
            return self._opened_at is None


class Worker:
    def __init__(self):
        self._cond = threading.Condition()
        self._jobs = []

    def take(self):
        with self._cond:
            while not self._jobs:
                self._cond.wait()
            return self._jobs.pop()


def not_a_lock(path, lock):
    with open(path) as f:
        data = f.read()
    with lock:  # unknown type: not reported
        time.sleep(1)
    return data


def unknown_object(obj):
    with _cache_lock:
        obj.close()  # unknown type
        _cache.clear()


class Limiter:
    """Semaphores bound concurrency: holding one across I/O is their job."""

    def __init__(self, fetcher):
        self._sem = threading.BoundedSemaphore(4)
        self._asem = asyncio.Semaphore(4)
        self._session = aiohttp.ClientSession()
        self._lock = threading.Lock()
        self._clock = time.monotonic
        self._listener = None
        self._fetcher = fetcher

    def fetch(self, url):
        with self._sem:
            return requests.get(url, timeout=5)

    async def afetch(self, url):
        async with self._asem:
            return await self._session.get(url)

    def set_listener(self, listener):
        self._listener = listener

    def tick(self):
        with self._lock:
            now = self._clock()  # a library function, not a callback
            self._listener(now)
            # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: threading lock 'Limiter._lock' is held across callback 'self._listener'{{.*}}[lock-held-across-call]
            self._fetcher.fetch(now)  # a method of an unknown object


# Items of containers whose element type is known.
_CLIENTS: dict[str, redis.Redis] = {}
_CLIENTS_LOCK = threading.Lock()


def close_clients_locked():
    with _CLIENTS_LOCK:
        for client in _CLIENTS.values():
            client.close()
            # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: threading lock 'python._CLIENTS_LOCK' is held across blocking call 'redis.Redis.close'{{.*}}[lock-held-across-call]
        _CLIENTS.clear()


def close_clients():
    with _CLIENTS_LOCK:
        clients = list(_CLIENTS.values())
        _CLIENTS.clear()
    for client in clients:
        client.close()


class Registry:
    def __init__(self):
        self._lock = threading.Lock()
        self._conns = {}
        self._names = {}

    def add(self, name, path):
        self._conns[name] = sqlite3.connect(path)
        self._names[name] = name.upper()

    def flush(self):
        with self._lock:
            for name, conn in self._conns.items():
                conn.execute("pragma wal_checkpoint")
                # CHECK-MESSAGES: :[[@LINE-1]]:17: warning: threading lock 'Registry._lock' is held across blocking call 'sqlite3.Connection.execute'{{.*}}[lock-held-across-call]
            for label in self._names.values():
                label.close()  # a str: not a connection


# The pipes of an asyncio child process are stream readers.
class Bridge:
    def __init__(self):
        self._lock = asyncio.Lock()
        self._proc: Optional[asyncio.subprocess.Process] = None

    async def ask(self, line):
        async with self._lock:
            self._proc.stdin.write(line)
            reply = await self._proc.stdout.readline()
            # CHECK-MESSAGES: :[[@LINE-1]]:27: warning: asyncio lock 'Bridge._lock' is held across unbounded call 'asyncio.StreamReader.readline'{{.*}}[lock-held-across-call]
        return reply

    async def ask_bounded(self, line):
        async with self._lock:
            self._proc.stdin.write(line)
            reply = await asyncio.wait_for(self._proc.stdout.readline(), 5)
        return reply

    async def drain(self):
        async with self._lock:
            await self._proc.stdin.drain()


_instance_lock = threading.Lock()
_instance = None


class Registry:
    # A classmethod's `cls()` builds the class itself: a double-checked
    # singleton is not a callback under the lock.
    @classmethod
    def current(cls):
        global _instance
        if _instance is None:
            with _instance_lock:
                if _instance is None:
                    _instance = cls()
        return _instance

    # A staticmethod's first parameter is code handed in.
    @staticmethod
    def run_locked(callback):
        with _instance_lock:
            callback()
            # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: threading lock '{{.*}}_instance_lock' is held across callback 'callback'{{.*}}[lock-held-across-call]
