"""Outbound HTTP and gRPC clients used by the gateway."""
from __future__ import annotations

import asyncio
import json
import logging
import socket
import urllib.request
from typing import Any, Optional
from urllib.request import urlopen as fetch

import grpc
import httpx
import requests

log = logging.getLogger(__name__)

INVENTORY_URL = "https://inventory.internal"
PROFILE_API = "https://profiles.internal/v2"


class InventoryClient:
    """Synchronous client used by the batch jobs."""

    def __init__(self, base_url: str = INVENTORY_URL, timeout: float = 5.0) -> None:
        self._base = base_url.rstrip("/")
        self._session = requests.Session()
        self._timeout = timeout

    def get_item(self, sku: str) -> dict:
        resp = self._session.get(f"{self._base}/items/{sku}", timeout=self._timeout)  # ok: wait-without-timeout
        resp.raise_for_status()
        return resp.json()

    def reserve(self, sku: str, qty: int) -> bool:
        resp = requests.post(  # expect: wait-without-timeout
            f"{self._base}/reservations",
            json={"sku": sku, "qty": qty},
            headers={"Idempotency-Key": f"{sku}:{qty}"},
        )
        return resp.status_code == 201

    def health(self) -> bool:
        try:
            return requests.get(f"{self._base}/healthz").ok  # expect: wait-without-timeout
        except requests.RequestException:
            return False

    def health_bounded(self) -> bool:
        try:
            return requests.get(f"{self._base}/healthz", timeout=(1, 2)).ok  # ok: wait-without-timeout
        except requests.RequestException:
            return False

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self._timeout)
        return requests.request(method, f"{self._base}{path}", **kwargs)  # ok: wait-without-timeout

    def close(self) -> None:
        self._session.close()


def download_manifest(url: str) -> dict:
    with fetch(url) as resp:  # expect: wait-without-timeout
        return json.load(resp)


def download_manifest_bounded(url: str, timeout: float = 10.0) -> dict:
    req = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # ok: wait-without-timeout
        return json.load(resp)


def post_webhook(url: str, event: dict) -> int:
    req = urllib.request.Request(url, data=json.dumps(event).encode(), method="POST")
    with urllib.request.urlopen(req) as resp:  # expect: wait-without-timeout
        return resp.status


class ProfileClient:
    """Async client for the profile service, one pooled AsyncClient."""

    def __init__(self, base_url: str = PROFILE_API) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(5.0))  # ok: connection-per-call
        self._legacy = httpx.Client(base_url=base_url, timeout=5.0)  # ok: connection-per-call
        self._profiles: dict[str, dict] = {}  # ok: unbounded-container
        self._dns: dict[str, list[str]] = {}  # expect: unbounded-container

    async def profile(self, user_id: str) -> dict:
        cached = self._profiles.get(user_id)
        if cached is not None:
            return cached
        resp = await self._http.get(f"/users/{user_id}")
        resp.raise_for_status()
        profile = resp.json()
        self._profiles[user_id] = profile  # expect: cache-stampede
        return profile

    def forget(self, user_id: str) -> None:
        self._profiles.pop(user_id, None)

    async def resolve(self, host: str) -> list[str]:
        if host in self._dns:
            return self._dns[host]
        loop = asyncio.get_running_loop()
        infos = await loop.getaddrinfo(host, 443, type=socket.SOCK_STREAM)
        addrs = sorted({info[4][0] for info in infos})
        self._dns[host] = addrs  # expect: cache-stampede
        return addrs

    async def legacy_avatar(self, user_id: str) -> bytes:
        resp = self._legacy.get(f"/avatars/{user_id}")  # expect: blocking-in-async
        return resp.content

    async def legacy_avatar_offloaded(self, user_id: str) -> bytes:
        resp = await asyncio.to_thread(self._legacy.get, f"/avatars/{user_id}")  # ok: blocking-in-async
        return resp.content

    async def status_page(self) -> str:
        with urllib.request.urlopen("https://status.internal/", timeout=3) as resp:  # expect: blocking-in-async
            return resp.read().decode()

    async def aclose(self) -> None:
        await self._http.aclose()
        await asyncio.to_thread(self._legacy.close)  # ok: blocking-in-async


