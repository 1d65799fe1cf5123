"""In-memory ledger with a write-behind journal, used by the billing worker.

Lock discipline (intended): accounts before journal. Two code paths below
got it backwards.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Optional

import redis

log = logging.getLogger(__name__)

_REGISTRY_LOCK = threading.Lock()
_FLUSH_LOCK = threading.RLock()
_ACCOUNT_TYPES: dict[str, str] = {}  # ok: unbounded-container
_PENDING_FLUSH: list[str] = []  # ok: unbounded-container


@dataclass
class Entry:
    account: str
    amount: Decimal
    memo: str
    ts: float


class Ledger:
    def __init__(self, redis_url: str, journal_limit: int = 10_000) -> None:
        self._accounts_lock = threading.Lock()
        self._journal_lock = threading.Lock()
        self._balances: dict[str, Decimal] = {}  # ok: unbounded-container
        self._journal: deque[Entry] = deque()  # ok: unbounded-container
        self._journal_limit = journal_limit
        self._redis = redis.Redis.from_url(redis_url, socket_timeout=2)
        self._cond = threading.Condition()
        self._flushed_upto = 0
        self._closed = False

    def open_account(self, account: str) -> None:
        with self._accounts_lock:
            self._balances.setdefault(account, Decimal(0))

    def close_account(self, account: str) -> Decimal:
        with self._accounts_lock:
            return self._balances.pop(account, Decimal(0))

    def post(self, account: str, amount: Decimal, memo: str = "") -> Decimal:
        entry = Entry(account, amount, memo, time.time())
        with self._accounts_lock:
            balance = self._balances.get(account, Decimal(0)) + amount
            self._balances[account] = balance
            with self._journal_lock:  # expect: lock-held-across-call@ledger-order
                self._journal.append(entry)
        return balance

    def compact(self) -> int:
        """Folds old journal entries into the balances."""
        with self._journal_lock:
            overflow = len(self._journal) - self._journal_limit
            if overflow <= 0:
                return 0
            folded = [self._journal.popleft() for _ in range(overflow)]
            with self._accounts_lock:  # expect: lock-held-across-call@ledger-order
                for e in folded:
                    self._balances.setdefault(e.account, Decimal(0))
        return len(folded)

    def compact_in_order(self) -> int:
        """compact() with the documented order: accounts, then journal."""
        with self._accounts_lock:
            known = set(self._balances)
        with self._journal_lock:  # ok: lock-held-across-call
            overflow = max(0, len(self._journal) - self._journal_limit)
            folded = [self._journal.popleft() for _ in range(overflow)]
        missing = {e.account for e in folded if e.account not in known}  # ok: linear-scan
        if missing:
            with self._accounts_lock:
                for account in missing:
                    self._balances.setdefault(account, Decimal(0))
        return len(folded)

    def balance(self, account: str) -> Decimal:
        with self._accounts_lock:
            return self._balances.get(account, Decimal(0))

    def persist(self) -> int:
        with self._journal_lock:
            entries = list(self._journal)
        pipe = self._redis.pipeline()
        for e in entries:
            pipe.rpush("ledger:journal", f"{e.ts}|{e.account}|{e.amount}|{e.memo}")
        pipe.execute()  # ok: lock-held-across-call
        with self._cond:
            self._flushed_upto += len(entries)
            self._cond.notify_all()
        return len(entries)

    def wait_flushed(self, count: int, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._flushed_upto < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(timeout=remaining)  # ok: lock-held-across-call, wait-without-timeout
        return True

    def close(self) -> None:
        with self._accounts_lock:
            self._closed = True
            self._redis.close()  # expect: lock-held-across-call

    def close_cleanly(self) -> None:
        with self._accounts_lock:
            self._closed = True
        self._redis.close()  # ok: lock-held-across-call


def register_account_type(account: str, kind: str) -> None:
    with _REGISTRY_LOCK:
        _ACCOUNT_TYPES[account] = kind
        with _FLUSH_LOCK:  # expect: lock-held-across-call@registry-order
            _PENDING_FLUSH.append(account)


def unregister_account_type(account: str) -> None:
    with _REGISTRY_LOCK:
        _ACCOUNT_TYPES.pop(account, None)


def flush_account_types(write: Callable[[dict[str, str]], None]) -> int:
    with _FLUSH_LOCK:
        names = list(_PENDING_FLUSH)
        _PENDING_FLUSH.clear()
        with _REGISTRY_LOCK:  # expect: lock-held-across-call@registry-order
            snapshot = {n: _ACCOUNT_TYPES[n] for n in names if n in _ACCOUNT_TYPES}
    write(snapshot)  # ok: lock-held-across-call
    return len(snapshot)


class Reconciler:
    """Compares the ledger with the bank feed on a schedule."""

    def __init__(self, ledger: Ledger, fetch_feed: Callable[[], dict[str, Decimal]]) -> None:
        self._ledger = ledger
        self._fetch_feed = fetch_feed
        self._lock = threading.Lock()
        self._last_diff: dict[str, Decimal] = {}  # ok: unbounded-container
        self._last_feed: dict[str, Decimal] = {}  # ok: unbounded-container
        self._thread: Optional[threading.Thread] = None
        self._stop = threading.Event()

    def start(self, every: float = 300.0) -> None:
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)
        self._thread.start()

    def _run(self, every: float) -> None:  # ok: unguarded-callback
        try:
            while not self._stop.wait(every):  # ok: wait-without-timeout
                try:
                    self.reconcile()
                except Exception:
                    log.exception("reconciliation failed")
        except Exception:
            log.exception("reconciler thread stopped")

    def reconcile(self) -> dict[str, Decimal]:
        feed = self._fetch_feed()
        diff = {}
        for account, amount in feed.items():
            ours = self._ledger.balance(account)
            if ours != amount:
                diff[account] = amount - ours
        with self._lock:
            self._last_diff = diff
        return diff

    def refresh_feed_locked(self) -> dict[str, Decimal]:
        """Older variant kept for the CLI: fetches the feed under the lock."""
        with self._lock:
            feed = self._fetch_feed()  # expect: lock-held-across-call
            self._last_feed = dict(feed)
            return self._last_feed
