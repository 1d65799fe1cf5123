# RUN: not %hazardlint check %s 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="[unguarded-callback]"
# No automatic fix: --fix leaves the file as it is.
# RUN: cp %s %t.py
# RUN: not %hazardlint check --fix --select unguarded-callback --unsafe-fixes %t.py
# RUN: diff %s %t.py
# RUN: %python -m py_compile %t.py
import asyncio
import functools
import logging
import signal
import sys
import threading
import threading as th
import signal as sg

import watchdog.events as wev
from signal import signal as on_signal
from threading import Thread as T, Timer as Later
from watchdog.events import FileSystemEventHandler
from watchdog.events import PatternMatchingEventHandler as PMH

log = logging.getLogger(__name__)


def load(path):
    return open(path).read()


class Reloader(FileSystemEventHandler):
    def on_modified(self, event):
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: watchdog handler 'on_modified' has no try/except around its body; an exception there stops the observer thread and no further file events are delivered [unguarded-callback]
        config = load(event.src_path)
        self.apply(config)

    def on_created(self, event):
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: watchdog handler 'on_created'{{.*}}[unguarded-callback]
        # The try is narrow and the first call is outside it.
        config = load(event.src_path)
        try:
            self.apply(config)
        except OSError:
            log.warning("cannot apply %s", event.src_path)

    def apply(self, config):
        # Not a handler method: called by the handlers above.
        return config


class Patterns(PMH):
    @functools.wraps(load)
    def on_any_event(self, event):
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: watchdog handler 'on_any_event'{{.*}}[unguarded-callback]
        log.info("%s", event.src_path)
        load(event.src_path)


class Base(wev.FileSystemEventHandler):
    pass


class Derived(Base):
    def on_deleted(self, event):
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: watchdog handler 'on_deleted'{{.*}}[unguarded-callback]
        self.index.pop(event.src_path)


class Worker:
    def __init__(self):
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run,
            daemon=True,
        )

    def _run(self):
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: thread target '_run' has no try/except around its body; an exception there ends the thread, with only a traceback on stderr to say so [unguarded-callback]
        while not self._stop.is_set():
            self.step()

    def step(self):
        return 1


def poll(queue):
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread target 'poll'{{.*}}[unguarded-callback]
    for item in queue:
        print(item["id"])


th.Thread(target=poll, args=([],)).start()
th.Timer(5.0, poll, args=([],)).start()


def main():
    def nested_worker():
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: thread target 'nested_worker'{{.*}}[unguarded-callback]
        load("/etc/hosts")

    threading.Thread(target=nested_worker).start()


def on_term(signum, frame):
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: signal handler 'on_term' has no try/except around its body; an exception there is raised in whatever the main thread was executing [unguarded-callback]
    log.info("terminating")
    shutdown()


def shutdown():
    pass


sg.signal(sg.SIGTERM, on_term)


def aliased_target():
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread target 'aliased_target'{{.*}}[unguarded-callback]
    load("/etc/hosts")


def aliased_timer():
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread target 'aliased_timer'{{.*}}[unguarded-callback]
    load("/etc/hosts")


def on_usr1(signum, frame):
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: signal handler 'on_usr1'{{.*}}[unguarded-callback]
    load("/etc/hosts")


T(target=aliased_target).start()
Later(1.0, aliased_timer).start()
on_signal(signal.SIGUSR1, on_usr1)


# Negatives.
class Considered(FileSystemEventHandler):
    def on_moved(self, event):
        # The whole body is in a try whose handler the author chose.
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, event.dest_path)
        except RuntimeError:
            log.warning("loop closed; dropping %s", event.dest_path)

    def on_created(self, event):
        """Trivial statements may sit outside the try."""
        self._seen = True
        try:
            self.apply(load(event.src_path))
        except (OSError, ValueError) as exc:
            log.warning("cannot read %s: %s", event.src_path, exc)


def own_thread_class():
    from mylib import Thread as Other

    def not_a_thread_target():
        load("/etc/hosts")

    Other(target=not_a_thread_target).start()


class Guarded(FileSystemEventHandler):
    def on_moved(self, event):
        """Moves are logged."""
        try:
            log.info("%s -> %s", event.src_path, event.dest_path)
        except Exception:
            log.exception("move handler failed")

    def on_closed(self, event):
        pass


class NotWatchdog:
    def on_created(self, event):
        load(event.src_path)


