# RUN: not %hazardlint check %s 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="[wait-without-timeout]"
# RUN: cp %s %t.py
# RUN: not %hazardlint check --fix --select wait-without-timeout --unsafe-fixes %t.py > %t.remaining
# RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t.py
# RUN: FileCheck %s --check-prefix=CHECK-REMAINING --input-file=%t.remaining --implicit-check-not="[wait-without-timeout]"
# A second --fix changes nothing, and the fixed file still parses.
# RUN: cp %t.py %t.once.py
# RUN: not %hazardlint check --fix --select wait-without-timeout --unsafe-fixes %t.py
# RUN: diff %t.once.py %t.py
# RUN: %python -m py_compile %t.py
# Without --unsafe-fixes the (unsafe) timeout insertion is not applied.
# RUN: cp %s %t.safe.py
# RUN: not %hazardlint check --fix --select wait-without-timeout %t.safe.py
# RUN: diff %s %t.safe.py
import asyncio
import concurrent.futures
import functools
import os
import queue
import subprocess
import subprocess as sp
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from subprocess import Popen
from subprocess import run as sh
from threading import Thread

import requests
import requests as rq

# Child processes.
subprocess.run(["ls", "-l"], check=True)
# CHECK-MESSAGES: :[[@LINE-1]]:1: warning: 'subprocess.run' waits with no timeout; a hung child blocks this thread forever; pass timeout= [wait-without-timeout]
# CHECK-FIXES: subprocess.run(["ls", "-l"], check=True, timeout=30)
sp.call("true", shell=True)
# CHECK-MESSAGES: :[[@LINE-1]]:1: warning: 'subprocess.call' waits{{.*}}[wait-without-timeout]
# CHECK-FIXES: sp.call("true", shell=True, timeout=30)
out = sh(["git", "status"])
# CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'subprocess.run' waits{{.*}}[wait-without-timeout]
# CHECK-FIXES: out = sh(["git", "status"], timeout=30)
sp.check_call(
    ["make", "all"],
    cwd="/src",
)
# CHECK-MESSAGES: :[[@LINE-4]]:1: warning: 'subprocess.check_call' waits{{.*}}[wait-without-timeout]
# CHECK-FIXES: cwd="/src", timeout=30,
text = subprocess.check_output(
    ["uname", "-a"]  # the kernel
)
# CHECK-MESSAGES: :[[@LINE-3]]:8: warning: 'subprocess.check_output' waits{{.*}}[wait-without-timeout]
# CHECK-FIXES: ["uname", "-a"], timeout=30  # the kernel
child = Popen(["sleep", "1"])
child.wait()
# CHECK-MESSAGES: :[[@LINE-1]]:1: warning: 'subprocess.Popen.wait' waits{{.*}}[wait-without-timeout]
# CHECK-REMAINING: :[[@LINE-2]]:1: warning: 'subprocess.Popen.wait' waits{{.*}}[wait-without-timeout]
sp.Popen(["cat"], stdin=sp.PIPE).communicate(b"x")
# CHECK-MESSAGES: :[[@LINE-1]]:1: warning: 'subprocess.Popen.communicate' waits{{.*}}[wait-without-timeout]
# CHECK-REMAINING: :[[@LINE-2]]:1: warning: 'subprocess.Popen.communicate'{{.*}}[wait-without-timeout]

