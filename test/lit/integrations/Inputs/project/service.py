import subprocess

import redis

r = redis.Redis()


def names():
    return r.keys("a:*")


def sync():
    subprocess.run(["sync"])  # hazardlint: ignore[wait-without-timeout]


def other():
    # hazardlint: ignore[hazard/redis-keys]
    return r.keys("b:*")


def stale():
    return 1  # hazardlint: ignore[redis-keys]
