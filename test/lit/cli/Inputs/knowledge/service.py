import threading

import acme

lock = threading.Lock()


async def handler(key):
    client = acme.Client()
    return client.fetch(key, deadline=5)


def refresh(client: acme.Client, key):
    with lock:
        return client.fetch(key)


async def backoff():
    acme.pause(0.5)
