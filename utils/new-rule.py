#!/usr/bin/env python3
"""Writes a new rule folder and its tests to start from.

    utils/new-rule.py ID --family FAMILY [--languages python,go,cpp]
                      [--callable NAME] [--root DIR]

rules/ID/ gets rule.json, doc.md (Ruff's fixed sections) and, per language,
a query and a detector that reports calls of the knowledge-base callables
with the trait ID (give one with --callable, it goes to
knowledge/<language>/ID.toml); test/lit/rules/ID/ gets a lit test with one
positive and one negative per language. After it: re-run cmake, build, and
`make docs`. Nothing outside these folders needs an edit.
"""
import argparse
import json
import pathlib
import re
import sys

LANGUAGES = ("python", "go", "cpp")


def camel(rule_id):
    return "".join(w[:1].upper() + w[1:] for w in rule_id.split("-"))


def rule_json(rule_id, family, languages):
    return json.dumps({
        "id": rule_id,
        "family": family,
        "name": camel(rule_id),
        "severity": "warning",
        "precision": "medium",
        "languages": languages,
        "summary": "TODO: one line, what the hazard is",
        "description": "TODO: why it hurts a service, and what to do instead.",
        "message": "'%0' is a call with the trait " + rule_id,
        "fix": "No automatic fix.",
    }, indent=2) + "\n"


def doc_md(rule_id, family, languages):
    shown = ", ".join({"python": "Python", "go": "Go", "cpp": "C/C++"}[l]
                      for l in languages)
    return f"""# {rule_id}

Family: `hazard/{family}` · Languages: {shown} · Default severity: warning

## What it finds
Calls of the callables that the knowledge base gives the trait
`{rule_id}`.

## Why is this bad?
TODO.

## Example
```python
TODO
```

## Use instead
```python
TODO
```

## When it is fine
TODO.
"""


PYTHON_SCM = """; every call: the detector asks the knowledge base about its callee
(call) @call
"""

GO_SCM = """; every call: the detector asks the knowledge base about its callee
(call_expression) @call
"""


def python_cpp(rule_id, name):
    return f"""//===- Python.cpp - {rule_id} -------------------------------------------===//
//
// What it does: reports calls of callables with the trait {rule_id}.
//
//===----------------------------------------------------------------------===//
#include "Python/PythonChecker.h"

using namespace hazard;
using namespace hazard::python;

static void check{name}(const ts::Match &M, PythonChecker &C) {{
  TSNode Call = M.node("call");
  const knowledge::Callable *Callee = C.semantic().knownCallable(Call);
  if (Callee && Callee->hasTrait("{rule_id}"))
    C.report(Call, {{Callee->Name}});
}}

HAZARD_PYTHON_RULE({name}, check{name});
"""


def go_cpp(rule_id, name):
    return f"""//===- Go.cpp - {rule_id} -----------------------------------------------===//
//
// What it does: reports calls of functions with the trait {rule_id}.
//
//===----------------------------------------------------------------------===//
#include "Go/GoChecker.h"

using namespace hazard;
using namespace hazard::go;

static void check{name}(const ts::Match &M, GoChecker &C) {{
  TSNode Call = M.node("call");
  auto Callee = C.semantic().resolveCall(Call);
  if (!Callee)
    return;
  const knowledge::Callable *Entry = C.semantic().knowledge().callable(*Callee);
  if (Entry && Entry->hasTrait("{rule_id}"))
    C.report(Call, {{Entry->Name}});
}}

HAZARD_GO_RULE({name}, check{name});
"""


def check_cpp(rule_id, name):
    return f"""//===- {name}Check.cpp - hazard-{rule_id} ---------------------------===//
//
// What it does: reports calls of functions with the trait {rule_id}.
//
//===----------------------------------------------------------------------===//
#include "Cpp/HazardCheck.h"
#include "Cpp/TidyCheckRegistry.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace hazard::cpp {{

class {name}Check : public HazardCheck {{
public:
  {name}Check(llvm::StringRef Name, tidy::ClangTidyContext *Context)
      : HazardCheck(Name, Context, RuleId::{name}) {{}}
  void registerMatchers(MatchFinder *Finder) override {{
    Finder->addMatcher(
        callExpr(callee(functionDecl(anyNameOf(
                     callablesWithTrait(Knowledge, "{rule_id}")))),
                 unless(isExpansionInSystemHeader()))
            .bind("call"),
        this);
  }}
  void check(const MatchFinder::MatchResult &Result) override {{
    const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
    diag(Call->getBeginLoc(), Rule.messageFor(Language::Cpp))
        << knowledgeName(Call->getDirectCallee()) << Call->getSourceRange();
  }}
}};

HAZARD_TIDY_CHECK({name}, {name}Check);

}} // namespace hazard::cpp
"""


