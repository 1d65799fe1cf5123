# RUN: not %hazardlint check %s 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="[redis-keys]"
# RUN: cp %s %t.py
# RUN: not %hazardlint check --fix --select redis-keys --unsafe-fixes %t.py > %t.remaining
# RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t.py
# RUN: FileCheck %s --check-prefix=CHECK-REMAINING --input-file=%t.remaining --implicit-check-not="[redis-keys]"
# A second --fix changes nothing, and the fixed file still parses.
# RUN: cp %t.py %t.once.py
# RUN: not %hazardlint check --fix --select redis-keys --unsafe-fixes %t.py
# RUN: diff %t.once.py %t.py
# RUN: %python -m py_compile %t.py
# Without --unsafe-fixes the (unsafe) SCAN rewrite is not applied.
# RUN: cp %s %t.safe.py
# RUN: not %hazardlint check --fix --select redis-keys %t.safe.py
# RUN: diff %s %t.safe.py
import functools
import os
from typing import Optional

import redis
import redis as rd
import redis.asyncio as aioredis
from redis import Redis as R
from redis import StrictRedis

r = redis.Redis(host="localhost")
keys = r.keys("user:*")
# CHECK-MESSAGES: :[[@LINE-1]]:8: warning: Redis KEYS on 'r' blocks the server while it walks every key; iterate with scan_iter() instead [redis-keys]
# CHECK-FIXES: keys = list(r.scan_iter(match="user:*"))

everything = rd.StrictRedis().keys()
# CHECK-MESSAGES: :[[@LINE-1]]:14: warning: Redis KEYS on 'rd.StrictRedis()'{{.*}}[redis-keys]
# CHECK-FIXES: everything = list(rd.StrictRedis().scan_iter())

aliased = R()
by_keyword = aliased.keys(pattern="job:*")
# CHECK-MESSAGES: :[[@LINE-1]]:14: warning: Redis KEYS on 'aliased'{{.*}}[redis-keys]
# CHECK-FIXES: by_keyword = list(aliased.scan_iter(match="job:*"))

raw = StrictRedis.from_url("redis://").execute_command("KEYS", "tmp:*")
# CHECK-MESSAGES: :[[@LINE-1]]:7: warning: Redis KEYS on 'StrictRedis.from_url("redis://")'{{.*}}[redis-keys]
# CHECK-FIXES: raw = list(StrictRedis.from_url("redis://").scan_iter(match="tmp:*"))


def annotated(client: redis.Redis, maybe: Optional[redis.Redis], fwd: "redis.Redis"):
    client.keys("a:*")
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Redis KEYS on 'client'{{.*}}[redis-keys]
    maybe.keys("b:*")
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Redis KEYS on 'maybe'{{.*}}[redis-keys]
    return fwd.execute_command("keys", "c:*")
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: Redis KEYS on 'fwd'{{.*}}[redis-keys]


class SessionStore:
    def count(self) -> int:
        # A method above __init__ still sees the attribute's type.
        return len(self._redis.keys("session:*"))
        # CHECK-MESSAGES: :[[@LINE-1]]:20: warning: Redis KEYS on 'self._redis'{{.*}}[redis-keys]

    def __init__(self, url: str) -> None:
        self._redis = redis.from_url(url)
        self._local = {}

    @functools.lru_cache(maxsize=16)
    def decorated(self, prefix: str):
        client = self._redis
        return client.keys(
            prefix + "*"
        )
        # CHECK-MESSAGES: :[[@LINE-3]]:16: warning: Redis KEYS on 'client'{{.*}}[redis-keys]
        # CHECK-FIXES: return list(client.scan_iter(match=prefix + "*"))

    def pipelined(self):
        pipe = self._redis.pipeline()
        pipe.keys("p:*")
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: Redis KEYS on 'pipe'{{.*}}[redis-keys]
        # CHECK-FIXES: pipe.keys("p:*")
        # CHECK-REMAINING: :{{[0-9]+}}:9: warning: Redis KEYS on 'pipe'{{.*}}[redis-keys]
        return pipe.execute()

    def extra_arguments(self):
        # Shapes the fix does not know are reported but left alone.
        return self._redis.keys("x:*", retry=True)
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: Redis KEYS on 'self._redis'{{.*}}[redis-keys]
        # CHECK-FIXES: return self._redis.keys("x:*", retry=True)
        # CHECK-REMAINING: :{{[0-9]+}}:16: warning: Redis KEYS on 'self._redis'{{.*}}[redis-keys]

    def local_index(self):
        return list(self._local.keys())


async def purge(url: str) -> None:
    client = aioredis.from_url(url)
    for key in await client.keys("stale:*"):
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: Redis KEYS on 'client'{{.*}}[redis-keys]
        # CHECK-FIXES: for key in [key async for key in client.scan_iter(match="stale:*")]:
        await client.delete(key)

    def nested_sync() -> None:
        with redis.Redis() as conn:
            conn.keys("n:*")
            # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: Redis KEYS on 'conn'{{.*}}[redis-keys]
            # CHECK-FIXES: list(conn.scan_iter(match="n:*"))

    nested_sync()


def shapes_without_fix(c: redis.Redis, extra, args):
    # A second argument, a splat or a keyword other than pattern: the
    # rewrite would drop or misplace it, so the call is reported as it is.
    c.keys("p", extra)
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Redis KEYS on 'c'{{.*}}[redis-keys]
    # CHECK-FIXES: {{^ *}}c.keys("p", extra)
    # CHECK-REMAINING: :{{[0-9]+}}:5: warning: Redis KEYS on 'c'{{.*}}[redis-keys]
    c.keys(*args)
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Redis KEYS on 'c'{{.*}}[redis-keys]
    # CHECK-FIXES: {{^ *}}c.keys(*args)
    # CHECK-REMAINING: :{{[0-9]+}}:5: warning: Redis KEYS on 'c'{{.*}}[redis-keys]
    c.keys(other="p")
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: Redis KEYS on 'c'{{.*}}[redis-keys]
    # CHECK-FIXES: {{^ *}}c.keys(other="p")
    # CHECK-REMAINING: :{{[0-9]+}}:5: warning: Redis KEYS on 'c'{{.*}}[redis-keys]


async def not_awaited() -> list:
    client = aioredis.Redis()
    # Without the await the call is a coroutine, not a list: no rewrite.
    pending = client.keys("q:*")
    # CHECK-MESSAGES: :[[@LINE-1]]:15: warning: Redis KEYS on 'client'{{.*}}[redis-keys]
    # CHECK-FIXES: {{^ *}}pending = client.keys("q:*")
    # CHECK-REMAINING: :{{[0-9]+}}:15: warning: Redis KEYS on 'client'{{.*}}[redis-keys]
    await pending
    return await client.keys()
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: Redis KEYS on 'client'{{.*}}[redis-keys]
    # CHECK-FIXES: {{^ *}}return [key async for key in client.scan_iter()]


# Negatives: none of these is Redis KEYS.
settings = {"a": 1}
print(settings.keys(), os.environ.keys())


class Catalog:
    def keys(self, pattern="*"):
        return [pattern]


Catalog().keys("*")


def untyped(client):
    # The receiver's type is unknown: not reported.
    return client.keys("*")


def shadowed():
    redis = {"k": 1}
    return redis.keys()


r.scan_iter(match="user:*")
r.execute_command("SCAN", 0)
r.execute_command("KEYSPACE")
