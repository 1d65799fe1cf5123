#!/usr/bin/env python3
"""Scores hazardlint on real repositories against judged findings.

Given a folder of mirrors (one bare repository per project, as
<owner>+<name>/repo or <owner>+<name>), materialises each pinned commit of
test/realworld/repos.tsv, runs hazardlint over it, and prints per language
and family: judged true positives still found, judged false alarms still
reported, and findings nobody has judged yet (listed, so they get a verdict).

  utils/benchmark-realworld.py --mirrors /work/.mirror [--language python]

Not a CI test: CI has no mirrors. test/unit/ tests the scorer itself.
"""
import argparse
import collections
import csv
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, "test", "realworld")


def read_tsv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def language_of(path):
    ext = os.path.splitext(path)[1]
    if ext in (".py", ".pyi"):
        return "python"
    if ext == ".go":
        return "go"
    return "cpp"


def score(findings, judged):
    """findings: [(repo, path, line, family)]; judged: rows of judged.tsv.

    Returns {(language, family): Counter(tp_found, tp_missed, fp_reported,
    fp_gone, debatable, unjudged)} and the list of unjudged findings.
    """
    verdicts = {}
    for row in judged:
        key = (row["repo"], row["path"], int(row["line"]), row["family"])
        verdicts[key] = row["verdict"]
    found = set(findings)
    table = collections.defaultdict(collections.Counter)
    unjudged = []
    for key in sorted(found):
        cell = table[(language_of(key[1]), key[3])]
        verdict = verdicts.get(key)
        if verdict == "TP":
            cell["tp_found"] += 1
        elif verdict == "FP":
            cell["fp_reported"] += 1
        elif verdict == "DEBATABLE":
            cell["debatable"] += 1
        else:
            cell["unjudged"] += 1
            unjudged.append(key)
    for key, verdict in verdicts.items():
        if key in found:
            continue
        cell = table[(language_of(key[1]), key[3])]
        if verdict == "TP":
            cell["tp_missed"] += 1
        elif verdict == "FP":
            cell["fp_gone"] += 1
    return table, unjudged


def precision(cell):
    decided = cell["tp_found"] + cell["fp_reported"]
    return cell["tp_found"] / decided if decided else float("nan")


def render(table):
    lines = ["| language | family | TP found | TP missed | FP reported | "
             "FP gone | debatable | unjudged | precision |",
             "|---|---|---|---|---|---|---|---|---|"]
    totals = collections.defaultdict(collections.Counter)
    for (language, family), cell in sorted(table.items()):
        totals[language].update(cell)
        totals["all"].update(cell)
        lines.append(row(language, family, cell))
    for language, cell in sorted(totals.items()):
        lines.append(row(language, "**all**", cell))
    return "\n".join(lines)


def row(language, family, c):
    return (f"| {language} | {family} | {c['tp_found']} | {c['tp_missed']} | "
            f"{c['fp_reported']} | {c['fp_gone']} | {c['debatable']} | "
            f"{c['unjudged']} | {precision(c):.2f} |")


# SARIF precision by measured precision; below PREVIEW_BELOW a detector is
# preview. Fewer than MIN_DECIDED decided findings measure nothing.
LEVELS = ((0.95, "very-high"), (0.80, "high"), (0.50, "medium"), (0.0, "low"))
PREVIEW_BELOW = 0.80
MIN_DECIDED = 5


def level_of(p):
    return next(name for bound, name in LEVELS if p >= bound)


def levels(table, rules):
    """Per rule: its detectors' measured precision, the SARIF precision that
    follows from it, and the languages that should be preview.

    rules: {family: {"precision": ..., "preview": [languages]}}, as
    `hazardlint rules --format json` says now.
    """
    out = []
    for family in sorted(rules):
        cells = {lang: c for (lang, fam), c in table.items() if fam == family}
        preview, kept = [], collections.Counter()
        words = []
        for lang in sorted(cells):
            c = cells[lang]
            decided = c["tp_found"] + c["fp_reported"]
            if decided < MIN_DECIDED:
                words.append(f"{lang} {decided} decided")
                kept.update(c)
                continue
            words.append(f"{lang} {precision(c):.2f} of {decided}")
            if precision(c) < PREVIEW_BELOW:
                preview.append(lang)
            else:
                kept.update(c)
        decided = kept["tp_found"] + kept["fp_reported"]
        languages = set(rules[family].get("languages", cells))
        if decided < MIN_DECIDED and languages <= set(preview):
            # Every detector is preview: the rule is as precise as they are.
            kept = sum(cells.values(), collections.Counter())
            decided = kept["tp_found"] + kept["fp_reported"]
        suggested = level_of(precision(kept)) if decided >= MIN_DECIDED \
            else rules[family]["precision"]
        out.append((family, "; ".join(words) or "no findings",
                    rules[family]["precision"], suggested,
                    ",".join(rules[family]["preview"]) or "-",
                    ",".join(preview) or "-"))
    return out


