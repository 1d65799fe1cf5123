#!/usr/bin/env python3
"""Reads typeshed's stubs for the callables the Python knowledge base names.

typeshed (shipped inside the pinned npm `pyright` package) knows every
parameter's position and default and every callable's return type; the
knowledge base knows what blocks and what waits. For each callable the base
names, this fills in what typeshed knows and the base leaves out:

  * `position` of a parameter the base gives only by keyword (`timeout`,
    `limit`, `block-flag`, `target`, `opens`), and `keyword` of one it gives
    only by position;
  * `returns`, when the stub returns a class the base describes.

Written by hand wins; the output holds only the entries it completes. With
--check it instead lists every place where the base and typeshed disagree (a
position typeshed puts elsewhere, a keyword-only parameter given a position,
a keyword the callable does not take) and exits 1 if there is one.

  typeshed-knowledge.py --knowledge knowledge/python --typeshed DIR --output F
  typeshed-knowledge.py --knowledge knowledge/python --typeshed DIR --check
"""

import argparse
import ast
import sys
import tomllib
from pathlib import Path

# The interpreter the stubs are read for: their `sys.version_info` and
# `sys.platform` branches are taken as they would be on it.
TARGET_VERSION = (3, 12)
TARGET_PLATFORM = "linux"

# Knowledge keys that name a parameter by keyword and position.
PARAMETER_KEYS = ("timeout", "limit", "block-flag", "target", "opens")
# Of those, the ones whose `unbounded-when` lists the values without a bound.
BOUND_KEYS = ("timeout", "limit")
# What a Python bound's `unbounded-when` is when the base does not say.
DEFAULT_UNBOUNDED = ["absent", "None"]


def with_default(spec, default):
    """`unbounded-when` completed by the parameter's default, or None: an
    omitted argument is its default, so "absent" and the default's spelling
    are unbounded together (`Lock.acquire(timeout=-1)`)."""
    if default is None or default == "...":
        return None
    unbounded = list(spec.get("unbounded-when", DEFAULT_UNBOUNDED))
    if "absent" in unbounded and default not in unbounded:
        return {"unbounded-when": unbounded + [default]}
    if default in unbounded and "absent" not in unbounded:
        return {"unbounded-when": ["absent"] + unbounded}
    return None


def evaluate_condition(test):
    """True, False, or None (unknown) for a stub's `if` condition."""
    if isinstance(test, ast.BoolOp):
        values = [evaluate_condition(v) for v in test.values]
        if isinstance(test.op, ast.And):
            if False in values:
                return False
            return None if None in values else True
        if True in values:
            return True
        return None if None in values else False
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        value = evaluate_condition(test.operand)
        return None if value is None else not value
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    left, op, right = ast.unparse(test.left), test.ops[0], test.comparators[0]
    try:
        constant = ast.literal_eval(right)
    except ValueError:
        return None
    if left == "sys.version_info":
        actual = TARGET_VERSION
    elif left == "sys.platform":
        actual = TARGET_PLATFORM
    else:
        return None
    compare = {
        ast.GtE: lambda a, b: a >= b, ast.Gt: lambda a, b: a > b,
        ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b,
        ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b,
    }.get(type(op))
    return None if compare is None else compare(actual, constant)


def flatten(statements):
    """The statements of a body with its version and platform branches taken."""
    for statement in statements:
        if isinstance(statement, ast.If):
            taken = evaluate_condition(statement.test)
            if taken is not False:
                yield from flatten(statement.body)
            if taken is not True:
                yield from flatten(statement.orelse)
        else:
            yield statement


