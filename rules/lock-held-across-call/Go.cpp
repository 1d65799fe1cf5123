//===- Go.cpp - lock-held-across-call for sync.Mutex and sync.RWMutex -----===//
//
// What it does: finds the region between `mu.Lock()` and `mu.Unlock()` of
// the same block (or the rest of the block after `defer mu.Unlock()`) that
// contains network or file I/O, a database, Redis or gRPC call, a channel
// send, time.Sleep or a receive from time.After, a callback held in a
// field or parameter (or in a field's slice or map of funcs), or a second
// lock; and, over the files of a package, two mutexes taken in opposite
// orders.
// Why is this bad: every goroutine that needs the mutex waits for the
// slowest dependency; a callback may take the mutex again; a send blocks
// until a receiver, which may need the mutex, is ready; opposite orders
// deadlock.
// Example: `s.mu.Lock(); defer s.mu.Unlock(); resp, err := s.client.Do(req)`
// Use instead: do the call first, then lock only to store the result.
//
//===----------------------------------------------------------------------===//
#include "Go/GoChecker.h"
#include "LockOrder.h"
#include "RuleMessages.h"

#include <algorithm>
#include <set>
#include <tuple>

using namespace hazard;
using namespace hazard::go;
using ts::field;
using ts::isNull;
using ts::nodeType;
using MutexRegion = SemanticModel::MutexRegion;

namespace {

struct Hazard {
  MessageId Message;
  std::vector<std::string> Args; // after the lock's
};

} // namespace

/// The declared type of a field (`x.f`) or of a variable, or null.
static TSNode declaredTypeOf(TSNode E, GoChecker &C) {
  const SemanticModel &S = C.semantic();
  if (isNull(E))
    return E;
  if (nodeType(E) == "identifier")
    return S.declaredType(E);
  if (nodeType(E) == "selector_expression") {
    auto Owner = S.inferType(field(E, "operand"));
    if (Owner && (*Owner)[0] == '.')
      return S.fieldType(*Owner, C.text(field(E, "field")));
  }
  return TSNode{};
}

/// The element type of a slice, array or map type node (Key: a map's key).
static TSNode elementType(TSNode Type, bool Key = false) {
  if (isNull(Type))
    return Type;
  std::string_view T = nodeType(Type);
  if (T == "slice_type" || T == "array_type")
    return Key ? TSNode{} : field(Type, "element");
  if (T == "map_type")
    return field(Type, Key ? "key" : "value");
  return TSNode{};
}

/// Whether E is a func value held in a parameter or a field: a func-typed
/// parameter, local or field, an element of a slice or map of funcs held
/// there (`c.loaders[k]`), or a local taken from one (`load := c.loaders[k]`,
/// `for _, f := range r.hooks`).
static bool isHeldFunc(TSNode E, GoChecker &C, int Depth = 0) {
  const SemanticModel &S = C.semantic();
  if (Depth > 3 || isNull(E))
    return false;
  if (nodeType(E) == "index_expression")
    return S.isFuncType(elementType(declaredTypeOf(field(E, "operand"), C)));
  if (nodeType(E) == "selector_expression")
    return S.isFuncType(declaredTypeOf(E, C));
  if (nodeType(E) != "identifier")
    return false;
  if (S.isLocalVariable(E) && S.isFuncType(S.declaredType(E)))
    return true;
  auto [Value, Index] = S.bindingValue(E);
  if (!isNull(Value) && Index == 0)
    return isHeldFunc(Value, C, Depth + 1);
  // A range variable over a container of funcs.
  for (TSNode F = ts_node_parent(E); !isNull(F); F = ts_node_parent(F)) {
    std::string_view T = nodeType(F);
    if (T == "func_literal" || T == "function_declaration" ||
        T == "method_declaration")
      break;
    if (T != "for_statement")
      continue;
    TSNode Range{};
    for (uint32_t I = 0; I < ts_node_named_child_count(F); ++I)
      if (nodeType(ts_node_named_child(F, I)) == "range_clause")
        Range = ts_node_named_child(F, I);
    TSNode Left = isNull(Range) ? TSNode{} : field(Range, "left");
    if (isNull(Left))
      continue;
    uint32_t N = ts_node_named_child_count(Left);
    for (uint32_t I = 0; I < N; ++I) {
      if (C.text(ts_node_named_child(Left, I)) != C.text(E))
        continue;
      TSNode Container = declaredTypeOf(field(Range, "right"), C);
      bool Key = I == 0;
      if (Key && nodeType(Container) != "map_type")
        return false; // a slice index
      return S.isFuncType(elementType(Container, Key));
    }
  }
  return false;
}

/// A call of a func value held in a parameter or a struct field: code the
/// lock holder cannot see, which may block or lock the same mutex.
static std::optional<Hazard> callbackCall(TSNode Call, GoChecker &C) {
  TSNode Fn = field(Call, "function");
  if (!isHeldFunc(Fn, C))
    return std::nullopt;
  return Hazard{message::LockHeldAcrossCall::GoCallback,
                {std::string(C.text(Fn))}};
}

static std::optional<Hazard> blockingCall(TSNode Call, GoChecker &C) {
  if (auto B = C.semantic().blockingCall(Call)) {
    if (B->Entry && B->Entry->Blocks == knowledge::Blocking::Sleep)
      return Hazard{message::LockHeldAcrossCall::GoSleep, {B->Name}};
    return Hazard{message::LockHeldAcrossCall::GoBlockingCall,
                  {B->Noun, B->Name}};
  }
  // A known function that does not block; else maybe a held func value.
  if (C.semantic().qualifiedName(field(Call, "function")))
    return std::nullopt;
  return callbackCall(Call, C);
}

