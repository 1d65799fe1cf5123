# RUN: not %hazardlint check %s 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="[unbounded-container]"
# RUN: cp %s %t.py
# RUN: not %hazardlint check --fix --select unbounded-container --unsafe-fixes %t.py > %t.remaining
# RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t.py
# A second --fix changes nothing, and the fixed file still parses.
# RUN: cp %t.py %t.once.py
# RUN: not %hazardlint check --fix --select unbounded-container --unsafe-fixes %t.py
# RUN: diff %t.once.py %t.py
# RUN: %python -m py_compile %t.py
# Without --unsafe-fixes the (unsafe) bounds are not added.
# RUN: cp %s %t.safe.py
# RUN: not %hazardlint check --fix --select unbounded-container %t.safe.py
# RUN: diff %s %t.safe.py
import asyncio
import collections
import collections as co
import enum
import functools
import functools as ft
import queue
from collections import OrderedDict, defaultdict
from collections import deque as dq
from functools import cache as memo
from functools import lru_cache
from typing import Dict

import cachetools


class Status(enum.Enum):
    OK = 1
    FAILED = 2


class Tracker:
    _by_class = {}
    # CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'Tracker._by_class' (a dict) grows without bound: line [[@LINE+29]] adds to it ('self._by_class[user] = 1') and nothing in the class removes from it; bound it with an LRU (OrderedDict + move_to_end/popitem(last=False)) or cachetools.LRUCache/TTLCache [unbounded-container]

    def __init__(self, names):
        self._seen: Dict[str, float] = {}
        # CHECK-MESSAGES: :[[@LINE-1]]:40: warning: 'self._seen' (a dict) grows without bound: line [[@LINE+16]] adds to it ('self._seen[request_id] = ts') and nothing in the class removes from it; {{.*}} [unbounded-container]
        # CHECK-MESSAGES: :[[@LINE+15]]:9: note: it grows here
        self._events = []
        # CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'self._events' (a list) grows without bound: line {{[0-9]+}} adds to it ('self._events.append(ts)') and nothing in the class removes from it; keep the last N with collections.deque(maxlen=N) [unbounded-container]
        self._users = set()
        # CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'self._users' (a set) grows without bound{{.*}}('self._users.add(user)'){{.*}} [unbounded-container]
        self._groups = co.defaultdict(list)
        # CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'self._groups' (a defaultdict) grows without bound{{.*}}('self._groups[user].append(ts)'){{.*}} [unbounded-container]
        self._history = dq()
        # CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'self._history' (a deque without maxlen) grows without bound{{.*}}
        # CHECK-FIXES: self._history = dq(maxlen=1000)
        self._names = list(names)
        self._names.append("admin")  # in __init__: once per object
        self._stats = {"hits": 0}

    def track(self, request_id, ts, user):
        self._seen[request_id] = ts
        self._events.append(ts)
        self._users.add(user)
        self._groups[user].append(ts)
        self._history.appendleft(
            ts
        )
        self._stats["hits"] += 1  # constant key
        self._stats[Status.OK] = 1  # enum member
        self._by_class[user] = 1

    @functools.cache
    # CHECK-MESSAGES: :[[@LINE-1]]:6: warning: the functools.cache on method 'profile' grows without bound: it keys on self and every argument, never evicts, and keeps each instance alive; use a per-instance cachetools.LRUCache/TTLCache, or functools.lru_cache(maxsize=N) on a module-level function [unbounded-container]
    def profile(self, user_id):
        return user_id

    @ft.lru_cache(maxsize=None)
    # CHECK-MESSAGES: :[[@LINE-1]]:6: warning: the functools.lru_cache on method 'lookup'{{.*}} [unbounded-container]
    def lookup(self, key):
        return key

    @memo
    # CHECK-MESSAGES: :[[@LINE-1]]:6: warning: the functools.cache on method 'aliased'{{.*}} [unbounded-container]
    def aliased(self, key):
        return key

    @lru_cache(None)
    # CHECK-MESSAGES: :[[@LINE-1]]:6: warning: the functools.lru_cache on method 'positional'{{.*}} [unbounded-container]
    def positional(self, key):
        return key

    @lru_cache(maxsize=128)
    def bounded(self, key):
        return key

    @lru_cache
    def default_size(self, key):
        return key

    @staticmethod
    @functools.cache
    def static(key):
        return key

    @classmethod
    @functools.cache
    def per_class(cls, key):
        return key

    @functools.cached_property
    def computed(self):
        return 1