class Stubs:
    """The stub files under typeshed's stdlib/ and stubs/<distribution>/."""

    def __init__(self, typeshed):
        self.roots = [typeshed / "stdlib"]
        # A typeshed checkout may hold only the standard library.
        distributions = typeshed / "stubs"
        if distributions.is_dir():
            self.roots += sorted(p for p in distributions.iterdir() if p.is_dir())
        self.modules = {}

    def module(self, name):
        """(path, flattened top-level statements) of a module, or None."""
        if name not in self.modules:
            self.modules[name] = None
            relative = Path(*name.split("."))
            for root in self.roots:
                for path in (root / relative.with_suffix(".pyi"),
                             root / relative / "__init__.pyi"):
                    if path.is_file():
                        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
                        self.modules[name] = (path, list(flatten(tree.body)))
                        break
                if self.modules[name]:
                    break
        return self.modules[name]

    def lookup(self, module, name, seen=frozenset()):
        """Definitions of `name` in `module`, following its imports:
        (module, [FunctionDef...] or ClassDef), or None."""
        if (module, name) in seen:
            return None
        seen = seen | {(module, name)}
        found = self.module(module)
        if not found:
            return None
        _, statements = found
        functions, star_imports = [], []
        for statement in statements:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and statement.name == name:
                functions.append(statement)
            elif isinstance(statement, ast.ClassDef) and statement.name == name:
                return module, statement
            elif aliased(statement) == name:
                # `Lock = _thread.LockType`: the name another module defines.
                value = ast.unparse(statement.value)
                if "." in value:
                    found = self.resolve(value)
                    return (found[0], found[2]) if found else None
                return self.lookup(module, value, seen)
            elif isinstance(statement, ast.ImportFrom):
                source = resolve_relative(module, statement, self.is_package(module))
                for alias in statement.names:
                    if alias.name == "*":
                        star_imports.append(source)
                    elif (alias.asname or alias.name) == name:
                        return self.lookup(source, alias.name, seen)
        if functions:
            return module, functions
        for source in star_imports:
            found = self.lookup(source, name, seen)
            if found:
                return found
        return None

    def is_package(self, module):
        found = self.module(module)
        return bool(found) and found[0].name == "__init__.pyi"

    def resolve(self, qualified):
        """The definitions a knowledge-base name refers to, as
        (module, class or None, [FunctionDef...] or ClassDef), or None."""
        parts = qualified.split(".")
        if len(parts) == 1:
            parts = ["builtins"] + parts
        for split in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:split])
            if not self.module(module):
                continue
            found = self.lookup(module, parts[split])
            owner = None
            for member in parts[split + 1:]:
                if not found or not isinstance(found[1], ast.ClassDef):
                    return None
                owner = found
                found = self.member(found[0], found[1], member)
            return (found[0], owner, found[1]) if found else None
        return None

    def member(self, module, cls, name, seen=frozenset()):
        """A class's member, looked up through its bases."""
        if (module, cls.name) in seen:
            return None
        seen = seen | {(module, cls.name)}
        functions = []
        for statement in flatten(cls.body):
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and statement.name == name:
                functions.append(statement)
            elif isinstance(statement, ast.ClassDef) and statement.name == name:
                return module, statement
        if functions:
            return module, functions
        for base in cls.bases:
            base_name = ast.unparse(base.value if isinstance(base, ast.Subscript) else base)
            base_class = self.resolve_name(module, base_name)
            if base_class:
                found = self.member(base_class[0], base_class[1], name, seen)
                if found:
                    return found
        return None

    def resolve_name(self, module, dotted):
        """The class a name written in `module` refers to, as (module,
        ClassDef), or None. A dotted name is read as absolute (`import x`)."""
        if "." in dotted:
            found = self.resolve(dotted)
            return (found[0], found[2]) if found and isinstance(found[2], ast.ClassDef) else None
        found = self.lookup(module, dotted)
        return found if found and isinstance(found[1], ast.ClassDef) else None


def aliased(statement):
    """The name a stub's `X = a.b` or `X: TypeAlias = a.b` binds, or None."""
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target, value = statement.targets[0], statement.value
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        target, value = statement.target, statement.value
    else:
        return None
    if isinstance(target, ast.Name) and isinstance(value, (ast.Name, ast.Attribute)):
        return target.id
    return None


def resolve_relative(module, statement, is_package):
    if not statement.level:
        return statement.module or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (statement.level - 1)]
    return ".".join(base + ([statement.module] if statement.module else []))


def parameters(function, is_method):
    """[(name, position or None, default text or None)] of a stub function;
    position counts positional arguments after the receiver."""
    args = function.args
    positional = args.posonlyargs + args.args
    decorators = {ast.unparse(d) for d in function.decorator_list}
    if is_method and "staticmethod" not in decorators and positional:
        positional = positional[1:]
    defaults = [None] * (len(args.posonlyargs + args.args) - len(args.defaults)) + args.defaults
    defaults = defaults[len(defaults) - len(positional):]
    # A positional-only parameter has no keyword: it is given a name no
    # call can spell.
    keyword_from = len(args.posonlyargs) - (len(args.args + args.posonlyargs) - len(positional))
    result = [(a.arg if i >= keyword_from else f"<{a.arg}>", i,
               None if d is None else ast.unparse(d))
              for i, (a, d) in enumerate(zip(positional, defaults))]
    result += [(a.arg, None, None if d is None else ast.unparse(d))
               for a, d in zip(args.kwonlyargs, args.kw_defaults)]
    return result, args.kwarg is not None


