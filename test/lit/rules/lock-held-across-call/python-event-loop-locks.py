# RUN: not %hazardlint check %s 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="[lock-held-across-call]"
# Locks of every event loop are judged alike, whichever way they are taken;
# semaphores bound concurrency and are left alone.
import asyncio
import threading

import aiohttp
import anyio


class Fetcher:
    def __init__(self):
        self._lock = anyio.Lock()
        self._alock = asyncio.Lock()
        self._sem = asyncio.Semaphore(4)
        self._tlock = threading.Lock()
        self._session = aiohttp.ClientSession()

    async def anyio_lock_across_network(self, url):
        async with self._lock:
            return await self._session.get(url)
            # CHECK-MESSAGES: :[[@LINE-1]]:26: warning: anyio lock 'Fetcher._lock' is held across unbounded call 'aiohttp.ClientSession.get'{{.*}}[lock-held-across-call]

    async def acquired_and_released(self, url):
        await self._alock.acquire()
        try:
            return await self._session.get(url)
            # CHECK-MESSAGES: :[[@LINE-1]]:26: warning: asyncio lock 'Fetcher._alock' is held across unbounded call 'aiohttp.ClientSession.get'{{.*}}[lock-held-across-call]
        finally:
            self._alock.release()

    # Negatives.
    async def bounded_under_anyio_lock(self, url):
        async with self._lock:
            with anyio.fail_after(5):
                return await self._session.get(url)

    async def semaphore_across_network(self, url):
        async with self._sem:
            return await self._session.get(url)

    async def released_before_the_call(self, url):
        await self._alock.acquire()
        self._alock.release()
        return await self._session.get(url)

    def semaphore_inside_a_thread_lock(self):
        with self._tlock:
            with threading.Semaphore(2):
                pass