class Worker:
    def __init__(self):
        self.jobs = asyncio.Queue()
        # CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'self.jobs' (asyncio.Queue without maxsize) grows without bound: put() never waits, so a slow consumer lets it fill memory; pass maxsize, e.g. asyncio.Queue(maxsize=N) [unbounded-container]
        # CHECK-FIXES: self.jobs = asyncio.Queue(maxsize=1000)
        self.results = queue.Queue(maxsize=0)
        # CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'self.results' (queue.Queue without maxsize){{.*}} [unbounded-container]
        # CHECK-FIXES: self.results = queue.Queue(maxsize=0)
        self.urgent = asyncio.PriorityQueue(
        )
        # CHECK-MESSAGES: :[[@LINE-2]]:23: warning: 'self.urgent' (asyncio.PriorityQueue without maxsize){{.*}} [unbounded-container]
        # CHECK-FIXES: self.urgent = asyncio.PriorityQueue(maxsize=1000)
        self.lifo = queue.LifoQueue(-1)
        # CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'self.lifo' (queue.LifoQueue without maxsize){{.*}} [unbounded-container]
        self.bounded = asyncio.Queue(maxsize=100)
        self.sized = queue.Queue(self.limit())
        self.window = collections.deque(maxlen=10)
        self.window2 = dq([], 10)
        self.pending = collections.deque([1, 2])
        # CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'self.pending' (a deque without maxlen){{.*}} [unbounded-container]
        # CHECK-FIXES: self.pending = collections.deque([1, 2], maxlen=1000)

    def limit(self):
        return 10

    async def submit(self, item):
        self.window.append(item)
        self.window2.append(item)
        self.pending.append(item)
        await self.jobs.put(item)


_REQUESTS = {}
# CHECK-MESSAGES: :[[@LINE-1]]:13: warning: '_REQUESTS' (a dict) grows without bound: line [[@LINE+6]] adds to it ('_REQUESTS.setdefault(key, [])'){{.*}}nothing in the module removes from it{{.*}} [unbounded-container]
_LOG = []
# CHECK-MESSAGES: :[[@LINE-1]]:8: warning: '_LOG' (a list) grows without bound{{.*}}('_LOG += [value]'){{.*}} [unbounded-container]


def record(key, value):
    _REQUESTS.setdefault(key, []).append(value)
    global _LOG
    _LOG += [value]

    def nested():
        _SESSIONS[key] = value

    return lambda: nested()


_SESSIONS = OrderedDict()
# CHECK-MESSAGES: :[[@LINE-1]]:13: warning: '_SESSIONS' (an OrderedDict) grows without bound{{.*}}('_SESSIONS[key] = value'){{.*}} [unbounded-container]


# Negatives: bounded, evicted, reset, local, fixed keys, registries.
class LruCache:
    def __init__(self):
        self._data = OrderedDict()
        self._lru = cachetools.LRUCache(maxsize=100)
        self._ttl = cachetools.TTLCache(maxsize=100, ttl=60)
        self._active = set()
        self._buffer = []
        self._window = []
        self._counts = defaultdict(int)
        self._config = {"a": 1, "b": 2}

    def put(self, key, value):
        self._data[key] = value
        self._lru[key] = value
        self._ttl[key] = value
        self._active.add(key)
        self._buffer.append(value)
        self._window.append(value)
        self._window = self._window[-100:]

    def evict(self):
        self._data.popitem(last=False)

    def done(self, key):
        self._active.discard(key)

    def flush(self):
        self._buffer.clear()

    def count(self, status):
        self._counts[Status.FAILED] += 1
        self._counts["total"] += 1
        return self._config.get(status)


class Base:
    def __init__(self):
        self.items = {}

    def add(self, k, v):
        self.items[k] = v


class Child(Base):
    def trim(self, k):
        del self.items[k]


class Trimmed:
    def __init__(self):
        self.log = []
        self.alias = {}

    def add(self, x):
        self.log.append(x)
        del self.log[:10]
        self.alias[x] = 1
        d = self.alias
        d.pop(x, None)


def local_only(items):
    seen = {}
    out = []
    for item in items:
        seen[item] = True
        out.append(item)
    return out, seen


HANDLERS = {}
PLUGINS = []
STARTUP = []
STARTUP.append("x")  # module level: runs once


