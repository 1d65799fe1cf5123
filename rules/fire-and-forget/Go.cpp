//===- Go.cpp - fire-and-forget for Go ------------------------------------===//
//
// What it does: finds `go` statements in a request handler (net/http, gin,
// echo, fiber, unary gRPC methods) or in a loop whose goroutine is tied to
// nothing: no WaitGroup (`Done()` in its body, `wg.Add` before it in the
// spawner), no context (`ctx.Done()`, a captured or passed-in context), and
// no channel it sends on or closes that the spawner receives from, selects
// on or returns (or a field's channel the file receives from with `<-x.f`;
// a queue drained by a `for range` does not wait for its senders), no semaphore
// it releases that the spawner fills, no sync.Cond it signals. The body is
// the func literal, or the function or method of that name in the same
// file; when it is elsewhere only the spawner's side and the arguments are
// judged.
// Why is this bad: nobody waits for the goroutine, so shutdown cuts it off
// mid-work, its error is lost, and per-request or per-iteration spawning
// grows without bound when it is slow.
// Example: `go s.audit(r.URL.Path)` in an http.HandlerFunc.
// Use instead: errgroup.Group / sync.WaitGroup, or a context it watches.
//
//===----------------------------------------------------------------------===//
#include "Go/GoChecker.h"
#include "RuleMessages.h"

#include <set>

using namespace hazard;
using namespace hazard::go;
using ts::field;
using ts::isNull;
using ts::nodeType;

static bool inside(TSNode N, TSNode Outer) {
  return !isNull(Outer) && ts_node_start_byte(Outer) <= ts_node_start_byte(N) &&
         ts_node_end_byte(N) <= ts_node_end_byte(Outer);
}

static TSNode rootOf(TSNode N) {
  for (TSNode P = ts_node_parent(N); !isNull(P); P = ts_node_parent(P))
    N = P;
  return N;
}

/// The bodies the goroutine may run: a func literal's, or those of the
/// functions and methods of the callee's name in this file.
static std::vector<TSNode> goroutineBodies(TSNode Fn, const GoChecker &C) {
  std::vector<TSNode> Out;
  if (nodeType(Fn) == "func_literal") {
    Out.push_back(field(Fn, "body"));
    return Out;
  }
  std::string_view Name, Kind;
  if (nodeType(Fn) == "identifier") {
    Name = C.text(Fn);
    Kind = "function_declaration";
  } else if (nodeType(Fn) == "selector_expression") {
    Name = C.text(field(Fn, "field"));
    Kind = "method_declaration";
  } else {
    return Out;
  }
  TSNode Root = rootOf(Fn);
  for (unsigned I = 0; I < ts_node_named_child_count(Root); ++I) {
    TSNode D = ts_node_named_child(Root, I);
    if (nodeType(D) == Kind && C.text(field(D, "name")) == Name)
      Out.push_back(field(D, "body"));
  }
  return Out;
}

/// A context reaches the goroutine through Arg (not Background / TODO).
static bool isContext(TSNode Arg, const GoChecker &C) {
  const SemanticModel &M = C.semantic();
  if (M.isDetachedContext(Arg))
    return false;
  return M.isContext(Arg); // also r.Context()
}

/// `case <-stop: return` in a select: the goroutine ends when its owner
/// closes or signals a channel (not a timer's).
static bool returnsOnSignal(TSNode Case) {
  TSNode Comm = field(Case, "communication");
  if (nodeType(Comm) != "receive_statement")
    return false;
  TSNode Receive = field(Comm, "right");
  TSNode Ch = field(Receive, "operand");
  std::string_view K = nodeType(Ch);
  if (nodeType(Receive) != "unary_expression" ||
      (K != "identifier" && K != "selector_expression"))
    return false;
  bool Returns = false;
  for (uint32_t I = 0; I < ts_node_named_child_count(Case); ++I) {
    TSNode S = ts_node_named_child(Case, I);
    if (ts_node_eq(S, Comm))
      continue;
    forEachNode(S, [&](TSNode N) {
      Returns |= nodeType(N) == "return_statement";
      return !Returns && nodeType(N) != "func_literal";
    });
  }
  return Returns;
}

/// `wg.Add(1)`: a method with trait `tracks-goroutine`, on a receiver of
/// its type or, when the type is not known here, named like a wait group.
static bool isWaitGroupAdd(TSNode Call, const GoChecker &C) {
  TSNode Fn = field(Call, "function");
  if (nodeType(Fn) != "selector_expression")
    return false;
  const SemanticModel &M = C.semantic();
  std::string Method(C.text(field(Fn, "field")));
  if (!M.isMethodWithTrait(Method, "tracks-goroutine"))
    return false;
  TSNode Receiver = field(Fn, "operand");
  if (auto T = M.inferType(Receiver)) {
    const knowledge::Callable *E = M.knowledge().callable(*T + "." + Method);
    if (E && E->hasTrait("tracks-goroutine"))
      return true;
  }
  std::string R(C.text(Receiver));
  for (char &Ch : R)
    Ch = char(std::tolower(static_cast<unsigned char>(Ch)));
  return R.find("wg") != std::string::npos ||
         R.find("waitgroup") != std::string::npos;
}

/// The channel fields this file receives from with `<-x.f` (a waiter, as in
/// a Wait method). A `for range x.f` drain loop is a queue's consumer: it
/// does not wait for any one sender, and a full queue blocks the sender
/// forever.
namespace {
struct ReceivedFields {
  bool Collected = false;
  std::set<std::string> Names;
};
} // namespace

