//===- Python.cpp - connection-per-call for Python ------------------------===//
//
// What it does: finds Redis clients, gRPC channels, httpx clients,
// requests/aiohttp sessions and duckdb connections created inside a function
// that runs per call and used only there (also as `with` / `async with`).
// Functions that set up or hand out a client are not reported: __init__ and
// other setup hooks, main(), lifespan/@contextmanager/@fixture/@cache'd
// factories, and functions that return, yield or store the client. Nor is a
// client the call reuses for its whole batch (in a loop, a closure, gather).
// Why is this bad: each client owns a connection pool; creating one per
// request pays TCP/TLS setup every time and, under load, exhausts sockets,
// ports or the server's connection limit.
// Example: `async def handler(): async with httpx.AsyncClient() as c: ...`
// Use instead: one client created at startup and reused by every call.
//
//===----------------------------------------------------------------------===//
#include "Python/PythonChecker.h"
#include "RuleMessages.h"

using namespace hazard;
using namespace hazard::python;
using ts::field;
using ts::isNull;
using ts::nodeType;

/// Functions that run once per process, object or test, or whose job is to
/// build a client for others.
static bool isSetupFunction(TSNode F, const PythonChecker &C) {
  static const char *const Names[] = {
      "__init__", "__post_init__", "__enter__",   "__aenter__",
      "__new__",  "setUp",         "setUpClass",  "asyncSetUp",
      "setup",    "setup_method",  "setup_class", "main",
      "lifespan", "startup",       "on_startup"};
  std::string_view Name = C.text(field(F, "name"));
  for (const char *N : Names)
    if (Name == N)
      return true;
  // Tests create their own clients on purpose.
  if (Name.substr(0, 4) == "test")
    return true;
  TSNode Def = ts_node_parent(F);
  if (nodeType(Def) != "decorated_definition")
    return false;
  for (uint32_t I = 0; I < ts_node_named_child_count(Def); ++I) {
    TSNode D = ts_node_named_child(Def, I);
    if (nodeType(D) != "decorator")
      continue;
    TSNode E = ts_node_named_child(D, 0);
    if (nodeType(E) == "call")
      E = field(E, "function");
    // Cached, a fixture, a context manager, a CLI command (@click.command())
    // or a startup hook (@app.on_event("startup")): built once, not per
    // call. A framework object of a class the knowledge base does not
    // describe is known by the method's name.
    const SemanticModel &S = C.semantic();
    const knowledge::Callable *Decorator = S.knownCallee(E);
    if (!Decorator && nodeType(E) == "attribute")
      Decorator =
          S.knowledge().callableByMethodName(C.text(field(E, "attribute")));
    if (Decorator && Decorator->hasTrait("builds-once"))
      return true;
  }
  return false;
}

/// Whether N hands out the value of Name: `return c`, `return Service(c)`,
/// but not `return c.get(k)`, which only uses it.
static bool handsOut(TSNode N, std::string_view Name, const PythonChecker &C) {
  if (nodeType(N) == "identifier")
    return C.text(N) == Name;
  if (nodeType(N) == "attribute")
    return nodeType(field(N, "object")) != "identifier" &&
           handsOut(field(N, "object"), Name, C);
  for (uint32_t I = 0; I < ts_node_named_child_count(N); ++I)
    if (handsOut(ts_node_named_child(N, I), Name, C))
      return true;
  return false;
}

/// Name, and the locals of F built from it: `wrapped = Service(session=c)`
/// carries c, so returning `wrapped` hands c out too.
static std::set<std::string> carriersOf(const std::string &Name, TSNode F,
                                        const PythonChecker &C) {
  std::set<std::string> Carriers{Name};
  for (size_t Before = 0; Before != Carriers.size();) {
    Before = Carriers.size();
    forEachInScope(field(F, "body"), [&](TSNode N) {
      if (nodeType(N) != "assignment" ||
          nodeType(field(N, "left")) != "identifier" ||
          nodeType(field(N, "right")) != "call")
        return;
      TSNode Args = field(field(N, "right"), "arguments");
      for (const std::string &Carrier : std::set<std::string>(Carriers))
        if (handsOut(Args, Carrier, C))
          Carriers.insert(std::string(C.text(field(N, "left"))));
    });
  }
  return Carriers;
}