def register(name):
    def decorator(fn):
        HANDLERS[name] = fn
        return fn

    return decorator


def plugin(cls):
    PLUGINS.append(cls)
    return cls


INTERNAL = set()


def internal(f):
    INTERNAL.add(f.__code__)
    return f


@functools.cache
def settings(name):
    return name


@lru_cache(maxsize=128)
def parsed(text):
    return text


_CACHE = {}


def cached_get(key):
    _CACHE[key] = key


def clear_cache():
    _CACHE.clear()


_RESET = []


def add_reset(x):
    _RESET.append(x)


def reset():
    global _RESET
    _RESET = []


def shadow(_LOG):
    _LOG.append(1)  # a parameter, not the module's _LOG


class TaskOwner:
    def __init__(self):
        self._tasks = set()
        self._pending = {}

    def spawn(self, coro, key):
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        self._pending[key] = task


class Evictor:
    def drop(self, owner, key):
        owner._pending.pop(key, None)


class Singleton(type):
    _instances = {}

    def __call__(cls, *args, **kwargs):
        if cls not in cls._instances:
            cls._instances[cls] = super().__call__(*args, **kwargs)
        return cls._instances[cls]


import ast


class Finder(ast.NodeVisitor):
    def __init__(self):
        self.found = []

    def visit_Call(self, node):
        self.found.append(node)


class Batcher:
    def __init__(self):
        self._pending = []
        self._swapped = {}
        self._callbacks = []
        # CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'self._callbacks' (a list) grows without bound: line [[@LINE+5]] adds to it ('self._callbacks.append(cb)'){{.*}} [unbounded-container]

    async def add(self, item, key):
        self._pending.append(item)
        self._swapped[key] = item
        register = lambda cb: self._callbacks.append(cb)
        # The lambda's add still runs per call of add().

        def flush():
            batch, self._pending = self._pending, []
            return batch

        register(flush)
        old, self._swapped = self._swapped, {}
        return old, flush()


OPMAP = {}
NAMES = []
ALIASES = {}


def def_op(name, op):
    OPMAP[name] = op
    NAMES.append(name)


def alias(name, target):
    ALIASES[name] = target
# CHECK-MESSAGES: :[[@LINE-10]]:11: warning: 'ALIASES' (a dict) grows without bound: line [[@LINE-1]] adds to it{{.*}} [unbounded-container]


def_op("LOAD", 1)
if True:
    def_op("STORE", 2)


def helper():
    alias("a", "b")  # not at import time


class Parser:
    def __init__(self):
        self.tokens = []
        self.memo = {}

    def feed(self, tok, pos):
        self.tokens.append(tok)
        self.memo[pos] = tok


PARSER = None


class Session:
    def __init__(self):
        self.history = []

    def record(self, x):
        self.history.append(x)
        # CHECK-MESSAGES: :[[@LINE-4]]:24: warning: 'self.history' (a list) grows without bound{{.*}} [unbounded-container]


session = Session()


class Table:
    def __init__(self):
        self.rows = []

    def add_row(self, row):
        self.rows.append(row)


_TYPES = set()
_HOOKS = {}


def remember(obj):
    _TYPES.add(type(obj))


def register_hook(name, hook):
    _HOOKS[name] = hook


if __name__ == "__main__":
    table = Table()
    table.add_row(1)


class EventMonitor:
    def __init__(self):
        self.seen = []

    def wire(self, emitter):
        emitter.on("event", self.seen.append)
        return self.seen
        # CHECK-MESSAGES: :[[@LINE-5]]:21: warning: 'self.seen' (a list) grows without bound{{.*}}('self.seen.append'){{.*}} [unbounded-container]


class PairStore:
    def __init__(self):
        self.keys, self.values = [], {}
        # CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'self.values' (a dict) grows without bound{{.*}} [unbounded-container]

    def put(self, k, v):
        self.values[k] = v


# A memo that stores what the method computed and returns it grows per call
# (unlike a registration API that hands back its argument).
class DnsClient:
    def __init__(self):
        self._dns: dict[str, list[str]] = {}
        # CHECK-MESSAGES: :[[@LINE-1]]:43: warning: 'self._dns' (a dict) grows without bound: line [[@LINE+6]] adds to it ('self._dns[host] = addrs'){{.*}} [unbounded-container]

    async def resolve(self, host: str) -> list[str]:
        if host in self._dns:
            return self._dns[host]
        addrs = sorted(await lookup(host))
        self._dns[host] = addrs
        return addrs


