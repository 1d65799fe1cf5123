//===- Python.cpp - lock-held-across-call for threading, asyncio ----------===//
//
// What it does: finds threading locks held (`with lock:`, `lock.acquire()`
// ... `lock.release()`) across a blocking call, a close() of a connection, a
// callback or an await; event-loop locks (asyncio, anyio, trio) held across
// an unbounded network or subprocess await; a non-reentrant Lock taken again
// while held; and, over the whole run, two locks taken in opposite orders. Why
// is this bad: everyone waiting for the lock waits for the slowest dependency;
// callbacks can take other locks; opposite orders deadlock. Example: `with
// self._lock: self._cache = requests.get(url).json()` Use instead: `data =
// requests.get(url).json()` then `with self._lock: self._cache = data`.
//
//===----------------------------------------------------------------------===//
#include "LockOrder.h"
#include "Python/PythonChecker.h"
#include "RuleMessages.h"

#include <algorithm>
#include <set>

using namespace hazard;
using namespace hazard::python;
using ts::field;
using ts::isNull;
using ts::nodeType;
using LockKind = SemanticModel::LockKind;
using LockRegion = SemanticModel::LockRegion;

/// Semaphores bound concurrency: holding one across a call is their point,
/// and they are taken in any order.
static bool guardsState(LockKind K) { return K != LockKind::Semaphore; }

/// Python lock names are compared across the whole run.
static const lockorder::Scope PythonLocks{Language::Python, ""};

static std::string moduleName(const std::string &Path) {
  size_t Slash = Path.find_last_of("/\\");
  std::string File = Path.substr(Slash == std::string::npos ? 0 : Slash + 1);
  std::string Stem = File.substr(0, File.rfind('.'));
  if (Stem == "__init__" && Slash != std::string::npos)
    return moduleName(Path.substr(0, Slash));
  return Stem;
}

/// Lock names compared across files: the last two components, so that
/// `pkg.locks.A` imported in one file is `locks.A` defined in another.
static std::optional<std::string> stableLockName(TSNode Lock,
                                                 PythonChecker &C) {
  auto Name = C.semantic().lockName(Lock, moduleName(C.file().path()));
  if (!Name)
    return std::nullopt;
  size_t Last = Name->rfind('.');
  if (Last != std::string::npos && Last > 0) {
    size_t Before = Name->rfind('.', Last - 1);
    if (Before != std::string::npos)
      return Name->substr(Before + 1);
  }
  return Name;
}

static std::string displayName(TSNode Lock, PythonChecker &C) {
  if (auto N = stableLockName(Lock, C))
    return *N;
  return std::string(C.text(Lock));
}

static bool startsWith(const std::string &S, const char *Prefix) {
  return S.rfind(Prefix, 0) == 0;
}

/// `close()` on a value whose closing does I/O (a connection, a client).
static std::optional<std::string> closeCall(TSNode Call,
                                            const SemanticModel &S) {
  auto Q = S.resolveCall(Call);
  if (!Q || Q->size() < 6 || Q->compare(Q->size() - 6, 6, ".close") != 0)
    return std::nullopt;
  const knowledge::KnowledgeBase &KB = S.knowledge();
  std::string Owner = KB.canonical(Q->substr(0, Q->size() - 6));
  if (!KB.typeHasTrait(Owner, "close-does-io"))
    return std::nullopt;
  return Owner + ".close";
}

/// The function_definition a method body belongs to (skipping lambdas).
static TSNode enclosingDef(TSNode N, const SemanticModel &S) {
  TSNode F = S.enclosingFunction(N);
  while (!isNull(F) && nodeType(F) == "lambda")
    F = S.enclosingFunction(F);
  return F;
}

static std::string parameterName(TSNode P, PythonChecker &C) {
  std::string_view T = nodeType(P);
  if (T == "identifier")
    return std::string(C.text(P));
  if (T == "typed_parameter")
    return std::string(C.text(ts_node_named_child(P, 0)));
  if (T == "default_parameter" || T == "typed_default_parameter")
    return std::string(C.text(field(P, "name")));
  return "";
}

/// The parameter of Def called Name, or null.
static TSNode parameterNamed(TSNode Def, std::string_view Name,
                             PythonChecker &C) {
  if (isNull(Def))
    return TSNode{};
  TSNode Params = field(Def, "parameters");
  for (uint32_t I = 0; I < ts_node_named_child_count(Params); ++I) {
    TSNode P = ts_node_named_child(Params, I);
    if (parameterName(P, C) == Name)
      return P;
  }
  return TSNode{};
}

static bool isParameter(TSNode Def, std::string_view Name, PythonChecker &C) {
  return !isNull(parameterNamed(Def, Name, C));
}