namespace {
struct Candidate {
  TSNode Call;
  TSNode Function;
  std::string Noun; // what the call builds, for the message
};
struct State {
  std::vector<Candidate> Candidates;
  std::vector<TSNode> Returns;
  std::vector<TSNode> ForeverLoops;
};
} // namespace

static void collect(const ts::Match &M, PythonChecker &C) {
  State &St = C.fileState<State>();
  if (TSNode R = M.node("return"); !isNull(R)) {
    St.Returns.push_back(R);
    return;
  }
  if (TSNode L = M.node("forever"); !isNull(L)) {
    St.ForeverLoops.push_back(L);
    return;
  }
  const SemanticModel &S = C.semantic();
  TSNode Call = M.node("call");
  auto Q = S.qualifiedName(field(Call, "function"));
  if (!Q)
    return;
  auto Built = S.knowledge().clientBuiltBy(*Q);
  if (!Built)
    return;
  // A thin client over a shared pool is cheap: redis.Redis(connection_pool=
  // pool), httpx.Client(transport=t), ClientSession(connector=c, ...).
  if (S.hasUnpacking(Call))
    return;
  if (const knowledge::Callable *Ctor = S.knowledge().callable(*Q);
      Ctor && Ctor->SharedPool && !isNull(S.argument(Call, *Ctor->SharedPool)))
    return;
  TSNode F = S.enclosingFunction(Call);
  // Module level runs once; a lambda returns what it creates (a factory).
  if (isNull(F) || nodeType(F) == "lambda" || isSetupFunction(F, C))
    return;
  St.Candidates.push_back(
      {Call, F, Built->Noun.empty() ? Built->Client + " client" : Built->Noun});
}

/// The name the client is bound to in F (`c = X()`, `with X() as c`), or ""
/// when it is used inline; nullopt when it leaves the function: returned,
/// yielded, stored on an object, in a container or in a global. BindingSite
/// receives the bound identifier.
static std::optional<std::string> localBinding(const Candidate &Cand,
                                               const PythonChecker &C,
                                               TSNode &BindingSite) {
  const SemanticModel &S = C.semantic();
  std::string Bound;
  TSNode Child = Cand.Call;
  for (TSNode P = ts_node_parent(Cand.Call);
       !isNull(P) && !ts_node_eq(P, Cand.Function);
       Child = P, P = ts_node_parent(P)) {
    std::string_view T = nodeType(P);
    if (T == "attribute" && ts_node_eq(field(P, "object"), Child))
      break; // X().get(...): used inline, only the method's result goes on
    if (T == "return_statement" || T == "yield" || T == "lambda")
      return std::nullopt;
    if (T == "assignment" || T == "augmented_assignment") {
      TSNode Left = field(P, "left");
      if (nodeType(Left) != "identifier")
        return std::nullopt; // self.client = ..., pool[k] = ..., a, b = ...
      auto Owner = S.ownerOf(Left);
      if (!Owner || !ts_node_eq(Owner->first, Cand.Function))
        return std::nullopt; // global (or nonlocal) state
      Bound = std::string(C.text(Left));
      BindingSite = Left;
    }
    if (T == "as_pattern") {
      TSNode Target = field(P, "alias");
      if (ts_node_named_child_count(Target) &&
          nodeType(ts_node_named_child(Target, 0)) == "identifier") {
        BindingSite = ts_node_named_child(Target, 0);
        Bound = std::string(C.text(BindingSite));
      } else if (ts_node_named_child_count(Target))
        return std::nullopt; // with X() as self.client
    }
    if (T == "expression_statement" || T == "with_statement")
      break;
  }
  if (Bound.empty())
    return Bound;
  // Stored through its local name: self.c = c, registry[k] = c, y = c.
  if (const auto *O = S.ownedName(Cand.Function, Bound))
    for (const SemanticModel::Mutation &M : O->Mutations)
      if (M.What == SemanticModel::Mutation::Alias)
        return std::nullopt;
  return Bound;
}

