//===- Python.cpp - wait-without-timeout for Python -----------------------===//
//
// What it does: finds calls that wait on a child process, a thread, a lock,
// an event, a queue, a future or an HTTP server without a timeout:
// subprocess.run/call/check_*, Popen.wait/communicate, Thread.join,
// Event.wait, Lock.acquire, Queue.get, Future.result, requests and urlopen,
// and awaited asyncio subprocess wait()/communicate() outside
// asyncio.wait_for / asyncio.timeout.
// Why is this bad: one hung peer hangs the caller forever, silently.
// Example: `subprocess.run(["git", "fetch"], check=True)`
// Use instead: `subprocess.run(["git", "fetch"], check=True, timeout=300)`
//
//===----------------------------------------------------------------------===//
#include "Python/PythonChecker.h"
#include "RuleMessages.h"

using namespace hazard;
using namespace hazard::python;
using ts::field;
using ts::isNull;
using ts::nodeType;

/// The message saying why waiting without a bound hangs, by what the call
/// waits for.
static MessageId whyItHangs(const knowledge::Callable &K) {
  namespace M = message::WaitWithoutTimeout;
  if (K.hasTrait("awaitable"))
    return M::AwaitsChild;
  static const std::pair<const char *, MessageId> Reasons[] = {
      {"child", M::WaitsForChild},   {"server", M::WaitsForServer},
      {"thread", M::WaitsForThread}, {"process", M::WaitsForProcess},
      {"event", M::WaitsForEvent},   {"lock", M::WaitsForLock},
      {"queue", M::WaitsForQueue},   {"future", M::WaitsForFuture},
  };
  for (const auto &[Waits, Why] : Reasons)
    if (K.Waits == Waits)
      return Why;
  return M::WaitsForOther;
}

/// A literal False or 0; nullopt when the value is not a literal.
static std::optional<bool> literalFalse(TSNode Value, const PythonChecker &C) {
  std::string_view T = nodeType(Value);
  if (T == "false")
    return true;
  if (T == "true")
    return false;
  if (T == "integer")
    return C.text(Value) == "0";
  return std::nullopt;
}

/// Whether Call passes an argument that may carry the timeout unseen: any
/// **kwargs, and *args when the timeout can be passed by position.
static bool mayPassTimeout(TSNode Call, const knowledge::Callable &K) {
  TSNode Args = field(Call, "arguments");
  for (uint32_t I = 0; I < ts_node_named_child_count(Args); ++I) {
    std::string_view T = nodeType(ts_node_named_child(Args, I));
    if (T == "dictionary_splat")
      return true;
    if (T == "list_splat" &&
        ((K.Timeout && K.Timeout->Position >= 0) || K.BlockFlag))
      return true;
  }
  return false;
}

/// The statement of its block that N is part of.
static TSNode statementOf(TSNode N) {
  while (!isNull(ts_node_parent(N)) && nodeType(ts_node_parent(N)) != "block" &&
         nodeType(ts_node_parent(N)) != "module")
    N = ts_node_parent(N);
  return N;
}

/// The calls that earlier statements of the block around Call make, nearest
/// first: `p.kill()`, `out, _ = p.communicate(...)`, `await p.wait()`.
static std::vector<TSNode> earlierCalls(TSNode Call) {
  TSNode Statement = statementOf(Call);
  std::vector<TSNode> Calls;
  for (TSNode Prev = ts_node_prev_named_sibling(Statement); !isNull(Prev);
       Prev = ts_node_prev_named_sibling(Prev)) {
    if (nodeType(Prev) != "expression_statement")
      continue;
    TSNode E = ts_node_named_child(Prev, 0);
    if (nodeType(E) == "assignment")
      E = field(E, "right");
    if (nodeType(E) == "await")
      E = ts_node_named_child(E, 0);
    if (nodeType(E) == "call")
      Calls.push_back(E);
  }
  return Calls;
}

/// Whether Call is a method call on the object spelled Object.
static bool callsMethodOf(TSNode Call, std::string_view Object,
                          const PythonChecker &C) {
  TSNode Fn = field(Call, "function");
  return nodeType(Fn) == "attribute" && C.text(field(Fn, "object")) == Object;
}

