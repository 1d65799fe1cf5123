"""Process-wide singletons: settings, the client registry, the name resolver."""
from __future__ import annotations

import functools
import json
import logging
import os
import threading
from pathlib import Path
from typing import ClassVar, Optional

import duckdb
import redis

log = logging.getLogger(__name__)

_DELIVERED_WEBHOOKS: set[str] = set()  # expect: unbounded-container
_CLIENTS: dict[str, redis.Redis] = {}  # ok: unbounded-container
_CLIENTS_LOCK = threading.Lock()


class Settings:
    """Settings from the environment, built once (double-checked locking)."""

    _instance: ClassVar[Optional["Settings"]] = None
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self) -> None:
        self.redis_url = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
        self.db_path = os.environ.get("ANALYTICS_DB", "/var/lib/app/analytics.duckdb")
        self.debug = os.environ.get("DEBUG", "") == "1"

    @classmethod
    def instance(cls) -> "Settings":
        if cls._instance is None:
            with cls._lock:
                if cls._instance is None:
                    cls._instance = cls()  # ok: lock-held-across-call
        return cls._instance

    @classmethod
    def reset_for_tests(cls) -> None:
        with cls._lock:
            cls._instance = None


def redis_client(url: str) -> redis.Redis:
    """One client per URL for the life of the process."""
    client = _CLIENTS.get(url)
    if client is not None:
        return client
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(url)
        if client is None:
            client = redis.Redis.from_url(url, health_check_interval=30)  # ok: lock-held-across-call, connection-per-call
            _CLIENTS[url] = client
    return client


def close_clients() -> None:
    with _CLIENTS_LOCK:
        clients = list(_CLIENTS.values())
        _CLIENTS.clear()
    for client in clients:
        client.close()  # ok: lock-held-across-call


def close_clients_locked() -> None:
    with _CLIENTS_LOCK:
        for client in _CLIENTS.values():
            client.close()  # expect: lock-held-across-call
        _CLIENTS.clear()


def mark_delivered(delivery_id: str) -> bool:
    """Webhook de-duplication; returns False for a redelivery."""
    if delivery_id in _DELIVERED_WEBHOOKS:
        return False
    _DELIVERED_WEBHOOKS.add(delivery_id)
    return True


class Analytics:
    """Lazily opened DuckDB connection shared by the reporting endpoints."""

    _instance: ClassVar[Optional["Analytics"]] = None
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, path: str) -> None:
        self._path = path
        self._con: Optional[duckdb.DuckDBPyConnection] = None
        self._con_lock = threading.Lock()

    @classmethod
    def get(cls) -> "Analytics":
        if cls._instance is None:
            path = Settings.instance().db_path
            with cls._lock:
                if cls._instance is None:
                    cls._instance = cls(path)  # ok: lock-held-across-call
        return cls._instance

    def connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            con = duckdb.connect(self._path, read_only=True)  # ok: connection-per-call
            with self._con_lock:
                if self._con is None:
                    self._con = con
                    return con
            con.close()
        return self._con

    def daily_totals(self, day: str) -> list[tuple]:
        return self.connection().execute(
            "select kind, sum(amount) from events where day = ? group by kind", [day]
        ).fetchall()


class NameResolver:
    """Maps service aliases to canonical names, from a JSON file."""

    def __init__(self, table: Path) -> None:
        with open(table, encoding="utf-8") as fh:
            self._aliases: dict[str, str] = json.load(fh)

    @functools.lru_cache(maxsize=None)  # expect: unbounded-container
    def resolve(self, name: str) -> str:
        seen = set()
        while name in self._aliases and name not in seen:  # ok: linear-scan
            seen.add(name)
            name = self._aliases[name]
        return name

    @functools.lru_cache(maxsize=512)  # ok: unbounded-container
    def resolve_all(self, names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self.resolve(n) for n in names)


@functools.cache  # ok: unbounded-container
def default_resolver() -> NameResolver:
    return NameResolver(Path(os.environ.get("ALIASES", "/etc/app/aliases.json")))


class Registry:
    """Class-level registry of plugins; plugins can be unloaded."""

    plugins: ClassVar[dict[str, type]] = {}  # ok: unbounded-container
    seen_errors: ClassVar[list[str]] = []  # expect: unbounded-container

    @classmethod
    def register(cls, name: str, plugin: type) -> None:
        cls.plugins[name] = plugin

    @classmethod
    def unload(cls, name: str) -> None:
        cls.plugins.pop(name, None)

    @classmethod
    def report_error(cls, message: str) -> None:
        cls.seen_errors.append(message)
        log.warning("plugin error: %s", message)
