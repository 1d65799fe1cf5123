# RUN: not %hazardlint check %s 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="[async-race]"
# No automatic fix: --fix leaves the file as it is.
# RUN: cp %s %t.py
# RUN: not %hazardlint check --fix --select async-race --unsafe-fixes %t.py
# RUN: diff %s %t.py
# RUN: %python -m py_compile %t.py
import asyncio
import asyncio as aio
import functools
import queue
import threading
from threading import Thread as T

from watchdog.events import FileSystemEventHandler

COUNTER = 0


async def io():
    await asyncio.sleep(0)
    return 1


class Account:
    def __init__(self):
        self.balance = 0
        self.n = 0
        self.stats = {}
        self._lock = asyncio.Lock()

    async def deposit(self, amount):
        balance = self.balance
        await io()
        self.balance = balance + amount
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'self.balance' is written back from 'balance', read before an await; updates other tasks make during the await are lost [async-race]

    async def inline(self):
        self.balance = self.balance - await io()
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'self.balance' is written back from a value read before an await; updates other tasks make during the await are lost [async-race]

    async def augmented(self):
        self.n += await io()
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'self.n' is written back from a value read before an await{{.*}}[async-race]

    @functools.wraps(io)
    async def decorated(self):
        current = (
            self.n
        )
        await aio.sleep(1)
        self.n = max(current, 1)
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'self.n' is written back from 'current'{{.*}}[async-race]

    # Negatives.
    async def no_await_between(self, k):
        await io()
        self.n += 1
        self.stats[k] += 1
        v = self.n
        self.n = v + 1

    async def read_after_await(self):
        await io()
        v = self.n
        self.n = v + 1

    async def locked(self):
        async with self._lock:
            v = self.balance
            await io()
            self.balance = v + 1

    async def acquired_and_released(self):
        await self._lock.acquire()
        try:
            v = self.balance
            await io()
            self.balance = v + 1
        finally:
            self._lock.release()

    async def under_semaphore(self, sem: asyncio.Semaphore):
        async with sem:
            v = self.n
            await io()
            self.n = v + 1

    async def unrelated(self):
        old = self.n
        await io()
        self.n = 5
        return old

    def sync_method(self):
        v = self.n
        self.n = v + 1

    async def nested(self):
        def bump():
            v = self.n
            self.n = v + 1

        await io()
        bump()
        return lambda: self.n


async def bump_global():
    global COUNTER
    value = COUNTER
    await io()
    COUNTER = value + 1
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'COUNTER' is written back from 'value'{{.*}}[async-race]


async def global_no_await():
    global COUNTER
    COUNTER += 1


# Thread side and event loop side.
class Watcher(FileSystemEventHandler):
    def __init__(self, loop):
        self.loop = loop
        self.pending = []
        self.seen = {}
        self.q = queue.Queue()
        self.aq = asyncio.Queue()
        self.safe = []

    def on_created(self, event):
        self.pending.append(event.src_path)
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'self.pending' is changed in thread callback 'on_created' and used by coroutine 'drain' without a threading.Lock; hand the data to the event loop with call_soon_threadsafe or a queue [async-race]
        self.q.put(event.src_path)
        self.loop.call_soon_threadsafe(self.safe.append, event.src_path)
        self.loop.call_soon_threadsafe(self.aq.put_nowait, event.src_path)

    async def drain(self):
        for path in self.pending:
            await asyncio.sleep(0)
        self.safe.clear()
        return await self.aq.get()


class Poller:
    def __init__(self):
        self.results = {}
        self.locked_items = []
        self._lock = threading.Lock()
        self._thread = T(target=self._poll, daemon=True)

    def _poll(self):
        self.results["x"] = 1
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'self.results' is changed in thread callback '_poll' and used by coroutine 'report'{{.*}}[async-race]
        with self._lock:
            self.locked_items.append(1)

    def _compute(self):
        with self._lock:
            return sorted(self.locked_items)

    async def report(self):
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self._blocking)
        await asyncio.to_thread(self._compute)
        with self._lock:
            self.locked_items.clear()
        return dict(self.results)

    def _blocking(self):
        with self._lock:
            self.locked_items.append(2)


# A loop handed in, of unknown type: its executor still runs _fill on a thread.
class Relay:
    def __init__(self, loop):
        self.loop = loop
        self.buffer = []

    def _fill(self):
        self.buffer.append(1)
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'self.buffer' is changed in thread callback '_fill' and used by coroutine 'flush'{{.*}}[async-race]

    async def flush(self):
        await self.loop.run_in_executor(None, self._fill)
        return list(self.buffer)


class NoThreads:
    def __init__(self):
        self.items = []

    def helper(self):
        self.items.append(1)

    async def use(self):
        self.items.clear()