/// Whether the process id Arg is the pid of the child spelled Child:
/// `p.pid`, or a call given it (`os.getpgid(p.pid)`: its process group).
static bool carriesPidOf(TSNode Arg, std::string_view Child,
                         const PythonChecker &C, int Depth = 0) {
  if (isNull(Arg) || Depth > 4)
    return false;
  if (nodeType(Arg) == "attribute")
    return C.text(field(Arg, "attribute")) == "pid" &&
           C.text(field(Arg, "object")) == Child;
  if (nodeType(Arg) == "call")
    return carriesPidOf(C.semantic().positionalArgument(Arg, 0), Child, C,
                        Depth + 1);
  if (nodeType(Arg) == "identifier") // pid = p.pid
    return llvm::any_of(C.semantic().assignedValues(Arg), [&](TSNode V) {
      return carriesPidOf(V, Child, C, Depth + 1);
    });
  return false;
}

/// Whether Ends, an earlier call, ends the child spelled Child: a method of
/// it with trait `ends-child` (`p.kill()`, a finished `p.communicate()`), or
/// a call whose `ends-pid` argument is spelled as one of its `when` values,
/// given the child's pid (`os.kill(p.pid, signal.SIGKILL)`).
static bool endsChild(TSNode Ends, std::string_view Child,
                      const PythonChecker &C) {
  const knowledge::Callable *E = C.semantic().knownCallable(Ends);
  if (!E)
    return false;
  if (E->hasTrait("ends-child"))
    return callsMethodOf(Ends, Child, C);
  if (!E->EndsPid)
    return false;
  TSNode Signal = C.semantic().argument(Ends, *E->EndsPid);
  return !isNull(Signal) &&
         llvm::is_contained(E->EndsPid->When, C.text(Signal)) &&
         carriesPidOf(C.semantic().positionalArgument(Ends, 0), Child, C);
}

/// Whether an earlier statement of the block around Call ends the child
/// Call waits for: `p.kill()` then `p.wait()` reaps a process that is
/// already dead, as the subprocess docs recommend; after
/// `p.communicate(...)` returns the child has exited; and SIGKILL sent to
/// its pid or process group cannot be survived.
/// Whether every path through the statement S ends the child: a call that
/// ends it, a `with` block whose body does, or an `if` whose branches all do
/// (it has an `else`).
static bool statementEndsChild(TSNode S, std::string_view Child,
                               const PythonChecker &C, int Depth = 0) {
  std::string_view T = nodeType(S);
  auto BlockEnds = [&](TSNode Block) {
    for (uint32_t I = 0; I < ts_node_named_child_count(Block); ++I)
      if (statementEndsChild(ts_node_named_child(Block, I), Child, C,
                             Depth + 1))
        return true;
    return false;
  };
  if (Depth > 4)
    return false;
  if (T == "expression_statement") {
    TSNode E = ts_node_named_child(S, 0);
    if (nodeType(E) == "await")
      E = ts_node_named_child(E, 0);
    return nodeType(E) == "call" && endsChild(E, Child, C);
  }
  if (T == "with_statement")
    return BlockEnds(field(S, "body"));
  if (T != "if_statement" || !BlockEnds(field(S, "consequence")))
    return false;
  bool Else = false;
  for (uint32_t I = 0; I < ts_node_named_child_count(S); ++I) {
    TSNode Branch = ts_node_named_child(S, I);
    std::string_view B = nodeType(Branch);
    if (B != "elif_clause" && B != "else_clause")
      continue;
    Else |= B == "else_clause";
    if (!BlockEnds(field(Branch, "body")) &&
        !BlockEnds(field(Branch, "consequence")))
      return false;
  }
  return Else;
}

static bool childAlreadyEnded(TSNode Call, const PythonChecker &C) {
  TSNode Fn = field(Call, "function");
  if (nodeType(Fn) != "attribute")
    return false;
  std::string_view Child = C.text(field(Fn, "object"));
  if (llvm::any_of(earlierCalls(Call),
                   [&](TSNode Ends) { return endsChild(Ends, Child, C); }))
    return true;
  // Killed on every path of an earlier `if` (per platform, say).
  TSNode Statement = statementOf(Call);
  for (TSNode Prev = ts_node_prev_named_sibling(Statement); !isNull(Prev);
       Prev = ts_node_prev_named_sibling(Prev))
    if (nodeType(Prev) == "if_statement" && statementEndsChild(Prev, Child, C))
      return true;
  return false;
}

