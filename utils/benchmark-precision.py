#!/usr/bin/env python3
"""Precision and recall of hazardlint's rules on an annotated corpus.

Runs `hazardlint check --format json` on the corpus (test/corpus/python by
default, or test/corpus/go; test/corpus/cpp for C and C++, whose compiler
arguments go after `--`, as for hazardlint itself), matches the findings to
the `expect:` annotations by (file, line,
rule id) and prints, per family: expected, found, true positives, false
positives, false negatives, precision and recall, then each FP and FN.

Annotations (see test/corpus/README.md), in a trailing comment (`#` in
Python, `//` in Go: `rdb.Keys(ctx, "*") // expect: redis-keys`):
    x = r.keys("*")  # expect: redis-keys
    run(cmd)         # expect: wait-without-timeout, blocking-in-async
    with b_lock:     # expect: lock-held-across-call@ledger-order
    d.keys()         # ok: redis-keys        (documented look-alike)
Annotations sharing a rule id and an @group name are one hazard, found when
any of their lines has the finding (lock-order inversions: either site).

Only rules that `hazardlint rules --format json` lists count; annotations of
other families are shown as "not implemented" and left out of the totals.
Exits 1 when total precision < --min-precision or recall < --min-recall
(unless --no-gate), 2 when hazardlint or the corpus cannot be read.
Standard library only.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# The families of the Python hazard issue; an annotation naming anything else
# is probably a typo and is reported as such.
KNOWN_FAMILIES = {
    "async-race",
    "blocking-in-async",
    "cache-stampede",
    "connection-per-call",
    "decompression-bomb",
    "fire-and-forget",
    "linear-scan",
    "lock-held-across-call",
    "redis-keys",
    "stream-replay",
    "unbounded-container",
    "unguarded-callback",
    "wait-without-timeout",
}

LANGUAGES = {
    ".py": "python",
    ".go": "go",
    ".c": "cpp",
    ".cc": "cpp",
    ".cpp": "cpp",
    ".cxx": "cpp",
    ".h": "cpp",
    ".hpp": "cpp",
}

# Annotations live in the language's own line comments: `#` in Python,
# `//` in Go and C/C++.
ANNOTATION = {
    "python": re.compile(r"#\s*(expect|ok):\s*(.*?)\s*$"),
    "go": re.compile(r"//\s*(expect|ok):\s*(.*?)\s*$"),
    "cpp": re.compile(r"//\s*(expect|ok):\s*(.*?)\s*$"),
}
ITEM = re.compile(r"^([a-z0-9][a-z0-9-]*)(?:@([A-Za-z0-9_.-]+))?$")


@dataclass
class Expected:
    rule: str
    sites: list[tuple[str, int]]  # (file, line); several for an @group
    group: str | None = None
    found: bool = False


@dataclass
class Corpus:
    expected: list[Expected] = field(default_factory=list)
    # (file, line, rule) -> Expected
    by_site: dict[tuple[str, int, str], Expected] = field(default_factory=dict)
    # (file, line) -> rule ids documented as look-alikes (`# ok:`)
    negatives: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)  # file -> language
    errors: list[str] = field(default_factory=list)


def read_corpus(root: Path) -> Corpus:
    corpus = Corpus()
    groups: dict[tuple[str, str], Expected] = {}
    for path in sorted(root.rglob("*")):
        lang = LANGUAGES.get(path.suffix)
        if lang is None or not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        corpus.languages[rel] = lang
        with open(path, encoding="utf-8") as fh:
            for lineno, text in enumerate(fh, start=1):
                m = ANNOTATION[lang].search(text)
                if not m:
                    continue
                kind, body = m.groups()
                for raw in filter(None, (s.strip() for s in body.split(","))):
                    item = ITEM.match(raw)
                    if not item:
                        corpus.errors.append(f"{rel}:{lineno}: bad annotation item '{raw}'")
                        continue
                    rule, group = item.groups()
                    if kind == "ok":
                        corpus.negatives.setdefault((rel, lineno), set()).add(rule)
                        continue
                    key = (rel, lineno, rule)
                    if key in corpus.by_site:
                        corpus.errors.append(f"{rel}:{lineno}: '{rule}' annotated twice")
                        continue
                    if group is None:
                        exp = Expected(rule, [(rel, lineno)])
                        corpus.expected.append(exp)
                    else:
                        exp = groups.get((rule, group))
                        if exp is None:
                            exp = groups[(rule, group)] = Expected(rule, [], group)
                            corpus.expected.append(exp)
                        exp.sites.append((rel, lineno))
                    corpus.by_site[key] = exp
    return corpus


def run_json(argv: list[str]) -> object:
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        sys.exit(f"benchmark-precision: cannot run {argv[0]}: {exc}")
    # check exits 1 when it finds something; only 2 and up are failures.
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr)
        sys.exit(f"benchmark-precision: {' '.join(argv)} exited with {proc.returncode}")
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        sys.exit(f"benchmark-precision: {' '.join(argv[:2])} did not print JSON: {exc}")


def ratio(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def main() -> int:
    # Everything after "--" is compiler arguments for C/C++ files, passed to
    # `hazardlint check` after its own "--" (e.g. -- -std=c++20 -Iinclude).
    argv = sys.argv[1:]
    compiler_args: list[str] | None = None
    if "--" in argv:
        split = argv.index("--")
        argv, compiler_args = argv[:split], argv[split + 1:]

    parser = argparse.ArgumentParser(
        description="Precision/recall of hazardlint on an annotated corpus.",
        usage="%(prog)s [options] [corpus] [-- compiler-args...]",
        epilog="Arguments after -- are compiler arguments for C/C++ corpus "
               "files, e.g. -- -std=c++20 -Ishim/include; without them "
               "hazardlint looks for a compile_commands.json or uses defaults.",
    )
    parser.add_argument("corpus", nargs="?", default="test/corpus/python",
                        help="annotated corpus directory (default: %(default)s)")
    parser.add_argument("--hazardlint", default="build/bin/hazardlint",
                        help="hazardlint binary (default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="--jobs passed to hazardlint check")
    parser.add_argument("--no-gate", action="store_true",
                        help="only print; always exit 0 when the run worked")
    parser.add_argument("--min-precision", type=float, default=0.95)
    parser.add_argument("--min-recall", type=float, default=0.90)
    parser.add_argument("--compiler-arg", action="append", default=[],
                        metavar="ARG",
                        help="one compiler argument for C/C++ files (repeatable; "
                             "same as listing it after --)")
    args = parser.parse_args(argv)
    if args.compiler_arg:
        compiler_args = (compiler_args or []) + args.compiler_arg

    # Relative defaults also work from outside the source tree.
    repo = Path(__file__).resolve().parent.parent
    for name in ("corpus", "hazardlint"):
        value = Path(getattr(args, name))
        if not value.is_absolute() and not value.exists() and (repo / value).exists():
            setattr(args, name, str(repo / value))

    root = Path(args.corpus).resolve()
    if not root.is_dir():
        sys.exit(f"benchmark-precision: {args.corpus}: not a directory")
    corpus = read_corpus(root)

    rules = run_json([args.hazardlint, "rules", "--format", "json"])
    rule_langs = {r["id"]: set(r.get("languages", [])) for r in rules}

    # The corpus measures every detector, preview ones too, and all of it is
    # service code, wherever it lives (test/corpus/ would be test code).
    with tempfile.NamedTemporaryFile("w", suffix=".toml") as settings:
        settings.write("[test-code]\npaths = []\n")
        settings.flush()
        check = [args.hazardlint, "check", "--format", "json", "--preview",
                 "--config", settings.name, "--jobs", str(args.jobs),
                 str(root)]
        if compiler_args is not None:
            check += ["--"] + compiler_args
        report = run_json(check)
    for note in report.get("notifications", []):
        if note.get("severity") in ("warning", "error"):
            where = note.get("path", "")
            print(f"note: {where}: {note.get('message')} [{note.get('id')}]", file=sys.stderr)

    # A rule counts when it handles a language of the corpus.
    corpus_langs = set(corpus.languages.values())
    live = {r for r, langs in rule_langs.items() if langs & corpus_langs}

    # Distinct findings, keyed like the annotations.
    findings: dict[tuple[str, int, str], str] = {}
    for f in report.get("findings", []):
        path = Path(f["path"])
        if not path.is_absolute():
            path = Path.cwd() / path
        try:
            rel = path.resolve().relative_to(root).as_posix()
        except ValueError:
            rel = str(path)
        findings.setdefault((rel, f["location"]["line"], f["rule"]), f["message"])

    # Families of other languages (async-race has no Go rule) are listed
    # only when the corpus annotates them.
    families = sorted(live | {e.rule for e in corpus.expected}
                      | {k[2] for k in findings})
    expected_n = defaultdict(int)
    found_n = defaultdict(int)
    tp = defaultdict(int)
    fps: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    fns: dict[str, list[Expected]] = defaultdict(list)

    for (rel, line, rule), message in sorted(findings.items()):
        found_n[rule] += 1
        exp = corpus.by_site.get((rel, line, rule))
        if exp is None:
            fps[rule].append((rel, line, message))
        elif not exp.found:
            exp.found = True
            tp[rule] += 1
        # A second finding in the same @group is neither TP nor FP.
    for exp in corpus.expected:
        expected_n[exp.rule] += 1
        if not exp.found:
            fns[exp.rule].append(exp)

    header = ("family", "expected", "found", "TP", "FP", "FN", "precision", "recall")
    widths = (24, 8, 6, 4, 4, 4, 9, 6)
    line = "  ".join(h.ljust(w) if i == 0 else h.rjust(w)
                     for i, (h, w) in enumerate(zip(header, widths)))
    print(line)
    print("-" * len(line))
    totals = defaultdict(int)
    implemented = []
    for fam in families:
        if fam not in live:
            print(f"{fam:<24}  {expected_n[fam]:>8}  not implemented")
            continue
        implemented.append(fam)
        fp, fn = len(fps[fam]), len(fns[fam])
        row = (fam, expected_n[fam], found_n[fam], tp[fam], fp, fn,
               fmt(ratio(tp[fam], tp[fam] + fp)), fmt(ratio(tp[fam], expected_n[fam])))
        print("  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w)
                        for i, (v, w) in enumerate(zip(row, widths))))
        for key, value in (("expected", expected_n[fam]), ("found", found_n[fam]),
                           ("tp", tp[fam]), ("fp", fp), ("fn", fn)):
            totals[key] += value
    precision = ratio(totals["tp"], totals["tp"] + totals["fp"])
    recall = ratio(totals["tp"], totals["expected"])
    print("-" * len(line))
    row = ("total", totals["expected"], totals["found"], totals["tp"], totals["fp"],
           totals["fn"], fmt(precision), fmt(recall))
    print("  ".join(str(v).ljust(w) if i == 0 else str(v).rjust(w)
                    for i, (v, w) in enumerate(zip(row, widths))))

    for fam in implemented:
        for rel, line_no, message in fps[fam]:
            doc = corpus.negatives.get((rel, line_no), set())
            tag = " (documented look-alike)" if fam in doc else ""
            print(f"FP {fam}: {rel}:{line_no}{tag}: {message}")
    for fam in implemented:
        for exp in fns[fam]:
            sites = " or ".join(f"{r}:{n}" for r, n in exp.sites)
            print(f"FN {fam}: {sites}")

    unknown = sorted({e.rule for e in corpus.expected} - KNOWN_FAMILIES - set(rule_langs))
    for rule in unknown:
        corpus.errors.append(f"annotation names unknown rule '{rule}'")
    for exp in corpus.expected:
        if exp.group is not None and len(exp.sites) < 2:
            r, n = exp.sites[0]
            corpus.errors.append(f"{r}:{n}: group '{exp.rule}@{exp.group}' has one site")
    for err in corpus.errors:
        print(f"error: {err}", file=sys.stderr)
    if corpus.errors:
        return 2

    if args.no_gate:
        return 0
    failed = []
    if precision is not None and precision < args.min_precision:
        failed.append(f"precision {precision:.3f} < {args.min_precision}")
    if recall is not None and recall < args.min_recall:
        failed.append(f"recall {recall:.3f} < {args.min_recall}")
    if failed:
        print("FAIL: " + "; ".join(failed))
        return 1
    print(f"PASS: {len(implemented)} implemented families, "
          f"precision {fmt(precision)}, recall {fmt(recall)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