ROUTES = {}


def add_route(path: str, handler=None):
    ROUTES[path] = handler
    return handler


# A class that guards its members with a lock is shared between threads or
# tasks: it lives as long as the process, whatever its name.
import threading


class MetricsRegistry:
    def __init__(self):
        self._lock = threading.Lock()
        self._label_sets: set[tuple] = set()
        # CHECK-MESSAGES: :[[@LINE-1]]:40: warning: 'self._label_sets' (a set) grows without bound{{.*}} [unbounded-container]
        self._help: dict[str, str] = {}

    def observe(self, labels):
        with self._lock:
            self._label_sets.add(labels)

    def describe(self, name, text):
        with self._lock:
            self._help[name] = text

    def undescribe(self, name):
        with self._lock:
            self._help.pop(name, None)


class ResultBuilder:
    """Short-lived and unshared: no lock, no async, a builder's name."""

    def __init__(self):
        self._lock_count = 0
        self._labels: set[tuple] = set()

    def observe(self, labels):
        self._labels.add(labels)


# Reading `d[k]` of a defaultdict to remove from the list it holds is not
# growth, and the inner removal shows the entries are trimmed.
class FrameTracker:
    def __init__(self):
        self.cam_info = collections.defaultdict(list)
        self.cam_seen = collections.defaultdict(list)
        self.cam_frames = defaultdict(list)
        self.cam_jobs = defaultdict(list)
        self.cam_hist = defaultdict(list)
        # CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'self.cam_hist' (a defaultdict) grows without bound: line [[@LINE+18]] adds to it ('self.cam_hist[cam].append(ts)'){{.*}} [unbounded-container]

    def expire(self, cam, oldest):
        while self.cam_info[cam] and self.cam_info[cam][0] < oldest:
            self.cam_info[cam].pop(0)
        self.cam_seen[cam].pop()
        del self.cam_frames[cam][0]

    def add(self, cam, ts):
        self.cam_info[cam].append(ts)
        self.cam_seen[cam].append(ts)
        self.cam_frames[cam].append(ts)
        self.cam_jobs[cam] = [ts]

    def next_job(self, cam):
        return self.cam_jobs[cam].pop()

    def record(self, cam, ts):
        self.cam_hist[cam].append(ts)
        if self.cam_hist[cam]:
            return self.cam_hist[cam][-1]


# `d[k] -= 1` changes an entry that is there; it adds no key.
class QuotaService:
    def __init__(self, names):
        self._budget = {}
        for name in names:
            self._budget[name] = 10

    def spend(self, name):
        self._budget[name] -= 1


_driver_counts = {}
# CHECK-MESSAGES: :[[@LINE-1]]:18: warning: '_driver_counts' (a dict) grows without bound: line [[@LINE+8]] adds to it ('_driver_counts[name] = _driver_counts.get(name, ...'){{.*}} [unbounded-container]


def finalize_driver(name):
    _driver_counts[name] -= 1


def open_driver(name):
    _driver_counts[name] = _driver_counts.get(name, 0) + 1


# Private helpers called only from __init__ (or from helpers called only from
# there) run at construction; one also called from another method does not.
class CameraMonitor:
    def __init__(self, config):
        self.last_seen = {}
        self.cam_paths = {}
        self.cam_stats = {}
        # CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'self.cam_stats' (a dict) grows without bound: line [[@LINE+20]] adds to it ('self.cam_stats[name] = 0'){{.*}} [unbounded-container]
        self.cam_later = {}
        # CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'self.cam_later' (a dict) grows without bound: line [[@LINE+21]] adds to it ('self.cam_later[name] = 1'){{.*}} [unbounded-container]
        for name in config.cameras:
            self._init_camera(name)
            self._add_stats(name)
        self._init_all(config)
        config.on_camera(self._add_later)

    def _init_camera(self, name):
        self.last_seen[name] = 0.0

    def _init_all(self, config):
        for name in config.cameras:
            self._init_paths(name)

    def _init_paths(self, name):
        self.cam_paths[name] = name

    def _add_stats(self, name):
        self.cam_stats[name] = 0

    def _add_later(self, name):
        self.cam_later[name] = 1

    def on_frame(self, name):
        self._add_stats(name)
