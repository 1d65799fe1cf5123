"""Redis-backed session store and maintenance helpers for the gateway.

The async store sits on the request path. The admin helpers run from the ops
CLI and from the nightly maintenance job, both synchronous.
"""
from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

import redis
import redis.asyncio as aioredis

log = logging.getLogger(__name__)

SESSION_PREFIX = "sess:"
DEFAULT_TTL = 3600
FLAGS_URL = "redis://flags.internal:6379/2"

_FLAGS_POOL = redis.ConnectionPool.from_url(FLAGS_URL, max_connections=8)


@dataclass
class Session:
    user_id: str
    created_at: float
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {"user_id": self.user_id, "created_at": self.created_at, "data": self.data}
        )

    @classmethod
    def from_json(cls, raw: bytes | str) -> "Session":
        obj = json.loads(raw)
        return cls(obj["user_id"], obj["created_at"], obj.get("data", {}))


class SessionStore:
    """Async session storage on top of redis.asyncio.

    Sessions are plain JSON blobs with a sliding TTL. An audit trail of writes
    goes to a separate (synchronous) client owned by the compliance team.
    """

    def __init__(self, url: str, audit_url: str, ttl: int = DEFAULT_TTL) -> None:
        self._redis = aioredis.from_url(url, decode_responses=False)
        self._audit = redis.Redis.from_url(audit_url)
        self._ttl = ttl
        self.stats = {"hits": 0, "misses": 0, "writes": 0}  # ok: unbounded-container

    async def get(self, sid: str) -> Optional[Session]:
        raw = await self._redis.get(SESSION_PREFIX + sid)
        if raw is None:
            self.stats["misses"] += 1  # ok: async-race
            return None
        self.stats["hits"] += 1  # ok: async-race
        await self._redis.expire(SESSION_PREFIX + sid, self._ttl)
        return Session.from_json(raw)

    async def put(self, sid: str, session: Session) -> None:
        await self._redis.set(SESSION_PREFIX + sid, session.to_json(), ex=self._ttl)
        self.stats["writes"] += 1  # ok: async-race
        self._audit.xadd("audit:sessions", {"sid": sid, "ts": time.time()}, maxlen=100_000)  # expect: blocking-in-async

    async def delete(self, sid: str) -> bool:
        removed = await self._redis.delete(SESSION_PREFIX + sid)
        return bool(removed)

    async def active_session_ids(self) -> list[str]:
        keys = await self._redis.keys(SESSION_PREFIX + "*")  # expect: redis-keys
        return [k.decode()[len(SESSION_PREFIX):] for k in keys]

    async def count_sessions(self) -> int:
        count = 0
        async for _ in self._redis.scan_iter(match=SESSION_PREFIX + "*", count=500):  # ok: redis-keys
            count += 1
        return count

    async def sessions_for(self, user_id: str) -> list[Session]:
        found = []
        async for key in self._redis.scan_iter(match=SESSION_PREFIX + "*", count=500):
            raw = await self._redis.get(key)
            if raw is None:
                continue
            session = Session.from_json(raw)
            if session.user_id == user_id:
                found.append(session)
        return found

    def reset_stats(self) -> dict[str, int]:
        snapshot = dict(self.stats)
        self.stats = {"hits": 0, "misses": 0, "writes": 0}
        return snapshot

    def close_audit(self) -> None:
        self._audit.close()


class RedisAdmin:
    """Maintenance operations for the ops CLI."""

    def __init__(self, client: redis.Redis, batch: int = 500) -> None:
        self._client = client
        self._batch = batch

    def purge_prefix(self, prefix: str) -> int:
        doomed = self._client.keys(prefix + "*")  # expect: redis-keys
        if doomed:
            self._client.delete(*doomed)
        log.info("purged %d keys under %s", len(doomed), prefix)
        return len(doomed)

    def purge_prefix_incrementally(self, prefix: str) -> int:
        pipe = self._client.pipeline(transaction=False)
        removed = 0
        for key in self._client.scan_iter(match=prefix + "*", count=self._batch):  # ok: redis-keys
            pipe.unlink(key)
            removed += 1
            if removed % self._batch == 0:
                pipe.execute()
        pipe.execute()
        return removed

    def raw_keyspace(self, pattern: str) -> list[bytes]:
        """Used by `opsctl keys`; kept for parity with redis-cli."""
        return self._client.execute_command("KEYS", pattern)  # expect: redis-keys

    def keyspace_summary(self) -> dict[str, int]:
        info = self._client.info("keyspace")
        return {db: stats["keys"] for db, stats in info.items()}

    def memory_report(self, sample: Iterable[str]) -> dict[str, int]:
        usage: dict[str, int] = {}
        for key in sample:
            usage[key] = self._client.memory_usage(key) or 0
        return usage

    def snapshot_prefixes(self, prefixes: list[str]) -> dict[str, list[bytes]]:
        pipe = self._client.pipeline()
        for prefix in prefixes:
            pipe.keys(prefix + "*")  # expect: redis-keys
        return dict(zip(prefixes, pipe.execute()))


class NamespacedView:
    """A read-only view over any mapping-like backend (tests pass a dict)."""

    def __init__(self, backend, namespace: str) -> None:
        self._backend = backend
        self._ns = namespace

    def keys(self) -> list[str]:
        prefix = self._ns + ":"
        return [k for k in self._backend.keys() if k.startswith(prefix)]  # ok: redis-keys


def flags_client() -> redis.Redis:
    """A client on the shared flags pool; callers keep it for their lifetime."""
    return redis.Redis(connection_pool=_FLAGS_POOL)  # ok: connection-per-call


def is_enabled(flag: str, tenant: str) -> bool:
    """Called on every request by the feature-gate middleware."""
    client = redis.Redis.from_url(FLAGS_URL, socket_timeout=0.2)  # expect: connection-per-call
    value = client.hget("flags:" + tenant, flag)
    return value == b"1"


def flag_names(settings: dict[str, str]) -> list[str]:
    return sorted(settings.keys())  # ok: redis-keys
