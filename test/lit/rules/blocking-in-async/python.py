# RUN: not %hazardlint check %s 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="[blocking-in-async]"
# RUN: cp %s %t.py
# RUN: not %hazardlint check --fix --select blocking-in-async --unsafe-fixes %t.py > %t.remaining
# RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t.py
# A second --fix changes nothing, and the fixed file still parses.
# RUN: cp %t.py %t.once.py
# RUN: not %hazardlint check --fix --select blocking-in-async --unsafe-fixes %t.py
# RUN: diff %t.once.py %t.py
# RUN: %python -m py_compile %t.py
# Without --unsafe-fixes only the time.sleep rewrites are applied.
# RUN: cp %s %t.safe.py
# RUN: not %hazardlint check --fix --select blocking-in-async %t.safe.py
# RUN: FileCheck %s --check-prefix=CHECK-SAFE --input-file=%t.safe.py
import asyncio
import functools
import os
import pathlib
import queue
import socket
import sqlite3
import subprocess
import threading
import time
import time as t
import urllib.request
from subprocess import run as sh
from time import sleep

import duckdb
import httpx
import psutil
import redis
import redis.asyncio as aioredis
import requests


async def fetch(url):
    time.sleep(1)
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call 'time.sleep' inside 'async def fetch' stalls the event loop; use 'await asyncio.sleep(...)' [blocking-in-async]
    # CHECK-FIXES: {{^}}    await asyncio.sleep(1){{$}}
    # CHECK-SAFE: {{^}}    await asyncio.sleep(1){{$}}
    t.sleep(0.5)
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call 'time.sleep' inside 'async def fetch'{{.*}}[blocking-in-async]
    # CHECK-FIXES: {{^}}    await asyncio.sleep(0.5){{$}}
    sleep(2)
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call 'time.sleep'{{.*}}[blocking-in-async]
    # CHECK-FIXES: {{^}}    await asyncio.sleep(2){{$}}
    resp = requests.get(url, timeout=5)
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call 'requests.get' inside 'async def fetch' stalls the event loop; use an async client (httpx.AsyncClient, aiohttp) or 'await asyncio.to_thread(...)' [blocking-in-async]
    # CHECK-FIXES: {{^}}    resp = await asyncio.to_thread(requests.get, url, timeout=5){{$}}
    # CHECK-SAFE: {{^}}    resp = requests.get(url, timeout=5){{$}}
    body = urllib.request.urlopen(
        url,
        timeout=3,
    )
    # CHECK-MESSAGES: :[[@LINE-4]]:12: warning: blocking call 'urllib.request.urlopen'{{.*}}[blocking-in-async]
    # CHECK-FIXES: {{^}}    body = await asyncio.to_thread(urllib.request.urlopen, {{$}}
    # CHECK-FIXES-NEXT: {{^}}        url,{{$}}
    return resp, body


