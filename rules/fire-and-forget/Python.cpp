//===- Python.cpp - fire-and-forget for Python ----------------------------===//
//
// What it does: finds asyncio tasks whose only reference is dropped:
// `asyncio.create_task(...)`, `asyncio.ensure_future(coro())` and
// `loop.create_task(...)` as a bare statement, assigned to `_`, or kept in a
// local that is never used again (a lone `t.add_done_callback(...)` does not
// count: the task still has no owner), unless the function then runs the
// event loop, which the local outlives. The knowledge base says which
// callables spawn tasks.
// Why is this bad: the event loop holds tasks weakly; an unreferenced task
// can be garbage-collected before it finishes, and nobody sees its exception.
// Example: `asyncio.create_task(notify(user))`
// Use instead: keep it in a set: `tasks.add(t);
// t.add_done_callback(tasks.discard)`
//
//===----------------------------------------------------------------------===//
#include "Python/PythonChecker.h"
#include "RuleMessages.h"

using namespace hazard;
using namespace hazard::python;
using ts::field;
using ts::isNull;
using ts::nodeType;

/// N's parent, skipping parentheses around N.
static TSNode parentOf(TSNode &N) {
  TSNode P = ts_node_parent(N);
  while (nodeType(P) == "parenthesized_expression") {
    N = P;
    P = ts_node_parent(P);
  }
  return P;
}

/// `<Object>.add_done_callback(...)` with Object the node given, the task:
/// a method of the task's type with trait `done-callback`.
static bool isDoneCallbackReceiver(TSNode Object, const std::string &Task,
                                   const PythonChecker &C) {
  TSNode Attr = ts_node_parent(Object);
  if (nodeType(Attr) != "attribute" ||
      !ts_node_eq(field(Attr, "object"), Object))
    return false;
  TSNode Call = ts_node_parent(Attr);
  if (nodeType(Call) != "call" || !ts_node_eq(field(Call, "function"), Attr))
    return false;
  const knowledge::KnowledgeBase &KB = C.semantic().knowledge();
  const knowledge::Callable *E = KB.callable(
      Task + std::string(KB.memberSeparator()) +
      std::string(C.text(field(Attr, "attribute"))));
  return E && E->hasTrait("done-callback");
}

/// Whether identifier Id, spelled like the task's variable, reads it in a way
/// that may keep the task alive. Everything but `t.add_done_callback(...)`,
/// rebinding `t = ...`, keyword names and attribute names counts.
static bool keepsAlive(TSNode Id, const std::string &Task,
                       const PythonChecker &C) {
  TSNode P = ts_node_parent(Id);
  std::string_view T = nodeType(P);
  if (T == "keyword_argument" && ts_node_eq(field(P, "name"), Id))
    return false;
  if (T == "attribute" && ts_node_eq(field(P, "attribute"), Id))
    return false;
  if (T == "assignment" && ts_node_eq(field(P, "left"), Id))
    return false;
  return !isDoneCallbackReceiver(Id, Task, C);
}

static bool usedIn(TSNode N, std::string_view Name, TSNode Target,
                   const std::string &Task, const PythonChecker &C) {
  if (nodeType(N) == "identifier")
    return !ts_node_eq(N, Target) && C.text(N) == Name &&
           keepsAlive(N, Task, C);
  for (uint32_t I = 0; I < ts_node_named_child_count(N); ++I)
    if (usedIn(ts_node_named_child(N, I), Name, Target, Task, C))
      return true;
  return false;
}

/// Whether N, after byte After, runs an event loop to completion (trait
/// `runs-event-loop`: `loop.run_forever()`): a local of the function stays
/// alive while the loop runs its task.
static bool runsLoopAfter(TSNode N, uint32_t After, const PythonChecker &C) {
  if (ts_node_end_byte(N) <= After)
    return false;
  std::string_view T = nodeType(N);
  if (T == "function_definition" || T == "lambda" || T == "class_definition")
    return false;
  if (T == "call" && ts_node_start_byte(N) >= After) {
    const SemanticModel &S = C.semantic();
    auto Callee = S.resolveCall(N);
    const knowledge::Callable *E =
        Callee ? S.knowledge().callable(*Callee) : nullptr;
    if (E && E->hasTrait("runs-event-loop"))
      return true;
  }
  for (uint32_t I = 0; I < ts_node_named_child_count(N); ++I)
    if (runsLoopAfter(ts_node_named_child(N, I), After, C))
      return true;
  return false;
}

/// Whether the task created by Call has no reference that outlives the
/// statement. Only shapes known to drop it answer true.
static bool isDropped(TSNode Call, const std::string &Task, PythonChecker &C) {
  TSNode Value = Call;
  TSNode P = parentOf(Value);
  if (nodeType(P) == "expression_statement")
    return true;
  // asyncio.create_task(c()).add_done_callback(cb) as a statement.
  if (isDoneCallbackReceiver(Value, Task, C)) {
    TSNode Registration = ts_node_parent(ts_node_parent(Value));
    return nodeType(parentOf(Registration)) == "expression_statement";
  }
  if (nodeType(P) != "assignment" || !ts_node_eq(field(P, "right"), Value) ||
      nodeType(ts_node_parent(P)) != "expression_statement")
    return false;
  TSNode Target = field(P, "left");
  if (nodeType(Target) != "identifier")
    return false; // stored in an attribute, a subscript or a tuple
  std::string_view Name = C.text(Target);
  if (Name == "_")
    return true;
  // A module or class variable outlives the statement; a function's local
  // does not, unless it is used (or declared global / nonlocal: a use too).
  TSNode Function = C.semantic().enclosingFunction(Call);
  if (isNull(Function) || nodeType(Function) != "function_definition")
    return false;
  TSNode Body = field(Function, "body");
  return !usedIn(Body, Name, Target, Task, C) &&
         !runsLoopAfter(Body, ts_node_end_byte(P), C);
}

static void checkFireAndForget(const ts::Match &M, PythonChecker &C) {
  TSNode Call = M.node("call");
  const SemanticModel &S = C.semantic();
  auto Callee = S.resolveCall(Call);
  if (!Callee)
    return;
  const knowledge::KnowledgeBase &KB = S.knowledge();
  const knowledge::Callable *K = KB.callable(*Callee);
  if (!K || K->Spawns != "task")
    return;
  if (K->hasTrait("passes-futures-through")) {
    TSNode Arg = S.positionalArgument(Call, 0);
    if (nodeType(Arg) != "call")
      return;
    if (auto T = S.inferType(Arg); T && KB.typeHasTrait(*T, "future"))
      return;
  }
  // A method is shown on what its receiver is called (`loop.create_task`).
  std::string Shown = K->Name;
  size_t Dot = Shown.rfind('.');
  if (const knowledge::Type *Owner =
          Dot == std::string::npos ? nullptr : KB.type(Shown.substr(0, Dot));
      Owner && !Owner->Noun.empty())
    Shown = Owner->Noun + Shown.substr(Dot);
  if (isDropped(Call, K->result(), C))
    C.report(Call, message::FireAndForget::TaskDropped, {Shown});
}

HAZARD_PYTHON_RULE(FireAndForget, checkFireAndForget);
