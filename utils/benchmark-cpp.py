#!/usr/bin/env python3
"""Run time of hazardlint on C++ translation units, against the compiler.

For each translation unit (the project's own lib/ sources, with the flags of
build/compile_commands.json, and the GoogleTest sources under
/usr/src/googletest), times, with the same compiler arguments:

    clang++-19 -fsyntax-only ARGS FILE          (parsing and Sema only)
    clang-tidy-19 --checks=-*,CHECKS FILE -- ARGS
    hazardlint check --no-cache --jobs 1 FILE -- ARGS

and prints a table with each time and the ratios hazardlint/syntax-only and
hazardlint/clang-tidy. Each command runs --repeat times; the fastest run
counts. It only reports: there are no thresholds and it exits 0 unless a
tool is missing or fails. Standard library only.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_TIDY_CHECKS = ("bugprone-use-after-move,"
                       "performance-unnecessary-copy-initialization")
GTEST_ROOT = Path("/usr/src/googletest/googletest")


def compile_args(entry: dict) -> list[str]:
    """The arguments of a compile_commands.json entry that matter for
    parsing: no compiler, output, -c, input file, or GCC precompiled header
    (a .gch clang cannot read)."""
    argv = entry.get("arguments") or shlex.split(entry["command"])
    out: list[str] = []
    skip = False
    it = iter(argv[1:])
    for arg in it:
        if skip:
            skip = False
            continue
        if arg in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if arg == "-include" :
            header = next(it, "")
            if "cmake_pch" not in header:
                out += [arg, header]
            continue
        if arg in ("-c", "-Winvalid-pch") or arg.startswith(("-MD", "-MMD")):
            continue
        if os.path.abspath(os.path.join(entry["directory"], arg)) == \
                os.path.abspath(os.path.join(entry["directory"], entry["file"])):
            continue
        out.append(arg)
    return out


def project_units(repo: Path, build: Path, limit: int) -> list[tuple[Path, list[str], Path]]:
    db = build / "compile_commands.json"
    if not db.exists():
        sys.exit(f"benchmark-cpp: {db} not found; configure the build first")
    units = []
    for entry in json.loads(db.read_text()):
        path = Path(entry["directory"], entry["file"]).resolve()
        if path.suffix not in (".cpp", ".cc") or repo / "lib" not in path.parents:
            continue
        units.append((path, compile_args(entry), Path(entry["directory"])))
    units.sort()
    return units[:limit] if limit else units


def gtest_units(limit: int) -> list[tuple[Path, list[str], Path]]:
    if not GTEST_ROOT.is_dir():
        print(f"note: {GTEST_ROOT} not found; GoogleTest sources skipped",
              file=sys.stderr)
        return []
    args = ["-std=c++17", f"-I{GTEST_ROOT / 'include'}", f"-I{GTEST_ROOT}"]
    units = [(p, args, GTEST_ROOT) for p in sorted((GTEST_ROOT / "src").glob("*.cc"))
             if p.name != "gtest-all.cc"]  # gtest-all.cc includes all the others
    return units[:limit] if limit else units


def best_time(argv: list[str], cwd: Path, repeat: int, ok_codes: tuple[int, ...]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        if proc.returncode not in ok_codes:
            sys.stderr.write(proc.stderr[-2000:])
            sys.exit(f"benchmark-cpp: {shlex.join(argv[:3])} ... exited with "
                     f"{proc.returncode}")
        best = min(best, elapsed)
    return best


def main() -> int:
    repo = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(repo / "build"),
                        help="build directory with compile_commands.json and bin/hazardlint")
    parser.add_argument("--hazardlint", help="default: BUILD/bin/hazardlint")
    parser.add_argument("--clangxx", default="clang++-19")
    parser.add_argument("--clang-tidy", default="clang-tidy-19")
    parser.add_argument("--tidy-checks", default=DEFAULT_TIDY_CHECKS,
                        help="clang-tidy checks to compare with (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per command; the fastest counts (default: 1)")
    parser.add_argument("--limit", type=int, default=0,
                        help="at most this many translation units per source set (0: all)")
    parser.add_argument("--no-project", action="store_true", help="skip lib/ sources")
    parser.add_argument("--no-gtest", action="store_true", help="skip GoogleTest sources")
    args = parser.parse_args()

    build = Path(args.build).resolve()
    hazardlint = args.hazardlint or str(build / "bin" / "hazardlint")
    for tool in (hazardlint, args.clangxx, args.clang_tidy):
        if not shutil.which(tool):
            sys.exit(f"benchmark-cpp: {tool} not found")

    units = []
    if not args.no_project:
        units += [("project", *u) for u in project_units(repo, build, args.limit)]
    if not args.no_gtest:
        units += [("gtest", *u) for u in gtest_units(args.limit)]
    if not units:
        sys.exit("benchmark-cpp: no translation units")

    header = ("set", "translation unit", "syntax s", "tidy s", "hazardlint s",
              "hl/syntax", "hl/tidy")
    widths = (7, 44, 9, 8, 12, 9, 7)

    def row(values) -> str:
        return "  ".join(str(v).ljust(w) if i < 2 else str(v).rjust(w)
                         for i, (v, w) in enumerate(zip(values, widths)))

    print(f"clang-tidy checks: {args.tidy_checks}; best of {args.repeat} run(s)")
    print(row(header))
    print("-" * len(row(header)))
    totals = {"syntax": 0.0, "tidy": 0.0, "hl": 0.0}
    for kind, path, cargs, cwd in units:
        syntax = best_time([args.clangxx, "-fsyntax-only", *cargs, str(path)],
                           cwd, args.repeat, (0,))
        # clang-tidy exits 1 on compiler errors only with --warnings-as-errors;
        # hazardlint exits 1 when it finds something: both count as a run.
        tidy = best_time([args.clang_tidy, f"--checks=-*,{args.tidy_checks}",
                          "--quiet", str(path), "--", *cargs], cwd, args.repeat, (0, 1))
        hl = best_time([hazardlint, "check", "--no-cache", "--jobs", "1",
                        "--format", "json", str(path), "--", *cargs],
                       cwd, args.repeat, (0, 1))
        totals["syntax"] += syntax
        totals["tidy"] += tidy
        totals["hl"] += hl
        try:
            name = str(path.relative_to(repo))
        except ValueError:
            name = str(path.relative_to(GTEST_ROOT.parent))
        print(row((kind, name[-44:], f"{syntax:.2f}", f"{tidy:.2f}", f"{hl:.2f}",
                   f"{hl / syntax:.2f}", f"{hl / tidy:.2f}")), flush=True)
    print("-" * len(row(header)))
    print(row(("total", f"{len(units)} units", f"{totals['syntax']:.2f}",
               f"{totals['tidy']:.2f}", f"{totals['hl']:.2f}",
               f"{totals['hl'] / totals['syntax']:.2f}",
               f"{totals['hl'] / totals['tidy']:.2f}")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
