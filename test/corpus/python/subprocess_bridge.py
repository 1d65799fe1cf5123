"""Bridges between the async service and external command-line tools.

`ToolRunner` runs one-shot commands (formatters, converters), `ReplSession`
drives a long-lived interpreter over pipes, and the module functions are used
by the build-info endpoint and the admin CLI.
"""
from __future__ import annotations

import asyncio
import logging
import os
import shlex
import subprocess
from dataclasses import dataclass
from subprocess import PIPE, Popen
from subprocess import run as sh
from typing import Any, Optional, Sequence

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 30.0


@dataclass
class RunResult:
    argv: Sequence[str]
    returncode: int
    stdout: bytes
    stderr: bytes

    @property
    def ok(self) -> bool:
        return self.returncode == 0


class ToolError(RuntimeError):
    pass


class ToolRunner:
    """Runs external tools with bounded parallelism and a per-call timeout."""

    def __init__(self, max_parallel: int = 4, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._sem = asyncio.Semaphore(max_parallel)
        self._timeout = timeout

    async def run(self, argv: Sequence[str], stdin: Optional[bytes] = None) -> RunResult:
        async with self._sem:
            proc = await asyncio.create_subprocess_exec(
                *argv, stdin=PIPE, stdout=PIPE, stderr=PIPE
            )
            try:
                out, err = await asyncio.wait_for(proc.communicate(stdin), timeout=self._timeout)  # ok: wait-without-timeout
            except asyncio.TimeoutError:
                proc.kill()
                await asyncio.wait_for(proc.wait(), timeout=5)  # ok: wait-without-timeout
                raise ToolError(f"{argv[0]} timed out after {self._timeout}s")
            return RunResult(argv, proc.returncode or 0, out, err)

    async def run_scoped(self, argv: Sequence[str]) -> RunResult:
        async with asyncio.timeout(self._timeout):
            proc = await asyncio.create_subprocess_exec(*argv, stdout=PIPE, stderr=PIPE)
            out, err = await proc.communicate()  # ok: wait-without-timeout
        return RunResult(argv, proc.returncode or 0, out, err)

    async def run_detached(self, argv: Sequence[str]) -> int:
        """Starts a background tool and reports its exit status."""
        proc = await asyncio.create_subprocess_exec(*argv, stdout=subprocess.DEVNULL)
        log.info("started %s as pid %d", argv[0], proc.pid)
        return await proc.wait()  # expect: wait-without-timeout

    async def version(self, tool: str) -> str:
        proc = await asyncio.create_subprocess_shell(
            f"{shlex.quote(tool)} --version", stdout=PIPE, stderr=PIPE
        )
        stdout, _ = await proc.communicate()  # expect: wait-without-timeout
        return stdout.decode().strip()

    async def convert(self, src: str, dst: str) -> None:
        result = subprocess.run(["convert", src, dst], capture_output=True, timeout=60)  # expect: blocking-in-async
        if result.returncode != 0:
            raise ToolError(result.stderr.decode(errors="replace"))

    async def convert_offloaded(self, src: str, dst: str) -> None:
        result = await asyncio.to_thread(
            subprocess.run, ["convert", src, dst], capture_output=True, timeout=60  # ok: blocking-in-async
        )
        if result.returncode != 0:
            raise ToolError(result.stderr.decode(errors="replace"))

    async def flush_disks(self) -> None:
        os.system("sync")  # expect: blocking-in-async

    async def checksum(self, path: str) -> str:
        loop = asyncio.get_running_loop()

        def _sha() -> str:
            out = subprocess.check_output(["sha256sum", path], timeout=120)  # ok: blocking-in-async, wait-without-timeout
            return out.split()[0].decode()

        return await loop.run_in_executor(None, _sha)


class ReplSession:
    """One long-lived interpreter; requests are serialised by a lock."""

    def __init__(self, argv: Sequence[str], reply_timeout: float = 10.0) -> None:
        self._argv = list(argv)
        self._lock = asyncio.Lock()
        self._proc: Optional[asyncio.subprocess.Process] = None
        self._reply_timeout = reply_timeout

    async def start(self) -> None:
        self._proc = await asyncio.create_subprocess_exec(
            *self._argv, stdin=PIPE, stdout=PIPE, stderr=subprocess.STDOUT
        )

    async def ask(self, line: str) -> str:
        assert self._proc is not None and self._proc.stdin and self._proc.stdout
        async with self._lock:
            self._proc.stdin.write(line.encode() + b"\n")
            reply = await self._proc.stdout.readline()  # expect: lock-held-across-call
        return reply.decode().rstrip("\n")

    async def ask_bounded(self, line: str) -> str:
        assert self._proc is not None and self._proc.stdin and self._proc.stdout
        async with self._lock:
            self._proc.stdin.write(line.encode() + b"\n")
            reply = await asyncio.wait_for(self._proc.stdout.readline(), self._reply_timeout)  # ok: lock-held-across-call
        return reply.decode().rstrip("\n")

    async def close(self) -> None:
        if self._proc is None:
            return
        if self._proc.stdin:
            self._proc.stdin.close()
        try:
            await asyncio.wait_for(self._proc.wait(), timeout=5)  # ok: wait-without-timeout
        except asyncio.TimeoutError:
            self._proc.kill()


def git_revision(repo: str) -> str:
    """Used by the build-info endpoint at startup."""
    out = subprocess.check_output(["git", "-C", repo, "rev-parse", "HEAD"])  # expect: wait-without-timeout
    return out.decode().strip()


def git_revision_bounded(repo: str) -> str:
    out = subprocess.check_output(["git", "-C", repo, "rev-parse", "HEAD"], timeout=10)  # ok: wait-without-timeout
    return out.decode().strip()


def run_migration(script: str, env: dict[str, str]) -> None:
    completed = sh(  # expect: wait-without-timeout
        ["python", script],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    log.info("migration output: %s", completed.stdout.decode())


def run_with_options(argv: Sequence[str], **options: Any) -> subprocess.CompletedProcess:
    """Callers pass timeout= through options."""
    return subprocess.run(argv, check=False, **options)  # ok: wait-without-timeout


def archive(paths: Sequence[str], dest: str) -> None:
    proc = Popen(["tar", "czf", dest, *paths], stdout=PIPE, stderr=PIPE)
    _, err = proc.communicate()  # expect: wait-without-timeout
    if proc.returncode:
        raise ToolError(err.decode())


def archive_bounded(paths: Sequence[str], dest: str, timeout: float = 300) -> None:
    proc = Popen(["tar", "czf", dest, *paths], stdout=PIPE, stderr=PIPE)
    try:
        _, err = proc.communicate(timeout=timeout)  # ok: wait-without-timeout
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate(timeout=5)  # ok: wait-without-timeout
        raise
    if proc.returncode:
        raise ToolError(err.decode())


def restart_service(name: str) -> int:
    proc = subprocess.Popen(["systemctl", "restart", name])
    return proc.wait()  # expect: wait-without-timeout