def render_levels(rows):
    lines = ["| rule | measured | precision now | suggested | preview now | "
             "suggested preview |", "|---|---|---|---|---|---|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def mirror_of(mirrors, repo):
    base = os.path.join(mirrors, repo.replace("/", "+"))
    for candidate in (os.path.join(base, "repo"), base):
        if os.path.isdir(candidate):
            return candidate
    return None


SOURCES = (".py", ".pyi", ".go", ".c", ".cc", ".cpp", ".cxx", ".h", ".hh",
           ".hpp", ".hxx")


def materialise(mirror, commit, tree):
    """Writes the commit's source files under tree. A mirror may lack its
    largest blobs, so files are read one by one and missing ones skipped."""
    listing = subprocess.run(
        ["git", "--git-dir", mirror, "ls-tree", "-r", "-z", commit],
        capture_output=True, check=True).stdout.split(b"\0")
    wanted = []
    for entry in listing:
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob" and mode != b"120000" and \
                path.decode(errors="replace").endswith(SOURCES):
            wanted.append((sha, path.decode(errors="replace")))
    batch = subprocess.Popen(
        ["git", "--git-dir", mirror, "cat-file", "--batch"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    for sha, path in wanted:
        batch.stdin.write(sha + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            continue
        data = batch.stdout.read(int(header[2]))
        batch.stdout.read(1)
        target = os.path.join(tree, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)
    batch.stdin.close()
    batch.wait()


def run(hazardlint, tree, jobs):
    # Preview detectors are measured too; test code is not service code.
    out = subprocess.run(
        [hazardlint, "check", ".", "--format", "json", "--no-cache",
         "--preview", "--jobs", str(jobs)],
        cwd=tree, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.stderr.write(out.stderr)
        raise SystemExit(f"hazardlint failed on {tree}")
    doc = json.loads(out.stdout)
    items = doc["findings"] if isinstance(doc, dict) else doc
    for f in items:
        if f.get("test_code"):
            continue
        family = f.get("family", f.get("rule", "")).removeprefix("hazard/")
        yield f["path"], int(f["location"]["line"]), family, \
            f.get("preview", False)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mirrors", required=True)
    p.add_argument("--hazardlint",
                   default=os.path.join(ROOT, "build", "bin", "hazardlint"))
    p.add_argument("--language", choices=["python", "go", "cpp"])
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p.add_argument("--list-unjudged", action="store_true")
    p.add_argument("--list-false-alarms", action="store_true",
                   help="list the judged false alarms still reported")
    args = p.parse_args()

    repos = read_tsv(os.path.join(DATA, "repos.tsv"))
    judged = read_tsv(os.path.join(DATA, "judged.tsv"))
    if args.language:
        repos = [r for r in repos if r["language"] == args.language]
    findings, stable, scored = [], [], set()
    with tempfile.TemporaryDirectory() as work:
        for r in repos:
            mirror = mirror_of(args.mirrors, r["repo"])
            if not mirror:
                print(f"skipped {r['repo']}: no mirror", file=sys.stderr)
                continue
            tree = os.path.join(work, r["repo"].replace("/", "+"))
            os.makedirs(tree)
            materialise(mirror, r["commit"], tree)
            scored.add(r["repo"])
            for path, line, family, preview in run(args.hazardlint, tree,
                                                   args.jobs):
                key = (r["repo"], path.removeprefix("./"), line, family)
                findings.append(key)
                if not preview:
                    stable.append(key)
    judged = [j for j in judged if j["repo"] in scored]
    # What a run reports by default, then every detector (--preview), whose
    # measurements decide the levels.
    print(render(score(stable, judged)[0]))
    print()
    table, unjudged = score(findings, judged)
    print(render(table))
    listing = json.loads(subprocess.run(
        [args.hazardlint, "rules", "--format", "json"], capture_output=True,
        text=True, check=True).stdout)
    rules = {r["family"].removeprefix("hazard/"): r for r in listing}
    print()
    print(render_levels(levels(table, rules)))
    if args.list_false_alarms:
        print("\nfalse alarms still reported:")
        reported = set(findings)
        for j in judged:
            key = (j["repo"], j["path"], int(j["line"]), j["family"])
            if j["verdict"] == "FP" and key in reported:
                print(f"  {j['repo']}\t{j['path']}\t{j['line']}\t"
                      f"{j['family']}\t{j['reason']}")
    if args.list_unjudged:
        print("\nunjudged:")
        for repo, path, line, family in unjudged:
            print(f"  {repo}\t{path}\t{line}\t{family}")


if __name__ == "__main__":
    main()