# HTTP.
requests.get("https://example.com")
# CHECK-MESSAGES: :[[@LINE-1]]:1: warning: 'requests.get' waits with no timeout; a server that stops answering blocks this thread forever; pass timeout= [wait-without-timeout]
# CHECK-FIXES: requests.get("https://example.com", timeout=30)
rq.post("https://example.com", json={"a": 1},)
# CHECK-MESSAGES: :[[@LINE-1]]:1: warning: 'requests.post' waits{{.*}}[wait-without-timeout]
# CHECK-FIXES: rq.post("https://example.com", json={"a": 1}, timeout=30,)
urllib.request.urlopen("https://example.com")
# CHECK-MESSAGES: :[[@LINE-1]]:1: warning: 'urllib.request.urlopen' waits{{.*}}[wait-without-timeout]
# CHECK-FIXES: urllib.request.urlopen("https://example.com", timeout=30)


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self._http = requests.Session()
        self._worker = threading.Thread(target=self.run)
        self._jobs: "queue.Queue[str]" = queue.Queue()
        self._lock = threading.RLock()

    def fetch(self, path):
        return self._http.get(
            self.base + path
        )
        # CHECK-MESSAGES: :[[@LINE-3]]:16: warning: 'requests.Session.get' waits{{.*}}[wait-without-timeout]
        # CHECK-FIXES: self.base + path, timeout=30

    @functools.lru_cache(maxsize=None)
    def raw(self, method):
        return self._http.request(method, self.base)
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'requests.Session.request' waits{{.*}}[wait-without-timeout]
        # CHECK-FIXES: return self._http.request(method, self.base, timeout=30)

    def stop(self):
        self._worker.join()
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'threading.Thread.join' waits with no timeout; a thread that never finishes blocks this one forever; pass timeout= and check is_alive() [wait-without-timeout]
        # CHECK-REMAINING: :[[@LINE-2]]:9: warning: 'threading.Thread.join'{{.*}}[wait-without-timeout]

    def next_job(self):
        with self._lock:
            return self._jobs.get()
            # CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'queue.Queue.get' waits{{.*}}get_nowait(){{.*}}[wait-without-timeout]
            # CHECK-REMAINING: :[[@LINE-2]]:20: warning: 'queue.Queue.get'{{.*}}[wait-without-timeout]

    def critical(self):
        self._lock.acquire()
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'threading.RLock.acquire' waits{{.*}}blocking=False [wait-without-timeout]
        # CHECK-REMAINING: :[[@LINE-2]]:9: warning: 'threading.RLock.acquire'{{.*}}[wait-without-timeout]
        self._lock.acquire(True)
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'threading.RLock.acquire'{{.*}}[wait-without-timeout]
        # CHECK-REMAINING: :[[@LINE-2]]:9: warning: 'threading.RLock.acquire'{{.*}}[wait-without-timeout]

    def run(self):
        pass


