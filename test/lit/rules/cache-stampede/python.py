# RUN: not %hazardlint check %s 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="[cache-stampede]"
# No automatic fix: --fix leaves the file as it is.
# RUN: cp %s %t.py
# RUN: not %hazardlint check --fix --select cache-stampede --unsafe-fixes %t.py
# RUN: diff %s %t.py
# RUN: %python -m py_compile %t.py
import asyncio
import collections
import functools

import redis.asyncio as aioredis
from redis.asyncio import Redis as AR

_PROFILES = {}


async def fetch(key):
    await asyncio.sleep(0)
    return key


class Profiles:
    def __init__(self, db):
        self._db = db
        self._cache = {}
        self._locks = collections.defaultdict(asyncio.Lock)
        self._redis = aioredis.from_url("redis://")

    async def get(self, user_id):
        profile = self._cache.get(user_id)
        if profile is None:
            profile = await self._db.fetch_profile(user_id)
            self._cache[user_id] = profile
            # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: cache 'self._cache' is filled for key 'user_id' after an await on a miss, with no per-key lock or shared in-flight future; concurrent misses all recompute it [cache-stampede]
        return profile

    async def membership(self, key):
        if key not in self._cache:
            self._cache[key] = await fetch(
                key,
            )
            # CHECK-MESSAGES: :[[@LINE-3]]:13: warning: cache 'self._cache' is filled for key 'key'{{.*}}[cache-stampede]
        return self._cache[key]

    async def via_redis(self, key):
        cached = await self._redis.get(key)
        if cached is not None:
            return cached
        value = await fetch(key)
        await self._redis.set(key, value, ex=60)
        # CHECK-MESSAGES: :[[@LINE-1]]:15: warning: cache 'self._redis' is filled for key 'key'{{.*}}[cache-stampede]
        return value

    @functools.wraps(fetch)
    async def decorated(self, key):
        try:
            return self._cache[key]
        except KeyError:
            value = await fetch(key)
        self._cache[key] = value
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: cache 'self._cache' is filled for key 'key'{{.*}}[cache-stampede]
        return value


async def module_cache(name, client: AR):
    if name in _PROFILES:
        return _PROFILES[name]
    result = await fetch(name)
    _PROFILES[name] = result
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: cache '_PROFILES' is filled for key 'name'{{.*}}[cache-stampede]
    if not await client.exists(name):
        await client.setex(name, 30, await fetch(name))
        # CHECK-MESSAGES: :[[@LINE-1]]:15: warning: cache 'client' is filled for key 'name'{{.*}}[cache-stampede]
    return result


# Negatives.
class Guarded:
    def __init__(self):
        self._cache = {}
        self._locks = collections.defaultdict(asyncio.Lock)
        self._lock = asyncio.Lock()
        self._inflight = {}

    async def per_key_lock(self, key):
        if (value := self._cache.get(key)) is not None:
            return value
        async with self._locks[key]:
            if (value := self._cache.get(key)) is None:
                value = await fetch(key)
                self._cache[key] = value
        return value

    async def one_lock(self, key):
        async with self._lock:
            if key not in self._cache:
                self._cache[key] = await fetch(key)
            return self._cache[key]

    async def single_flight_task(self, key):
        task = self._cache.get(key)
        if task is None:
            task = asyncio.create_task(fetch(key))
            self._cache[key] = task
        return await task

    async def single_flight_map(self, key):
        if key in self._cache:
            return self._cache[key]
        fut = self._inflight.get(key)
        if fut is None:
            self._inflight[key] = fut = asyncio.get_running_loop().create_future()
            fut.set_result(await fetch(key))
            self._cache[key] = fut.result()
        return await fut

    async def not_awaited(self, key):
        if key not in self._cache:
            self._cache[key] = sorted(key)
        await asyncio.sleep(0)
        return self._cache[key]

    def sync_version(self, key):
        if key not in self._cache:
            self._cache[key] = len(key)
        return self._cache[key]

    async def nested_sync(self, key):
        def fill():
            if key not in self._cache:
                self._cache[key] = len(key)

        fill()
        await asyncio.sleep(0)

    async def restore_after(self, key):
        # Taken out and put back: not a lookup on a miss.
        del self._cache[key]
        await asyncio.sleep(0)
        self._cache[key] = key

    async def other_key(self, key, other):
        if key not in self._cache:
            value = await fetch(key)
            self._cache[other] = value


async def local_dict(keys):
    seen = {}
    for key in keys:
        if key not in seen:
            seen[key] = await fetch(key)
    return seen


# Write-through and resets store what the caller gave, not what the await
# computed: concurrent callers store their own values, nothing is
# recomputed.
class Mutes:
    def __init__(self, config):
        self.config = config
        self.roles = {}
        self.votes = {}

    async def set_role(self, guild_id, role_id):
        if self.roles.get(guild_id) == role_id:
            return
        await self.config.set_mute_role(guild_id, role_id)
        self.roles[guild_id] = role_id

    async def reset_votes(self, guild_id):
        if guild_id in self.votes:
            await self.config.clear_votes(guild_id)
            self.votes[guild_id] = set()

    async def role_of(self, guild_id):
        if guild_id not in self.roles:
            role = await self.config.mute_role(guild_id)
            self.roles[guild_id] = role
            # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: cache 'self.roles' is filled for key 'guild_id'{{.*}}[cache-stampede]
        return self.roles[guild_id]

    async def skip_song(self, guild_id):
        if self.votes.get(guild_id) is None:
            await self.config.clear_votes(guild_id)
            self.votes[guild_id] = set()
