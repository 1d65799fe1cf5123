# RUN: not %hazardlint check %s 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="[connection-per-call]"
import contextlib
import functools
from contextlib import asynccontextmanager

import aiohttp
import duckdb
import grpc
import httpx
import httpx as hx
import redis
import redis.asyncio as aioredis
import requests
from httpx import AsyncClient as AC
from redis import Redis


async def get_user(user_id: str) -> dict:
    async with httpx.AsyncClient() as client:
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: httpx.AsyncClient() creates a new HTTP connection pool on every call of 'get_user'; create one long-lived client (in __init__, at module level or in a lifespan hook) and reuse it [connection-per-call]
        response = await client.get(f"https://users/{user_id}")
        return response.json()


def fetch(url):
    return requests.Session().get(url).text
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: requests.Session() creates a new HTTP connection pool on every call of 'fetch'{{.*}} [connection-per-call]


class Handler:
    def __init__(self, url):
        self.redis = redis.Redis.from_url(url)  # once per object
        self.http = hx.Client()

    async def handle(self, key):
        r = aioredis.from_url(
            "redis://localhost",
            decode_responses=True,
        )
        # CHECK-MESSAGES: :[[@LINE-4]]:13: warning: aioredis.from_url() creates a new Redis connection pool on every call of 'handle'{{.*}} [connection-per-call]
        value = await r.get(key)
        await r.aclose()
        return value

    def stub(self, target):
        channel = grpc.insecure_channel(target)
        # CHECK-MESSAGES: :[[@LINE-1]]:19: warning: grpc.insecure_channel() creates a new gRPC channel on every call of 'stub'{{.*}} [connection-per-call]
        try:
            return channel.unary_unary("/svc/M")(b"")
        finally:
            channel.close()

    @functools.wraps(print)
    def query(self, sql):
        with duckdb.connect("db.duckdb") as con:
            # CHECK-MESSAGES: :[[@LINE-1]]:14: warning: duckdb.connect() creates a new DuckDB connection on every call of 'query'{{.*}} [connection-per-call]
            return con.execute(sql).fetchall()


async def outer():
    async def inner():
        async with AC() as c, aiohttp.ClientSession() as s:
            # CHECK-MESSAGES: :[[@LINE-1]]:20: warning: AC() creates a new HTTP connection pool on every call of 'inner'{{.*}} [connection-per-call]
            # CHECK-MESSAGES: :[[@LINE-2]]:31: warning: aiohttp.ClientSession() creates a new HTTP connection pool on every call of 'inner'{{.*}} [connection-per-call]
            return await c.get("x"), await s.get("y")

    def sync_nested():
        return Redis(host="h").get("k")
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: Redis() creates a new Redis connection pool on every call of 'sync_nested'{{.*}} [connection-per-call]

    return await inner(), sync_nested()


# Negatives: created once, or handed out by a factory.
pool = redis.Redis()
shared = httpx.AsyncClient()
_client = None


def get_client():
    global _client
    if _client is None:
        _client = httpx.Client()
    return _client


def make_client(url):
    client = httpx.Client(base_url=url)
    return client


def make_service(url):
    client = redis.from_url(url)
    return Service(client)


def make_inline():
    return grpc.aio.insecure_channel("x")


class Service:
    def __init__(self, client):
        self.client = client

    def connect(self):
        self.session = requests.Session()

    def lazy(self):
        session = aiohttp.ClientSession()
        self._session = session
        return None

    async def __aenter__(self):
        self.c = httpx.AsyncClient()
        return self


@functools.lru_cache(maxsize=1)
def cached_client():
    c = redis.Redis()
    c.ping()


@functools.cache
def cached_conn():
    duckdb.connect()


@contextlib.contextmanager
def session_scope():
    with requests.Session() as s:
        yield s


@asynccontextmanager
async def lifespan_ctx(app):
    async with httpx.AsyncClient() as c:
        app.state.client = c
        yield


async def lifespan(app):
    app.client = httpx.AsyncClient()


def clients():
    with httpx.Client() as c:
        yield c


def main():
    r = redis.Redis()
    r.ping()


factory = lambda: httpx.Client()


def pooled(registry, key):
    conn = duckdb.connect()
    registry[key] = conn


def not_clients(session, db):
    db.connect()  # unknown receiver
    session.Session()
    return dict(a=1), Exception("x")


if __name__ == "__main__":
    requests.Session().get("x")


