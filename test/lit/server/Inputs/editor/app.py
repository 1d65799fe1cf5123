import asyncio
import time


async def fetch():
    time.sleep(1)
    return "done"
