//===- Go.cpp - wait-without-timeout for Go -------------------------------===//
//
// What it does: finds Go calls that can wait forever: functions that send
// through a package's client (http.Get and http.DefaultClient: no timeout
// unless the file sets one), the calls that send with a client literal
// without its timeout field (http.Client{} without Timeout), commands that
// are run or waited for with no context (exec.Command), dials with no bound
// (net.Dial; grpc.Dial / DialContext with neither a bounding option nor a
// deadline context), and context.Background() / TODO() passed to a
// database, Redis or gRPC call in a function that has a context of its own.
// The knowledge base says which callables and types are which. Why is this bad:
// one silent peer or hung child turns into a caller that never returns, still
// holding its goroutine, connection and locks. Example: `resp, err :=
// http.Get(url)` Use instead: a client with a Timeout, exec.CommandContext,
// net.DialTimeout, and the caller's ctx.
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

/// Whether a client literal of Type sets its bound: its `timeout` field, or
/// a `timeout-through` field given a value that has one (a Transport literal
/// with ResponseHeaderTimeout, or one built by the project, which may).
static bool literalBounded(TSNode Literal, const knowledge::Type &Type,
                           const GoChecker &C) {
  if (Type.Timeout && hasKey(Literal, Type.Timeout->Keyword, C))
    return true;
  const SemanticModel &M = C.semantic();
  TSNode Body = field(Literal, "body");
  for (unsigned I = 0; I < ts_node_named_child_count(Body); ++I) {
    TSNode E = ts_node_named_child(Body, I);
    if (nodeType(E) != "keyed_element" ||
        !llvm::is_contained(Type.TimeoutThrough,
                            C.text(ts_node_named_child(E, 0))))
      continue;
    TSNode V = ts_node_named_child(ts_node_named_child(E, 1), 0);
    if (isNull(V))
      V = ts_node_named_child(E, 1);
    if (nodeType(V) == "unary_expression")
      V = field(V, "operand");
    if (nodeType(V) == "composite_literal") {
      auto T = M.inferType(V);
      const knowledge::Type *Inner = T ? M.knowledge().type(*T) : nullptr;
      if (Inner && literalBounded(V, *Inner, C))
        return true;
      continue;
    }
    // A library's default value (http.DefaultTransport) has no deadline;
    // the project's own is taken as bounding.
    auto Q = M.qualifiedName(V);
    if (Q && (M.knowledge().callable(*Q) ||
              M.knowledge().type(Q->substr(0, Q->rfind('.')))))
      continue;
    return true;
  }
  return false;
}

using FieldKey = std::pair<std::string, std::string>;

namespace {
/// Facts about the file's clients (values of a type with a timeout field),
/// gathered once.
struct ClientFacts {
  bool Scanned = false;
  /// Package variables assigned, and (variable, field) pairs set:
  /// `http.DefaultClient = ...`, `http.DefaultClient.Timeout = ...`.
  std::set<std::string> VariablesSet;
  std::set<std::pair<std::string, std::string>> VariableFieldsSet;
  std::vector<TSNode> TimedLocals; // names bound to a client with its bound
  // (struct, field) -> whether every client stored there has its bound
  std::map<FieldKey, bool> Fields;
  // ((struct, field), field of it) set later: `s.client.Timeout = ...`
  std::set<std::pair<FieldKey, std::string>> FieldFieldsSet;
  // (struct, field) -> the method calls on the value held there
  std::map<FieldKey, std::vector<std::pair<TSNode, std::string>>> FieldCalls;
  std::set<uint32_t> ReportedSends; // one finding per sending call
};
} // namespace

/// The field that bounds the waits of a value of Type, if it has one.
static const knowledge::Parameter *timeoutField(const std::string &Type,
                                                const SemanticModel &M) {
  const knowledge::Type *T = M.knowledge().type(Type);
  return T && T->Timeout ? &*T->Timeout : nullptr;
}

/// Whether Type.Method waits (a send, a round trip).
static bool isWaitingMethod(const std::string &Type, std::string_view Method,
                            const SemanticModel &M) {
  const knowledge::Callable *E =
      M.knowledge().callable(Type + "." + std::string(Method));
  return E && E->Blocks;
}

/// The type of a package variable: "net/http.DefaultClient" ->
/// "net/http.Client", "" if unknown.
static std::string variableType(const std::string &Var,
                                const SemanticModel &M) {
  const knowledge::Type *Package =
      M.knowledge().type(Var.substr(0, Var.rfind('.')));
  if (!Package)
    return "";
  auto It = Package->Attributes.find(Var.substr(Var.rfind('.') + 1));
  return It == Package->Attributes.end() ? "" : It->second;
}

