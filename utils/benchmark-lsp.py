#!/usr/bin/env python3
"""Latency of `hazardlint server`: from the end of the debounce after the
last keystroke to the diagnostics of a 1,000-line Python or Go buffer.

    utils/benchmark-lsp.py [--hazardlint build/bin/hazardlint] [--runs 20]

Each run sends one didChange and times publishDiagnostics for it; the
debounce is set to 0, so the time is the lint and the protocol alone.
Prints a markdown table (median and 90th percentile, milliseconds).
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

PY_BLOCK = '''
async def handler_{i}(request):
    data = await request.json()
    total = 0
    for item in data["items"]:
        total += item["price"] * item["count"]
    keys = r.keys("user:{i}:*")
    time.sleep(0.01)
    return total + len(keys)

'''
GO_BLOCK = '''
func Handler{i}(src io.Reader) (int, error) {{
	zr, err := gzip.NewReader(src)
	if err != nil {{
		return 0, err
	}}
	defer zr.Close()
	data, err := io.ReadAll(zr)
	total := len(data) + {i}
	return total, err
}}

'''


def buffer(lang, lines):
    if lang == "python":
        head, block = "import asyncio\nimport time\n\nimport redis\n\nr = redis.Redis()\n", PY_BLOCK
    else:
        head, block = 'package bench\n\nimport (\n\t"compress/gzip"\n\t"io"\n)\n', GO_BLOCK
    text, i = head, 0
    while text.count("\n") < lines:
        text += block.format(i=i)
        i += 1
    return text


class Client:
    def __init__(self, cmd):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def recv(self):
        length = 0
        while True:
            line = self.p.stdout.readline().strip()
            if not line:
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.p.stdout.read(length))

    def wait(self, pred):
        while True:
            m = self.recv()
            if pred(m):
                return m


def measure(hazardlint, lang, runs):
    root = tempfile.mkdtemp()
    path = os.path.join(root, "bench.py" if lang == "python" else "bench.go")
    text = buffer(lang, 1000)
    c = Client([hazardlint, "server"])
    c.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "capabilities": {}, "initializationOptions": {"debounceMs": 0}}})
    c.wait(lambda m: m.get("id") == 1)
    uri = "file://" + path
    c.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": lang, "version": 1, "text": text}}})
    c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    times, found = [], 0
    for v in range(2, runs + 2):
        start = time.perf_counter()
        c.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": v},
            "contentChanges": [{"range": {"start": {"line": 0, "character": 0},
                                          "end": {"line": 0, "character": 0}},
                                "text": "# edit %d\n" % v if lang == "python" else "// edit %d\n" % v}]}})
        m = c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                   and m["params"].get("version") == v)
        times.append((time.perf_counter() - start) * 1000)
        found = len(m["params"]["diagnostics"])
    c.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    c.wait(lambda m: m.get("id") == 2)
    c.send({"jsonrpc": "2.0", "method": "exit"})
    c.p.wait()
    times.sort()
    return text.count("\n"), found, statistics.median(times), times[int(len(times) * 0.9) - 1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hazardlint", default="build/bin/hazardlint")
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    print("| Buffer | Lines | Diagnostics | Median (ms) | p90 (ms) |")
    print("|---|---|---|---|---|")
    for lang in ("python", "go"):
        lines, found, median, p90 = measure(args.hazardlint, lang, args.runs)
        print(f"| {lang} | {lines} | {found} | {median:.1f} | {p90:.1f} |")


if __name__ == "__main__":
    main()
