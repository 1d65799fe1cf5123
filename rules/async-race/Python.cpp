//===- Python.cpp - async-race for asyncio --------------------------------===//
//
// What it does: finds (1) in an `async def`, a write of `self.x` or a module
// global computed from a read made before an await (`v = self.n; await io();
// self.n = v + 1`, `self.n += await f()`), outside a lock; (2) a list, dict or
// set attribute touched both by a thread callback of the class (a Thread
// target, run_in_executor / to_thread function, watchdog handler) and by its
// coroutines, with no threading.Lock held on the thread side.
// Why is this bad: (1) updates made by other tasks during the await are lost;
// (2) the event loop sees the container half-updated, or iteration fails with
// "changed size during iteration".
// Example: `v = self.n; await io(); self.n = v + 1`
// Use instead: hold an asyncio.Lock across read, await and write; hand data
// from threads with call_soon_threadsafe or a queue.
//
//===----------------------------------------------------------------------===//
#include "Python/PythonChecker.h"
#include "RuleMessages.h"

#include <map>
#include <set>

using namespace hazard;
using namespace hazard::python;
using ts::contains;
using ts::field;
using ts::isNull;
using ts::nodeType;

namespace {

/// N and its descendants in its scope, N first.
void forEachIn(TSNode N, const std::function<void(TSNode)> &Visit) {
  Visit(N);
  forEachInScope(N, Visit);
}

/// Whether N reads the shared location Target (same attribute or name).
bool readsTarget(TSNode N, TSNode Target, const PythonChecker &C) {
  if (nodeType(N) != nodeType(Target) || C.text(N) != C.text(Target))
    return false;
  if (nodeType(N) != "identifier")
    return true;
  TSNode P = ts_node_parent(N);
  if (nodeType(P) == "attribute" && ts_node_eq(field(P, "attribute"), N))
    return false;
  return !(nodeType(P) == "keyword_argument" &&
           ts_node_eq(field(P, "name"), N));
}

// Part 1: stale read, await, write back.

void checkWrite(TSNode Write, TSNode Target, PythonChecker &C) {
  const SemanticModel &M = C.semantic();
  if (!M.inAsyncFunction(Write) || M.isUnderLock(Write))
    return;
  TSNode Right = field(Write, "right");
  if (isNull(Right))
    return; // `self.x: int` declares, it does not write
  bool Augmented = nodeType(Write) == "augmented_assignment";
  // Within the expression: a read evaluated before (or inside) an await.
  // `self.n += ...` reads self.n before evaluating its right-hand side.
  std::vector<TSNode> Reads, Awaits;
  forEachIn(Right, [&](TSNode N) {
    if (nodeType(N) == "await")
      Awaits.push_back(N);
    else if (readsTarget(N, Target, C))
      Reads.push_back(N);
  });
  for (TSNode A : Awaits) {
    bool Stale = Augmented;
    for (TSNode R : Reads)
      Stale |= ts_node_start_byte(R) < ts_node_end_byte(A);
    if (Stale) {
      C.report(Write, message::AsyncRace::WrittenBackAfterAwait,
               {std::string(C.text(Target))});
      return;
    }
  }
  if (Augmented)
    return;
  // Through a local: `v = self.n` ... await ... `self.n = v + 1`.
  TSNode Function = M.enclosingFunction(Write);
  std::vector<TSNode> Locals;
  forEachIn(Right, [&](TSNode N) {
    if (nodeType(N) == "identifier" && !readsTarget(N, Target, C)) {
      TSNode P = ts_node_parent(N);
      if (!(nodeType(P) == "attribute" && ts_node_eq(field(P, "attribute"), N)))
        Locals.push_back(N);
    }
  });
  for (TSNode L : Locals) {
    TSNode B = M.bindingOf(L);
    TSNode P = isNull(B) ? TSNode{} : ts_node_parent(B);
    if (isNull(B) || nodeType(P) != "assignment" ||
        !ts_node_eq(field(P, "left"), B) ||
        !ts_node_eq(M.enclosingFunction(B), Function))
      continue;
    bool ReadsShared = false;
    forEachIn(field(P, "right"),
              [&](TSNode N) { ReadsShared |= readsTarget(N, Target, C); });
    if (!ReadsShared)
      continue;
    bool AwaitBetween = false;
    forEachInScope(field(Function, "body"), [&](TSNode N) {
      if (nodeType(N) == "await" &&
          ts_node_start_byte(N) >= ts_node_end_byte(P) &&
          ts_node_end_byte(N) <= ts_node_start_byte(Write))
        AwaitBetween = true;
    });
    if (AwaitBetween) {
      C.report(Write, message::AsyncRace::WrittenBackFromLocal,
               {std::string(C.text(Target)), std::string(C.text(L))});
      return;
    }
  }
}

void checkGlobals(TSNode Global, PythonChecker &C) {
  const SemanticModel &M = C.semantic();
  TSNode Function = M.enclosingFunction(Global);
  if (isNull(Function) || !M.inAsyncFunction(Global))
    return;
  std::set<std::string_view> Names;
  for (uint32_t I = 0; I < ts_node_named_child_count(Global); ++I)
    Names.insert(C.text(ts_node_named_child(Global, I)));
  forEachInScope(field(Function, "body"), [&](TSNode N) {
    std::string_view T = nodeType(N);
    if (T != "assignment" && T != "augmented_assignment")
      return;
    TSNode Left = field(N, "left");
    if (nodeType(Left) == "identifier" && Names.count(C.text(Left)))
      checkWrite(N, Left, C);
  });
}

// Part 2: containers shared by thread callbacks and coroutines.

bool isContainer(TSNode Attr, const SemanticModel &M) {
  auto T = M.inferType(Attr);
  const knowledge::KnowledgeBase &KB = M.knowledge();
  return T && (KB.derivesFrom(*T, "list") || KB.derivesFrom(*T, "dict") ||
               KB.derivesFrom(*T, "set"));
}

/// Whether the use of the container attribute Attr changes it: a method
/// of its type that adds, removes or reorders entries, or an item store.
bool mutates(TSNode Attr, const PythonChecker &C) {
  const SemanticModel &M = C.semantic();
  TSNode P = ts_node_parent(Attr);
  std::string_view PT = nodeType(P);
  if (PT == "attribute" && nodeType(ts_node_parent(P)) == "call") {
    auto T = M.inferType(Attr);
    if (!T)
      return false;
    const knowledge::KnowledgeBase &KB = M.knowledge();
    std::string Method(C.text(field(P, "attribute")));
    if (KB.addsEntries(*T, Method) || KB.removesEntries(*T, Method))
      return true;
    const knowledge::Callable *K = KB.callable(*T + "." + Method);
    return K && K->hasTrait("reorders");
  }
  if (PT == "subscript") {
    TSNode G = ts_node_parent(P);
    std::string_view GT = nodeType(G);
    return ((GT == "assignment" || GT == "augmented_assignment") &&
            ts_node_eq(field(G, "left"), P)) ||
           GT == "delete_statement";
  }
  return false;
}

/// Inside the arguments of a hand-off to the loop thread.
bool isHandedOff(TSNode N, const PythonChecker &C) {
  for (TSNode P = ts_node_parent(N); !isNull(P); P = ts_node_parent(P)) {
    std::string_view T = nodeType(P);
    if (T == "function_definition" || T == "class_definition")
      return false;
    if (T != "argument_list")
      continue;
    const knowledge::Callable *K =
        C.semantic().knownCallable(ts_node_parent(P));
    if (K && K->hasTrait("schedules-thread-safely"))
      return true;
  }
  return false;
}

struct Access {
  TSNode Node;
  std::string Method;
  bool Mutates = false;
};

void checkClass(TSNode Class, PythonChecker &C) {
  const SemanticModel &M = C.semantic();
  std::vector<TSNode> Methods = methodsOf(Class);
  // Methods that run on another thread: the handlers a library calls there,
  // and the targets of threads and executors.
  std::set<std::string_view> ThreadSide;
  for (TSNode D : M.threadCalledMethods(Class))
    ThreadSide.insert(C.text(field(D, "name")));
  for (TSNode D : Methods) {
    forEachInScope(field(D, "body"), [&](TSNode N) {
      if (nodeType(N) != "call")
        return;
      TSNode Target = M.workTarget(N);
      if (nodeType(Target) == "attribute" &&
          nodeType(field(Target, "object")) == "identifier" &&
          M.isSelf(field(Target, "object")))
        ThreadSide.insert(C.text(field(Target, "attribute")));
    });
  }
  if (ThreadSide.empty())
    return;
  std::map<std::string, Access> Thread, Loop;
  for (TSNode D : Methods) {
    std::string_view Name = C.text(field(D, "name"));
    bool IsThread = ThreadSide.count(Name) > 0;
    bool IsLoop = nodeType(ts_node_child(D, 0)) == "async";
    if (!IsThread && !IsLoop)
      continue;
    auto &Side = IsThread ? Thread : Loop;
    forEachInScope(field(D, "body"), [&](TSNode N) {
      if (nodeType(N) != "attribute" ||
          nodeType(field(N, "object")) != "identifier" ||
          !M.isSelf(field(N, "object")) || !isContainer(N, M))
        return;
      if (IsThread && (M.isUnderLock(N) || isHandedOff(N, C)))
        return;
      std::string Key(C.text(N));
      bool Mut = mutates(N, C);
      auto It = Side.find(Key);
      if (It == Side.end())
        Side[Key] = {N, std::string(Name), Mut};
      else if (Mut && !It->second.Mutates)
        It->second = {N, std::string(Name), true};
    });
  }
  for (const auto &[Key, T] : Thread) {
    auto L = Loop.find(Key);
    if (L == Loop.end() || !(T.Mutates || L->second.Mutates))
      continue;
    C.report(T.Node, message::AsyncRace::SharedWithThreadCallback,
             {Key, T.Mutates ? "changed" : "read", T.Method,
              L->second.Mutates ? "changed" : "used", L->second.Method});
  }
}

void checkAsyncRace(const ts::Match &Mt, PythonChecker &C) {
  if (TSNode Write = Mt.node("write"); !isNull(Write)) {
    TSNode Target = Mt.node("target");
    if (C.semantic().isSelf(field(Target, "object")))
      checkWrite(Write, Target, C);
  } else if (TSNode Global = Mt.node("global"); !isNull(Global)) {
    checkGlobals(Global, C);
  } else if (TSNode Class = Mt.node("class"); !isNull(Class)) {
    checkClass(Class, C);
  }
}

} // namespace

HAZARD_PYTHON_RULE(AsyncRace, checkAsyncRace);