/// Whether parameter P of Def is a method's receiver: the first parameter of
/// a def in a class body that is not a staticmethod.
static bool isReceiver(TSNode P, TSNode Def, PythonChecker &C) {
  if (!ts_node_eq(P, ts_node_named_child(field(Def, "parameters"), 0)))
    return false;
  TSNode Up = ts_node_parent(Def);
  if (nodeType(Up) == "decorated_definition") {
    for (uint32_t I = 0; I < ts_node_named_child_count(Up); ++I) {
      TSNode D = ts_node_named_child(Up, I);
      if (nodeType(D) == "decorator" &&
          C.text(ts_node_named_child(D, 0)) == "staticmethod")
        return false;
    }
    Up = ts_node_parent(Up);
  }
  return nodeType(Up) == "block" &&
         nodeType(ts_node_parent(Up)) == "class_definition";
}

/// A call of a function held in an attribute (`self._on_change(...)`, not a
/// method of the class) or passed as a parameter (`callback(...)`).
static std::optional<std::string> callbackCall(TSNode Call, PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  TSNode Fn = field(Call, "function");
  TSNode Def = enclosingDef(Call, S);
  if (isNull(Def))
    return std::nullopt;
  TSNode Params = field(Def, "parameters");
  if (nodeType(Fn) == "identifier") {
    TSNode P = parameterNamed(Def, C.text(Fn), C);
    if (isNull(P))
      return std::nullopt;
    // A method's first parameter is its class or instance (`cls()` in a
    // classmethod builds the class itself), not code handed in.
    if (isReceiver(P, Def, C))
      return std::nullopt;
    // An annotation other than a Callable says it is not a callback.
    TSNode Type = field(P, "type");
    if (!isNull(Type) &&
        C.text(Type).find("Callable") == std::string_view::npos)
      return std::nullopt;
    return std::string(C.text(Fn));
  }
  if (nodeType(Fn) != "attribute")
    return std::nullopt;
  TSNode Object = field(Fn, "object");
  TSNode Class = S.enclosingClass(Def);
  if (nodeType(Object) != "identifier" || isNull(Class) ||
      ts_node_named_child_count(Params) == 0 ||
      parameterName(ts_node_named_child(Params, 0), C) != C.text(Object))
    return std::nullopt;
  std::string Attr(C.text(field(Fn, "attribute")));
  // A method defined in the class is code we can see, not a callback.
  for (TSNode D : methodsOf(Class))
    if (C.text(field(D, "name")) == Attr)
      return std::nullopt;
  TSNode Body = field(Class, "body");
  // It is a callback if the class stores a parameter into it:
  // `self._on_change = on_change` in __init__ or a setter.
  std::vector<TSNode> Stack{Body};
  while (!Stack.empty()) {
    TSNode N = Stack.back();
    Stack.pop_back();
    if (nodeType(N) == "assignment") {
      TSNode Left = field(N, "left"), Right = field(N, "right");
      if (nodeType(Left) == "attribute" &&
          C.text(field(Left, "attribute")) == Attr &&
          nodeType(field(Left, "object")) == "identifier" &&
          nodeType(Right) == "identifier" &&
          isParameter(enclosingDef(N, S), C.text(Right), C))
        return std::string(C.text(Fn));
    }
    for (uint32_t I = 0; I < ts_node_named_child_count(N); ++I)
      Stack.push_back(ts_node_named_child(N, I));
  }
  return std::nullopt;
}

/// Awaited calls that wait on a peer with no bound of their own.
static std::optional<std::string> unboundedAwait(TSNode Call,
                                                 const SemanticModel &S) {
  auto Q = S.resolveCall(Call);
  if (!Q)
    return std::nullopt;
  const knowledge::KnowledgeBase &KB = S.knowledge();
  const knowledge::Callable *K = KB.callable(*Q);
  if (!K || !K->Blocks || !K->hasTrait("awaitable"))
    return std::nullopt;
  return KB.canonical(*Q);
}

/// Whether R is the innermost thread lock (Threading) or event-loop lock
/// region around N.
static bool innermostIs(TSNode N, const LockRegion &R, const SemanticModel &S,
                        bool Threading) {
  for (const LockRegion &E : S.enclosingLockRegions(N)) {
    if (!guardsState(E.Kind) || (E.Kind == LockKind::Threading) != Threading)
      continue;
    return ts_node_eq(E.Lock, R.Lock);
  }
  return false;
}

