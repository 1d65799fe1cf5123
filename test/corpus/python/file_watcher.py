"""File watching for config hot-reload and the upload spool directory.

watchdog calls handler methods on its observer thread; anything they raise
kills that thread silently, and everything they touch is shared with the loop.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Callable, Optional

from watchdog.events import FileSystemEvent, FileSystemEventHandler, PatternMatchingEventHandler
from watchdog.observers import Observer

log = logging.getLogger(__name__)

IGNORED_SUFFIXES = (".swp", ".tmp", "~")


class ConfigReloadHandler(FileSystemEventHandler):
    """Reloads the service config whenever the file changes."""

    def __init__(self, path: Path, on_reload: Callable[[dict], None]) -> None:
        super().__init__()
        self._path = path
        self._on_reload = on_reload

    def on_modified(self, event: FileSystemEvent) -> None:  # expect: unguarded-callback
        if Path(event.src_path) != self._path:
            return
        with open(self._path, encoding="utf-8") as fh:
            config = json.load(fh)
        self._on_reload(config)


class SafeConfigReloadHandler(FileSystemEventHandler):
    """Same as ConfigReloadHandler, but a bad file only logs."""

    def __init__(self, path: Path, on_reload: Callable[[dict], None]) -> None:
        super().__init__()
        self._path = path
        self._on_reload = on_reload

    def on_modified(self, event: FileSystemEvent) -> None:  # ok: unguarded-callback
        try:
            if Path(event.src_path) != self._path:
                return
            with open(self._path, encoding="utf-8") as fh:
                config = json.load(fh)
            self._on_reload(config)
        except Exception:
            log.exception("config reload failed; keeping the previous config")


class SpoolHandler(PatternMatchingEventHandler):
    """Tracks files dropped into the upload spool for the async uploader."""

    def __init__(self, loop: asyncio.AbstractEventLoop, ignored: list[str]) -> None:
        super().__init__(patterns=["*.csv", "*.json"], ignore_directories=True)
        self._loop = loop
        self._ignored = ignored
        self._changed: set[str] = set()  # ok: unbounded-container
        self._ready: asyncio.Queue[str] = asyncio.Queue(maxsize=1000)  # ok: unbounded-container

    def on_created(self, event: FileSystemEvent) -> None:  # expect: unguarded-callback
        size = os.path.getsize(event.src_path)
        log.debug("spooled %s (%d bytes)", event.src_path, size)
        self._loop.call_soon_threadsafe(self._ready.put_nowait, event.src_path)

    def on_modified(self, event: FileSystemEvent) -> None:  # ok: unguarded-callback
        try:
            self._changed.add(event.src_path)  # expect: async-race
        except Exception:
            log.exception("could not record change")

    def on_moved(self, event: FileSystemEvent) -> None:  # ok: unguarded-callback
        try:
            self._loop.call_soon_threadsafe(self._ready.put_nowait, event.dest_path)  # ok: async-race
        except RuntimeError:
            log.warning("loop closed; dropping %s", event.dest_path)

    def filter_ignored(self, paths: list[str]) -> list[str]:
        kept = []
        for path in paths:
            if os.path.basename(path) in self._ignored:  # expect: linear-scan
                continue
            if path.endswith(IGNORED_SUFFIXES):
                continue
            kept.append(path)
        return kept

    async def next_ready(self) -> str:
        return await self._ready.get()  # ok: wait-without-timeout

    async def changed_since_last_call(self) -> list[str]:
        await asyncio.sleep(0)
        changed = sorted(self._changed)
        self._changed.clear()
        return self.filter_ignored(changed)


class ManifestIndex(FileSystemEventHandler):
    """Keeps an index of manifest files for the catalog endpoint."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self._root = root
        self._lock = threading.Lock()
        self._paths: list[str] = sorted(str(p) for p in root.glob("*.manifest"))  # ok: unbounded-container

    def on_created(self, event: FileSystemEvent) -> None:  # ok: unguarded-callback
        try:
            with self._lock:
                self._paths.append(event.src_path)  # ok: async-race
        except Exception:
            log.exception("index update failed")

    def on_deleted(self, event: FileSystemEvent) -> None:  # expect: unguarded-callback
        with self._lock:
            self._paths.remove(event.src_path)

    def snapshot(self) -> list[str]:
        with self._lock:
            return list(self._paths)

    async def manifests(self) -> list[str]:
        return await asyncio.to_thread(self.snapshot)


class PollingWatcher:
    """Fallback for network filesystems where inotify does not work."""

    def __init__(self, root: Path, interval: float, on_change: Callable[[str], None]) -> None:
        self._root = root
        self._interval = interval
        self._on_change = on_change
        self._mtimes: dict[str, float] = {}  # ok: unbounded-container
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="poll-watcher", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self._interval * 2)  # ok: wait-without-timeout

    def _poll(self) -> None:  # expect: unguarded-callback
        while not self._stop.wait(self._interval):  # ok: wait-without-timeout
            current = {str(p): p.stat().st_mtime for p in self._root.iterdir() if p.is_file()}
            for path, mtime in current.items():
                if self._mtimes.get(path) != mtime:
                    self._on_change(path)
            self._mtimes = current


class WatchService:
    """Owns the observer and its handlers for the lifetime of the process."""

    def __init__(self, config_path: Path, spool: Path, loop: asyncio.AbstractEventLoop) -> None:
        self._observer = Observer()
        self._config = SafeConfigReloadHandler(config_path, self._apply_config)
        self._spool = SpoolHandler(loop, ignored=["README", ".DS_Store"])
        self._observer.schedule(self._config, str(config_path.parent))
        self._observer.schedule(self._spool, str(spool))
        self._config_version = 0
        self._current: Optional[dict] = None

    def _apply_config(self, config: dict) -> None:
        self._current = config
        self._config_version += 1

    def start(self) -> None:
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join()  # expect: wait-without-timeout

    def stop_bounded(self, grace: float = 5.0) -> bool:
        self._observer.stop()
        self._observer.join(timeout=grace)  # ok: wait-without-timeout
        return not self._observer.is_alive()


def wait_for_file(path: Path, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            return True
        time.sleep(0.25)  # ok: blocking-in-async
    return False
