//===- Go.cpp - wait-without-timeout for Go -------------------------------===//
//
// What it does: finds Go calls that can wait forever: http.Get / Post /
// Head / PostForm and http.DefaultClient (no timeout unless the file sets
// one), the calls that send with an http.Client{} literal without Timeout,
// exec.Command(...) that is run or waited for, net.Dial, grpc.Dial /
// DialContext with neither WithTimeout nor a deadline context, and
// context.Background() / TODO() passed to a database, Redis or gRPC call in a
// function that has a context of its own. Why is this bad: one silent peer or
// hung child turns into a caller that never returns, still holding its
// goroutine, connection and locks. Example: `resp, err := http.Get(url)` Use
// instead: a client with a Timeout, exec.CommandContext, net.DialTimeout, and
// the caller's ctx.
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

static TSNode rootOf(TSNode N) {
  for (TSNode P = ts_node_parent(N); !isNull(P); P = ts_node_parent(P))
    N = P;
  return N;
}

/// The value a composite literal is bound as: `&T{}` for `&T{}`.
static TSNode valueOf(TSNode Literal) {
  TSNode P = ts_node_parent(Literal);
  if (!isNull(P) && nodeType(P) == "unary_expression")
    return P;
  return Literal;
}

static bool hasKey(TSNode Literal, std::string_view Key, const GoChecker &C) {
  TSNode Body = field(Literal, "body");
  for (unsigned I = 0; I < ts_node_named_child_count(Body); ++I) {
    TSNode E = ts_node_named_child(Body, I);
    if (nodeType(E) == "keyed_element" &&
        C.text(ts_node_named_child(E, 0)) == Key)
      return true;
  }
  return false;
}

namespace {
/// Facts about the file's http.Clients, gathered once.
struct ClientFacts {
  bool Scanned = false;
  bool DefaultClientSet = false;   // http.DefaultClient(.Timeout) = ...
  std::vector<TSNode> TimedLocals; // names bound to a client with Timeout
  // (struct, field) -> whether every client stored there has a Timeout
  std::map<std::pair<std::string, std::string>, bool> Fields;
  std::set<std::pair<std::string, std::string>> FieldSends, FieldTimeoutSet;
  // (struct, field) -> the calls that send with the client held there
  std::map<std::pair<std::string, std::string>, std::vector<TSNode>>
      FieldSendCalls;
  std::set<uint32_t> ReportedSends; // one finding per sending call
};
} // namespace

using FieldKey = std::pair<std::string, std::string>;

static bool isSendMethod(std::string_view M) {
  return M == "Do" || M == "Get" || M == "Post" || M == "Head" ||
         M == "PostForm";
}

/// `x.f` with x of a struct type of this package: (".S", "f").
static std::optional<FieldKey> fieldOf(TSNode Sel, const GoChecker &C) {
  if (nodeType(Sel) != "selector_expression")
    return std::nullopt;
  auto Owner = C.semantic().inferType(field(Sel, "operand"));
  if (!Owner || (*Owner)[0] != '.')
    return std::nullopt;
  return FieldKey{*Owner, std::string(C.text(field(Sel, "field")))};
}

/// The field a value is stored in: `S{f: v}` or `x.f = v`.
static std::optional<FieldKey> fieldDestination(TSNode Value,
                                                const GoChecker &C) {
  TSNode P = ts_node_parent(ts_node_parent(Value));
  if (!isNull(P) && nodeType(P) == "keyed_element") {
    TSNode Lit = ts_node_parent(ts_node_parent(P));
    auto Owner = C.semantic().inferType(Lit);
    if (!Owner || nodeType(Lit) != "composite_literal" || (*Owner)[0] != '.')
      return std::nullopt;
    return FieldKey{*Owner, std::string(C.text(ts_node_named_child(P, 0)))};
  }
  TSNode List = ts_node_parent(Value);
  TSNode Stmt = isNull(List) ? List : ts_node_parent(List);
  if (isNull(Stmt) || nodeType(Stmt) != "assignment_statement" ||
      ts_node_named_child_count(List) != 1)
    return std::nullopt;
  return fieldOf(ts_node_named_child(field(Stmt, "left"), 0), C);
}