def worker():
    r = redis.Redis()
    while True:
        r.blpop("jobs")


def busy_worker(queue):
    while True:
        job = queue.get()
        with httpx.Client() as c:
            # CHECK-MESSAGES: :[[@LINE-1]]:14: warning: httpx.Client() creates a new HTTP connection pool on every call of 'busy_worker'{{.*}} [connection-per-call]
            c.post("x", json=job)


def test_roundtrip():
    r = redis.Redis()
    assert r.ping()


class cli:
    @staticmethod
    def command():
        return lambda f: f


@cli.command()
def sync_command():
    s = requests.Session()
    s.get("x")


POOL = redis.ConnectionPool()
TRANSPORT = httpx.AsyncHTTPTransport()


async def shared_pool(key, connector, **options):
    r = redis.Redis(connection_pool=POOL)
    async with httpx.AsyncClient(transport=TRANSPORT) as c:
        await c.get("x")
    async with aiohttp.ClientSession(connector=connector, connector_owner=False) as s:
        await s.get("x")
    unknown = httpx.Client(**options)  # may carry transport=
    return r.get(key), unknown.get("x")


# A client the call uses over and over (a loop, a closure run per item, a
# gather or a TaskGroup) is set up for that call's work, not per request.
import asyncio
import duckdb as ddb


async def crawl(urls):
    async with httpx.AsyncClient() as client:

        async def one(url):
            return await client.get(url)

        async with asyncio.TaskGroup() as tg:
            for url in urls:
                tg.create_task(one(url))


def export(tables):
    con = ddb.connect("db")
    for table in tables:
        con.execute(f"copy {table} to 'x'")
    con.close()


async def fan_out(urls):
    async with httpx.AsyncClient() as c:
        return await asyncio.gather(*(c.get(u) for u in urls))


async def pair(a, b):
    async with httpx.AsyncClient() as c:
        return await asyncio.gather(c.get(a), c.get(b))


def mapped(keys):
    r = redis.Redis()
    return list(map(lambda k: r.get(k), keys))


def counted(keys):
    r = redis.Redis()
    n = 0
    while n < len(keys):
        r.delete(keys[n])
        n += 1


# Positives: used once (or once per loop iteration that also creates it).
def export_one(table):
    con = ddb.connect("db")
    # CHECK-MESSAGES: :[[@LINE-1]]:11: warning: ddb.connect() creates a new DuckDB connection on every call of 'export_one'{{.*}} [connection-per-call]
    for row in con.execute(f"select * from {table}").fetchall():
        print(row)
    con.close()


def per_item(urls):
    for url in urls:
        with httpx.Client() as c:
            # CHECK-MESSAGES: :[[@LINE-1]]:14: warning: httpx.Client() creates a new HTTP connection pool on every call of 'per_item'{{.*}} [connection-per-call]
            c.get(url)


async def rebound(url):
    client = None
    for _ in range(3):
        print(client)
    async with httpx.AsyncClient() as client:
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: httpx.AsyncClient() creates a new HTTP connection pool on every call of 'rebound'{{.*}} [connection-per-call]
        return await client.get(url)


async def shadowed(urls):
    async with httpx.AsyncClient() as client:
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: httpx.AsyncClient() creates a new HTTP connection pool on every call of 'shadowed'{{.*}} [connection-per-call]
        await client.get("x")

        def log(client):
            print(client)

        return [log(u) for u in urls]


async def in_task_group(a):
    async with httpx.AsyncClient() as c:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(work(c, a))


async def awaited_once(a):
    async with httpx.AsyncClient() as c:
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: httpx.AsyncClient() creates a new HTTP connection pool on every call of 'awaited_once'{{.*}} [connection-per-call]
        async with asyncio.TaskGroup() as tg:
            tg.create_task(work(a))
        await work(c, a)


# A factory that hands its session to the client it returns builds one
# client per caller, not per request.
class SheetsClient:
    def __init__(self, auth, session):
        self.session = session


def make_sheets(creds):
    session = httpx.Client()
    wrapped = SheetsClient(auth=creds, session=session)
    return wrapped


# But a session handed to a helper whose result is only used here is one
# per call.
def fetch_sheet(creds, url):
    session = httpx.Client()
    # CHECK-MESSAGES: :[[@LINE-1]]:15: warning: httpx.Client() creates{{.*}}[connection-per-call]
    wrapped = SheetsClient(auth=creds, session=session)
    return wrapped.session.get(url).text
