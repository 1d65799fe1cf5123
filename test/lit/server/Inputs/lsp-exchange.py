#!/usr/bin/env python3
"""Plays a recorded JSON-RPC exchange against a language server on stdio.

    lsp-exchange.py EXCHANGE_FILE [--var NAME=VALUE...] -- SERVER_CMD...

The exchange is read from lines of EXCHANGE_FILE (after an optional comment
leader such as `#` or `//`):

    >> {json}          send a message; for a request, wait for its response
    ?? METHOD [TEXT]   wait for a notification of METHOD (with TEXT in it)
    !! PYTHON_BYTES    send raw bytes (a Python bytes literal), for framing
    << ID              wait for the response to request ID (sent raw)
    ** METHOD          print every notification of METHOD not waited for
                       yet (e.g. to show a message came only once)
    ..                 close the server's input
    zz MILLISECONDS    sleep
    $$ COMMAND         run a shell command (e.g. to edit a file meanwhile)

$NAME in a line is replaced by the value given with --var. Every response
and awaited notification is printed as indented JSON with sorted keys;
messages nobody waits for are not printed, so the output does not depend on
timing. At the end the server's exit code is printed.
"""
import ast
import json
import queue
import re
import subprocess
import sys
import threading
import time

TIMEOUT = 60


def read_messages(stream, out):
    while True:
        headers = {}
        while True:
            line = stream.readline()
            if not line:
                out.put(None)
                return
            line = line.rstrip(b"\r\n")
            if not line:
                break
            name, _, value = line.decode().partition(":")
            headers[name.strip().lower()] = value.strip()
        body = stream.read(int(headers["content-length"]))
        out.put(json.loads(body))


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def main():
    args = sys.argv[1:]
    split = args.index("--")
    exchange, options, command = args[0], args[1:split], args[split + 1:]
    variables = {}
    for i in range(0, len(options), 2):
        assert options[i] == "--var"
        name, _, value = options[i + 1].partition("=")
        variables[name] = value

    server = subprocess.Popen(command, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE)
    incoming = queue.Queue()
    threading.Thread(target=read_messages, args=(server.stdout, incoming),
                     daemon=True).start()
    pending = []

    def show(message):
        print(json.dumps(message, indent=1, sort_keys=True))
        sys.stdout.flush()

    def take(matches, what):
        for i, message in enumerate(pending):
            if matches(message):
                return pending.pop(i)
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            try:
                message = incoming.get(timeout=deadline - time.time())
            except queue.Empty:
                break
            if message is None:
                sys.exit("lsp-exchange: server closed its output waiting for "
                         + what)
            if matches(message):
                return message
            pending.append(message)
        sys.exit("lsp-exchange: timed out waiting for " + what)

    leader = re.compile(r"^\s*(?:#|//|--|;)?\s*(>>|<<|\*\*|\?\?|!!|\.\.|zz|\$\$)(.*)$")
    with open(exchange) as f:
        lines = f.read().splitlines()
    for line in lines:
        m = leader.match(line)
        if not m:
            continue
        verb, rest = m.group(1), m.group(2).strip()
        for name, value in variables.items():
            rest = rest.replace("$" + name, value)
        if verb == ">>":
            message = json.loads(rest)
            server.stdin.write(frame(message))
            server.stdin.flush()
            if "id" in message and "method" in message:
                show(take(lambda r: "method" not in r
                          and r.get("id") == message["id"],
                          "the response to " + message["method"]))
        elif verb == "??":
            method, _, text = rest.partition(" ")
            show(take(lambda n: n.get("method") == method
                      and text in json.dumps(n), method + " " + text))
        elif verb == "<<":
            wanted = json.loads(rest)
            show(take(lambda r: "method" not in r and r.get("id") == wanted,
                      "the response to request " + rest))
        elif verb == "**":
            while True:
                try:
                    message = incoming.get(timeout=0.3)
                except queue.Empty:
                    break
                if message is None:
                    break
                pending.append(message)
            for message in [m for m in pending if m.get("method") == rest]:
                pending.remove(message)
                show(message)
        elif verb == "!!":
            server.stdin.write(ast.literal_eval(rest))
            server.stdin.flush()
        elif verb == "$$":
            subprocess.run(rest, shell=True, check=True)
        elif verb == "zz":
            time.sleep(int(rest) / 1000)
        else:
            server.stdin.close()
    if not server.stdin.closed:
        server.stdin.close()
    print("exit code", server.wait(timeout=TIMEOUT))


if __name__ == "__main__":
    main()