static TSNode calledAs(TSNode Fn);

static ClientFacts &clientFacts(TSNode Any, GoChecker &C) {
  ClientFacts &F = C.fileState<ClientFacts>();
  if (F.Scanned)
    return F;
  F.Scanned = true;
  const SemanticModel &M = C.semantic();
  forEachNode(rootOf(Any), [&](TSNode N) {
    std::string_view T = nodeType(N);
    if (T == "assignment_statement") {
      TSNode Left = ts_node_named_child(field(N, "left"), 0);
      bool SetsTimeout = nodeType(Left) == "selector_expression" &&
                         C.text(field(Left, "field")) == "Timeout";
      if (SetsTimeout)
        Left = field(Left, "operand");
      if (M.qualifiedName(Left) == "net/http.DefaultClient")
        F.DefaultClientSet = true;
      if (SetsTimeout)
        if (auto Field = fieldOf(Left, C))
          F.FieldTimeoutSet.insert(*Field); // s.client.Timeout = ...
      return true;
    }
    if (T == "selector_expression" && isSendMethod(C.text(field(N, "field"))))
      if (auto Field = fieldOf(field(N, "operand"), C)) {
        F.FieldSends.insert(*Field); // s.client.Get(...)
        if (TSNode Call = calledAs(N); !isNull(Call))
          F.FieldSendCalls[*Field].push_back(Call);
      }
    if (T != "composite_literal" ||
        M.inferType(N) != std::optional<std::string>("net/http.Client"))
      return true;
    bool Timed = hasKey(N, "Timeout", C);
    TSNode Value = valueOf(N);
    if (TSNode Name = SemanticModel::boundName(Value); !isNull(Name)) {
      bool Later = false; // c.Timeout = ... sets it after the literal
      TSNode Scope = M.enclosingFunction(Name);
      for (TSNode U : M.usesOf(Name, isNull(Scope) ? rootOf(N) : Scope)) {
        TSNode P = ts_node_parent(U);
        Later |= nodeType(P) == "selector_expression" &&
                 C.text(field(P, "field")) == "Timeout";
      }
      if (Timed || Later)
        F.TimedLocals.push_back(Name);
      return true;
    }
    if (auto Field = fieldDestination(Value, C)) {
      auto [It, New] = F.Fields.try_emplace(*Field, Timed);
      It->second = It->second && Timed;
    }
    return true;
  });
  return F;
}

/// An expression naming an http.Client with a Timeout usable at At: a
/// variable in scope, or a field of the method's receiver.
static std::optional<std::string> timedClientAt(TSNode At, GoChecker &C) {
  ClientFacts &F = clientFacts(At, C);
  const SemanticModel &M = C.semantic();
  TSNode Best{};
  for (TSNode Name : F.TimedLocals)
    if (ts_node_start_byte(Name) < ts_node_start_byte(At) &&
        M.declaredInScopeOf(Name, At) &&
        (isNull(Best) || ts_node_start_byte(Name) > ts_node_start_byte(Best)))
      Best = Name;
  if (!isNull(Best))
    return std::string(C.text(Best));
  TSNode Fn = M.enclosingFunction(At);
  while (!isNull(Fn) && nodeType(Fn) == "func_literal")
    Fn = M.enclosingFunction(Fn);
  if (isNull(Fn) || nodeType(Fn) != "method_declaration")
    return std::nullopt;
  TSNode Receiver = ts_node_named_child(field(Fn, "receiver"), 0);
  TSNode Name = field(Receiver, "name");
  if (isNull(Name))
    return std::nullopt;
  auto Owner = M.inferType(Name);
  for (const auto &[Key, Timed] : F.Fields)
    if (Timed && Owner == Key.first)
      return std::string(C.text(Name)) + "." + Key.second;
  return std::nullopt;
}

