# RUN: not %hazardlint check %s 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="[fire-and-forget]"
# No fix is offered: --fix leaves the file as it is.
# RUN: cp %s %t.py
# RUN: not %hazardlint check --fix --select fire-and-forget --unsafe-fixes %t.py
# RUN: diff %s %t.py
import asyncio
import asyncio as aio
import functools
from asyncio import create_task, ensure_future
from asyncio import create_task as spawn

background_tasks = set()


async def work(n=0):
    await asyncio.sleep(n)


async def handler(items):
    asyncio.create_task(work())
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task from 'asyncio.create_task' is dropped; the event loop keeps only a weak reference, so it can be garbage-collected mid-flight and its exceptions are lost [fire-and-forget]
    aio.ensure_future(work(1))
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task from 'asyncio.ensure_future' is dropped{{.*}}[fire-and-forget]
    create_task(work())
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task from 'asyncio.create_task' is dropped{{.*}}[fire-and-forget]
    _ = asyncio.create_task(work())
    # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: task from 'asyncio.create_task' is dropped{{.*}}[fire-and-forget]
    (ensure_future(
        work(2),
    ))
    # CHECK-MESSAGES: :[[@LINE-3]]:6: warning: task from 'asyncio.ensure_future' is dropped{{.*}}[fire-and-forget]
    unused = asyncio.create_task(work())
    # CHECK-MESSAGES: :[[@LINE-1]]:14: warning: task from 'asyncio.create_task' is dropped{{.*}}[fire-and-forget]
    logged = asyncio.create_task(work())
    # CHECK-MESSAGES: :[[@LINE-1]]:14: warning: task from 'asyncio.create_task' is dropped{{.*}}[fire-and-forget]
    logged.add_done_callback(print)
    asyncio.create_task(work()).add_done_callback(print)
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task from 'asyncio.create_task' is dropped{{.*}}[fire-and-forget]
    for item in items:
        asyncio.create_task(work(item))
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: task from 'asyncio.create_task' is dropped{{.*}}[fire-and-forget]


async def loops(other: asyncio.AbstractEventLoop):
    loop = asyncio.get_running_loop()
    loop.create_task(work())
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task from 'loop.create_task' is dropped{{.*}}[fire-and-forget]
    other.create_task(work())
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task from 'loop.create_task' is dropped{{.*}}[fire-and-forget]
    asyncio.get_event_loop().create_task(work())
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task from 'loop.create_task' is dropped{{.*}}[fire-and-forget]

    def schedule():
        # A nested sync def: still a dropped task.
        loop.create_task(work())
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: task from 'loop.create_task' is dropped{{.*}}[fire-and-forget]

    loop.call_soon(lambda: asyncio.ensure_future(work()))
    schedule()


class Service:
    def __init__(self):
        self._loop = asyncio.new_event_loop()
        self._tasks = set()
        self._task = None

    def start(self):
        self._loop.create_task(
            work(),
            name="refresh",
        )
        # CHECK-MESSAGES: :[[@LINE-4]]:9: warning: task from 'loop.create_task' is dropped{{.*}}[fire-and-forget]

    @functools.wraps(work)
    async def kick(self):
        asyncio.create_task(work())
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: task from 'asyncio.create_task' is dropped{{.*}}[fire-and-forget]

    # Kept: not reported.
    async def kept(self):
        self._task = asyncio.create_task(work())
        t = asyncio.create_task(work())
        self._tasks.add(t)
        t.add_done_callback(self._tasks.discard)
        stored = self._loop.create_task(work())
        self._tasks.add(stored)


async def kept_tasks(xs, tasks: set):
    task = asyncio.create_task(work())
    tasks.add(task)
    await asyncio.create_task(work())
    result = await asyncio.create_task(work())
    await asyncio.gather(*[asyncio.create_task(work(x)) for x in xs])
    pending = [asyncio.create_task(work(x)) for x in xs]
    async with asyncio.TaskGroup() as tg:
        tg.create_task(work())
        grouped = tg.create_task(work())
    awaited = asyncio.create_task(work())
    await awaited
    cancelled = asyncio.create_task(work())
    cancelled.cancel()
    waited = asyncio.create_task(work())
    done, _ = await asyncio.wait({waited})
    existing = asyncio.create_task(work())
    asyncio.ensure_future(existing)
    background_tasks.add(asyncio.create_task(work()))
    return result, pending, grouped, done


async def returned():
    return asyncio.create_task(work())


async def yielded():
    yield asyncio.create_task(work())


def factory():
    return lambda: asyncio.create_task(work())


async def closure():
    t = asyncio.create_task(work())

    def later():
        return t

    return later


async def with_global():
    global keeper
    keeper = asyncio.create_task(work())


module_task = asyncio.get_event_loop().create_task(work())


def unknown_loop(loop, scheduler):
    # The receiver's type is unknown: not reported.
    loop.create_task(work())
    scheduler.ensure_future(work())


class Nursery:
    def create_task(self, coro):
        return coro


Nursery().create_task(work())


async def renamed_import(tasks: set):
    spawn(work())
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task from 'asyncio.create_task' is dropped{{.*}}[fire-and-forget]
    kept = spawn(work())
    tasks.add(kept)


async def renamed_in_function():
    from asyncio import ensure_future as schedule
    from mylib import create_task as enqueue

    schedule(work())
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: task from 'asyncio.ensure_future' is dropped{{.*}}[fire-and-forget]
    # Another library's create_task: not reported.
    enqueue(work())


def shadowed(spawn):
    # A parameter named like the alias is not the import.
    spawn(work())


def runs_the_loop(loop: asyncio.AbstractEventLoop):
    # The local outlives the task: the function runs the loop until it stops.
    kept = loop.create_task(work())
    kept.add_done_callback(print)
    loop.run_forever()


def loop_ran_before(loop: asyncio.AbstractEventLoop):
    loop.run_until_complete(work())
    late = loop.create_task(work())
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: task from 'loop.create_task' is dropped{{.*}}[fire-and-forget]
    late.add_done_callback(print)