async def fetch_profile_once(user_id: str) -> dict:
    """Used by the per-request enrichment middleware."""
    async with httpx.AsyncClient(base_url=PROFILE_API, timeout=5.0) as client:  # expect: connection-per-call
        resp = await client.get(f"/users/{user_id}")
        resp.raise_for_status()
        return resp.json()


async def crawl(urls: list[str], concurrency: int = 8) -> dict[str, int]:
    """One client for the whole crawl, shared by all requests."""
    sem = asyncio.Semaphore(concurrency)
    results: dict[str, int] = {}
    async with httpx.AsyncClient(timeout=10.0, follow_redirects=True) as client:  # ok: connection-per-call

        async def one(url: str) -> None:
            async with sem:
                resp = await client.get(url)
                results[url] = resp.status_code

        async with asyncio.TaskGroup() as tg:
            for url in urls:
                tg.create_task(one(url))  # ok: fire-and-forget
    return results


def lookup_price(sku: str) -> float:
    with httpx.Client(base_url=INVENTORY_URL, timeout=2.0) as client:  # expect: connection-per-call
        return float(client.get(f"/prices/{sku}").json()["amount"])


def check_health(target: str) -> bool:
    """Called by the load balancer's health endpoint for each backend."""
    channel = grpc.insecure_channel(target)  # expect: connection-per-call
    try:
        grpc.channel_ready_future(channel).result(timeout=1.0)  # ok: wait-without-timeout
        return True
    except grpc.FutureTimeoutError:
        return False
    finally:
        channel.close()


class InventoryGrpc:
    """One channel per backend, created at startup."""

    def __init__(self, target: str) -> None:
        self._channel = grpc.insecure_channel(  # ok: connection-per-call
            target, options=[("grpc.keepalive_time_ms", 30_000)]
        )

    def ready(self, timeout: float = 1.0) -> bool:
        try:
            grpc.channel_ready_future(self._channel).result(timeout=timeout)
            return True
        except grpc.FutureTimeoutError:
            return False


class LineProtocolClient:
    """Text protocol client (memcached-style) over one asyncio connection."""

    def __init__(self, host: str, port: int, timeout: float = 2.0) -> None:
        self._host, self._port = host, port
        self._timeout = timeout
        self._lock = asyncio.Lock()
        self._reader: Optional[asyncio.StreamReader] = None
        self._writer: Optional[asyncio.StreamWriter] = None

    async def connect(self) -> None:
        self._reader, self._writer = await asyncio.wait_for(
            asyncio.open_connection(self._host, self._port), self._timeout
        )

    async def get(self, key: str) -> Optional[bytes]:
        assert self._reader is not None and self._writer is not None
        async with self._lock:
            self._writer.write(f"get {key}\r\n".encode())
            header = await self._reader.readline()  # expect: lock-held-across-call
            if header.startswith(b"END"):
                return None
            data = await asyncio.wait_for(self._reader.readline(), self._timeout)  # ok: lock-held-across-call
        return data.rstrip(b"\r\n")

    async def set(self, key: str, value: bytes) -> bool:
        assert self._reader is not None and self._writer is not None
        async with self._lock:
            self._writer.write(f"set {key} 0 0 {len(value)}\r\n".encode() + value + b"\r\n")
            reply = await asyncio.wait_for(self._reader.readline(), self._timeout)  # ok: lock-held-across-call
        return reply.startswith(b"STORED")


def raw_ping(host: str, port: int) -> bytes:
    with socket.create_connection((host, port), timeout=2.0) as sock:  # ok: blocking-in-async
        sock.sendall(b"PING\r\n")
        return sock.recv(64)


async def raw_ping_async(host: str, port: int) -> bytes:
    with socket.create_connection((host, port), timeout=2.0) as sock:  # expect: blocking-in-async
        sock.sendall(b"PING\r\n")  # expect: blocking-in-async
        return sock.recv(64)  # expect: blocking-in-async