def knowledge_toml(rule_id, language, callable_name):
    return (f"# The callables that {rule_id} reports.\n"
            f'library = "{rule_id}"\n\n'
            f'[callables."{callable_name}"]\n'
            f'traits = ["{rule_id}"]\n')


def lit_test(rule_id, language, callable_name):
    """A positive and a negative: the callable, and a look-alike."""
    short = re.split(r"[.:]+", callable_name)[-1]
    tag = f"[{rule_id}]"
    if language == "python":
        module = callable_name.rsplit(".", 1)[0]
        return ("python.py", f"""# RUN: not %hazardlint check %s 2>&1 | FileCheck %s --implicit-check-not="{tag}"
import {module}


def positive():
    # CHECK: :[[@LINE+1]]:5: warning: '{callable_name}' is a call with the trait {rule_id} {tag}
    {callable_name}()


def negative(other):
    other.{short}()
""")
    if language == "go":
        package = callable_name.rsplit(".", 1)[0]
        return ("go.go", f"""// RUN: not %hazardlint check %s 2>&1 | FileCheck %s --implicit-check-not="{tag}"
package main

import "{package}"

func positive() {{
	// CHECK: :[[@LINE+1]]:2: warning: '{callable_name}' is a call with the trait {rule_id} {tag}
	{callable_name.rsplit("/", 1)[-1]}()
}}

func {short}() {{}}

func negative() {{
	{short}()
}}
""")
    return ("cpp.cpp", f"""// RUN: not %hazardlint check %s -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not="{tag}"
void {callable_name}();
namespace other {{
void {short}();
}}

void positive() {{
  // CHECK: :[[@LINE+1]]:3: warning: '{callable_name}' is a call with the trait {rule_id} {tag}
  {callable_name}();
}}

void negative() {{ other::{short}(); }}
""")


DEFAULT_CALLABLE = {"python": "mylib.hazard", "go": "mylib/pkg.Hazard",
                    "cpp": "mylib_hazard"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("id", help="the rule id: lower-case words joined by '-'")
    parser.add_argument("--family", required=True,
                        help="the hazard family (tagged hazard/<family>)")
    parser.add_argument("--languages", default="python",
                        help="comma-separated: python, go, cpp")
    parser.add_argument("--callable", action="append", default=[],
                        metavar="LANG=NAME",
                        help="a callable to report, e.g. python=shelve.open")
    parser.add_argument("--root", default=pathlib.Path(__file__).parent.parent,
                        type=pathlib.Path, help="the hazardlint checkout")
    args = parser.parse_args()

    name_re = re.compile(r"^[a-z]+(-[a-z]+)*$")
    for what, value in (("id", args.id), ("family", args.family)):
        if not name_re.match(value):
            sys.exit(f"new-rule.py: {what} '{value}' is not lower-case words "
                     "joined by '-'")
    languages = [l.strip() for l in args.languages.split(",") if l.strip()]
    for l in languages:
        if l not in LANGUAGES:
            sys.exit(f"new-rule.py: unknown language '{l}' (python, go, cpp)")
    callables = dict(DEFAULT_CALLABLE)
    for spec in args.callable:
        lang, _, name = spec.partition("=")
        if lang not in LANGUAGES or not name:
            sys.exit(f"new-rule.py: --callable takes LANG=NAME, not '{spec}'")
        callables[lang] = name

    root = args.root
    folder = root / "rules" / args.id
    tests = root / "test" / "lit" / "rules" / args.id
    if folder.exists():
        sys.exit(f"new-rule.py: {folder} already exists")
    name = camel(args.id)
    files = {
        folder / "rule.json": rule_json(args.id, args.family, languages),
        folder / "doc.md": doc_md(args.id, args.family, languages),
    }
    for l in languages:
        if l == "python":
            files[folder / "python.scm"] = PYTHON_SCM
            files[folder / "Python.cpp"] = python_cpp(args.id, name)
        elif l == "go":
            files[folder / "go.scm"] = GO_SCM
            files[folder / "Go.cpp"] = go_cpp(args.id, name)
        else:
            files[folder / f"{name}Check.cpp"] = check_cpp(args.id, name)
        files[root / "knowledge" / l / f"{args.id}.toml"] = knowledge_toml(
            args.id, l, callables[l])
        test_name, text = lit_test(args.id, l, callables[l])
        files[tests / test_name] = text
    for path in files:
        if path.exists():
            sys.exit(f"new-rule.py: {path} already exists")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        print(path.relative_to(root))


if __name__ == "__main__":
    main()
