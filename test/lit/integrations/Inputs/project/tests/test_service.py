import subprocess

import redis


def test_names():
    assert redis.Redis().keys("t:*") == []
    subprocess.run(["true"])