static TSNode calledAs(TSNode Fn) {
  TSNode P = ts_node_parent(Fn);
  if (!isNull(P) && nodeType(P) == "call_expression" &&
      ts_node_eq(field(P, "function"), Fn))
    return P;
  return TSNode{};
}

/// http.Get(url): the default client has no timeout.
static void checkDefaultClientFunction(TSNode Fn, const std::string &Name,
                                       GoChecker &C) {
  TSNode Call = calledAs(Fn);
  if (isNull(Call)) {
    // A function value (`get := http.Get`, `fetch(http.Get)`) is called
    // somewhere with the same default client.
    TSNode P = ts_node_parent(Fn);
    bool Bound = !isNull(SemanticModel::boundName(Fn));
    if (!Bound && (isNull(P) || nodeType(P) != "argument_list"))
      return;
  }
  if (clientFacts(Fn, C).DefaultClientSet)
    return;
  std::string Shown(C.text(Fn));
  std::optional<Fix> F;
  if (!isNull(Call))
    if (auto Client = timedClientAt(Call, C))
      F = C.replace(Fn, *Client + "." + Name,
                    "Send it with '" + *Client + "', which has a Timeout",
                    /*Safe=*/false);
  C.report(isNull(Call) ? Fn : Call,
           message::WaitWithoutTimeout::DefaultClientFunction, {Shown},
           std::move(F));
}

static const std::set<std::string> &waitingMethods() {
  static const std::set<std::string> M = {"Run", "Output", "CombinedOutput",
                                          "Wait"};
  return M;
}

namespace {
/// Whether the file reaches some command's Process, Cancel or WaitDelay.
struct Watchdog {
  bool Scanned = false, Found = false;
};
} // namespace

/// Whether List is the right side of `x.f = cmd` / `m[k] = cmd` in a file
/// that never reaches a command's Process, Cancel or WaitDelay: nothing can
/// kill the stored command, so storing it bounds nothing.
static bool storedWithoutWatchdog(TSNode List, GoChecker &C) {
  TSNode Stmt = ts_node_parent(List);
  if (nodeType(Stmt) != "assignment_statement" ||
      !ts_node_eq(field(Stmt, "right"), List))
    return false;
  std::string_view Left = nodeType(ts_node_named_child(field(Stmt, "left"), 0));
  if (Left != "index_expression" && Left != "selector_expression")
    return false;
  Watchdog &W = C.fileState<Watchdog>();
  if (!W.Scanned) {
    W.Scanned = true;
    forEachNode(rootOf(Stmt), [&](TSNode N) {
      if (nodeType(N) == "selector_expression") {
        std::string_view F = C.text(field(N, "field"));
        W.Found |= F == "Process" || F == "Cancel" || F == "WaitDelay";
      }
      return !W.Found;
    });
  }
  return !W.Found;
}

