# RUN: %hazardlint check %s 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="[linear-scan]"
import time
from collections import OrderedDict, defaultdict
from typing import List


class TtlCache:
    def __init__(self, limit):
        self.limit = limit
        self._data = {}
        self._hits = defaultdict(int)
        self._ordered = OrderedDict()

    def put(self, key, value):
        if len(self._data) >= self.limit:
            oldest = min(self._data, key=lambda k: self._data[k][1])
            # CHECK-MESSAGES: :[[@LINE-1]]:22: note: min() over 'self._data' is a linear scan of the whole cache on every eviction (line [[@LINE+1]] removes the entry it picks); keep entries in eviction order: OrderedDict with move_to_end()/popitem(last=False), a heapq, or cachetools.LRUCache/TTLCache [linear-scan]
            del self._data[oldest]
        self._data[key] = (value, time.monotonic())

    def shrink(self):
        victim, _ = max(
            self._hits.items(),
            key=lambda kv: kv[1],
        )
        # CHECK-MESSAGES: :[[@LINE-4]]:21: note: max() over 'self._hits' is a linear scan{{.*}} [linear-scan]
        self._hits.pop(victim)

    def report(self):
        # Not an eviction: nothing is removed afterwards.
        return max(self._data.values(), key=lambda v: v[1]), min(1, 2)

    def evict_inline(self):
        del self._data[min(self._data, key=lambda k: self._data[k][1])]
        # CHECK-MESSAGES: :[[@LINE-1]]:24: note: min() over 'self._data' is a linear scan{{.*}}(line [[@LINE-1]] removes{{.*}} [linear-scan]

    def unrelated(self, key):
        newest = max(self._data, key=lambda k: self._data[k][1])
        self._data.pop(key, None)  # not the picked key
        return newest

    def evict_stalest(self):
        # An entry, not a key: the key is rebuilt from it.
        stalest = min(self._data.values(), key=lambda v: v[1])
        # CHECK-MESSAGES: :[[@LINE-1]]:19: note: min() over 'self._data' is a linear scan{{.*}} [linear-scan]
        del self._data[(stalest[0], stalest[1])]

    def pop_heaviest(self):
        heaviest = max(self._hits.values())
        # CHECK-MESSAGES: :[[@LINE-1]]:20: note: max() over 'self._hits' is a linear scan{{.*}} [linear-scan]
        self._hits.pop(self._key_of(heaviest))

    def stalest_elsewhere(self, key):
        # The removal is on another dict: a report, not an eviction.
        stalest = min(self._data.values(), key=lambda v: v[1])
        self._hits.pop(key, None)
        return stalest

    def lru(self):
        self._ordered.popitem(last=False)
        return min(self._ordered)  # the removal comes before: not an eviction scan


_CACHE = {}


def evict_global():
    key = min(_CACHE.keys())
    # CHECK-MESSAGES: :[[@LINE-1]]:11: note: min() over '_CACHE' is a linear scan{{.*}} [linear-scan]
    _CACHE.pop(key, None)


def dedupe(items):
    seen = []
    out = [x for x in items if x not in seen]
    # CHECK-MESSAGES: :[[@LINE-1]]:32: note: 'x not in seen' is a linear scan of a list inside a loop, O(n) per iteration; keep 'seen' as a set (or a dict) for O(1) lookups [linear-scan]
    for item in items:
        if item in seen:
            # CHECK-MESSAGES: :[[@LINE-1]]:12: note: 'item in seen' is a linear scan{{.*}} [linear-scan]
            continue
        seen.append(item)
    return out


def annotated(users: List[str], banned: list[str], allowed: set[str]):
    count = 0
    while users:
        user = users.pop()
        if user in banned or user in allowed:
            # CHECK-MESSAGES: :[[@LINE-1]]:12: note: 'user in banned' is a linear scan{{.*}} [linear-scan]
            count += 1
    return count


class Registry:
    def __init__(self, names):
        self.names = list(names)
        self.fixed = ["a", "b"]

    def check(self, batch):
        return {
            n: (n in self.names, n in self.fixed)
            for n in batch
        }
        # CHECK-MESSAGES: :[[@LINE-3]]:17: note: 'n in self.names' is a linear scan{{.*}}keep 'self.names' as a set{{.*}} [linear-scan]

    def rebuilt(self, batch):
        for n in batch:
            if n in list(self.names):
                # CHECK-MESSAGES: :[[@LINE-1]]:16: note: 'n in list(self.names)' is a linear scan{{.*}}build a set once before the loop{{.*}} [linear-scan]
                pass


# Negatives.
METHODS = ["GET", "HEAD"]


def negatives(items, xs: list[int], lookup: dict, names: tuple):
    allowed = set(xs)
    if 3 in xs:  # outside a loop
        pass
    for x in [i for i in xs if i]:  # the iterable runs once
        if x in allowed or x in lookup or x in names or x in ("a", "b"):
            pass
        if x in ["a", "b", "c"] or x in METHODS or x in items:
            pass
        if x in "abc":
            pass
    pairs = [y for y in xs if y in allowed]
    first = min(xs)  # a list, not a cache
    return pairs, first, max(xs, default=0)


def shadowed(d: dict):
    def min(x, key=None):
        return x

    k = min(d, key=len)
    del d[k]


import typing as tp


async def handler(rows: tp.List[int], ids: "list[int]"):
    async for row in stream():
        if row in rows:
            # CHECK-MESSAGES: :[[@LINE-1]]:12: note: 'row in rows' is a linear scan{{.*}} [linear-scan]
            pass
    for row in rows:
        # Runs when called, not per iteration of this loop.
        check = lambda r: r in rows

        def nested(r):
            return r in rows

        yield check(row), nested(row)


async def stream():
    yield 1


def small_literals(a, b, c, items):
    for item in items:
        yield min((a, b, c)), max([a, b]), min(a, b, key=abs), item