/// Whether the use U of a client created by Call in F runs many times in one
/// call of F: in a loop (or comprehension) that does not create the client,
/// in a nested function or lambda (a closure run per item or task), or in
/// the arguments of asyncio.gather / wait / as_completed or a TaskGroup's
/// create_task / start_soon.
static bool repeatedUse(TSNode U, TSNode Call, TSNode F,
                        const PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  TSNode Child = U;
  for (TSNode P = ts_node_parent(U); !isNull(P) && !ts_node_eq(P, F);
       Child = P, P = ts_node_parent(P)) {
    std::string_view T = nodeType(P);
    if (T == "function_definition" || T == "lambda")
      return true;
    if (T == "for_statement" || T == "while_statement") {
      bool InBody =
          ts_node_eq(Child, field(P, "body")) ||
          (T == "while_statement" && ts_node_eq(Child, field(P, "condition")));
      if (InBody && !ts::contains(P, Call))
        return true;
    }
    if (T == "list_comprehension" || T == "set_comprehension" ||
        T == "dictionary_comprehension" || T == "generator_expression") {
      // The first clause's iterable is evaluated once.
      bool First = ts_node_eq(Child, ts_node_named_child(P, 1)) &&
                   nodeType(Child) == "for_in_clause" &&
                   !ts::contains(field(Child, "left"), U);
      if (!First && !ts::contains(P, Call))
        return true;
    }
    if (T == "argument_list") {
      TSNode Callee = field(ts_node_parent(P), "function");
      auto Runs = [&](const std::optional<std::string> &Q) {
        const knowledge::Callable *E = Q ? S.knowledge().callable(*Q) : nullptr;
        return E && E->hasTrait("runs-concurrently");
      };
      if (Runs(S.qualifiedName(Callee)) ||
          Runs(S.resolveCall(ts_node_parent(P))))
        return true;
    }
  }
  return false;
}

/// Whether the client bound at BindingSite is read somewhere in F (or in a
/// function nested in it) in a way that runs many times per call of F.
static bool reusedInCall(const Candidate &Cand, TSNode BindingSite,
                         const PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  std::string_view Name = C.text(BindingSite);
  bool Reused = false;
  std::function<void(TSNode)> Visit = [&](TSNode N) {
    if (Reused)
      return;
    if (nodeType(N) == "identifier" && C.text(N) == Name &&
        !ts_node_eq(N, BindingSite) &&
        ts_node_eq(S.bindingOf(N), BindingSite) &&
        repeatedUse(N, Cand.Call, Cand.Function, C)) {
      Reused = true;
      return;
    }
    for (uint32_t I = 0; I < ts_node_named_child_count(N); ++I)
      Visit(ts_node_named_child(N, I));
  };
  Visit(field(Cand.Function, "body"));
  return Reused;
}

static void judge(PythonChecker &C) {
  State &St = C.fileState<State>();
  for (const Candidate &Cand : St.Candidates) {
    TSNode BindingSite{};
    auto Bound = localBinding(Cand, C, BindingSite);
    if (!Bound)
      continue;
    // A client the call uses over and over is set up for the call's work.
    if (!Bound->empty() && !isNull(BindingSite) &&
        reusedInCall(Cand, BindingSite, C))
      continue;
    bool Escapes = false;
    if (!Bound->empty()) {
      std::set<std::string> Carriers = carriersOf(*Bound, Cand.Function, C);
      for (TSNode R : St.Returns)
        if (ts_node_eq(C.semantic().enclosingFunction(R), Cand.Function) &&
            llvm::any_of(Carriers, [&](const std::string &Name) {
              return handsOut(R, Name, C);
            }))
          Escapes = true;
    }
    for (TSNode L : St.ForeverLoops)
      if (ts_node_eq(C.semantic().enclosingFunction(L), Cand.Function) &&
          (ts_node_start_byte(Cand.Call) < ts_node_start_byte(L) ||
           ts_node_start_byte(Cand.Call) >= ts_node_end_byte(L)))
        Escapes = true; // the client lives as long as the worker loop
    if (Escapes)
      continue;
    C.report(Cand.Call, message::ConnectionPerCall::PythonPerCall,
             {std::string(C.text(field(Cand.Call, "function"))), Cand.Noun,
              std::string(C.text(field(Cand.Function, "name")))});
  }
  St = State();
}

HAZARD_PYTHON_RULE(ConnectionPerCall, collect);
HAZARD_PYTHON_RULE_FINISH(ConnectionPerCall, judge);