/// exec.Command(...) that is run or waited for, and not killed or handed
/// to code that could bound it.
static void checkCommand(TSNode Fn, GoChecker &C) {
  TSNode Call = calledAs(Fn);
  if (isNull(Call))
    return;
  const SemanticModel &M = C.semantic();
  bool Waited = false;
  TSNode P = ts_node_parent(Call);
  if (nodeType(P) == "selector_expression" &&
      waitingMethods().count(std::string(C.text(field(P, "field")))))
    Waited = true; // exec.Command(...).Run()
  if (TSNode Name = SemanticModel::boundName(Call);
      !isNull(Name) && nodeType(ts_node_parent(ts_node_parent(Call))) !=
                           "assignment_statement") {
    TSNode Scope = M.enclosingFunction(Call);
    if (isNull(Scope))
      return;
    for (TSNode U : M.usesOf(Name, Scope)) {
      TSNode Up = ts_node_parent(U);
      std::string_view T = nodeType(Up);
      if (T == "selector_expression") {
        std::string Field(C.text(field(Up, "field")));
        if (waitingMethods().count(Field))
          Waited = true;
        else if (Field == "Process" || Field == "Cancel" ||
                 Field == "WaitDelay")
          return; // killed or cancelled some other way
        continue;
      }
      if (T == "expression_list" && storedWithoutWatchdog(Up, C))
        continue; // s.running[id] = cmd, and nothing kills stored commands
      if (T == "argument_list" || T == "expression_list" ||
          T == "return_statement" || T == "keyed_element" ||
          T == "literal_element")
        return; // handed on: whoever gets it may bound it
    }
  }
  if (!Waited)
    return;
  TSNode Args = field(Call, "arguments");
  std::optional<Fix> F;
  if (auto Ctx = M.contextInScope(Call)) {
    std::string_view Src = C.file().text();
    uint32_t Open = ts_node_start_byte(Args) + 1;
    bool Empty = ts_node_named_child_count(Args) == 0;
    bool Newline = Open < Src.size() && Src[Open] == '\n';
    Fix Edit;
    Edit.Description = "Use " + std::string(C.text(field(Fn, "operand"))) +
                       ".CommandContext with '" + *Ctx + "'";
    Edit.Safe = false; // cancelling ctx now kills the child
    TextEdit E;
    E.Range.Begin = ts_node_start_byte(Fn);
    E.Range.End = Open;
    E.NewText = std::string(C.text(field(Fn, "operand"))) + ".CommandContext(" +
                *Ctx +
                (Empty     ? ""
                 : Newline ? ","
                           : ", ");
    Edit.Edits.push_back(std::move(E));
    F = std::move(Edit);
  }
  C.report(Call, message::WaitWithoutTimeout::CommandWithoutContext,
           {std::string(C.text(Fn))}, std::move(F));
}

/// grpc.Dial / DialContext with neither WithTimeout nor a deadline context;
/// with WithBlock (or WithReturnConnectionError) the dial itself waits.
static void checkGrpcDial(TSNode Fn, bool WithContext, GoChecker &C) {
  TSNode Call = calledAs(Fn);
  if (isNull(Call))
    return;
  const SemanticModel &M = C.semantic();
  TSNode Args = field(Call, "arguments");
  bool Blocking = false, Timed = false, Spread = false;
  auto Scan = [&](TSNode Within) {
    forEachNode(Within, [&](TSNode N) {
      if (nodeType(N) == "call_expression") {
        auto Q = M.qualifiedName(field(N, "function"));
        if (const knowledge::Callable *E =
                Q ? M.knowledge().callable(*Q) : nullptr) {
          Blocking |= E->hasTrait("dial-waits");
          Timed |= E->hasTrait("bounds-wait");
        }
      }
      if (nodeType(N) == "variadic_argument")
        Spread = true;
      return nodeType(N) != "func_literal";
    });
  };
  Scan(Args);
  if (Spread) {
    // opts...: the options are built elsewhere in the function.
    TSNode Scope = M.enclosingFunction(Call);
    if (isNull(Scope))
      return;
    Scan(field(Scope, "body"));
  }
  if (Timed)
    return;
  if (WithContext && !C.semantic().hasNoDeadline(ts_node_named_child(Args, 0)))
    return; // a parameter or request context may well have a deadline
  // Without WithBlock the dial returns at once, but nothing bounds
  // connecting: the issue lists every dial with neither bound.
  C.report(Call,
           Blocking ? message::WaitWithoutTimeout::BlockingGrpcDial
                    : message::WaitWithoutTimeout::UnboundedGrpcDial,
           {std::string(C.text(Fn))});
}

static void checkSelector(const ts::Match &M, GoChecker &C) {
  TSNode Fn = M.node("fn");
  auto Q = C.semantic().qualifiedName(Fn);
  if (!Q)
    return;
  std::string Name(C.text(M.node("name")));
  if (*Q == "net/http." + Name && Name != "Dial" && Name != "DialContext" &&
      Name != "Command")
    return checkDefaultClientFunction(Fn, Name, C);
  if (*Q == "os/exec.Command")
    return checkCommand(Fn, C);
  if (*Q == "net.Dial" && !isNull(calledAs(Fn)))
    return C.report(calledAs(Fn), message::WaitWithoutTimeout::NetDial,
                    {std::string(C.text(Fn))});
  if (*Q == "google.golang.org/grpc.Dial")
    return checkGrpcDial(Fn, false, C);
  if (*Q == "google.golang.org/grpc.DialContext")
    return checkGrpcDial(Fn, true, C);
}