static void checkRegion(const LockRegion &R, PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  bool Threading = R.Kind == LockKind::Threading;
  std::string Lock = R.Library + " lock '" + displayName(R.Lock, C) + "'";
  auto Visit = [&](TSNode N) {
    std::string_view T = nodeType(N);
    if (Threading && T == "await") {
      if (innermostIs(N, R, S, true))
        C.report(N, message::LockHeldAcrossCall::ThreadLockAcrossAwait, {Lock});
      return;
    }
    if (T != "call")
      return;
    if (!Threading) {
      // An awaited call, or an `async with session.get(...)` item.
      TSNode Parent = ts_node_parent(N);
      if (nodeType(Parent) == "as_pattern")
        Parent = ts_node_parent(Parent);
      bool Waits = S.isAwaited(N) || nodeType(Parent) == "with_item";
      if (!Waits || S.isTimeoutBounded(N))
        return;
      if (auto Name = unboundedAwait(N, S))
        if (innermostIs(N, R, S, false))
          C.report(N, message::LockHeldAcrossCall::TaskLockAcrossUnboundedCall,
                   {Lock, *Name});
      return;
    }
    std::optional<std::string> What;
    MessageId Message = message::LockHeldAcrossCall::BlockingCall;
    if (auto Name = S.blockingCall(N)) {
      // Nested lock acquisitions are judged by their order (below).
      std::string Method = Name->substr(Name->rfind('.') + 1);
      if (Method != "acquire")
        What = *Name;
    } else if (auto Name = closeCall(N, S)) {
      What = *Name;
    } else if (auto Name = callbackCall(N, C)) {
      What = *Name;
      Message = message::LockHeldAcrossCall::Callback;
    }
    if (What && !S.isOffloaded(N) && innermostIs(N, R, S, true))
      C.report(N, Message, {Lock, *What});
  };
  // The guarded statements, without nested defs, lambdas and classes, which
  // run elsewhere.
  for (uint32_t I = 0; I < ts_node_named_child_count(R.Container); ++I) {
    TSNode N = ts_node_named_child(R.Container, I);
    std::string_view T = nodeType(N);
    if (ts_node_start_byte(N) < R.Begin || ts_node_end_byte(N) > R.End ||
        T == "function_definition" || T == "class_definition" ||
        T == "decorated_definition")
      continue;
    Visit(N);
    forEachInScope(N, Visit);
  }
}

/// Records the order edges of the locks Start takes, and reports a
/// non-reentrant Lock taken again while held.
static void recordOrder(TSNode Start, const std::vector<LockRegion> &Taken,
                        PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  std::vector<LockRegion> Held = S.enclosingLockRegions(Start, true);
  llvm::erase_if(Held,
                 [](const LockRegion &H) { return !guardsState(H.Kind); });
  for (const LockRegion &T : Taken) {
    if (!guardsState(T.Kind))
      continue;
    auto TakenName = stableLockName(T.Lock, C);
    for (const LockRegion &H : Held) {
      auto HeldName = stableLockName(H.Lock, C);
      if (!HeldName || !TakenName)
        continue;
      if (*HeldName == *TakenName) {
        auto Type = S.inferType(H.Lock);
        if (Type && S.knowledge().typeHasTrait(*Type, "non-reentrant"))
          C.report(T.Lock, message::LockHeldAcrossCall::Reacquired,
                   {H.Library + " lock '" + *HeldName + "'", *Type});
        continue;
      }
      TextRange Range =
          C.file().range(ts_node_start_byte(T.Lock), ts_node_end_byte(T.Lock));
      lockorder::Site Site{C.file().path(), Range,
                           std::string(C.file().lineText(Range.BeginPos.Line)),
                           H.Kind != LockKind::Unknown,
                           T.Kind != LockKind::Unknown};
      C.run().update<lockorder::Graph>([&](lockorder::Graph &G) {
        G.record(PythonLocks, *HeldName, *TakenName, Site);
      });
    }
    // `with a, b:` takes b while a is held.
    Held.insert(Held.begin(), T);
  }
}

static void checkLockHeldAcrossCall(const ts::Match &M, PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  if (M.has("lockvar")) {
    LockKind K = S.lockKind(M.node("lockvalue"));
    if (K != LockKind::Threading && K != LockKind::Async)
      return;
    if (auto Name = stableLockName(M.node("lockvar"), C))
      C.run().update<lockorder::Graph>(
          [&](lockorder::Graph &G) { G.declareLock(PythonLocks, *Name); });
    return;
  }
  TSNode Start = M.has("with") ? M.node("with") : M.node("acquire");
  std::vector<LockRegion> Regions = S.lockRegionsStartedBy(Start, true);
  if (Regions.empty())
    return;
  recordOrder(Start, Regions, C);
  for (const LockRegion &R : Regions)
    if (R.Kind == LockKind::Threading || R.Kind == LockKind::Async)
      checkRegion(R, C);
}

HAZARD_PYTHON_RULE(LockHeldAcrossCall, checkLockHeldAcrossCall);

/// Reports the lock-order inversions of every language (Python, Go and
/// C/C++ record into one graph): each pair taken in both orders once, at the
/// later of the two first sites, with the earlier one as related.
static void reportLockOrderInversions(RunState &Run, RunSink &Sink) {
  const RuleInfo &Rule = RuleRegistry::get().rule(RuleId::LockHeldAcrossCall);
  for (const lockorder::Inversion &I :
       Run.get<lockorder::Graph>().inversions()) {
    Language L = I.Scope.Lang;
    Finding F;
    F.RuleId = Rule.Id;
    F.Message =
        Rule.formatMessage(lockorder::inversionMessage(L), {I.Held, I.Taken});
    F.Path = I.Here.Path;
    F.Range = I.Here.Range;
    F.LineText = I.Here.LineText;
    F.Related.push_back(
        {I.There.Path, I.There.Range, I.There.LineText,
         Rule.formatMessage(lockorder::relatedMessage(L), {I.Held, I.Taken})});
    Sink.add(std::move(F));
  }
}

HAZARD_RUN_FINISHER(reportLockOrderInversions);
