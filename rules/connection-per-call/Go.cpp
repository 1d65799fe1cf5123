//===- Go.cpp - connection-per-call for Go --------------------------------===//
//
// What it does: finds gRPC connections (grpc.Dial, DialContext, NewClient),
// go-redis clients (redis.NewClient and friends), redigo connections,
// database/sql pools (sql.Open) and http.Transport literals created inside
// a request handler (net/http, gin, echo, fiber, unary gRPC methods) or on
// every iteration of a loop. A client stored in a field or global (lazy
// initialisation), or, in a loop, handed on (appended, returned, passed to
// a function other than a stub constructor) is not reported, nor is one
// made in a sync.Once's Do, in main() or in a constructor such as
// NewServer. Methods that take a context and do not loop run per operation
// and count as handlers for clients they do not keep. An &http.Client{}
// literal is reported in handlers and such methods (the issue lists it),
// not in loops.
// Why is this bad: each of these owns connections; one per request pays
// DNS, TCP and TLS setup every time and, under load, exhausts sockets,
// ports or the server's connection limit.
// Example: `conn, err := grpc.Dial(addr, opts...)` in a handler.
// Use instead: create the client once in main or NewServer and keep it on
// the server struct.
//
//===----------------------------------------------------------------------===//
#include "Go/GoChecker.h"
#include "RuleMessages.h"

using namespace hazard;
using namespace hazard::go;
using ts::field;
using ts::isNull;
using ts::nodeType;

/// Whether Value's client is kept beyond this call: stored in a field,
/// an element or a package variable; with Strict (loops), also returned,
/// appended or passed to a function.
static bool isKept(TSNode Value, bool Strict, const GoChecker &C) {
  const SemanticModel &M = C.semantic();
  TSNode List = ts_node_parent(Value);
  TSNode Stmt = isNull(List) ? List : ts_node_parent(List);
  if (!isNull(Stmt) && nodeType(Stmt) == "assignment_statement") {
    TSNode Left = field(Stmt, "left");
    for (unsigned I = 0; I < ts_node_named_child_count(Left); ++I) {
      TSNode L = ts_node_named_child(Left, I);
      if (nodeType(L) != "identifier" && C.text(L) != "_")
        return true; // s.conn = grpc.Dial(...)
    }
  }
  TSNode Name = SemanticModel::boundName(Value);
  if (isNull(Name)) {
    std::string_view T = nodeType(List);
    // return grpc.Dial(...), append(conns, ...), f(grpc.Dial(...))
    return Strict && (T == "expression_list" || T == "argument_list" ||
                      T == "keyed_element" || T == "literal_element" ||
                      T == "return_statement");
  }
  if (isNull(M.enclosingFunction(Name)) ||
      nodeType(ts_node_parent(ts_node_parent(Name))) == "assignment_statement")
    return true; // a package variable, or one declared before: not followed
  for (TSNode U : M.usesOf(Name, M.enclosingFunction(Name))) {
    TSNode P = ts_node_parent(U);
    std::string_view T = nodeType(P);
    if (T == "selector_expression")
      continue; // conn.Close(), rdb.Get(...)
    if (T == "expression_list") {
      TSNode S = ts_node_parent(P);
      if (nodeType(S) == "assignment_statement" &&
          ts_node_eq(field(S, "right"), P)) {
        TSNode Left = ts_node_named_child(field(S, "left"), 0);
        if (nodeType(Left) != "identifier")
          return true; // s.conn = conn
      }
      if (Strict)
        return true;
      continue;
    }
    if (T == "argument_list") {
      // A generated stub over the connection: pb.NewUsersClient(conn).
      TSNode Fn = field(ts_node_parent(P), "function");
      std::string_view Callee = nodeType(Fn) == "selector_expression"
                                    ? C.text(field(Fn, "field"))
                                    : C.text(Fn);
      bool Stub = Callee.rfind("New", 0) == 0 && Callee.size() > 9 &&
                  Callee.substr(Callee.size() - 6) == "Client";
      if (Strict && !Stub)
        return true;
      continue;
    }
    if (T == "keyed_element" || T == "literal_element" ||
        T == "return_statement")
      if (Strict || T != "return_statement")
        return true;
  }
  return false;
}