class Signature:
    """What the stubs say of one callable, across its overloads."""

    def __init__(self, stubs, module, owner, definition):
        self.where = ""
        self.is_class = isinstance(definition, ast.ClassDef)
        functions = definition
        is_method = owner is not None
        if self.is_class:
            init = stubs.member(module, definition, "__init__")
            functions = init[1] if init and isinstance(init[1], list) else []
            is_method = True
        self.overloads = [parameters(f, is_method) for f in functions]
        self.returns = set()
        if functions:
            path = stubs.module(module)[0]
            self.where = f"{path}:{functions[0].lineno}"
        if not self.is_class:
            for f in functions:
                self.returns.add(self.return_class(stubs, module, owner, f))

    @staticmethod
    def return_class(stubs, module, owner, function):
        """The class a function returns, as its ClassDef, or None."""
        annotation = function.returns
        if isinstance(annotation, ast.Subscript):
            annotation = annotation.value
        if annotation is None:
            return None
        text = ast.unparse(annotation)
        if text == "Self":
            return owner[1] if owner else None
        found = stubs.resolve_name(module, text)
        return found[1] if found else None

    def default(self, keyword):
        """The default every overload gives a parameter, or None."""
        defaults = {p[2] for overload, _ in self.overloads
                    for p in overload if p[0] == keyword}
        return defaults.pop() if len(defaults) == 1 else None

    def parameter(self, keyword=None, position=None):
        """(name, position, found) agreed by every overload; found is False
        when no overload has it and none takes **kwargs, None when unknown."""
        seen = set()
        open_keywords = False
        for overload, takes_kwargs in self.overloads:
            match = [p for p in overload
                     if (keyword is not None and p[0] == keyword)
                     or (keyword is None and p[1] == position)]
            if match:
                seen.add(match[0][:2])
            open_keywords |= takes_kwargs
        if len(seen) == 1:
            name, at = seen.pop()
            return name, at, True
        if not seen and self.overloads and not open_keywords:
            return None, None, False
        return None, None, None


def knowledge_entries(folder):
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as f:
            data = tomllib.load(f)
        for name, entry in data.get("callables", {}).items():
            yield path, name, entry
        types = set(data.get("types", {}))
        yield path, None, types


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, required=True)
    parser.add_argument("--typeshed", type=Path, required=True)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--output", type=Path)
    group.add_argument("--check", action="store_true")
    options = parser.parse_args()
    if not (options.typeshed / "stdlib").is_dir():
        sys.exit(f"typeshed-knowledge: no typeshed at {options.typeshed} "
                 "(utils/install-deps.sh installs it with pyright)")

    stubs = Stubs(options.typeshed)
    entries, type_names = [], {}
    for path, name, entry in knowledge_entries(options.knowledge):
        if name is not None:
            entries.append((path, name, entry))
            continue
        # The base's name of each class the stubs define, wherever they
        # define it (`socket.socket` is `_socket.socket`'s subclass in
        # socket.pyi; asyncio's classes live in its submodules).
        for type_name in entry:
            found = stubs.resolve(type_name)
            if found and isinstance(found[2], ast.ClassDef):
                type_names.setdefault(id(found[2]), type_name)

    filled, problems, read = {}, [], 0
    for path, name, entry in entries:
        found = stubs.resolve(name)
        if not found:
            continue
        signature = Signature(stubs, *found)
        if not signature.overloads:
            continue
        read += 1
        where = f"{path}: error: '{name}'"
        additions = {}
        for key in PARAMETER_KEYS:
            spec = entry.get(key)
            if not isinstance(spec, dict):
                continue
            keyword, position = spec.get("keyword"), spec.get("position")
            keyword_only = position == -1
            stub_name, stub_position, present = signature.parameter(keyword, position)
            if keyword is None:
                if present is False:
                    problems.append(f"{where}: {key} at position {position}: there is "
                                    f"no such positional parameter ({signature.where})")
                elif present and not stub_name.startswith("<"):
                    additions[key] = dict(spec, keyword=stub_name)
            elif present is False:
                problems.append(f"{where}: {key} '{keyword}' is not a parameter "
                                f"({signature.where})")
            elif present and keyword_only and stub_position is None:
                pass
            elif present and position is not None and position != stub_position:
                said = "keyword-only" if stub_position is None else f"position {stub_position}"
                problems.append(f"{where}: {key} '{keyword}' at position {position}, "
                                f"typeshed says {said} ({signature.where})")
            elif present and position is None and stub_position is not None:
                additions[key] = dict(spec, position=stub_position)
            if present and key in BOUND_KEYS:
                completed = with_default(spec, signature.default(stub_name))
                if completed:
                    additions[key] = dict(additions.get(key, spec), **completed)
        if "returns" not in entry and len(signature.returns) == 1:
            returned = type_names.get(id(next(iter(signature.returns))))
            if returned and returned != name:
                additions["returns"] = returned
        if additions:
            filled[name] = additions

    if options.check:
        for problem in problems:
            print(problem)
        print(f"typeshed-knowledge: {read} callables read from typeshed, "
              f"{len(filled)} completed, {len(problems)} disagreements")
        return 1 if problems else 0

    commit = (options.typeshed / "commit.txt")
    origin = commit.read_text().strip() if commit.is_file() else "unknown"
    lines = ["# Generated by utils/typeshed-knowledge.py from typeshed "
             f"{origin}. Do not edit.", ""]
    for name in sorted(filled):
        lines.append(f'[callables."{name}"]')
        for key, value in filled[name].items():
            lines.append(f"{key} = {toml_value(value)}")
        lines.append("")
    text = "\n".join(lines)
    if not options.output.is_file() or options.output.read_text() != text:
        options.output.parent.mkdir(parents=True, exist_ok=True)
        options.output.write_text(text)
    return 0


def toml_value(value):
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


if __name__ == "__main__":
    sys.exit(main())
