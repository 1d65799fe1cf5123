#!/usr/bin/env python3
"""Throughput of hazardlint on a large source tree, against a parse-only pass.

Runs `hazardlint check` over every Go file of the Go standard library
(/usr/share/go-1.19/src, Debian package golang-1.19-src) and, on the same
files, `hazardlint check --parse-only`, which reads and parses each file with
tree-sitter but runs no query and no rule. The ratio full / parse-only is what
the rules cost on top of parsing. Both are timed with --jobs 1 and --jobs N.

    python3 utils/benchmark-throughput.py
    python3 utils/benchmark-throughput.py --jobs 1,4 --repeat 5
    python3 utils/benchmark-throughput.py --lang python --src /usr/lib/python3.11

Files are found the way hazardlint's discovery does (its excluded directories,
such as vendor/ and build/, are skipped) and passed explicitly, so both passes
see exactly the same files. The best of --repeat runs is kept. The results
cache is disabled. Prints a table: mode, jobs, files, bytes, seconds, MB/s,
findings, ratio. Standard library only; no timing is asserted anywhere.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_SRC = {"go": "/usr/share/go-1.19/src", "python": "/usr/lib/python3.11"}
SUFFIXES = {"go": (".go",), "python": (".py",)}
# lib/Core/Discovery.cpp: isExcludedDirectory.
EXCLUDED_DIRS = {
    ".git", ".hg", ".svn", ".bzr", "node_modules", "build", "dist",
    "__pycache__", ".venv", "venv", ".tox", ".nox", ".mypy_cache",
    ".ruff_cache", ".pytest_cache", "site-packages", "__pypackages__",
    "vendor", "CMakeFiles", ".direnv", "_build", "buck-out",
}
MAX_FILE_SIZE = 8 << 20  # hazardlint's default --max-file-size


def find_sources(root: Path, lang: str) -> list[Path]:
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in EXCLUDED_DIRS)
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.endswith(SUFFIXES[lang]) and path.is_file():
                if path.stat().st_size <= MAX_FILE_SIZE:
                    files.append(path)
    return files


def run_once(hazardlint: str, files: list[Path], jobs: int,
             parse_only: bool) -> tuple[float, int]:
    """Seconds of one run, and its number of findings."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        # The Go standard library's ~5500 paths fit well within ARG_MAX.
        argv = [hazardlint, "check", "--no-cache", "--fail-on", "never",
                "--format", "json", "-o", str(out), "--jobs", str(jobs)]
        if parse_only:
            argv.append("--parse-only")
        argv += [str(f) for f in files]
        start = time.perf_counter()
        proc = subprocess.run(argv, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr)
            sys.exit(f"benchmark-throughput: hazardlint exited with {proc.returncode}")
        report = json.loads(out.read_text(encoding="utf-8"))
    return elapsed, len(report.get("findings", []))


def main() -> int:
    parser = argparse.ArgumentParser(
        description="hazardlint throughput against a parse-only pass.")
    parser.add_argument("--lang", choices=sorted(DEFAULT_SRC), default="go")
    parser.add_argument("--src", help="source tree (default: the Go standard "
                        "library for go, /usr/lib/python3.11 for python)")
    parser.add_argument("--hazardlint", default="build/bin/hazardlint")
    parser.add_argument("--jobs", default=f"1,{os.cpu_count() or 1}",
                        help="comma-separated --jobs values (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per configuration; the fastest counts")
    args = parser.parse_args()

    repo = Path(__file__).resolve().parent.parent
    hazardlint = Path(args.hazardlint)
    if not hazardlint.is_absolute() and not hazardlint.exists():
        hazardlint = repo / hazardlint
    if not hazardlint.exists():
        sys.exit(f"benchmark-throughput: {args.hazardlint}: not found (build first)")
    src = Path(args.src or DEFAULT_SRC[args.lang])
    if not src.is_dir():
        hint = " (apt-get install golang-1.19-src)" if args.lang == "go" else ""
        sys.exit(f"benchmark-throughput: {src}: not a directory{hint}")
    files = find_sources(src, args.lang)
    if not files:
        sys.exit(f"benchmark-throughput: no {args.lang} files under {src}")
    nbytes = sum(f.stat().st_size for f in files)
    jobs_list = sorted({max(1, int(j)) for j in args.jobs.split(",") if j})

    print(f"{args.lang} sources: {src} ({len(files)} files, {nbytes} bytes); "
          f"best of {args.repeat} runs")
    header = ("mode", "jobs", "files", "bytes", "seconds", "MB/s", "findings",
              "full/parse")
    widths = (10, 4, 6, 10, 8, 7, 8, 10)
    print("  ".join(h.ljust(w) if i == 0 else h.rjust(w)
                    for i, (h, w) in enumerate(zip(header, widths))))
    for jobs in jobs_list:
        best: dict[bool, tuple[float, int]] = {}
        for parse_only in (True, False):
            runs = [run_once(str(hazardlint), files, jobs, parse_only)
                    for _ in range(max(1, args.repeat))]
            best[parse_only] = min(runs)
        for parse_only in (True, False):
            seconds, findings = best[parse_only]
            mbps = nbytes / 1e6 / seconds if seconds > 0 else float("inf")
            ratio = best[False][0] / best[True][0] if best[True][0] > 0 else 0.0
            row = ("parse-only" if parse_only else "full", jobs, len(files),
                   nbytes, f"{seconds:.2f}", f"{mbps:.1f}", findings,
                   "1.00" if parse_only else f"{ratio:.2f}")
            print("  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w)
                            for i, (v, w) in enumerate(zip(row, widths))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