/// Whether the method Fn (an attribute) has Trait: the callable it resolves
/// to, or on a receiver of unknown type, any library method of its name.
static bool methodHasTrait(TSNode Fn, std::string_view Trait,
                           const PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  if (auto Q = S.resolveCallee(Fn))
    if (const knowledge::Callable *K = S.knowledge().callable(*Q))
      return K->hasTrait(Trait);
  return !S.inferType(field(Fn, "object")) &&
         S.knowledge().memberHasTrait(C.text(field(Fn, "attribute")), Trait);
}

/// Whether the thread Call joins runs a server's serve loop (trait
/// `serves-until-stopped`: `threading.Thread(target=server.serve_forever)`)
/// that an earlier statement of the block stopped with a method of the same
/// server with trait `stops-serving` (`server.shutdown()`): the loop has
/// returned, so the thread ends.
static bool threadAlreadyStopped(TSNode Call, const PythonChecker &C) {
  TSNode Fn = field(Call, "function");
  if (nodeType(Fn) != "attribute")
    return false;
  const SemanticModel &S = C.semantic();
  for (TSNode Value : S.assignedValues(field(Fn, "object"))) {
    if (nodeType(Value) != "call")
      continue;
    TSNode Target = S.threadTarget(Value);
    if (nodeType(Target) != "attribute" ||
        !methodHasTrait(Target, "serves-until-stopped", C))
      continue;
    std::string_view Server = C.text(field(Target, "object"));
    if (llvm::any_of(earlierCalls(Call), [&](TSNode Stop) {
          return callsMethodOf(Stop, Server, C) &&
                 methodHasTrait(field(Stop, "function"), "stops-serving", C);
        }))
      return true;
  }
  return false;
}

/// Whether the program hands over to the child Call waits for: what the
/// wait returns, or the child itself (`p.returncode`), is given to a call
/// that exits (trait `exits`: sys.exit, SystemExit) in the same function, as
/// a wrapper that runs a command for as long as it runs does.
static bool handsOverToChild(TSNode Call, const PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  TSNode Function = S.enclosingFunction(Call);
  if (isNull(Function))
    return false;
  std::set<std::string_view> Carriers; // `result = run(...)`, `p` of p.wait()
  TSNode Parent = ts_node_parent(Call);
  if (nodeType(Parent) == "assignment" &&
      nodeType(field(Parent, "left")) == "identifier")
    Carriers.insert(C.text(field(Parent, "left")));
  TSNode Fn = field(Call, "function");
  if (nodeType(Fn) == "attribute" &&
      nodeType(field(Fn, "object")) == "identifier")
    Carriers.insert(C.text(field(Fn, "object")));
  bool HandedOver = false;
  forEachInScope(field(Function, "body"), [&](TSNode N) {
    if (HandedOver || nodeType(N) != "call")
      return;
    const knowledge::Callable *K = S.knownCallable(N);
    if (!K || !K->hasTrait("exits"))
      return;
    forEachInScope(field(N, "arguments"), [&](TSNode A) {
      HandedOver |= ts_node_eq(A, Call) ||
                    (nodeType(A) == "identifier" && Carriers.count(C.text(A)));
    });
  });
  return HandedOver;
}

/// Whether Call (`q.get()`) runs only while the queue has items: in the
/// body of `while not q.empty():` or `if not q.empty():`, where `empty` has
/// trait `reports-empty`.
static bool guardedByNotEmpty(TSNode Call, const PythonChecker &C) {
  TSNode Fn = field(Call, "function");
  if (nodeType(Fn) != "attribute")
    return false;
  std::string_view Queue = C.text(field(Fn, "object"));
  const SemanticModel &S = C.semantic();
  TSNode Function = S.enclosingFunction(Call);
  for (TSNode N = ts_node_parent(Call); !isNull(N) && !ts_node_eq(N, Function);
       N = ts_node_parent(N)) {
    std::string_view T = nodeType(N);
    if (T != "while_statement" && T != "if_statement")
      continue;
    TSNode Body = field(N, "body");
    if (T == "if_statement")
      Body = field(N, "consequence");
    TSNode Test = field(N, "condition");
    if (nodeType(Test) != "not_operator" ||
        ts_node_start_byte(Call) < ts_node_start_byte(Body) ||
        ts_node_end_byte(Call) > ts_node_end_byte(Body))
      continue;
    TSNode Empty = field(Test, "argument");
    TSNode EmptyFn = field(Empty, "function");
    if (nodeType(Empty) != "call" || nodeType(EmptyFn) != "attribute" ||
        C.text(field(EmptyFn, "object")) != Queue)
      continue;
    if (methodHasTrait(EmptyFn, "reports-empty", C))
      return true;
  }
  return false;
}

