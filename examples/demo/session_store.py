"""A session store: the kind of Redis adapter the KEYS backlog items come from."""
import redis
import redis.asyncio as aioredis


class SessionStore:
    def __init__(self, url: str) -> None:
        self._redis = redis.Redis.from_url(url)
        self._index = {}  # a dict: its .keys() is not Redis KEYS

    def expire_all(self, user: str) -> int:
        keys = self._redis.keys(f"session:{user}:*")
        for key in keys:
            self._redis.delete(key)
        return len(keys)

    def local_ids(self) -> list:
        return list(self._index.keys())

    def count_sessions(self) -> int:
        return sum(1 for _ in self._redis.scan_iter(match="session:*"))


async def purge_stale(url: str) -> None:
    client = aioredis.from_url(url)
    to_purge = await client.keys("stale:*")
    if to_purge:
        await client.delete(*to_purge)