class GuardedWorker:
    def __init__(self):
        self._stop = threading.Event()
        self._stopped = False
        threading.Thread(target=self._loop).start()
        threading.Thread(target=lambda: load("x")).start()
        threading.Thread(target=print).start()

    def _loop(self):
        while not self._stop.is_set():
            try:
                load("/etc/hosts")
            except BaseException:
                log.exception("worker step failed")

    def _narrow_loop(self):
        while not self._stop.is_set():
            try:
                load("/etc/hosts")
            except OSError:
                self._stop.wait(1.0)

    def start_narrow(self):
        T(target=self._narrow_loop).start()

    def _aliased(self):
        try:
            load("/etc/hosts")
        except (OSError, Exception) as exc:
            log.error("failed: %s", exc)

    def start(self):
        threading.Thread(target=self._aliased).start()


def flag_handler(signum, frame):
    global STOPPING
    STOPPING = True


def event_handler(signum, frame):
    STOP.set()


STOP = threading.Event()
STOPPING = False
signal.signal(signal.SIGINT, flag_handler)
signal.signal(signal.SIGHUP, event_handler)
signal.signal(signal.SIGUSR1, signal.SIG_IGN)


def bare(signum, frame):
    try:
        shutdown()
    except:  # noqa: E722
        pass


signal.signal(signal.SIGUSR2, bare)


# Raising from a signal handler is how a program interrupts its main thread:
# not reported.
class JobTimeout(Exception):
    pass


def on_alarm(signum, frame):
    raise JobTimeout("job exceeded its time limit")


def on_term(signum, frame):
    logging.getLogger(__name__).info("terminating")
    sys.exit(0)


signal.signal(signal.SIGALRM, on_alarm)
signal.signal(signal.SIGTERM, on_term)


# A handler that fails by accident still is.
def on_usr2(signum, frame):
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: signal handler 'on_usr2'{{.*}}[unguarded-callback]
    reload_config("/etc/app.toml")
    if STOPPING:
        raise JobTimeout("late")


signal.signal(signal.SIGUSR2, on_usr2)


# Setting the thread's loop and logging cannot fail: only the loop's run is
# guarded, and that is enough.
class LoopThread:
    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.log = logging.getLogger("loop")

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.log.info("loop starting")
        try:
            self.loop.run_forever()
        except Exception:
            self.log.exception("loop died")

    def _run_unguarded(self):
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: thread target '_run_unguarded'{{.*}}[unguarded-callback]
        self.loop.run_until_complete(self.prepare())
        try:
            self.loop.run_forever()
        except Exception:
            self.log.exception("loop died")

    def start(self):
        threading.Thread(target=self._run).start()
        threading.Thread(target=self._run_unguarded).start()


# Exiting in a branch is exiting on purpose: that branch is covered, and the
# handler's other statements are judged as usual.
def on_int(signum, frame):
    if STOPPING:
        sys.exit(1)
    else:
        STOP.set()


def on_quit(signum, frame):
    log.info("quitting")
    if signum == signal.SIGQUIT:
        raise SystemExit(3)
    STOP.set()


def on_hup(signum, frame):
    # CHECK-MESSAGES: :[[@LINE-1]]:5: warning: signal handler 'on_hup'{{.*}}[unguarded-callback]
    if STOPPING:
        sys.exit(0)
    reload_config("/etc/app.toml")


signal.signal(signal.SIGINT, on_int)
signal.signal(signal.SIGQUIT, on_quit)
signal.signal(signal.SIGHUP, on_hup)


# dict.pop with a default cannot raise KeyError; without one it can.
class Expiring:
    def __init__(self):
        self._lock = threading.Lock()
        self._pending = {}

    def expire(self, key):
        with self._lock:
            self._pending.pop(key, None)
        log.debug("expired %s", key)

    def expire_strict(self, key):
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: thread target 'expire_strict'{{.*}}[unguarded-callback]
        with self._lock:
            self._pending.pop(key)

    def schedule(self, key):
        threading.Timer(5.0, self.expire, args=(key,)).start()
        threading.Timer(5.0, self.expire_strict, args=(key,)).start()


# `return sys.exit(code)` in a branch exits on purpose like a bare call.
RUNNING = True


def term_handler(signum, frame):
    global RUNNING
    if RUNNING:
        logging.info("stopping")
        RUNNING = False
    else:
        logging.warning("killing")
        return sys.exit(3)


signal.signal(signal.SIGTERM, term_handler)
