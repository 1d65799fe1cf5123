"""Background job worker: pulls jobs from Redis, runs them on a thread pool.

Runs as its own process (`python -m corpus.job_worker`). SIGTERM drains,
SIGHUP reloads the handler table, SIGUSR1 dumps stats.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import queue
import signal
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import redis

log = logging.getLogger("worker")

JobFn = Callable[[dict], Any]


@dataclass
class Job:
    id: str
    kind: str
    payload: dict
    attempts: int = 0
    enqueued_at: float = field(default_factory=time.time)


class JobWorker:
    def __init__(
        self,
        redis_url: str,
        handlers: dict[str, JobFn],
        concurrency: int = 4,
        on_complete: Optional[Callable[[str, Any], None]] = None,
    ) -> None:
        self._redis = redis.Redis.from_url(redis_url)
        self._handlers = dict(handlers)
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="job")
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._local: queue.Queue[Job] = queue.Queue(maxsize=concurrency * 4)  # ok: unbounded-container
        self._running: dict[str, Future] = {}  # ok: unbounded-container
        self._threads: list[threading.Thread] = []  # ok: unbounded-container
        self._on_complete = on_complete
        self._completed = 0
        self._failed = 0
        self._shutdown_requested = False

    # -- lifecycle ------------------------------------------------------------

    def start(self, fetchers: int = 2) -> None:
        signal.signal(signal.SIGTERM, self._on_sigterm)
        signal.signal(signal.SIGHUP, self._on_sighup)
        signal.signal(signal.SIGUSR1, self._dump_stats)
        for i in range(fetchers):
            t = threading.Thread(target=self._fetch_loop, name=f"fetch-{i}", daemon=True)
            t.start()
            self._threads.append(t)
        dispatcher = threading.Thread(target=self._dispatch_loop, name="dispatch", daemon=True)
        dispatcher.start()
        self._threads.append(dispatcher)
        self._ready.wait()  # expect: wait-without-timeout

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join()  # expect: wait-without-timeout
        self._threads.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def stop_bounded(self, grace: float = 10.0) -> list[str]:
        self._stop.set()
        deadline = time.monotonic() + grace
        stuck = []
        for t in self._threads:
            t.join(timeout=max(0.0, deadline - time.monotonic()))  # ok: wait-without-timeout
            if t.is_alive():
                stuck.append(t.name)
        self._threads.clear()
        return stuck

    # -- signal handlers --------------------------------------------------------

    def _on_sigterm(self, signum: int, frame: Any) -> None:  # ok: unguarded-callback
        self._shutdown_requested = True

    def _on_sighup(self, signum: int, frame: Any) -> None:  # ok: unguarded-callback
        try:
            with open("/etc/worker/handlers.json", encoding="utf-8") as fh:
                enabled = set(json.load(fh))
            self._handlers = {k: v for k, v in self._handlers.items() if k in enabled}  # ok: linear-scan
        except Exception:
            log.exception("SIGHUP reload failed")

    def _dump_stats(self, signum: int, frame: Any) -> None:  # expect: unguarded-callback
        with open("/tmp/worker-stats.json", "w", encoding="utf-8") as fh:
            json.dump({"completed": self._completed, "failed": self._failed}, fh)

    # -- threads ----------------------------------------------------------------

    def _fetch_loop(self) -> None:  # expect: unguarded-callback
        self._ready.set()
        while not self._stop.is_set():
            item = self._redis.blpop(["jobs:high", "jobs:low"], timeout=1)
            if item is None:
                continue
            _key, raw = item
            data = json.loads(raw)
            self._local.put(Job(data["id"], data["kind"], data["payload"]), timeout=5)

    def _dispatch_loop(self) -> None:  # ok: unguarded-callback
        try:
            while not self._stop.is_set():
                try:
                    job = self._local.get(timeout=0.5)  # ok: wait-without-timeout
                except queue.Empty:
                    continue
                fut = self._pool.submit(self._run, job)
                with self._lock:
                    self._running[job.id] = fut
                fut.add_done_callback(lambda f, jid=job.id: self._finish(jid, f))
        except Exception:
            log.exception("dispatcher crashed")

    def _run(self, job: Job) -> Any:
        handler = self._handlers.get(job.kind)
        if handler is None:
            raise LookupError(f"no handler for {job.kind}")
        return handler(job.payload)

    def _finish(self, job_id: str, fut: Future) -> None:
        # Done callbacks run once the future is resolved: zero timeouts are enough.
        failed = fut.exception(timeout=0) is not None
        result = None if failed else fut.result(timeout=0)  # ok: wait-without-timeout
        with self._lock:
            self._running.pop(job_id, None)
            if failed:
                self._failed += 1
            else:
                self._completed += 1
            if self._on_complete is not None:
                self._on_complete(job_id, result)  # expect: lock-held-across-call

    def _finish_then_notify(self, job_id: str, fut: Future) -> None:
        failed = fut.exception(timeout=0) is not None
        result = None if failed else fut.result(timeout=0)  # ok: wait-without-timeout
        with self._lock:
            self._running.pop(job_id, None)
            self._completed += 0 if failed else 1
            callback = self._on_complete
        if callback is not None:
            callback(job_id, result)  # ok: lock-held-across-call

    # -- synchronous API ----------------------------------------------------------

    def run_now(self, kind: str, payload: dict) -> Any:
        """Runs one job inline; used by the admin CLI."""
        fut = self._pool.submit(self._run, Job("inline", kind, payload))
        return fut.result()  # expect: wait-without-timeout

    def run_now_bounded(self, kind: str, payload: dict, timeout: float = 60.0) -> Any:
        fut = self._pool.submit(self._run, Job("inline", kind, payload))
        return fut.result(timeout=timeout)  # ok: wait-without-timeout

    def retry_with_backoff(self, job: Job, max_attempts: int = 5) -> None:
        with self._lock:
            job.attempts += 1
            if job.attempts >= max_attempts:
                self._failed += 1
                return
            time.sleep(min(2 ** job.attempts, 30))  # expect: lock-held-across-call
        self._local.put(job, timeout=5)

    def running_ids(self, wait: float = 5.0) -> Optional[list[str]]:
        if not self._lock.acquire(timeout=wait):  # ok: wait-without-timeout
            return None
        try:
            return sorted(self._running)
        finally:
            self._lock.release()

    def try_snapshot(self) -> Optional[dict]:
        if not self._lock.acquire(blocking=False):  # ok: wait-without-timeout
            return None
        try:
            return {"running": len(self._running), "completed": self._completed}
        finally:
            self._lock.release()

    def snapshot(self) -> dict:
        self._lock.acquire()  # expect: wait-without-timeout
        try:
            return {"running": len(self._running), "completed": self._completed}
        finally:
            self._lock.release()

    def stale_locks(self) -> list[bytes]:
        return self._redis.keys("job:lock:*")  # expect: redis-keys


class ProgressTracker:
    """Async progress reporting for the UI, fed by the job runners."""

    def __init__(self, publish: Callable[[dict], Any]) -> None:
        self._publish = publish
        self._done = 0
        self._bytes = 0
        self._lock = asyncio.Lock()
        self._heartbeat: Optional[asyncio.Task] = None

    async def start(self) -> None:
        self._heartbeat = asyncio.create_task(self._beat())  # ok: fire-and-forget

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(5)
            await self._publish({"done": self._done, "bytes": self._bytes})

    async def job_done(self, size: int) -> None:
        done = self._done
        await self._publish({"event": "job_done", "size": size})
        self._done = done + 1  # expect: async-race

    async def bytes_done(self, size: int) -> None:
        async with self._lock:
            current = self._bytes
            await self._publish({"event": "bytes", "size": size})  # ok: lock-held-across-call
            self._bytes = current + size  # ok: async-race

    async def retry_later(self, job: Job, delay: float) -> None:
        loop = asyncio.get_running_loop()
        loop.create_task(self._requeue(job, delay))  # expect: fire-and-forget

    async def _requeue(self, job: Job, delay: float) -> None:
        await asyncio.sleep(delay)
        time.sleep(0.05)  # expect: blocking-in-async
        await self._publish({"event": "requeued", "id": job.id})

    async def stop(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            try:
                await self._heartbeat
            except asyncio.CancelledError:
                pass


def _reap_children() -> None:  # expect: unguarded-callback
    while True:
        pid, status = os.waitpid(-1, 0)
        log.info("child %d exited with %d", pid, status)


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    worker = JobWorker("redis://localhost:6379/0", handlers={"noop": lambda p: None})
    threading.Thread(target=_reap_children, daemon=True).start()
    worker.start()
    try:
        while not worker._shutdown_requested:
            time.sleep(1)  # ok: blocking-in-async
    finally:
        worker.stop_bounded()


if __name__ == "__main__":
    main()
