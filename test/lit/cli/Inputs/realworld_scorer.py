"""Checks the real-world benchmark's scorer on a small synthetic input."""
import importlib.util
import sys

spec = importlib.util.spec_from_file_location("bench", sys.argv[1])
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

judged = [
    {"repo": "a/x", "path": "svc.py", "line": "3", "family": "redis-keys",
     "verdict": "TP"},
    {"repo": "a/x", "path": "svc.py", "line": "9", "family": "redis-keys",
     "verdict": "FP"},
    {"repo": "a/x", "path": "main.go", "line": "5", "family": "fire-and-forget",
     "verdict": "TP"},
    {"repo": "a/x", "path": "svc.py", "line": "12", "family": "redis-keys",
     "verdict": "DEBATABLE"},
]
findings = [
    ("a/x", "svc.py", 3, "redis-keys"),    # judged TP, still found
    ("a/x", "svc.py", 9, "redis-keys"),    # judged FP, still reported
    ("a/x", "svc.py", 12, "redis-keys"),   # debatable
    ("a/x", "svc.py", 20, "redis-keys"),   # nobody judged it
]
table, unjudged = bench.score(findings, judged)
print(bench.render(table))
print("unjudged:", unjudged)

# Levels: 2 of 6 decided is preview; 1 of 1 measures nothing.
judged = [{"repo": "a/x", "path": "w.py", "line": str(i), "family": "linear-scan",
           "verdict": "TP" if i < 2 else "FP"} for i in range(6)]
judged.append({"repo": "a/x", "path": "m.go", "line": "1",
               "family": "linear-scan", "verdict": "TP"})
findings = [(j["repo"], j["path"], int(j["line"]), j["family"]) for j in judged]
table, _ = bench.score(findings, judged)
rules = {"linear-scan": {"precision": "medium", "preview": [],
                         "languages": ["python", "go"]}}
print(bench.render_levels(bench.levels(table, rules)))
# With python alone, the rule is as precise as its preview detector.
rules["linear-scan"]["languages"] = ["python"]
print(bench.render_levels(bench.levels(table, rules))) 