async def tools(path: pathlib.Path, conn: sqlite3.Connection):
    sh(["ls"], check=True)
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call 'subprocess.run' inside 'async def tools' stalls the event loop; use 'asyncio.create_subprocess_exec(...)' or 'await asyncio.to_thread(...)' [blocking-in-async]
    # CHECK-FIXES: {{^}}    await asyncio.to_thread(sh, ["ls"], check=True){{$}}
    subprocess.check_output(["git", "status"])
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call 'subprocess.check_output'{{.*}}[blocking-in-async]
    proc = subprocess.Popen(["sleep", "1"])
    proc.wait()
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call 'subprocess.Popen.wait'{{.*}}[blocking-in-async]
    os.system("sync")
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call 'os.system'{{.*}}[blocking-in-async]
    with open("/etc/hosts") as f:
        # CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call 'open'{{.*}}[blocking-in-async]
        # CHECK-FIXES: {{^}}    with await asyncio.to_thread(open, "/etc/hosts") as f:{{$}}
        os.fsync(f.fileno())
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call 'os.fsync'{{.*}}[blocking-in-async]
    text = path.read_text()
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call 'pathlib.Path.read_text'{{.*}}[blocking-in-async]
    # CHECK-FIXES: {{^}}    text = await asyncio.to_thread(path.read_text){{$}}
    pathlib.Path("out.txt").write_bytes(b"")
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call 'pathlib.Path.write_bytes'{{.*}}[blocking-in-async]
    # CHECK-FIXES: {{^}}    pathlib.Path("out.txt").write_bytes(b""){{$}}
    conn.execute("select 1")
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call 'sqlite3.Connection.execute'{{.*}}[blocking-in-async]
    conn.cursor().executemany("insert into t values (?)", [(1,)])
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call 'sqlite3.Cursor.executemany'{{.*}}[blocking-in-async]
    duckdb.connect().sql("select 1")
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call 'duckdb.DuckDBPyConnection.sql'{{.*}}[blocking-in-async]
    psutil.cpu_percent(1)
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call 'psutil.cpu_percent'{{.*}}[blocking-in-async]
    psutil.cpu_percent(interval=0.5)
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call 'psutil.cpu_percent'{{.*}}[blocking-in-async]
    psutil.cpu_percent()
    psutil.cpu_percent(interval=None)
    psutil.cpu_percent(0)
    return text


class Service:
    def __init__(self):
        self._session = requests.Session()
        self._redis = redis.Redis()
        self._aredis = aioredis.Redis()
        self._http = httpx.Client()
        self._queue = queue.Queue()
        self._lock = threading.Lock()
        self._sock = socket.socket()

    @functools.lru_cache(maxsize=1)
    async def decorated(self, key):
        value = self._redis.get(key)
        # CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call 'redis.Redis.get' inside 'async def decorated' stalls the event loop; use redis.asyncio or 'await asyncio.to_thread(...)' [blocking-in-async]
        # CHECK-FIXES: {{^}}        value = await asyncio.to_thread(self._redis.get, key){{$}}
        await self._aredis.set(key, value)
        page = self._session.post("https://x", json={"k": key})
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call 'requests.Session.post'{{.*}}[blocking-in-async]
        self._http.get("https://y")
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call 'httpx.Client.get'{{.*}}[blocking-in-async]
        httpx.post("https://z")
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call 'httpx.post'{{.*}}[blocking-in-async]
        item = self._queue.get()
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call 'queue.Queue.get'{{.*}} use the asyncio primitive or 'await asyncio.to_thread(...)' [blocking-in-async]
        self._queue.get(block=False)
        self._queue.put(item, False)
        self._lock.acquire()
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call 'threading.Lock.acquire'{{.*}}[blocking-in-async]
        self._lock.acquire(blocking=False)
        data = self._sock.recv(1024)
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call 'socket.socket.recv'{{.*}} use asyncio streams or the loop's sock_* methods [blocking-in-async]
        self._sock.sendall(data)
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call 'socket.socket.sendall'{{.*}}[blocking-in-async]
        return page, len(data) + len(self._session.get("u").text)
        # CHECK-MESSAGES: :[[@LINE-1]]:38: warning: blocking call 'requests.Session.get'{{.*}}[blocking-in-async]
        # CHECK-FIXES: {{^}}        return page, len(data) + len((await asyncio.to_thread(self._session.get, "u")).text){{$}}


async def nested_loops(coro):
    asyncio.run(coro)
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call 'asyncio.run' inside 'async def nested_loops' stalls the event loop; await the coroutine instead of running a nested event loop [blocking-in-async]
    # CHECK-FIXES: {{^}}    asyncio.run(coro){{$}}
    loop = asyncio.get_event_loop()
    loop.run_until_complete(coro)
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call 'asyncio.AbstractEventLoop.run_until_complete'{{.*}}[blocking-in-async]

    async def inner():
        time.sleep(3)
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call 'time.sleep' inside 'async def inner'{{.*}}[blocking-in-async]

    await inner()