static const std::set<std::string> &receivedFields(TSNode Root, GoChecker &C) {
  ReceivedFields &F = C.fileState<ReceivedFields>();
  if (!F.Collected) {
    F.Collected = true;
    forEachNode(Root, [&](TSNode N) {
      if (nodeType(N) == "unary_expression" &&
          C.text(field(N, "operator")) == "<-" &&
          nodeType(field(N, "operand")) == "selector_expression")
        F.Names.insert(
            std::string(C.text(field(field(N, "operand"), "field"))));
      return true;
    });
  }
  return F.Names;
}

static void checkGoStatement(const ts::Match &M, GoChecker &C) {
  TSNode Go = M.node("go"), Call = M.node("call");
  const SemanticModel &S = C.semantic();
  TSNode Spawner = S.enclosingFunction(Go);
  if (isNull(Spawner))
    return;
  TSNode Handler = S.enclosingHandler(Go);
  TSNode Loop = S.enclosingLoop(Go);
  if (isNull(Handler) && isNull(Loop))
    return; // started once, e.g. a worker started in main()
  TSNode Fn = field(Call, "function");
  TSNode Literal = nodeType(Fn) == "func_literal" ? Fn : TSNode{};

  // The spawner's side: channels it receives from or returns, wg.Add.
  std::set<std::string> Received, Sent;
  bool Added = false;
  forEachNode(field(Spawner, "body"), [&](TSNode N) {
    if (!isNull(Literal) && ts_node_eq(N, Literal))
      return false;
    std::string_view T = nodeType(N);
    if (T == "unary_expression" && C.text(field(N, "operator")) == "<-")
      Received.insert(std::string(C.text(field(N, "operand"))));
    else if (T == "send_statement") // a semaphore the goroutine releases
      Sent.insert(std::string(C.text(field(N, "channel"))));
    else if (T == "assignment_statement" &&
             nodeType(ts_node_named_child(field(N, "left"), 0)) ==
                 "selector_expression") // c.errs = errc: read elsewhere
      Received.insert(
          std::string(C.text(ts_node_named_child(field(N, "right"), 0))));
    else if (T == "range_clause")
      Received.insert(std::string(C.text(field(N, "right"))));
    else if (T == "return_statement")
      for (unsigned I = 0; I < ts_node_named_child_count(N); ++I)
        forEachNode(ts_node_named_child(N, I), [&](TSNode E) {
          if (nodeType(E) == "identifier")
            Received.insert(std::string(C.text(E)));
          return true;
        });
    else if (T == "call_expression" &&
             ts_node_start_byte(N) < ts_node_start_byte(Go) &&
             isWaitGroupAdd(N, C))
      Added = true;
    return true;
  });
  if (Added)
    return;

  // What is handed to the goroutine.
  TSNode Args = field(Call, "arguments");
  for (unsigned I = 0; I < ts_node_named_child_count(Args); ++I) {
    TSNode A = ts_node_named_child(Args, I);
    if (isContext(A, C) || Received.count(std::string(C.text(A))))
      return;
  }
  if (nodeType(Fn) == "selector_expression" &&
      isContext(field(Fn, "operand"), C))
    return; // go ctx.something()

  // The goroutine's side: Done(), a context it uses, a channel it signals.
  bool Tied = false;
  for (TSNode Body : goroutineBodies(Fn, C))
    forEachNode(Body, [&](TSNode N) {
      std::string_view T = nodeType(N);
      if (T == "call_expression") {
        TSNode F = field(N, "function");
        // wg.Done(), <-ctx.Done(), or a sync.Cond the spawner waits on.
        if (nodeType(F) == "selector_expression" &&
            ts_node_named_child_count(field(N, "arguments")) == 0 &&
            S.isMethodWithTrait(C.text(field(F, "field")), "ties-goroutine"))
          Tied = true;
        if (nodeType(F) == "identifier" && C.text(F) == "close") {
          TSNode Ch = ts_node_named_child(field(N, "arguments"), 0);
          if (Received.count(std::string(C.text(Ch))) ||
              nodeType(Ch) == "selector_expression")
            Tied = true;
        }
        if (!isNull(Literal) && isContext(N, C))
          Tied = true; // r.Context() captured
      } else if (T == "unary_expression" &&
                 C.text(field(N, "operator")) == "<-" &&
                 Sent.count(std::string(C.text(field(N, "operand"))))) {
        Tied = true; // releases a semaphore the spawner fills to wait
      } else if (T == "send_statement") {
        // A field's channel is read by another method (c.errch in Wait).
        TSNode Ch = field(N, "channel");
        if (Received.count(std::string(C.text(Ch))) ||
            (nodeType(Ch) == "selector_expression" &&
             receivedFields(rootOf(N), C)
                 .count(std::string(C.text(field(Ch, "field"))))))
          Tied = true;
      } else if (T == "communication_case" && returnsOnSignal(N)) {
        Tied = true; // case <-b.closeCh: return
      } else if (T == "identifier" && !isNull(Literal) && S.isContext(N)) {
        // A captured context, not Background() bound inside the literal.
        auto [Value, Index] = S.bindingValue(N);
        if (isNull(Value) || !inside(Value, Literal) ||
            !S.isDetachedContext(Value))
          Tied = true;
      }
      return !Tied;
    });
  if (Tied)
    return;

  std::string Shown =
      isNull(Literal) ? std::string(C.text(Fn)) : std::string("func literal");
  if (!isNull(Handler))
    C.report(Go, message::FireAndForget::GoroutineInHandler,
             {Shown, *S.handlerKind(Handler), S.functionName(Handler)});
  else
    C.report(Go, message::FireAndForget::GoroutineInLoop,
             {Shown, S.functionName(Spawner)});
}

HAZARD_GO_RULE(FireAndForget, checkGoStatement);
