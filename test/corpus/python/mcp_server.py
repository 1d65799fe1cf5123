"""A small MCP-style tool server speaking JSON-RPC over stdio.

Tools are registered with `@server.tool(...)`; each request runs as its own
task so a slow tool does not hold up the others.
"""
from __future__ import annotations

import asyncio
import base64
import collections
import gzip
import json
import logging
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable, Optional

import requests

log = logging.getLogger("mcp")

ToolFn = Callable[..., Awaitable[Any]]


@dataclass
class Tool:
    name: str
    description: str
    fn: ToolFn
    schema: dict


class RpcError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


class McpServer:
    def __init__(self, name: str, root: Path, db_path: str) -> None:
        self.name = name
        self._root = root
        self._tools: dict[str, Tool] = {}  # ok: unbounded-container
        self._tasks: set[asyncio.Task] = set()  # ok: unbounded-container
        self._schemas: dict[str, dict] = {}  # ok: unbounded-container
        self._request_log = collections.deque()  # expect: unbounded-container
        self._write_lock = asyncio.Lock()
        self._db = sqlite3.connect(db_path, check_same_thread=False)
        self._writer: Optional[asyncio.StreamWriter] = None

    # -- registration -------------------------------------------------------

    def tool(self, name: str, description: str, schema: Optional[dict] = None):
        def register(fn: ToolFn) -> ToolFn:
            self._tools[name] = Tool(name, description, fn, schema or {})
            return fn

        return register

    def unregister(self, name: str) -> None:
        self._tools.pop(name, None)
        self._schemas.pop(name, None)

    def enabled_tools(self, requested: list[str], enabled: list[str]) -> list[str]:
        return [t for t in requested if t not in enabled]  # expect: linear-scan

    # -- transport ----------------------------------------------------------

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writer = writer
        while True:
            line = await reader.readline()
            if not line:
                break
            try:
                msg = json.loads(line)
            except json.JSONDecodeError:
                await self._send({"jsonrpc": "2.0", "error": {"code": -32700, "message": "parse error"}})
                continue
            self._request_log.append((time.time(), msg.get("method")))
            task = asyncio.create_task(self._dispatch(msg))  # ok: fire-and-forget
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=10)

    async def _send(self, payload: dict) -> None:
        assert self._writer is not None
        data = json.dumps(payload).encode() + b"\n"
        async with self._write_lock:
            self._writer.write(data)
            await asyncio.wait_for(self._writer.drain(), timeout=5)  # ok: lock-held-across-call

    async def notify(self, method: str, params: dict) -> None:
        asyncio.create_task(self._send({"jsonrpc": "2.0", "method": method, "params": params}))  # expect: fire-and-forget

    async def progress(self, token: str, done: int, total: int) -> None:
        task = asyncio.create_task(  # expect: fire-and-forget
            self._send({"jsonrpc": "2.0", "method": "progress", "params": [token, done, total]})
        )
        task.add_done_callback(lambda t: t.exception() and log.warning("progress lost"))

    # -- dispatch -----------------------------------------------------------

    async def _dispatch(self, msg: dict) -> None:
        req_id = msg.get("id")
        try:
            result = await self._call(msg.get("method", ""), msg.get("params") or {})
            reply = {"jsonrpc": "2.0", "id": req_id, "result": result}
        except RpcError as exc:
            reply = {"jsonrpc": "2.0", "id": req_id, "error": {"code": exc.code, "message": str(exc)}}
        except Exception as exc:
            log.exception("tool failed")
            reply = {"jsonrpc": "2.0", "id": req_id, "error": {"code": -32603, "message": str(exc)}}
        if req_id is not None:
            await self._send(reply)

    async def _call(self, method: str, params: dict) -> Any:
        if method == "tools/list":
            return [{"name": t.name, "description": t.description} for t in self._tools.values()]
        if method == "tools/call":
            tool = self._tools.get(params.get("name", ""))
            if tool is None:
                raise RpcError(-32601, "unknown tool")
            schema = await self.schema_for(tool.name)
            return await tool.fn(**params.get("arguments", {}), _schema=schema)
        raise RpcError(-32601, f"unknown method {method}")

    async def schema_for(self, name: str) -> dict:
        if name in self._schemas:
            return self._schemas[name]
        self._schemas[name] = await self._load_schema(name)  # expect: cache-stampede
        return self._schemas[name]

    async def _load_schema(self, name: str) -> dict:
        path = self._root / "schemas" / f"{name}.json"
        text = await asyncio.to_thread(path.read_text, encoding="utf-8")  # ok: blocking-in-async
        return json.loads(text)

    # -- built-in tools -----------------------------------------------------

    async def read_resource(self, relpath: str) -> str:
        target = (self._root / relpath).resolve()
        if self._root not in target.parents:
            raise RpcError(-32602, "path escapes root")
        return target.read_text(encoding="utf-8")  # expect: blocking-in-async

    async def list_resources(self, sub: str = ".") -> list[str]:
        base = self._root / sub

        def _walk() -> list[str]:
            return sorted(str(p.relative_to(self._root)) for p in base.rglob("*") if p.is_file())  # ok: blocking-in-async

        return await asyncio.to_thread(_walk)

    async def query(self, sql: str, args: tuple = ()) -> list[tuple]:
        if not sql.lstrip().lower().startswith("select"):
            raise RpcError(-32602, "read-only")
        cur = self._db.execute(sql, args)  # expect: blocking-in-async
        return cur.fetchall()

    async def query_offloaded(self, sql: str, args: tuple = ()) -> list[tuple]:
        return await asyncio.to_thread(lambda: self._db.execute(sql, args).fetchall())  # ok: blocking-in-async

    async def fetch_url(self, url: str) -> str:
        resp = requests.get(url, timeout=10)  # expect: blocking-in-async
        resp.raise_for_status()
        return resp.text[:100_000]

    async def upload_attachment(self, name: str, data_b64: str) -> dict:
        blob = base64.b64decode(data_b64)
        text = gzip.decompress(blob).decode("utf-8")  # expect: decompression-bomb
        dest = self._root / "attachments" / name
        await asyncio.to_thread(dest.write_text, text, encoding="utf-8")  # ok: blocking-in-async
        return {"stored": str(dest), "chars": len(text)}


def build_server(root: str, db: str) -> McpServer:
    server = McpServer("workspace", Path(root), db)

    @server.tool("echo", "Returns its argument")
    async def echo(text: str, _schema: dict) -> str:
        return text

    @server.tool("sleep", "Sleeps, for testing cancellation")
    async def sleep(seconds: float, _schema: dict) -> str:
        await asyncio.sleep(min(seconds, 30))
        return "ok"

    return server


async def main() -> None:
    server = build_server(sys.argv[1], sys.argv[2])
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    transport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin, sys.stdout)
    writer = asyncio.StreamWriter(transport, protocol, reader, loop)
    await server.serve(reader, writer)


if __name__ == "__main__":
    asyncio.run(main())