# Negatives: none of these blocks the event loop.
async def fine(url, client):
    await asyncio.sleep(1)
    await asyncio.to_thread(time.sleep, 1)
    await asyncio.to_thread(requests.get, url)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, functools.partial(time.sleep, 1))
    await loop.run_in_executor(None, lambda: requests.get(url))


# A loop handed in, of unknown type: run_in_executor still runs it on a thread.
async def fine_on_given_loop(loop, url):
    await loop.run_in_executor(None, lambda: requests.get(url))
    r = aioredis.from_url("redis://")
    await r.get("k")
    await r.set("k", "v")
    async with httpx.AsyncClient() as ac:
        await ac.get(url)
    client.get(url)  # unknown receiver
    os.waitpid(-1, os.WNOHANG)
    queue.SimpleQueue().put(1)  # unbounded

    def sync_helper():
        time.sleep(1)
        return open("/etc/hosts").read()

    cb = lambda: time.sleep(1)

    class Local:
        def method(self):
            time.sleep(1)

    return sync_helper, cb, Local


def sync_code(path):
    time.sleep(1)
    with open(path) as f:
        return f.read(), requests.get(path)


async def shadowed():
    time = {"sleep": 1}
    return time.get("sleep")


# A blocking connect, paths joined with `/`, and a child's pipes.
async def raw_ping(host, port):
    with socket.create_connection((host, port), timeout=2.0) as sock:
        # CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call 'socket.create_connection' inside 'async def raw_ping' stalls the event loop; use asyncio streams or the loop's sock_* methods [blocking-in-async]
        # CHECK-FIXES: {{^}}    with await asyncio.to_thread(socket.create_connection, (host, port), timeout=2.0) as sock:{{$}}
        return sock.fileno()


async def resolve(host, port):
    infos = socket.getaddrinfo(host, port)
    # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call 'socket.getaddrinfo' inside 'async def resolve' stalls the event loop; use 'await loop.getaddrinfo(...)' [blocking-in-async]
    # CHECK-FIXES: {{^}}    infos = await asyncio.to_thread(socket.getaddrinfo, host, port){{$}}
    loop = asyncio.get_running_loop()
    return infos, await loop.getaddrinfo(host, port)


async def raw_ping_offloaded(host, port):
    reader, writer = await asyncio.open_connection(host, port)
    sock = await asyncio.to_thread(socket.create_connection, (host, port))
    return reader, writer, sock


class Resources:
    def __init__(self, root: pathlib.Path):
        self._root = root

    async def read(self, rel):
        target = (self._root / "data" / rel).resolve()
        return target.read_text(encoding="utf-8")
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call 'pathlib.Path.read_text' inside 'async def read'{{.*}}[blocking-in-async]
        # CHECK-FIXES: {{^}}        return await asyncio.to_thread(target.read_text, encoding="utf-8"){{$}}

    async def sibling(self, name):
        config = self._root.parent.joinpath(name).with_suffix(".json")
        return config.read_bytes()
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call 'pathlib.Path.read_bytes' inside 'async def sibling'{{.*}}[blocking-in-async]
        # CHECK-FIXES: {{^}}        return await asyncio.to_thread(config.read_bytes){{$}}

    async def offloaded(self, rel):
        target = self._root / rel
        return await asyncio.to_thread(target.read_text)

    async def unknown_operands(self, rel, store):
        # `/` with an unknown left operand may be anything's __truediv__.
        joined = rel / self._root
        return joined.read_text(), (store / "k").read_text()


async def pipes(cmd):
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    line = proc.stdout.readline()
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call 'io.BufferedReader.readline' inside 'async def pipes'{{.*}}[blocking-in-async]
    # CHECK-FIXES: {{^}}    line = await asyncio.to_thread(proc.stdout.readline){{$}}
    child = await asyncio.create_subprocess_exec(*cmd, stdout=asyncio.subprocess.PIPE)
    reply = await child.stdout.readline()
    return line, reply
