# RUN: not %hazardlint check %s 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="[stream-replay]"
# No automatic fix: --fix leaves the file as it is.
# RUN: cp %s %t.py
# RUN: not %hazardlint check --fix --select stream-replay --unsafe-fixes %t.py
# RUN: diff %s %t.py
# RUN: %python -m py_compile %t.py
import functools

import redis
import redis.asyncio as aioredis
from redis import Redis as R

r = redis.Redis()


def handle(fields):
    return fields


def consume_forever():
    while True:
        for _, entries in r.xread({"events": "0"}, block=5000):
            # CHECK-MESSAGES: :[[@LINE-1]]:27: warning: xread reads stream "events" from id "0" on every iteration of the loop, so the same entries come back each time; pass the id of the last entry read [stream-replay]
            for entry_id, fields in entries:
                handle(fields)


def keyword_streams(client: R, names):
    for name in names:
        client.xread(
            streams={name: b"0"},
            count=10,
        )
        # CHECK-MESSAGES: :[[@LINE-4]]:9: warning: xread reads stream name from id b"0"{{.*}}[stream-replay]


class Consumer:
    def __init__(self, url):
        self._redis = aioredis.from_url(url)

    async def run(self):
        while not self.stopped():
            batch = await self._redis.xreadgroup("g", "c", {"jobs": "0-0"}, block=100)
            # CHECK-MESSAGES: :[[@LINE-1]]:21: warning: xreadgroup reads stream "jobs" from id "0-0"{{.*}}[stream-replay]
            handle(batch)

    @functools.cache
    def stopped(self):
        return False

    async def nested(self):
        def poll_sync():
            pipe = redis.Redis().pipeline()
            while True:
                pipe.xread({"a": "$", "b": 0})
                # CHECK-MESSAGES: :[[@LINE-1]]:17: warning: xread reads stream "b" from id 0{{.*}}[stream-replay]

        return poll_sync


# Negatives.
def tracks_last_id():
    last_id = "0"
    while True:
        for _, entries in r.xread({"events": last_id}, block=5000):
            for entry_id, fields in entries:
                handle(fields)
                last_id = entry_id


def new_entries_only():
    while True:
        r.xread({"events": "$"}, block=5000)
        r.xreadgroup("g", "c", {"jobs": ">"}, block=5000)
        r.xread({"events": "1700000000000-0"})


def once():
    # A single read from the start, outside any loop.
    entries = r.xread({"events": "0"})
    for _, batch in r.xread({"events": "0"}):
        handle(batch)
    return entries


def drain_pending():
    # Reading the pending entries list and acknowledging them drains it.
    while True:
        pending = r.xreadgroup("g", "c", {"jobs": "0"}, count=100)
        if not pending or not pending[0][1]:
            break
        for entry_id, fields in pending[0][1]:
            handle(fields)
            r.xack("jobs", "g", entry_id)


class NotRedis:
    def xread(self, streams):
        return streams


def other_client(untyped):
    while True:
        NotRedis().xread({"events": "0"})
        untyped.xread({"events": "0"})