/// How messages name a package's member: "net/http.Client" -> "http.Client".
static std::string shownName(const std::string &Qualified) {
  size_t Dot = Qualified.find('.', Qualified.rfind('/') + 1);
  if (Dot == std::string::npos)
    return Qualified;
  return defaultPackageName(Qualified.substr(0, Dot)) + Qualified.substr(Dot);
}

/// Whether the file sets the bound of package variable Var, or replaces it.
static bool variableBounded(const std::string &Var, const ClientFacts &F,
                            const SemanticModel &M) {
  if (F.VariablesSet.count(Var))
    return true;
  const knowledge::Parameter *Bound = timeoutField(variableType(Var, M), M);
  return Bound && F.VariableFieldsSet.count({Var, Bound->Keyword});
}

/// The arguments that name a package variable's client in messages: the
/// variable, its type's bound, its type.
static std::vector<std::string> variableClientWords(const std::string &Var,
                                                    const SemanticModel &M) {
  std::string Type = variableType(Var, M);
  const knowledge::Parameter *Bound = timeoutField(Type, M);
  return {shownName(Var), Bound ? Bound->Keyword : "timeout", shownName(Type)};
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
      if (auto Var = M.qualifiedName(Left))
        F.VariablesSet.insert(*Var); // http.DefaultClient = ...
      if (nodeType(Left) != "selector_expression")
        return true;
      std::string Set(C.text(field(Left, "field")));
      TSNode Owner = field(Left, "operand");
      if (auto Var = M.qualifiedName(Owner))
        F.VariableFieldsSet.insert({*Var, Set}); // http.DefaultClient.Timeout
      if (auto Field = fieldOf(Owner, C))
        F.FieldFieldsSet.insert({*Field, Set}); // s.client.Timeout = ...
      return true;
    }
    if (T == "selector_expression")
      if (TSNode Call = calledAs(N); !isNull(Call))
        if (auto Field = fieldOf(field(N, "operand"), C)) // s.client.Get(...)
          F.FieldCalls[*Field].push_back(
              {Call, std::string(C.text(field(N, "field")))});
    if (T != "composite_literal")
      return true;
    auto Type = M.inferType(N);
    const knowledge::Parameter *Bound = Type ? timeoutField(*Type, M) : nullptr;
    if (!Bound)
      return true;
    bool Timed = literalBounded(N, *M.knowledge().type(*Type), C);
    TSNode Value = valueOf(N);
    if (TSNode Name = SemanticModel::boundName(Value); !isNull(Name)) {
      bool Later = false; // c.Timeout = ... sets it after the literal
      TSNode Scope = M.enclosingFunction(Name);
      for (TSNode U : M.usesOf(Name, isNull(Scope) ? rootOf(N) : Scope)) {
        TSNode P = ts_node_parent(U);
        Later |= nodeType(P) == "selector_expression" &&
                 C.text(field(P, "field")) == Bound->Keyword;
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

/// http.Get(url): it sends through http.DefaultClient, which has no timeout.
static void checkSendThroughVariable(TSNode Fn, const std::string &Name,
                                     const knowledge::Callable &E,
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
  if (variableBounded(E.WaitsThrough, clientFacts(Fn, C), C.semantic()))
    return;
  std::string Shown(C.text(Fn));
  std::optional<Fix> F;
  if (!isNull(Call))
    if (auto Client = timedClientAt(Call, C))
      F = C.replace(Fn, *Client + "." + Name,
                    "Send it with '" + *Client + "', which has a Timeout",
                    /*Safe=*/false);
  std::vector<std::string> Words = {Shown};
  for (std::string &W : variableClientWords(E.WaitsThrough, C.semantic()))
    Words.push_back(std::move(W));
  C.report(isNull(Call) ? Fn : Call,
           message::WaitWithoutTimeout::DefaultClientFunction, Words,
           std::move(F));
}

namespace {
/// Per type: whether the file reaches a field or method through which a
/// value of it can be stopped (a command's Process, Cancel or WaitDelay).
struct Watchdog {
  std::map<std::string, bool> Found;
};
} // namespace

static bool stopsThrough(const knowledge::Type *T, std::string_view Member) {
  return T && llvm::is_contained(T->StoppedThrough, Member);
}

/// Whether List is the right side of `x.f = cmd` / `m[k] = cmd` in a file
/// that never reaches what stops a value of Type (a command's Process,
/// Cancel or WaitDelay): nothing can kill the stored value, so storing it
/// bounds nothing.
static bool storedWithoutWatchdog(TSNode List, const knowledge::Type *Type,
                                  GoChecker &C) {
  TSNode Stmt = ts_node_parent(List);
  if (nodeType(Stmt) != "assignment_statement" ||
      !ts_node_eq(field(Stmt, "right"), List))
    return false;
  std::string_view Left = nodeType(ts_node_named_child(field(Stmt, "left"), 0));
  if (Left != "index_expression" && Left != "selector_expression")
    return false;
  if (!Type)
    return true;
  auto [It, New] = C.fileState<Watchdog>().Found.try_emplace(Type->Name);
  if (New)
    forEachNode(rootOf(Stmt), [&](TSNode N) {
      if (nodeType(N) == "selector_expression")
        It->second |= stopsThrough(Type, C.text(field(N, "field")));
      return !It->second;
    });
  return !It->second;
}

/// exec.Command(...) that is run or waited for, and not killed or handed
/// to code that could bound it: a callable with a `context-variant`, whose
/// result waits in its blocking methods.
static void checkCommand(TSNode Fn, const knowledge::Callable &E,
                         GoChecker &C) {
  TSNode Call = calledAs(Fn);
  if (isNull(Call))
    return;
  const SemanticModel &M = C.semantic();
  const std::string &Result = E.result();
  const knowledge::Type *ResultType = M.knowledge().type(Result);
  bool Waited = false;
  TSNode P = ts_node_parent(Call);
  if (nodeType(P) == "selector_expression" &&
      isWaitingMethod(Result, C.text(field(P, "field")), M))
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
        std::string_view Field = C.text(field(Up, "field"));
        if (isWaitingMethod(Result, Field, M))
          Waited = true;
        else if (stopsThrough(ResultType, Field))
          return; // killed or cancelled some other way
        continue;
      }
      if (T == "expression_list" && storedWithoutWatchdog(Up, ResultType, C))
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
  size_t Dot = E.ContextVariant.rfind('.');
  std::string Variant = E.ContextVariant.substr(Dot);
  std::optional<Fix> F;
  if (auto Ctx = M.contextInScope(Call)) {
    std::string_view Src = C.file().text();
    uint32_t Open = ts_node_start_byte(Args) + 1;
    bool Empty = ts_node_named_child_count(Args) == 0;
    bool Newline = Open < Src.size() && Src[Open] == '\n';
    // The variant in the package as the call spells it: exec.CommandContext.
    std::string Spelled = std::string(C.text(field(Fn, "operand"))) + Variant;
    Fix Edit;
    Edit.Description = "Use " + Spelled + " with '" + *Ctx + "'";
    Edit.Safe = false; // cancelling ctx now kills the child
    TextEdit Insert;
    Insert.Range.Begin = ts_node_start_byte(Fn);
    Insert.Range.End = Open;
    Insert.NewText = Spelled + "(" + *Ctx + (Empty ? "" : Newline ? "," : ", ");
    Edit.Edits.push_back(std::move(Insert));
    F = std::move(Edit);
  }
  C.report(Call, message::WaitWithoutTimeout::CommandWithoutContext,
           {std::string(C.text(Fn)),
            defaultPackageName(E.ContextVariant.substr(0, Dot)) + Variant},
           std::move(F));
}

/// grpc.Dial / DialContext (trait `dial-options`) with neither a bounding
/// option (WithTimeout) nor, where its `timeout` is a context, a deadline
/// context; with WithBlock (or WithReturnConnectionError) the dial itself
/// waits.
static void checkDial(TSNode Fn, const knowledge::Callable &E, GoChecker &C) {
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
  if (E.Timeout && E.Timeout->Position >= 0 &&
      !C.semantic().hasNoDeadline(
          ts_node_named_child(Args, unsigned(E.Timeout->Position))))
    return; // a parameter or request context may well have a deadline
  // Without WithBlock the dial returns at once, but nothing bounds
  // connecting: the issue lists every dial with neither bound.
  C.report(Call,
           Blocking ? message::WaitWithoutTimeout::BlockingGrpcDial
                    : message::WaitWithoutTimeout::UnboundedGrpcDial,
           {std::string(C.text(Fn))});
}

/// A package's function, called or taken as a value.
static void checkSelector(const ts::Match &M, GoChecker &C) {
  TSNode Fn = M.node("fn");
  const SemanticModel &Model = C.semantic();
  auto Q = Model.qualifiedName(Fn);
  const knowledge::Callable *E = Q ? Model.knowledge().callable(*Q) : nullptr;
  if (!E)
    return;
  if (!E->WaitsThrough.empty())
    return checkSendThroughVariable(Fn, std::string(C.text(M.node("name"))), *E,
                                    C);
  if (!E->ContextVariant.empty())
    return checkCommand(Fn, *E, C);
  if (E->hasTrait("dial-options"))
    return checkDial(Fn, *E, C);
  // A call that waits with no way to bound it (net.Dial: connecting).
  if (E->Waits == "connect" && !E->Timeout && !isNull(calledAs(Fn)))
    return C.report(calledAs(Fn), message::WaitWithoutTimeout::NetDial,
                    {std::string(C.text(Fn))});
}

/// A waiting method of a package variable's client whose bound the file
/// never sets: http.DefaultClient.Get(...).
static void checkVariableClientCall(const ts::Match &M, GoChecker &C) {
  const SemanticModel &Model = C.semantic();
  auto Var = Model.qualifiedName(M.node("default"));
  auto Type = Var ? Model.inferType(M.node("default")) : std::nullopt;
  if (!Type || !timeoutField(*Type, Model) ||
      !isWaitingMethod(*Type, C.text(M.node("name")), Model))
    return;
  TSNode Call = M.node("call");
  if (variableBounded(*Var, clientFacts(Call, C), Model))
    return;
  std::vector<std::string> Words = {
      std::string(C.text(field(Call, "function")))};
  for (std::string &W : variableClientWords(*Var, Model))
    Words.push_back(std::move(W));
  C.report(Call, message::WaitWithoutTimeout::DefaultClientCall, Words);
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

/// A send with a client without its bound, reported at the call, where the
/// wait happens (once, when several literals reach the same field).
static void reportSend(TSNode Call, TSNode Lit, const std::string &Type,
                       GoChecker &C) {
  TSNode Fn = field(Call, "function");
  // Client.Do's `timeout` is the request, whose context may bound it.
  const knowledge::Callable *E = C.semantic().knowledge().callable(
      Type + "." + std::string(C.text(field(Fn, "field"))));
  if (E && E->Timeout && E->Timeout->Position >= 0 &&
      requestHasDeadline(ts_node_named_child(field(Call, "arguments"),
                                             unsigned(E->Timeout->Position)),
                         C))
    return;
  if (!clientFacts(Call, C)
           .ReportedSends.insert(ts_node_start_byte(Call))
           .second)
    return;
  const knowledge::Parameter *Bound = timeoutField(Type, C.semantic());
  C.report(Call, message::WaitWithoutTimeout::ClientWithoutTimeout,
           {std::string(C.text(Fn)), std::string(C.text(field(Lit, "type"))),
            std::to_string(ts_node_start_point(Lit).row + 1),
            Bound ? Bound->Keyword : "timeout"});
}

/// A client literal without its timeout field (http.Client{} without
/// Timeout) bound to a variable or stored in a field that sends requests:
/// each sending call is reported.
static void checkClientLiteral(const ts::Match &M, GoChecker &C) {
  TSNode Lit = M.node("literal");
  const SemanticModel &Model = C.semantic();
  auto Type = Model.inferType(Lit);
  const knowledge::Parameter *Bound =
      Type ? timeoutField(*Type, Model) : nullptr;
  if (!Bound || literalBounded(Lit, *Model.knowledge().type(*Type), C))
    return;
  TSNode Name = SemanticModel::boundName(valueOf(Lit));
  if (isNull(Name)) {
    // Stored in a field that sends requests somewhere in the file.
    auto Field = fieldDestination(valueOf(Lit), C);
    ClientFacts &F = clientFacts(Lit, C);
    if (!Field || F.FieldFieldsSet.count({*Field, Bound->Keyword}))
      return;
    auto Calls = F.FieldCalls.find(*Field);
    if (Calls != F.FieldCalls.end())
      for (const auto &[Call, Method] : Calls->second)
        if (isWaitingMethod(*Type, Method, Model))
          reportSend(Call, Lit, *Type, C);
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
    std::string_view Method = C.text(field(P, "field"));
    if (Method == Bound->Keyword)
      return; // set after the literal
    if (TSNode Call = calledAs(P);
        !isNull(Call) && isWaitingMethod(*Type, Method, Model))
      Sends.push_back(Call);
  }
  for (TSNode Call : Sends)
    reportSend(Call, Lit, *Type, C);
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
    return checkVariableClientCall(M, C);
  if (!isNull(M.node("literal")))
    return checkClientLiteral(M, C);
  if (!isNull(M.node("background")))
    return checkDetachedContext(M, C);
}

HAZARD_GO_RULE(WaitWithoutTimeout, checkWaitWithoutTimeout);