def threads(done: threading.Event, q: queue.Queue, pool: ThreadPoolExecutor):
    t = Thread(target=print)
    t.start()
    t.join()
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'threading.Thread.join'{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:5: warning: 'threading.Thread.join'{{.*}}[wait-without-timeout]
    done.wait()
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'threading.Event.wait' waits{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:5: warning: 'threading.Event.wait'{{.*}}[wait-without-timeout]
    item = q.get(block=True)
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'queue.Queue.get'{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:12: warning: 'queue.Queue.get'{{.*}}[wait-without-timeout]
    fut = pool.submit(print, item)
    fut.result()
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'concurrent.futures.Future.result' waits{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:5: warning: 'concurrent.futures.Future.result'{{.*}}[wait-without-timeout]
    with concurrent.futures.ThreadPoolExecutor() as ex:
        return [f.result() for f in [ex.submit(print)]] + [ex.submit(print).result()]
        # CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'concurrent.futures.Future.result'{{.*}}[wait-without-timeout]
        # CHECK-REMAINING: :[[@LINE-2]]:17: warning: 'concurrent.futures.Future.result'{{.*}}[wait-without-timeout]
        # CHECK-MESSAGES: :[[@LINE-3]]:60: warning: 'concurrent.futures.Future.result'{{.*}}[wait-without-timeout]
        # CHECK-REMAINING: :[[@LINE-4]]:60: warning: 'concurrent.futures.Future.result'{{.*}}[wait-without-timeout]


async def convert(src: str) -> bytes:
    proc = await asyncio.create_subprocess_exec("convert", src, stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    # CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'asyncio.subprocess.Process.communicate' waits with no timeout; a hung child blocks this task forever; bound it with asyncio.wait_for() or 'async with asyncio.timeout()' [wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:20: warning: 'asyncio.subprocess.Process.communicate'{{.*}}[wait-without-timeout]
    # The child has exited once communicate() returns: only that call waits.
    await (proc.wait())
    other = await asyncio.create_subprocess_exec("convert", src)
    await (other.wait())
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'asyncio.subprocess.Process.wait'{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:12: warning: 'asyncio.subprocess.Process.wait'{{.*}}[wait-without-timeout]

    # Bounded: not reported.
    try:
        await asyncio.wait_for(proc.wait(), timeout=60)
    except TimeoutError:
        proc.kill()
        # Reaping a killed child is bounded.
        await proc.wait()
    await asyncio.wait_for(proc.communicate(), timeout=10)
    await asyncio.wait_for(proc.wait(), 10)
    async with asyncio.timeout(1):
        await proc.communicate()
        await proc.wait()

        def nested_sync():
            # A nested def resets the scope: the timeout block does not cover it.
            return sp.run(["true"])
            # CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'subprocess.run'{{.*}}[wait-without-timeout]
            # CHECK-FIXES: return sp.run(["true"], timeout=30)

        nested_sync()
        background = lambda: requests.head("https://example.com")
        # CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'requests.head'{{.*}}[wait-without-timeout]
        # CHECK-FIXES: background = lambda: requests.head("https://example.com", timeout=30)
        background()
    return out


def more_receivers(
    s: requests.Session,
    jobs: "queue.Queue[str]",
    results: queue.PriorityQueue[int],
    loop: asyncio.AbstractEventLoop,
):
    import multiprocessing as mp

    s.delete("https://example.com/x")
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'requests.Session.delete'{{.*}}[wait-without-timeout]
    # CHECK-FIXES: s.delete("https://example.com/x", timeout=30)
    with requests.Session() as scoped:
        scoped.put(
            "https://example.com/y",  # the target
            data=b"z",  # the body
        )
        # CHECK-MESSAGES: :[[@LINE-4]]:9: warning: 'requests.Session.put'{{.*}}[wait-without-timeout]
        # CHECK-FIXES: data=b"z", timeout=30,  # the body
    requests.session().options("https://example.com")
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'requests.Session.options'{{.*}}[wait-without-timeout]
    # CHECK-FIXES: requests.session().options("https://example.com", timeout=30)
    jobs.get()
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'queue.Queue.get'{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:5: warning: 'queue.Queue.get'{{.*}}[wait-without-timeout]
    results.get(True)
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'queue.PriorityQueue.get'{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:5: warning: 'queue.PriorityQueue.get'{{.*}}[wait-without-timeout]
    p = mp.Process(target=print)
    p.start()
    p.join()
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'multiprocessing.Process.join' waits with no timeout; a process that never exits{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:5: warning: 'multiprocessing.Process.join'{{.*}}[wait-without-timeout]
    slots = threading.BoundedSemaphore(4)
    slots.acquire(blocking=True)
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'threading.BoundedSemaphore.acquire'{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:5: warning: 'threading.BoundedSemaphore.acquire'{{.*}}[wait-without-timeout]
    asyncio.run_coroutine_threadsafe(asyncio.sleep(1), loop).result()
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'concurrent.futures.Future.result'{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:5: warning: 'concurrent.futures.Future.result'{{.*}}[wait-without-timeout]
    rq.request("GET", "https://example.com")
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'requests.request'{{.*}}[wait-without-timeout]
    # CHECK-FIXES: rq.request("GET", "https://example.com", timeout=30)
    # Bounded or not blocking: not reported.
    s.get("https://example.com", timeout=3)
    s.request("GET", "https://example.com", None, None, None, None, None, None, 5)
    jobs.get(timeout=1)
    results.get(False)
    p.join(5)
    slots.acquire(blocking=False)
    slots.acquire(blocking=flag)
    asyncio.run_coroutine_threadsafe(asyncio.sleep(1), loop).result(1)
    # An explicit timeout=None is a decision, not an oversight.
    subprocess.run(["true"], timeout=None)


flag = False


# Negatives: bounded, non-blocking, or not a wait at all.
subprocess.run(["ls"], timeout=5)
opts = {"timeout": 5}
subprocess.run(["ls"], **opts)
requests.get("https://example.com", timeout=3)
rq.request("GET", "https://example.com", timeout=(3, 10))
urllib.request.urlopen("https://example.com", None, 5)
session = requests.Session()
session.get("https://example.com", timeout=3)
session.post("https://example.com", **opts)
Popen(["true"]).wait(5)
Popen(["true"]).communicate(None, 5)
killed = Popen(["sleep", "100"])
try:
    killed.communicate(timeout=1)
except subprocess.TimeoutExpired:
    killed.kill()
    killed.communicate()
settings = {"k": 1}
settings.get("k")
os.environ.get("HOME")
jobs = queue.Queue()
jobs.get(timeout=1)
jobs.get_nowait()
jobs.get(False)
jobs.get(block=False)
lock = threading.Lock()
lock.acquire(timeout=2)
lock.acquire(False)
lock.acquire(blocking=False)
lock.acquire(True, 2)
lock.release()
ready = threading.Event()
ready.wait(0.5)
future = ThreadPoolExecutor().submit(print)
future.result(timeout=1)
future.result(1)
args = (1,)
future.result(*args)
os.path.join("a", "b")
",".join(["a", "b"])
" ".join


def unknown(thing, other):
    # Receivers of unknown type are not reported.
    thing.wait()
    other.result()
    thing.join()
    return thing.get("k")


def shadowed():
    subprocess = {"run": print}
    return subprocess.get("run")


# Renamed and bare module functions.
def fetch_all(url):
    from requests import get
    from urllib.request import urlopen as fetch
    from subprocess import check_output as co

    get(url)
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'requests.get' waits{{.*}}[wait-without-timeout]
    # CHECK-FIXES: get(url, timeout=30)
    fetch(url)
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'urllib.request.urlopen' waits{{.*}}[wait-without-timeout]
    # CHECK-FIXES: fetch(url, timeout=30)
    fetch(url, None, 5.0)
    return co(["git", "rev-parse", "HEAD"], timeout=10)


def not_library_calls(sh, url):
    from mylib import run as go

    # A parameter named like the alias, and another library's run.
    sh(["git", "status"])
    go(["git", "status"])
    get = dict(a=1).get
    return get("a")


# Threads kept in containers, and watchdog observers (threading.Thread).
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver


class Pool:
    def __init__(self):
        self._threads: list[threading.Thread] = []
        self._workers = []
        self._observer = Observer()

    def start(self, n):
        for _ in range(n):
            self._workers.append(threading.Thread(target=print))

    def stop(self):
        for t in self._threads:
            t.join()
            # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'threading.Thread.join' waits{{.*}}[wait-without-timeout]
            # CHECK-REMAINING: :[[@LINE-2]]:13: warning: 'threading.Thread.join'{{.*}}[wait-without-timeout]
        for w in self._workers:
            w.join()
            # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'threading.Thread.join' waits{{.*}}[wait-without-timeout]
            # CHECK-REMAINING: :[[@LINE-2]]:13: warning: 'threading.Thread.join'{{.*}}[wait-without-timeout]
        for i, t in enumerate(self._threads):
            t.join(timeout=5)
        self._observer.stop()
        self._observer.join()
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'threading.Thread.join' waits{{.*}}[wait-without-timeout]
        # CHECK-REMAINING: :[[@LINE-2]]:9: warning: 'threading.Thread.join'{{.*}}[wait-without-timeout]
        self._observer.join(timeout=5)


def comprehension_threads(jobs, names: list[str]):
    threads = [threading.Thread(target=job) for job in jobs]
    for t in threads:
        t.join()
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'threading.Thread.join' waits{{.*}}[wait-without-timeout]
        # CHECK-REMAINING: :[[@LINE-2]]:9: warning: 'threading.Thread.join'{{.*}}[wait-without-timeout]
    [w.join() for w in threads]
    # CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'threading.Thread.join' waits{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:6: warning: 'threading.Thread.join'{{.*}}[wait-without-timeout]
    [w.join(timeout=1) for w in threads]
    polling = PollingObserver()
    polling.join()
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'threading.Thread.join' waits{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:5: warning: 'threading.Thread.join'{{.*}}[wait-without-timeout]
    # Not threads: str.join, and a list of unknown things.
    for n in names:
        n.join(["a"])
    for j in jobs:
        j.join()


def after_communicate(cmd, data):
    # communicate() returns once the child has exited: the wait after it
    # returns at once.
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    p.communicate(data, timeout=60)
    p.wait()
    out, _ = p.communicate(timeout=5)
    p.wait()
    # Another child, or a wait that is not after it in the same block, still
    # waits.
    other = subprocess.Popen(cmd)
    other.wait()
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'subprocess.Popen.wait' waits{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:5: warning: 'subprocess.Popen.wait'{{.*}}[wait-without-timeout]
    try:
        other.communicate(timeout=1)
    except subprocess.TimeoutExpired:
        pass
    other.wait()
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'subprocess.Popen.wait' waits{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:5: warning: 'subprocess.Popen.wait'{{.*}}[wait-without-timeout]


def after_kill_by_pid(cmd):
    # SIGKILL sent to the child's pid (or its process group) ends it: the
    # wait after it reaps a dead child.
    import signal
    from signal import SIGKILL

    p = subprocess.Popen(cmd, start_new_session=True)
    os.killpg(os.getpgid(p.pid), signal.SIGKILL)
    p.wait()
    q = subprocess.Popen(cmd)
    os.kill(q.pid, SIGKILL)
    q.communicate()
    r = subprocess.Popen(cmd)
    os.kill(r.pid, 9)
    r.wait()
    # SIGTERM may be caught or ignored: the child may live on.
    s = subprocess.Popen(cmd)
    os.kill(s.pid, signal.SIGTERM)
    s.wait()
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'subprocess.Popen.wait' waits{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:5: warning: 'subprocess.Popen.wait'{{.*}}[wait-without-timeout]
    os.killpg(os.getpgid(s.pid), signal.SIGTERM)
    s.communicate()
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'subprocess.Popen.communicate' waits{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:5: warning: 'subprocess.Popen.communicate'{{.*}}[wait-without-timeout]
    # Killing another child's pid leaves this one running.
    t = subprocess.Popen(cmd)
    os.kill(p.pid, signal.SIGKILL)
    t.wait()
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'subprocess.Popen.wait' waits{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:5: warning: 'subprocess.Popen.wait'{{.*}}[wait-without-timeout]


def serve_in_background(handler):
    # shutdown() makes serve_forever() return: the thread that runs it ends.
    import http.server
    import socketserver

    server = http.server.ThreadingHTTPServer(("", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.shutdown()
    server.server_close()
    thread.join()
    # Without shutdown() first, or for another thread, the join still waits.
    tcp = socketserver.TCPServer(("", 0), handler)
    worker = threading.Thread(target=tcp.serve_forever)
    worker.start()
    worker.join()
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'threading.Thread.join' waits{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:5: warning: 'threading.Thread.join'{{.*}}[wait-without-timeout]
    tcp.shutdown()
    other = threading.Thread(target=print)
    other.start()
    other.join()
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'threading.Thread.join' waits{{.*}}[wait-without-timeout]
    # CHECK-REMAINING: :[[@LINE-2]]:5: warning: 'threading.Thread.join'{{.*}}[wait-without-timeout]


class BackgroundServer:
    def __init__(self, ws_server):
        # A server of unknown type: its own shutdown() stops its
        # serve_forever().
        self._server = ws_server
        self._thread = threading.Thread(target=self._server.serve_forever)

    def stop(self):
        self._server.shutdown()
        self._thread.join()

    def stop_other(self, other):
        other.shutdown()
        self._thread.join()
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'threading.Thread.join' waits{{.*}}[wait-without-timeout]
        # CHECK-REMAINING: :[[@LINE-2]]:9: warning: 'threading.Thread.join'{{.*}}[wait-without-timeout]