/// Whether the call, as written, may block with no bound. Unknown values
/// (a non-literal `blocking=`) count as bounded, and so does an explicit
/// unbounded value (`timeout=None`): that is a decision, not an oversight.
static bool waitsForever(TSNode Call, const knowledge::Callable &K,
                         PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  if (K.Waits == "child" &&
      (childAlreadyEnded(Call, C) || handsOverToChild(Call, C)))
    return false;
  if (K.Waits == "queue" && guardedByNotEmpty(Call, C))
    return false;
  if (K.Waits == "thread" && threadAlreadyStopped(Call, C))
    return false;
  if (K.hasTrait("awaitable"))
    return S.isAwaited(Call) && !S.isTimeoutBounded(Call);
  if (mayPassTimeout(Call, K))
    return false;
  if (K.Timeout) {
    const knowledge::Parameter &T = *K.Timeout;
    if (!T.Keyword.empty() && !isNull(S.keywordArgument(Call, T.Keyword)))
      return false;
    if (T.Position >= 0 && !isNull(S.positionalArgument(Call, T.Position)))
      return false;
    if (!T.unboundedWhenAbsent())
      return false;
  }
  if (K.BlockFlag) {
    const knowledge::Parameter &F = *K.BlockFlag;
    TSNode Flag =
        F.Keyword.empty() ? TSNode{} : S.keywordArgument(Call, F.Keyword);
    if (isNull(Flag) && F.Position >= 0)
      Flag = S.positionalArgument(Call, F.Position);
    if (!isNull(Flag)) {
      auto NonBlocking = literalFalse(Flag, C);
      if (!NonBlocking || *NonBlocking || F.isOffValue(C.text(Flag)))
        return false;
    }
  }
  return true;
}

/// Inserts `timeout=N` (the timeout-seconds option) as the last argument;
/// multi-line calls and trailing commas keep their shape (`x,\n)` becomes
/// `x, timeout=N,\n)`).
static std::optional<Fix> insertTimeout(TSNode Call, const PythonChecker &C) {
  std::string Timeout =
      "timeout=" + std::to_string(C.option("timeout-seconds").get<int64_t>());
  TSNode Args = field(Call, "arguments");
  TSNode Last{};
  for (uint32_t I = 0; I < ts_node_named_child_count(Args); ++I) {
    TSNode A = ts_node_named_child(Args, I);
    if (nodeType(A) != "comment")
      Last = A;
  }
  TextEdit E;
  if (isNull(Last)) {
    // `()`: right after the parenthesis.
    E.Range.Begin = E.Range.End = ts_node_start_byte(Args) + 1;
    E.NewText = Timeout;
  } else {
    E.Range.Begin = E.Range.End = ts_node_end_byte(Last);
    E.NewText = ", " + Timeout;
  }
  Fix F;
  F.Description =
      "Pass " + Timeout + " (seconds); choose a bound that suits the call";
  F.Safe = false;
  F.Edits.push_back(std::move(E));
  return F;
}

static void checkWaitWithoutTimeout(const ts::Match &M, PythonChecker &C) {
  TSNode Call = M.node("call");
  auto Callee = C.semantic().resolveCall(Call);
  if (!Callee)
    return;
  const knowledge::KnowledgeBase &KB = C.semantic().knowledge();
  const knowledge::Callable *K = KB.callable(*Callee);
  if (!K || K->Waits.empty() || !waitsForever(Call, *K, C))
    return;
  std::optional<Fix> F;
  if (K->hasTrait("suggest-timeout"))
    F = insertTimeout(Call, C);
  C.report(Call, whyItHangs(*K), {KB.canonical(*Callee)}, std::move(F));
}

HAZARD_PYTHON_RULE(WaitWithoutTimeout, checkWaitWithoutTimeout);