/// A send that cannot block: a case of a select with a default.
static bool nonBlockingSend(TSNode Send) {
  TSNode Case = ts_node_parent(Send);
  if (nodeType(Case) != "communication_case")
    return false;
  TSNode Select = ts_node_parent(Case);
  for (uint32_t I = 0; I < ts_node_named_child_count(Select); ++I)
    if (nodeType(ts_node_named_child(Select, I)) == "default_case")
      return true;
  return false;
}

/// `time.After(d)` / `time.Tick(d)` (trait `timer-channel`): receiving from
/// it is a sleep.
static bool isTimerWait(TSNode Operand, GoChecker &C) {
  if (nodeType(Operand) != "call_expression")
    return false;
  const SemanticModel &S = C.semantic();
  auto Q = S.qualifiedName(field(Operand, "function"));
  const knowledge::Callable *E = Q ? S.knowledge().callable(*Q) : nullptr;
  return E && E->hasTrait("timer-channel");
}

static std::string lockDescription(const MutexRegion &R, GoChecker &C) {
  return std::string(R.Read ? "read lock of '" : "mutex '") +
         std::string(C.text(R.Mutex)) + "'";
}

/// Records that Taken is locked while Held is: the orders of the mutexes of
/// one package (one directory) are compared once every file is read.
static void recordOrder(const MutexRegion &Held, TSNode Taken, GoChecker &C) {
  const SemanticModel &S = C.semantic();
  auto HeldName = S.mutexName(Held.Mutex), TakenName = S.mutexName(Taken);
  if (!HeldName || !TakenName || *HeldName == *TakenName)
    return;
  TextRange Range =
      C.file().range(ts_node_start_byte(Taken), ts_node_end_byte(Taken));
  lockorder::Site Site{C.file().path(), Range,
                       std::string(C.file().lineText(Range.BeginPos.Line))};
  lockorder::Scope Package{Language::Go, packageDirectory(C.file().path())};
  C.run().update<lockorder::Graph>([&](lockorder::Graph &G) {
    G.record(Package, *HeldName, *TakenName, Site);
  });
}

static void checkLockHeldAcrossCall(const ts::Match &M, GoChecker &C) {
  const SemanticModel &S = C.semantic();
  auto Region = S.mutexRegionStartedBy(M.node("lock"));
  if (!Region)
    return;
  const MutexRegion &R = *Region;
  std::string Lock = lockDescription(R, C);
  // Regions of locks taken inside this one report what they hold themselves.
  std::vector<MutexRegion> Inner;
  auto InInner = [&](TSNode N) {
    return std::any_of(Inner.begin(), Inner.end(), [&](const MutexRegion &I) {
      return ts_node_start_byte(N) >= I.Begin && ts_node_end_byte(N) <= I.End &&
             !S.releasedBefore(I, N);
    });
  };
  std::vector<TSNode> Stack;
  for (uint32_t I = ts_node_named_child_count(R.Container); I-- > 0;) {
    TSNode N = ts_node_named_child(R.Container, I);
    if (ts_node_start_byte(N) >= R.Begin && ts_node_end_byte(N) <= R.End)
      Stack.push_back(N);
  }
  while (!Stack.empty()) {
    TSNode N = Stack.back();
    Stack.pop_back();
    std::string_view T = nodeType(N);
    // Goroutines and func literals run later; a deferred call runs after an
    // explicit Unlock, but before a deferred one registered earlier.
    if (T == "func_literal" || T == "go_statement" ||
        (T == "defer_statement" && !R.Deferred))
      continue;
    if (S.releasedBefore(R, N) || InInner(N))
      continue;
    if (T == "expression_statement") {
      TSNode Call = ts_node_named_child(N, 0);
      TSNode Taken = S.mutexCallReceiver(Call, false);
      if (!isNull(Taken) && S.isMutex(Taken)) {
        // The same mutex spelled the same way is locked again; two values of
        // one type (q.Lock(), other.Lock()) share a name but not a mutex.
        if (C.text(Taken) == C.text(R.Mutex)) {
          C.report(Call, message::LockHeldAcrossCall::GoRelocked, {Lock});
        } else {
          // Reported only if another path takes them in the opposite order
          // (the run finisher of Python.cpp, for every language).
          recordOrder(R, Taken, C);
        }
        if (auto Nested = S.mutexRegionStartedBy(N))
          Inner.push_back(*Nested);
        continue;
      }
    }
    for (uint32_t I = ts_node_named_child_count(N); I-- > 0;)
      Stack.push_back(ts_node_named_child(N, I));
    if (T == "send_statement" && !nonBlockingSend(N)) {
      C.report(N, message::LockHeldAcrossCall::ChannelSend,
               {Lock, std::string(C.text(field(N, "channel")))});
      continue;
    }
    if (T == "unary_expression" && C.text(field(N, "operator")) == "<-" &&
        isTimerWait(field(N, "operand"), C) &&
        !nonBlockingSend(nodeType(ts_node_parent(N)) == "receive_statement"
                             ? ts_node_parent(N)
                             : N)) {
      C.report(N, message::LockHeldAcrossCall::TimerWait,
               {Lock, std::string(C.text(N))});
      continue;
    }
    if (T == "call_expression")
      if (auto H = blockingCall(N, C)) {
        H->Args.insert(H->Args.begin(), Lock);
        C.report(N, H->Message, H->Args);
      }
  }
}

HAZARD_GO_RULE(LockHeldAcrossCall, checkLockHeldAcrossCall);
