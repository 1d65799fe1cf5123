//===- Python.cpp - unguarded-callback for Python -------------------------===//
//
// What it does: finds watchdog event handlers, thread targets and signal
// handlers whose body can raise outside any try/except: with no try at all,
// or with statements that can raise outside it. A try whose handlers the
// author chose (even a narrow `except OSError:`) shows failure was
// considered, and is not second-guessed. A signal handler that raises on
// purpose (a `raise`, sys.exit()) is not reported; in a branch, the raise
// covers that branch.
// Why is this bad: nothing calls them to catch the error; the observer or
// thread dies silently, or the main thread is interrupted anywhere.
// Example: `def on_modified(self, event): apply(load(event.src_path))`
// Use instead: wrap the body in `try: ... except Exception: log.exception()`.
//
//===----------------------------------------------------------------------===//
#include "Python/PythonChecker.h"
#include "RuleMessages.h"

#include <set>

using namespace hazard;
using namespace hazard::python;
using ts::field;
using ts::isNull;
using ts::nodeType;

namespace {

bool isSimpleValue(TSNode V) {
  std::string_view T = nodeType(V);
  return T == "identifier" || T == "true" || T == "false" || T == "none" ||
         T == "integer" || T == "float" || T == "string";
}

/// Whether the library callable K cannot reasonably raise when Call calls
/// it: it has the trait `never-raises`, or Call gives its
/// `never-raises-with` argument (`d.pop(k, None)`).
bool neverRaisesAs(const knowledge::Callable &K, TSNode Call,
                   const PythonChecker &C) {
  return K.hasTrait("never-raises") ||
         (K.NeverRaisesWith &&
          !isNull(C.semantic().argument(Call, *K.NeverRaisesWith)));
}

/// Whether every library method called Method never raises when Call calls
/// it: what a call of it does on a receiver of unknown type.
bool onlyNeverRaisingMethods(std::string_view Method, TSNode Call,
                             const PythonChecker &C) {
  const auto &Named = C.semantic().knowledge().callablesNamed(Method);
  return !Named.empty() &&
         llvm::all_of(Named, [&](const knowledge::Callable *E) {
           return neverRaisesAs(*E, Call, C);
         });
}

/// A call that cannot reasonably raise: `stop_event.set()`,
/// `asyncio.set_event_loop(loop)`, a log line, `d.pop(k, None)`.
bool neverRaises(TSNode Call, const PythonChecker &C) {
  const SemanticModel &M = C.semantic();
  if (const knowledge::Callable *K = M.knownCallable(Call))
    return neverRaisesAs(*K, Call, C);
  TSNode Fn = field(Call, "function");
  return nodeType(Fn) == "attribute" && !M.inferType(field(Fn, "object")) &&
         onlyNeverRaisingMethods(C.text(field(Fn, "attribute")), Call, C);
}

/// Statements that cannot reasonably raise.
bool isTrivial(TSNode S, const PythonChecker &C) {
  std::string_view T = nodeType(S);
  if (T == "pass_statement" || T == "global_statement" ||
      T == "nonlocal_statement" || T == "break_statement" ||
      T == "continue_statement" || T == "comment")
    return true;
  if (T == "return_statement")
    return ts_node_named_child_count(S) == 0 ||
           isSimpleValue(ts_node_named_child(S, 0));
  if (T != "expression_statement" || ts_node_named_child_count(S) != 1)
    return false;
  TSNode E = ts_node_named_child(S, 0);
  std::string_view ET = nodeType(E);
  if (ET == "string")
    return true; // docstring
  if (ET == "assignment") {
    TSNode L = field(E, "left"), R = field(E, "right");
    bool SimpleTarget = nodeType(L) == "identifier" ||
                        (nodeType(L) == "attribute" &&
                         nodeType(field(L, "object")) == "identifier");
    return SimpleTarget && isSimpleValue(R) && isNull(field(E, "type"));
  }
  if (ET == "call")
    return neverRaises(E, C);
  return false;
}

/// Whether a block raises on purpose: a `raise` or a call that exits (trait
/// `exits`: sys.exit, also as `return sys.exit(...)`) among its own
/// statements. Raising from a signal handler is how a program interrupts its
/// main thread.
bool raisesOnPurpose(TSNode Block, const PythonChecker &C) {
  for (uint32_t I = 0; I < ts_node_named_child_count(Block); ++I) {
    TSNode S = ts_node_named_child(Block, I);
    if (nodeType(S) == "raise_statement")
      return true;
    if (nodeType(S) != "expression_statement" &&
        nodeType(S) != "return_statement")
      continue;
    TSNode E = ts_node_named_child(S, 0);
    if (nodeType(E) != "call")
      continue;
    const knowledge::Callable *K = C.semantic().knownCallable(E);
    if (K && K->hasTrait("exits"))
      return true;
  }
  return false;
}

/// With ExitsCover (a signal handler), a block that raises on purpose is
/// covered: the whole body, or a branch that exits.
bool isCovered(TSNode Block, const PythonChecker &C, bool ExitsCover);

bool isCoveredStatement(TSNode S, const PythonChecker &C, bool ExitsCover) {
  if (isTrivial(S, C))
    return true;
  std::string_view T = nodeType(S);
  if (T == "try_statement") {
    // Any handler counts: which exceptions to catch is the author's call
    // (a try/finally alone handles nothing).
    for (uint32_t I = 0; I < ts_node_named_child_count(S); ++I) {
      std::string_view CT = nodeType(ts_node_named_child(S, I));
      if (CT == "except_clause" || CT == "except_group_clause")
        return true;
    }
    return false;
  }
  // Compound statements: covered when every block they hold is.
  if (T == "if_statement" || T == "while_statement" || T == "for_statement" ||
      T == "with_statement" || T == "elif_clause" || T == "else_clause") {
    for (uint32_t I = 0; I < ts_node_named_child_count(S); ++I) {
      TSNode Part = ts_node_named_child(S, I);
      std::string_view PT = nodeType(Part);
      if (PT == "block" && !isCovered(Part, C, ExitsCover))
        return false;
      if ((PT == "elif_clause" || PT == "else_clause") &&
          !isCoveredStatement(Part, C, ExitsCover))
        return false;
    }
    return true;
  }
  return false;
}

bool isCovered(TSNode Block, const PythonChecker &C, bool ExitsCover) {
  if (ExitsCover && raisesOnPurpose(Block, C))
    return true;
  for (uint32_t I = 0; I < ts_node_named_child_count(Block); ++I)
    if (!isCoveredStatement(ts_node_named_child(Block, I), C, ExitsCover))
      return false;
  return true;
}

void checkFunction(TSNode Def, MessageId Message, PythonChecker &C,
                   bool ExitsCover = false) {
  if (nodeType(Def) != "function_definition")
    return;
  auto &Reported = C.fileState<std::set<uint32_t>>();
  if (isCovered(field(Def, "body"), C, ExitsCover) ||
      !Reported.insert(ts_node_start_byte(Def)).second)
    return;
  TSNode Name = field(Def, "name");
  C.report(Name, Message, {std::string(C.text(Name))});
}

void checkSpawn(TSNode Call, PythonChecker &C);

void checkUnguardedCallback(const ts::Match &Mt, PythonChecker &C) {
  const SemanticModel &M = C.semantic();
  if (TSNode Alias = Mt.node("alias"); !isNull(Alias)) {
    // `from threading import Thread as T`: the calls of T. A call spelled
    // like the library's name is a match of its own.
    std::string_view Name = C.text(field(Alias, "alias"));
    if (Name == "Thread" || Name == "Timer" || Name == "signal")
      return;
    for (TSNode Call : M.callsThroughAlias(Alias))
      checkSpawn(Call, C);
    return;
  }
  if (TSNode Class = Mt.node("class"); !isNull(Class)) {
    for (TSNode Def : M.threadCalledMethods(Class))
      checkFunction(Def, message::UnguardedCallback::WatchdogHandler, C);
    return;
  }
  checkSpawn(Mt.node("spawn"), C);
}

void checkSpawn(TSNode Call, PythonChecker &C) {
  const SemanticModel &M = C.semantic();
  if (TSNode Target = M.threadTarget(Call); !isNull(Target)) {
    checkFunction(M.definitionOf(Target),
                  message::UnguardedCallback::ThreadTarget, C);
    return;
  }
  if (const knowledge::Callable *K = M.knownCallable(Call);
      K && K->hasTrait("installs-signal-handler")) {
    checkFunction(M.definitionOf(M.workTarget(Call)),
                  message::UnguardedCallback::SignalHandler, C,
                  /*ExitsCover=*/true);
  }
}

} // namespace

HAZARD_PYTHON_RULE(UnguardedCallback, checkUnguardedCallback);
