"""A job worker: the asyncio hazards that reach production backlogs."""
import asyncio
import subprocess
import time


class Worker:
    def __init__(self) -> None:
        self._jobs = asyncio.Queue()  # no maxsize: producers never slow down
        self._seen = {}  # grows forever: nothing removes from it

    async def submit(self, job_id: str, cmd: list[str]) -> None:
        self._seen[job_id] = cmd
        await self._jobs.put(cmd)

    async def run_one(self) -> None:
        cmd = await self._jobs.get()
        asyncio.create_task(self._report(cmd))  # dropped: may vanish mid-flight
        time.sleep(0.1)  # blocks the event loop
        subprocess.run(cmd, check=True)  # no timeout, and blocking in async

    async def _report(self, cmd: list[str]) -> None:
        await asyncio.sleep(0)