static void checkDefaultClientCall(const ts::Match &M, GoChecker &C) {
  if (C.semantic().qualifiedName(M.node("default")) != "net/http.DefaultClient")
    return;
  TSNode Call = M.node("call");
  if (clientFacts(Call, C).DefaultClientSet)
    return;
  C.report(Call, message::WaitWithoutTimeout::DefaultClientCall,
           {std::string(C.text(field(Call, "function")))});
}

/// Whether a request sent with Do carries a context bound here to
/// context.WithTimeout / WithDeadline, which bounds the wait. Another
/// context (a parameter, the request's) may have no deadline at all.
static bool requestHasDeadline(TSNode Req, const GoChecker &C) {
  const SemanticModel &M = C.semantic();
  if (nodeType(Req) == "identifier")
    Req = M.bindingValue(Req).first;
  if (isNull(Req) || nodeType(Req) != "call_expression")
    return false;
  auto Callee = M.resolveCall(Req);
  const knowledge::Callable *E =
      Callee ? M.knowledge().callable(*Callee) : nullptr;
  if (!E || !E->hasTrait("binds-context"))
    return false;
  return M.setsDeadline(ts_node_named_child(field(Req, "arguments"), 0));
}

/// A send with a client without Timeout, reported at the call, where the
/// wait happens (once, when several literals reach the same field).
static void reportSend(TSNode Call, TSNode Lit, GoChecker &C) {
  TSNode Fn = field(Call, "function");
  if (C.text(field(Fn, "field")) == "Do" &&
      requestHasDeadline(ts_node_named_child(field(Call, "arguments"), 0), C))
    return; // the request's context bounds it
  if (!clientFacts(Call, C)
           .ReportedSends.insert(ts_node_start_byte(Call))
           .second)
    return;
  C.report(Call, message::WaitWithoutTimeout::ClientWithoutTimeout,
           {std::string(C.text(Fn)), std::string(C.text(field(Lit, "type"))),
            std::to_string(ts_node_start_point(Lit).row + 1)});
}

/// An http.Client{} literal without Timeout bound to a variable or stored
/// in a field that sends requests: each sending call is reported.
static void checkClientLiteral(const ts::Match &M, GoChecker &C) {
  TSNode Lit = M.node("literal");
  const SemanticModel &Model = C.semantic();
  if (Model.inferType(Lit) != std::optional<std::string>("net/http.Client") ||
      hasKey(Lit, "Timeout", C))
    return;
  TSNode Name = SemanticModel::boundName(valueOf(Lit));
  if (isNull(Name)) {
    // Stored in a field that sends requests somewhere in the file.
    auto Field = fieldDestination(valueOf(Lit), C);
    ClientFacts &F = clientFacts(Lit, C);
    if (!Field || F.FieldTimeoutSet.count(*Field))
      return;
    auto Sends = F.FieldSendCalls.find(*Field);
    if (Sends != F.FieldSendCalls.end())
      for (TSNode Call : Sends->second)
        reportSend(Call, Lit, C);
    return;
  }
  if (nodeType(ts_node_parent(ts_node_parent(valueOf(Lit)))) ==
      "assignment_statement")
    return;
  TSNode Scope = Model.enclosingFunction(Name);
  std::vector<TSNode> Sends;
  for (TSNode U : Model.usesOf(Name, isNull(Scope) ? rootOf(Lit) : Scope)) {
    TSNode P = ts_node_parent(U);
    if (nodeType(P) != "selector_expression")
      return; // handed on or reassigned: not followed
    std::string Method(C.text(field(P, "field")));
    if (Method == "Timeout")
      return; // set after the literal
    if (TSNode Call = calledAs(P); !isNull(Call) && isSendMethod(Method))
      Sends.push_back(Call);
  }
  for (TSNode Call : Sends)
    reportSend(Call, Lit, C);
}