static void checkClient(TSNode At, TSNode Value, const std::string &Shown,
                        const std::string &Kind, GoChecker &C,
                        bool HandlersOnly = false) {
  const SemanticModel &M = C.semantic();
  TSNode Handler = M.enclosingHandler(At);
  TSNode Loop = HandlersOnly ? TSNode{} : M.enclosingLoop(At);
  TSNode Fn = M.enclosingFunction(At);
  bool PerOperation =
      isNull(Handler) && isNull(Loop) && M.isPerOperationMethod(Fn);
  if (isNull(Handler) && isNull(Loop) && !PerOperation)
    return;
  // Outside a handler, a client handed on may be meant to outlive the call.
  if (isKept(Value, /*Strict=*/isNull(Handler), C))
    return;
  namespace Msg = message::ConnectionPerCall;
  if (!isNull(Handler))
    C.report(At, Msg::GoPerHandlerCall,
             {Shown, Kind, *M.handlerKind(Handler), M.functionName(Handler)});
  else
    C.report(At, PerOperation ? Msg::GoPerOperationCall : Msg::GoPerIteration,
             {Shown, Kind, M.functionName(Fn)});
}

/// The knowledge base's entry for the client type a composite literal
/// builds (`client` set), or null.
static const knowledge::Type *clientType(TSNode Lit, GoChecker &C) {
  auto T = C.semantic().inferType(Lit);
  const knowledge::Type *E = T ? C.semantic().knowledge().type(*T) : nullptr;
  return E && !E->Client.empty() ? E : nullptr;
}

/// Whether literal Lit has a keyed element whose value is a literal (or `&`
/// of one) of a type that opens connections: `Transport: &http.Transport{}`.
static bool holdsConnectingLiteral(TSNode Lit, GoChecker &C) {
  TSNode Body = field(Lit, "body");
  for (unsigned I = 0; I < ts_node_named_child_count(Body); ++I) {
    TSNode E = ts_node_named_child(Body, I);
    if (nodeType(E) != "keyed_element" || ts_node_named_child_count(E) < 2)
      continue;
    TSNode V = ts_node_named_child(E, 1);
    if (nodeType(V) == "literal_element")
      V = ts_node_named_child(V, 0);
    if (nodeType(V) == "unary_expression")
      V = field(V, "operand");
    if (nodeType(V) != "composite_literal")
      continue;
    const knowledge::Type *T = clientType(V, C);
    if (T && !T->Connects.empty())
      return true;
  }
  return false;
}

static std::string kindOf(const knowledge::Type &T) {
  return T.Noun.empty() ? T.Client + " client" : T.Noun;
}

/// `&http.Client{...}`, a client that opens nothing of its own, in a
/// per-request function (the connection-per-call list): not in
/// loops, where a client per item is often deliberate. A client with its
/// own Transport literal is reported at that Transport.
static void checkSharingClient(TSNode Lit, const knowledge::Type &T,
                               GoChecker &C) {
  if (holdsConnectingLiteral(Lit, C))
    return;
  TSNode Value = Lit;
  if (nodeType(ts_node_parent(Value)) == "unary_expression")
    Value = ts_node_parent(Value);
  checkClient(Value, Value, std::string(C.text(field(Lit, "type"))) + "{}",
              kindOf(T), C, /*HandlersOnly=*/true);
}

static void checkConnectionPerCall(const ts::Match &M, GoChecker &C) {
  const SemanticModel &S = C.semantic();
  if (TSNode Call = M.node("call"); !isNull(Call)) {
    TSNode Fn = field(Call, "function");
    auto Q = S.qualifiedName(Fn);
    auto Built = Q ? S.knowledge().clientBuiltBy(*Q) : std::nullopt;
    if (Built)
      checkClient(Call, Call, std::string(C.text(Fn)),
                  Built->Noun.empty() ? Built->Client + " client" : Built->Noun,
                  C);
    return;
  }
  TSNode Lit = M.node("literal");
  const knowledge::Type *T = clientType(Lit, C);
  if (!T)
    return;
  if (T->Connects.empty()) {
    checkSharingClient(Lit, *T, C);
    return;
  }
  // &http.Client{Transport: &http.Transport{...}}: the client is the value.
  TSNode Value = Lit;
  if (nodeType(ts_node_parent(Value)) == "unary_expression")
    Value = ts_node_parent(Value);
  TSNode Element = ts_node_parent(Value);
  if (!isNull(Element) && nodeType(Element) == "literal_element" &&
      nodeType(ts_node_parent(Element)) == "keyed_element") {
    TSNode Outer = ts_node_parent(ts_node_parent(ts_node_parent(Element)));
    if (nodeType(Outer) == "composite_literal" && clientType(Outer, C)) {
      Value = Outer;
      if (nodeType(ts_node_parent(Value)) == "unary_expression")
        Value = ts_node_parent(Value);
    }
  }
  checkClient(Lit, Value, std::string(C.text(field(Lit, "type"))) + "{}",
              kindOf(*T), C);
}

HAZARD_GO_RULE(ConnectionPerCall, checkConnectionPerCall);
