"""aiohttp handlers for uploads and telemetry ingestion."""
from __future__ import annotations

import asyncio
import bz2
import gzip
import io
import json
import logging
import lzma
import os
import zlib
from pathlib import Path

import duckdb
from aiohttp import web

log = logging.getLogger(__name__)

UPLOAD_DIR = Path(os.environ.get("UPLOAD_DIR", "/var/lib/app/uploads"))
DB_PATH = os.environ.get("TELEMETRY_DB", "/var/lib/app/telemetry.duckdb")
MAX_INFLATED = 32 * 1024 * 1024
CHUNK = 64 * 1024

routes = web.RouteTableDef()


def inflate_bounded(data: bytes, limit: int = MAX_INFLATED, wbits: int = 47) -> bytes:
    """Inflates gzip/zlib data, refusing output beyond `limit` bytes."""
    inflater = zlib.decompressobj(wbits)
    out = inflater.decompress(data, limit)  # ok: decompression-bomb
    if inflater.unconsumed_tail or not inflater.eof:
        raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=len(data))
    return out


def gunzip_stream_bounded(data: bytes, limit: int = MAX_INFLATED) -> bytes:
    out = bytearray()
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
        while chunk := fh.read(CHUNK):  # ok: decompression-bomb
            out += chunk
            if len(out) > limit:
                raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=len(out))
    return bytes(out)


@routes.post("/upload/{name}")
async def handle_upload(request: web.Request) -> web.Response:
    name = os.path.basename(request.match_info["name"])
    body = await request.read()
    if request.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)  # expect: decompression-bomb
    dest = UPLOAD_DIR / name
    with open(dest, "wb") as fh:  # expect: blocking-in-async
        fh.write(body)
    return web.json_response({"stored": name, "bytes": len(body)})


@routes.post("/upload-safe/{name}")
async def handle_upload_safe(request: web.Request) -> web.Response:
    name = os.path.basename(request.match_info["name"])
    body = await request.read()
    if request.headers.get("Content-Encoding") == "gzip":
        body = inflate_bounded(body)  # ok: decompression-bomb
    dest = UPLOAD_DIR / name
    await asyncio.to_thread(dest.write_bytes, body)  # ok: blocking-in-async
    return web.json_response({"stored": name, "bytes": len(body)})


@routes.post("/telemetry")
async def handle_telemetry(request: web.Request) -> web.Response:
    payload = await request.read()
    encoding = request.headers.get("Content-Encoding", "identity")
    if encoding == "deflate":
        payload = zlib.decompress(payload)  # expect: decompression-bomb
    elif encoding == "br":
        raise web.HTTPUnsupportedMediaType()
    events = [json.loads(line) for line in payload.splitlines() if line]
    await asyncio.to_thread(_store_events, events)
    return web.json_response({"accepted": len(events)})


def _store_events(events: list[dict]) -> None:
    con = duckdb.connect(DB_PATH)  # expect: connection-per-call
    try:
        con.executemany(
            "insert into events values (?, ?, ?)",
            [(e.get("ts"), e.get("kind"), json.dumps(e)) for e in events],
        )
    finally:
        con.close()


@routes.post("/archive")
async def handle_archive(request: web.Request) -> web.Response:
    data = await request.read()
    kind = request.query.get("format", "bz2")
    if kind == "bz2":
        raw = bz2.decompress(data)  # expect: decompression-bomb
    elif kind == "xz":
        raw = lzma.decompress(data)  # expect: decompression-bomb
    else:
        raw = gzip.GzipFile(fileobj=io.BytesIO(data)).read()  # expect: decompression-bomb
    manifest = json.loads(raw.split(b"\n", 1)[0])
    return web.json_response({"entries": len(manifest)})


@routes.post("/archive-safe")
async def handle_archive_safe(request: web.Request) -> web.Response:
    data = await request.read()
    raw = await asyncio.to_thread(gunzip_stream_bounded, data)  # ok: decompression-bomb, blocking-in-async
    manifest = json.loads(raw.split(b"\n", 1)[0])
    return web.json_response({"entries": len(manifest)})


@routes.get("/report/{day}")
async def handle_report(request: web.Request) -> web.Response:
    day = request.match_info["day"]
    con = duckdb.connect(DB_PATH, read_only=True)  # expect: connection-per-call
    rows = con.execute("select kind, count(*) from events where day = ? group by kind", [day]).fetchall()  # expect: blocking-in-async
    con.close()
    return web.json_response(dict(rows))


class TelemetryStore:
    """Shared connection for the report endpoints; queries run on threads."""

    def __init__(self, path: str = DB_PATH) -> None:
        self._con = duckdb.connect(path, read_only=True)  # ok: connection-per-call
        self._lock = asyncio.Lock()

    async def kinds(self, day: str) -> dict[str, int]:
        async with self._lock:
            rows = await asyncio.to_thread(  # ok: lock-held-across-call, blocking-in-async
                lambda: self._con.execute(
                    "select kind, count(*) from events where day = ? group by kind", [day]
                ).fetchall()
            )
        return dict(rows)


def load_fixture(name: str) -> list[dict]:
    """Test fixtures shipped with the service, compressed in the repo."""
    path = Path(__file__).with_name("fixtures") / f"{name}.json.gz"
    return json.loads(gzip.decompress(path.read_bytes()))  # ok: decompression-bomb


def compress_response(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=5)  # ok: decompression-bomb


def make_app() -> web.Application:
    app = web.Application(client_max_size=8 * 1024 * 1024)
    app.add_routes(routes)
    app["telemetry"] = TelemetryStore()
    return app