/// Whether Callee is a database, Redis, gRPC or HTTP request call: trait
/// `takes-caller-context` on the callable, its type or its package.
static bool isOutbound(const std::string &Callee, const SemanticModel &M) {
  const knowledge::KnowledgeBase &K = M.knowledge();
  if (const knowledge::Callable *E = K.callable(Callee);
      E && E->hasTrait("takes-caller-context"))
    return true;
  size_t Method = Callee.rfind('.');
  if (Method == std::string::npos)
    return false;
  std::string Owner = Callee.substr(0, Method);
  if (K.typeHasTrait(Owner, "takes-caller-context"))
    return true;
  // A method of a type of a package that says so for all of its code.
  size_t Slash = Owner.rfind('/'), Dot = Owner.rfind('.');
  if (Dot != std::string::npos && (Slash == std::string::npos || Dot > Slash) &&
      K.typeHasTrait(Owner.substr(0, Dot), "takes-caller-context"))
    return true;
  // A generated gRPC stub: <pkg>pb.<Service>Client.<Method>.
  return M.isGeneratedClientType(Owner);
}

/// The callee of Call, also for a receiver bound to a generated stub
/// constructor (`client := pb.NewUsersClient(conn)`).
static std::optional<std::string> outboundCallee(TSNode Call, GoChecker &C) {
  const SemanticModel &M = C.semantic();
  if (auto Q = M.resolveCall(Call))
    return Q;
  TSNode Fn = field(Call, "function");
  if (nodeType(Fn) != "selector_expression")
    return std::nullopt;
  TSNode Value = M.bindingValue(field(Fn, "operand")).first;
  if (isNull(Value) || nodeType(Value) != "call_expression")
    return std::nullopt;
  auto Ctor = M.qualifiedName(field(Value, "function"));
  if (!Ctor)
    return std::nullopt;
  size_t Dot = Ctor->rfind('.');
  std::string Name = Ctor->substr(Dot + 1);
  if (Name.rfind("New", 0) != 0)
    return std::nullopt;
  return Ctor->substr(0, Dot) + "." + Name.substr(3) + "." +
         std::string(C.text(field(Fn, "field")));
}

/// context.Background() passed to an outbound call although the function
/// has a context of its own.
static void checkDetachedContext(const ts::Match &M, GoChecker &C) {
  TSNode Background = M.node("background"), Call = M.node("call");
  const SemanticModel &Model = C.semantic();
  if (!Model.isDetachedContext(Background))
    return;
  // Cleanup in a defer and work in a goroutine outlive the caller's
  // context on purpose.
  for (TSNode P = ts_node_parent(Call); !isNull(P); P = ts_node_parent(P))
    if (nodeType(P) == "defer_statement" || nodeType(P) == "go_statement")
      return;
  auto Callee = outboundCallee(Call, C);
  if (!Callee || !isOutbound(*Callee, Model))
    return;
  auto Ctx = Model.contextInScope(Call, /*OwnFunctionOnly=*/true);
  if (!Ctx)
    return;
  C.report(Background, message::WaitWithoutTimeout::DetachedContext,
           {std::string(C.text(field(Call, "function"))),
            std::string(C.text(Background)), *Ctx},
           C.replace(Background, *Ctx, "Pass '" + *Ctx + "'",
                     /*Safe=*/false));
}

static void checkWaitWithoutTimeout(const ts::Match &M, GoChecker &C) {
  if (!isNull(M.node("fn")))
    return checkSelector(M, C);
  if (!isNull(M.node("default")))
    return checkDefaultClientCall(M, C);
  if (!isNull(M.node("literal")))
    return checkClientLiteral(M, C);
  if (!isNull(M.node("background")))
    return checkDetachedContext(M, C);
}

HAZARD_GO_RULE(WaitWithoutTimeout, checkWaitWithoutTimeout);
