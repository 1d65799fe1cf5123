# RUN: not %hazardlint check %s 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not="[decompression-bomb]"
# No automatic fix: --fix leaves the file as it is.
# RUN: cp %s %t.py
# RUN: not %hazardlint check --fix --select decompression-bomb --unsafe-fixes %t.py
# RUN: diff %s %t.py
# RUN: %python -m py_compile %t.py
import aiohttp
import base64
import bz2
import functools
import gzip
import io
import lzma
import socket
import zlib
import zlib as z
from gzip import decompress
from zlib import decompress as dz
from bz2 import decompress as bunzip
from gzip import GzipFile as GF

import requests


async def upload(request):
    body = await request.body()
    return zlib.decompress(body)
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: zlib.decompress() inflates 'body' with no limit on the output size; a small compressed payload can expand to gigabytes [decompression-bomb]


def flask_view(request):
    return z.decompress(request.get_data())
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: zlib.decompress() inflates 'request.get_data()'{{.*}}[decompression-bomb]


def from_parameter(payload: bytes):
    raw = base64.b64decode(payload)
    return decompress(raw)
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: gzip.decompress() inflates 'raw'{{.*}}[decompression-bomb]


def attribute_of_parameter(msg):
    return bz2.decompress(
        msg.data
    )
    # CHECK-MESSAGES: :[[@LINE-3]]:12: warning: bz2.decompress() inflates 'msg.data'{{.*}}[decompression-bomb]


def item_of_parameter(event):
    return lzma.decompress(event["payload"])
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: lzma.decompress() inflates 'event["payload"]'{{.*}}[decompression-bomb]


async def from_stream(reader, writer):
    chunk = await reader.read(65536)
    return zlib.decompressobj().decompress(chunk)
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: zlib.decompressobj().decompress() inflates 'chunk'{{.*}}[decompression-bomb]


def from_socket(host):
    sock = socket.create_connection((host, 9000))
    d = zlib.decompressobj()
    return d.decompress(sock.recv(4096))
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: zlib.decompressobj().decompress() inflates 'sock.recv(4096)'{{.*}}[decompression-bomb]


def from_http(url):
    resp = requests.get(url, timeout=5)
    return gzip.decompress(resp.content)
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: gzip.decompress() inflates 'resp.content'{{.*}}[decompression-bomb]


async def from_aiohttp(session: aiohttp.ClientSession, url):
    async with session.get(url) as resp:
        data = await resp.read()
    return zlib.decompress(data, wbits=47)
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: zlib.decompress() inflates 'data'{{.*}}[decompression-bomb]


def gzip_file_object(request):
    with gzip.GzipFile(fileobj=request.stream) as f:
        return f.read()
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: gzip.GzipFile.read() inflates 'f'{{.*}}[decompression-bomb]


def gzip_open_bytes(body: bytes):
    return gzip.open(io.BytesIO(body)).read()
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: gzip.GzipFile.read() inflates 'gzip.open(io.BytesIO(body))'{{.*}}[decompression-bomb]


def aliased_class(blob):
    return GF(fileobj=io.BytesIO(blob)).read(-1)
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: gzip.GzipFile.read() inflates 'GF(fileobj=io.BytesIO(blob))'{{.*}}[decompression-bomb]


class Handler:
    def __init__(self):
        self._d = bz2.BZ2Decompressor()

    @functools.lru_cache(maxsize=8)
    def handle(self, frame):
        return self._d.decompress(frame)
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: bz2.BZ2Decompressor.decompress() inflates 'frame'{{.*}}[decompression-bomb]

    async def nested(self, request):
        def inner(data):
            return zlib.decompress(data)
            # CHECK-MESSAGES: :[[@LINE-1]]:20: warning: zlib.decompress() inflates 'data'{{.*}}[decompression-bomb]

        return (lambda: inner(await_body(request)))()


def await_body(request):
    return request.body


# Negatives: bounded, trusted or not decompression at all.
STATIC = zlib.compress(b"x" * 100)
print(zlib.decompress(b"x\x9c\x03\x00\x00\x00\x00\x01"))
print(zlib.decompress(STATIC))


def bounded(request):
    d = zlib.decompressobj()
    out = d.decompress(request.data, 1 << 20)
    also = zlib.decompressobj().decompress(request.data, max_length=4096)
    lz = lzma.LZMADecompressor().decompress(request.data, 4096)
    return out, also, lz


def chunked(request):
    with gzip.GzipFile(fileobj=request.stream) as f:
        return f.read(65536)


def local_path(path):
    # A path names a local file, not request data.
    with gzip.open(path) as f:
        return f.read()


class Cache:
    def __init__(self):
        self.blob = zlib.compress(b"cached")

    def load(self):
        return zlib.decompress(self.blob)


def own_file():
    with open("data.z", "rb") as fh:
        return zlib.decompress(fh.read())


class Codec:
    def decompress(self, data):
        return data


def not_zlib(request, codec: Codec):
    return codec.decompress(request.data), Codec().decompress(request.data)


async def renamed_import(request):
    payload = await request.read()
    return dz(payload)
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: zlib.decompress() inflates 'payload'{{.*}}[decompression-bomb]


def renamed_bz2(sock: socket.socket):
    return bunzip(sock.recv(4096))
    # CHECK-MESSAGES: :[[@LINE-1]]:12: warning: bz2.decompress() inflates 'sock.recv(4096)'{{.*}}[decompression-bomb]


def renamed_on_trusted_data():
    # A constant, not request data: not reported.
    return dz(b"x\x9c\x03\x00\x00\x00\x00\x01")


async def reassigned(request):
    # The body read from the request is rebound to its inflated form.
    body = await request.read()
    if request.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
        # CHECK-MESSAGES: :[[@LINE-1]]:16: warning: gzip.decompress() inflates 'body'{{.*}}[decompression-bomb]
    return body


async def reassigned_trusted(request):
    # Rebinding a constant: the right-hand `blob` is the constant.
    blob = b"constant"
    blob = gzip.decompress(blob)
    return blob
