# RUN: not %hazardlint check --select wait-without-timeout %s 2>&1 | FileCheck %s --implicit-check-not="[wait-without-timeout]"
# A program that hands over to its child (its exit code becomes the
# program's), and a get() that only runs while the queue has items, do not
# wait for something that may never come.
import queue
import subprocess
import sys


def inspector(cmd):
    result = subprocess.run(cmd)
    sys.exit(result.returncode)


def wrapper(cmd):
    sys.exit(subprocess.call(cmd))


def server(cmd):
    proc = subprocess.Popen(cmd)
    code = proc.wait()
    raise SystemExit(code)


def drain(q: queue.Queue):
    while not q.empty():
        item = q.get()
        print(item)
    if not q.empty():
        q.get()


# Still reported: the exit code is not handed on, or the get is not guarded.
def helper(cmd):
    result = subprocess.run(cmd)
    # CHECK: :[[@LINE-1]]:14: warning: 'subprocess.run' waits with no timeout{{.*}}[wait-without-timeout]
    print(result.returncode)
    sys.exit(0)


def consume(q: queue.Queue):
    while True:
        if q.empty():
            continue
        q.get()
        # CHECK: :[[@LINE-1]]:9: warning: 'queue.Queue.get' waits with no timeout{{.*}}[wait-without-timeout]


# Killed on every path before the wait (per platform, through a pid kept in
# a local): the wait reaps a dead child.
import asyncio
import os
import signal


async def stop(process: asyncio.subprocess.Process, windows):
    pid = process.pid
    if not windows:
        with open(os.devnull) as _:
            os.killpg(os.getpgid(pid), signal.SIGKILL)
    else:
        process.kill()
    await process.wait()


# Not on every path: the child may still run.
async def stop_maybe(process: asyncio.subprocess.Process, windows):
    if not windows:
        process.kill()
    await process.wait()
    # CHECK: :[[@LINE-1]]:11: warning: '{{.*}}Process.wait' waits with no timeout{{.*}}[wait-without-timeout]
