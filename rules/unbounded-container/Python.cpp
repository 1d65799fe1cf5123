//===- Python.cpp - unbounded-container for Python ------------------------===//
//
// What it does: finds containers owned by an instance, a class or a module
// (dict, defaultdict, OrderedDict, list, set, deque without maxlen) that some
// function adds to while nothing in the class / module ever removes from
// them; queues created without maxsize; and functools.cache /
// lru_cache(maxsize=None) on methods.
// Why is this bad: such a container lives as long as the process and grows
// with every request until memory runs out; a method cache also keeps every
// `self` it has seen alive.
// Example: `self._seen[key] = time.time()` with no `pop`/`del` anywhere.
// Use instead: `collections.deque(maxlen=N)`, `asyncio.Queue(maxsize=N)`,
// `cachetools.TTLCache(maxsize=N, ttl=...)`, an OrderedDict LRU.
//
//===----------------------------------------------------------------------===//
#include "Python/PythonChecker.h"
#include "RuleMessages.h"

#include <cctype>
#include <set>

using namespace hazard;
using namespace hazard::python;
using ts::field;
using ts::isNull;
using ts::nodeType;
using Mutation = SemanticModel::Mutation;

/// The default bound the mechanical fixes write; the doc names it.

namespace {
/// What the knowledge base says about a container's type.
struct ContainerKind {
  /// The nearest type that declares itself a container, and its bounds.
  const knowledge::Type *Entry = nullptr;
  std::string Noun; // "dict", "deque"; empty when no type names it
  bool Keyed = false, Sequence = false, SubscriptAdds = false;
  /// A producer-consumer queue: each put() grows it while the consumer lags.
  bool Queue = false;

  const std::vector<knowledge::Parameter> &bounds() const {
    return *Entry->Container;
  }
};
} // namespace

/// What the finish hook knows besides the semantic model.
namespace {
struct FileFacts {
  /// Functions called by name at import time (top-level statements and
  /// decorators): what they add is added once.
  std::set<std::string> ImportTimeCalls;
  /// Classes instantiated at module level.
  std::set<std::string> ModuleLevelInstances;
};
} // namespace

static std::optional<ContainerKind>
containerKind(const std::string &Type, const knowledge::KnowledgeBase &KB) {
  ContainerKind K;
  K.Entry = KB.nearestType(
      Type, [](const knowledge::Type &T) { return T.Container.has_value(); });
  if (!K.Entry)
    return std::nullopt;
  if (const knowledge::Type *Named = KB.nearestType(
          Type, [](const knowledge::Type &T) { return !T.Noun.empty(); }))
    K.Noun = Named->Noun;
  K.Keyed = KB.typeHasTrait(Type, "keyed");
  K.Sequence = KB.typeHasTrait(Type, "sequence");
  K.SubscriptAdds = KB.typeHasTrait(Type, "subscript-adds");
  K.Queue = KB.typeHasTrait(Type, "queue") && !K.bounds().empty();
  return K;
}

static bool isAllCaps(std::string_view S) {
  bool Letter = false;
  for (char Ch : S) {
    if (std::islower(static_cast<unsigned char>(Ch)))
      return false;
    Letter |= std::isalpha(static_cast<unsigned char>(Ch)) != 0;
  }
  return Letter;
}

/// Keys drawn from a fixed set: literals, CONSTANTS, Enum.MEMBERS and tuples
/// of those. A dict written only under such keys stays small.
static bool isConstantKey(TSNode Key, const PythonChecker &C) {
  std::string_view T = nodeType(Key);
  if (T == "string" || T == "concatenated_string" || T == "integer" ||
      T == "float" || T == "true" || T == "false" || T == "none")
    return true;
  // Classes are few: `cls._instances[cls] = ...` in a singleton.
  if (T == "identifier")
    return isAllCaps(C.text(Key)) || C.text(Key) == "cls";
  if (T == "call" && C.text(field(Key, "function")) == "type")
    return true;
  if (T == "attribute" && C.text(field(Key, "attribute")) == "__class__")
    return true;
  if (T == "attribute")
    return isAllCaps(C.text(field(Key, "attribute")));
  if (T == "tuple" || T == "parenthesized_expression") {
    for (uint32_t I = 0; I < ts_node_named_child_count(Key); ++I)
      if (!isConstantKey(ts_node_named_child(Key, I), C))
        return false;
    return true;
  }
  return false;
}

/// The type of the value `x[k]` a `x[k].method(...)` call is made on, or
/// nullopt when unknown.
static std::optional<std::string> innerType(const Mutation &M,
                                            const SemanticModel &S) {
  if (M.What != Mutation::ItemCall || nodeType(M.Site) != "call")
    return std::nullopt;
  return S.inferType(field(field(M.Site, "function"), "object"));
}

static bool isRemoval(const Mutation &M, const std::string &Type,
                      const SemanticModel &S) {
  const knowledge::KnowledgeBase &KB = S.knowledge();
  switch (M.What) {
  case Mutation::ItemDelete:
  case Mutation::SliceDelete:
  case Mutation::SliceStore:
  case Mutation::Delete:
  case Mutation::InnerDelete: // `del x[k][0]`: the entries are trimmed
  case Mutation::Alias:       // changed elsewhere under another name: unknown
    return true;
  case Mutation::AugAssign:
    return M.Operator == "-=" || M.Operator == "&=" || M.Operator == "^=";
  case Mutation::Call:
    return KB.removesEntries(Type, M.Method);
  case Mutation::ItemCall: {
    // `x[k].pop(0)` on the list a defaultdict holds trims its entries.
    auto Inner = innerType(M, S);
    return Inner && KB.removesEntries(*Inner, M.Method);
  }
  default:
    return false;
  }
}

static bool isAdd(const Mutation &M, const ContainerKind &K,
                  const std::string &Type, const PythonChecker &C) {
  bool AddingCall = M.What == Mutation::Call &&
                    C.semantic().knowledge().addsEntries(Type, M.Method);
  // setdefault(KEY, ...) and add(type(x)) (trait `adds-key`) draw from a
  // fixed set too; a method reference (`cb(self.s.add)`) has no argument to
  // judge.
  const knowledge::Callable *Method =
      M.What == Mutation::Call
          ? C.semantic().knowledge().callable(Type + "." + M.Method)
          : nullptr;
  if (Method && Method->hasTrait("adds-key") && nodeType(M.Site) == "call") {
    TSNode First = C.semantic().positionalArgument(M.Site, 0);
    if (!isNull(First) && isConstantKey(First, C))
      return false;
  }
  if (K.Queue)
    return false;
  // `d[k] -= 1` changes an entry that is there (a refcount counted down):
  // on a dict a missing key raises, so it adds none.
  if (M.What == Mutation::ItemAug && M.Operator == "-=")
    return false;
  if (K.Keyed &&
      (M.What == Mutation::ItemStore || M.What == Mutation::ItemAug) &&
      !isConstantKey(M.Key, C))
    return true;
  // `x[k].append(v)` inserts a missing k; a call that does not add to the
  // value (`x[k].pop()`, `x[k].sort()`) only reads it.
  if (K.SubscriptAdds && M.What == Mutation::ItemCall &&
      !isConstantKey(M.Key, C)) {
    auto Inner = innerType(M, C.semantic());
    return !Inner || C.semantic().knowledge().addsEntries(*Inner, M.Method);
  }
  return AddingCall || (M.What == Mutation::AugAssign &&
                        M.Operator == (K.Sequence ? "+=" : "|="));
}

/// The function_definition around N, looking through lambdas.
static TSNode enclosingDef(TSNode N, const SemanticModel &S) {
  TSNode F = S.enclosingFunction(N);
  while (!isNull(F) && nodeType(F) == "lambda")
    F = S.enclosingFunction(F);
  return F;
}

/// Whether method F of Class runs only while an object is built: its
/// `__init__` / `__post_init__`, or a private helper (`_init_camera`) that
/// only such methods call, directly (a callback they hand on runs later).
static bool runsAtConstruction(TSNode F, TSNode Class, const PythonChecker &C,
                               std::vector<TSNode> &Visiting) {
  const SemanticModel &S = C.semantic();
  if (nodeType(F) != "function_definition" ||
      !ts_node_eq(S.enclosingClass(F), Class))
    return false;
  std::string_view Name = C.text(field(F, "name"));
  if (Name == "__init__" || Name == "__post_init__")
    return true;
  // Only a private method's callers are all in the class.
  bool Private = Name.size() > 1 && Name.front() == '_' &&
                 !(Name.size() > 4 && Name.substr(0, 2) == "__" &&
                   Name.substr(Name.size() - 2) == "__");
  if (!Private)
    return false;
  for (TSNode V : Visiting)
    if (ts_node_eq(V, F))
      return false; // helpers calling each other: not from construction
  auto Refs = S.selfReferences(F);
  if (!Refs || Refs->empty())
    return false;
  Visiting.push_back(F);
  bool Construction = true;
  for (TSNode Ref : *Refs) {
    TSNode Call = ts_node_parent(Ref);
    TSNode Caller = S.enclosingFunction(Ref);
    if (nodeType(Call) != "call" || !ts_node_eq(field(Call, "function"), Ref) ||
        (!ts_node_eq(Caller, F) &&
         !runsAtConstruction(Caller, Class, C, Visiting))) {
      Construction = false;
      break;
    }
  }
  Visiting.pop_back();
  return Construction;
}

/// Adds that run once per object or per import do not make it grow: adds
/// at module / class level, in the owner's `__init__` and the private
/// helpers only it calls, and in registration decorators (`REGISTRY[name] =
/// fn; return fn`).
static bool growsPerCall(const Mutation &M, TSNode Owner,
                         const FileFacts &Facts, const PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  TSNode F = enclosingDef(M.Site, S);
  if (isNull(F))
    return false;
  std::string_view Name = C.text(field(F, "name"));
  // A module-level helper called at import time (`def_op("X", 1)`).
  TSNode Def = nodeType(ts_node_parent(F)) == "decorated_definition"
                   ? ts_node_parent(F)
                   : F;
  if (nodeType(ts_node_parent(Def)) == "module" &&
      Facts.ImportTimeCalls.count(std::string(Name)))
    return false;
  // Registration and setup APIs run at startup: register_x(), setup(),
  // configure(), install().
  for (const char *Setup : {"register", "setup", "configure", "install"})
    if (Name.find(Setup) != std::string_view::npos)
      return false;
  std::vector<TSNode> Visiting;
  if (nodeType(Owner) == "class_definition" &&
      runsAtConstruction(F, Owner, C, Visiting))
    return false;
  TSNode Body = field(F, "body");
  uint32_t Count = ts_node_named_child_count(Body);
  if (Count) {
    TSNode Last = ts_node_named_child(Body, Count - 1);
    if (nodeType(Last) == "return_statement" &&
        ts_node_named_child_count(Last)) {
      std::string_view Returned = C.text(ts_node_named_child(Last, 0));
      TSNode Stored = M.Value;
      if (M.What == Mutation::Call && nodeType(M.Site) == "call")
        Stored = S.positionalArgument(M.Site, 0);
      // Registering a parameter and handing it back (`REG[name] = fn;
      // return fn`) is a registration API; storing a value the function
      // computed and returning it (`self._dns[h] = addrs; return addrs`)
      // is a memo that grows per call.
      TSNode Params = field(F, "parameters");
      bool ReturnsParameter = false;
      for (uint32_t I = 0; I < ts_node_named_child_count(Params); ++I) {
        TSNode P = ts_node_named_child(Params, I);
        if (nodeType(P) != "identifier")
          P = ts_node_named_child(P, 0); // typed / default parameter
        if (nodeType(P) == "identifier" && C.text(P) == Returned)
          ReturnsParameter = true;
      }
      if (ReturnsParameter && !isNull(Stored) && C.text(Stored) == Returned)
        return false;
      // A decorator returning what it decorates: `CODES.add(f.__code__);
      // return f`.
      TSNode First = ts_node_named_child_count(Params)
                         ? ts_node_named_child(Params, 0)
                         : TSNode{};
      if (nodeType(First) == "identifier" && C.text(First) == Returned)
        return false;
    }
  }
  return true;
}

static std::string snippet(TSNode N, const PythonChecker &C) {
  std::string S(C.text(N));
  size_t End = S.find('\n');
  bool Cut = End != std::string::npos || S.size() > 48;
  S = S.substr(0, std::min<size_t>(End, 48));
  while (!S.empty() && std::isspace(static_cast<unsigned char>(S.back())))
    S.pop_back();
  return Cut ? S + " ..." : S;
}

static void addRelated(PythonChecker &C, TSNode N, std::string Message) {
  RelatedLocation R;
  R.Path = C.file().path();
  R.Range = C.file().range(ts_node_start_byte(N), ts_node_end_byte(N));
  R.LineText = std::string(C.file().lineText(R.Range.BeginPos.Line));
  R.Message = std::move(Message);
  C.findings().back().Related.push_back(std::move(R));
}

/// `Queue()` -> `Queue(maxsize=N)`, `deque(xs)` -> `deque(xs, maxlen=N)`:
/// Keyword after the positional arguments, N from the max-size option.
static std::optional<Fix> boundFix(TSNode Call, const std::string &Keyword,
                                   const PythonChecker &C) {
  TSNode Args = field(Call, "arguments");
  if (nodeType(Args) != "argument_list")
    return std::nullopt;
  std::string NewArgs = "(";
  for (uint32_t I = 0; I < ts_node_named_child_count(Args); ++I) {
    TSNode A = ts_node_named_child(Args, I);
    std::string_view T = nodeType(A);
    if (T == "keyword_argument" || T == "list_splat" ||
        T == "dictionary_splat" || T == "comment")
      return std::nullopt;
    NewArgs += std::string(C.text(A)) + ", ";
  }
  NewArgs +=
      Keyword + "=" + std::to_string(C.option("max-size").get<int64_t>()) + ")";
  return C.replace(Args, NewArgs,
                   "Bound it: " + std::string(C.text(field(Call, "function"))) +
                       NewArgs,
                   /*Safe=*/false);
}

/// What to say of a container that nothing in its class or module removes
/// from: the bound to use depends on its kind.
static MessageId grows(const ContainerKind &K, bool IsClass) {
  namespace Msg = message::UnboundedContainer;
  if (K.Sequence)
    return IsClass ? Msg::ClassSequence : Msg::ModuleSequence;
  if (!K.Keyed)
    return IsClass ? Msg::ClassSet : Msg::ModuleSet;
  return IsClass ? Msg::ClassMapping : Msg::ModuleMapping;
}

/// "a dict", "an OrderedDict", "a deque without maxlen".
static std::string kindName(const ContainerKind &K) {
  std::string Noun = K.Noun.empty() ? "container" : K.Noun;
  std::string Name =
      (std::strchr("aeiouAEIOU", Noun.front()) ? "an " : "a ") + Noun;
  if (!K.bounds().empty() && !K.bounds().front().Keyword.empty())
    Name += " without " + K.bounds().front().Keyword;
  return Name;
}

/// Whether instances of Class evidently live as long as the process: an
/// instance container of a short-lived object (a parser, a visitor, a
/// builder collecting results) dies with it. Evidence: async methods (a
/// service), a long-lived base, a service-like name, or an instance created
/// at module level in this file.
static bool isLongLived(TSNode Class, const std::set<std::string> &ModuleLevel,
                        const PythonChecker &C) {
  std::string_view Name = C.text(field(Class, "name"));
  if (ModuleLevel.count(std::string(Name)))
    return true;
  static const char *const Suffixes[] = {
      "Cache",   "Store",  "Service",    "Server",     "Manager",
      "Client",  "Pool",   "Tracker",    "Monitor",    "Worker",
      "Limiter", "Broker", "Dispatcher", "Middleware", "Scheduler",
      "Daemon",  "Agent",  "Collector",  "Aggregator", "Buffer"};
  for (const char *Suffix : Suffixes) {
    std::string_view X(Suffix);
    if (Name.size() >= X.size() && Name.substr(Name.size() - X.size()) == X)
      return true;
  }
  // A subclass of a library's long-lived object (a thread, a server).
  if (TSNode Supers = field(Class, "superclasses"); !isNull(Supers))
    for (uint32_t I = 0; I < ts_node_named_child_count(Supers); ++I) {
      auto Q = C.semantic().qualifiedName(ts_node_named_child(Supers, I));
      if (Q && C.semantic().knowledge().typeHasTrait(*Q, "long-lived"))
        return true;
    }
  // A lock among its members: the object is shared between threads or
  // tasks, which a throwaway helper is not.
  for (const SemanticModel::OwnedName *M : C.semantic().ownedNames(Class))
    for (const Mutation &Mu : M->Mutations)
      if (Mu.What == Mutation::Assign && !isNull(Mu.Value) &&
          nodeType(Mu.Value) == "call") {
        SemanticModel::LockKind K = C.semantic().lockKind(Mu.Value);
        if (K == SemanticModel::LockKind::Threading ||
            K == SemanticModel::LockKind::Async)
          return true;
      }
  for (TSNode D : methodsOf(Class))
    if (nodeType(ts_node_child(D, 0)) == "async")
      return true;
  return false;
}

using ClassMembersByName =
    std::map<std::string, std::vector<const SemanticModel::OwnedName *>>;

static void checkOwnedName(const SemanticModel::OwnedName &O,
                           const ClassMembersByName &ByName,
                           const FileFacts &Facts, PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  bool IsClass = nodeType(O.Owner) == "class_definition";
  if (!IsClass && nodeType(O.Owner) != "module")
    return; // function locals die with the call
  const Mutation *Creation = nullptr;
  unsigned Assigns = 0;
  for (const Mutation &M : O.Mutations)
    if (M.What == Mutation::Assign && ++Assigns == 1)
      Creation = &M;
  // Reassigning after creation resets it: a removal.
  if (!Creation || Assigns > 1 || isNull(Creation->Value))
    return;
  // A module global (re)created inside a function is not the long-lived one.
  if (!IsClass && !isNull(S.enclosingFunction(Creation->Site)))
    return;
  TSNode Value = Creation->Value;
  auto Type = S.inferType(Value);
  if (!Type)
    return;
  std::optional<ContainerKind> Kind = containerKind(*Type, S.knowledge());
  if (!Kind)
    return;
  const ContainerKind &K = *Kind;
  std::string Display(C.text(Creation->Target));
  if (IsClass && nodeType(Creation->Target) == "identifier")
    Display = std::string(C.text(field(O.Owner, "name"))) + "." + Display;

  // A container its constructor bounds: bounded when any bound is given.
  std::optional<knowledge::Parameter> Bound;
  if (!K.bounds().empty()) {
    if (nodeType(Value) != "call" || S.hasUnpacking(Value))
      return;
    for (const knowledge::Parameter &P : K.bounds())
      if (!S.leavesUnbounded(Value, P))
        return;
    Bound = K.bounds().front();
  }
  auto BoundFix = [&]() -> std::optional<Fix> {
    if (!Bound || Bound->Keyword.empty() || !isNull(S.argument(Value, *Bound)))
      return std::nullopt;
    return boundFix(Value, Bound->Keyword, C);
  };
  if (K.Queue) {
    std::string Fn(C.text(field(Value, "function")));
    C.report(Value, message::UnboundedContainer::QueueWithoutBound,
             {Display, Fn, Bound->Keyword}, BoundFix());
    return;
  }

  const Mutation *Add = nullptr;
  for (const Mutation &M : O.Mutations) {
    if (isRemoval(M, *Type, S))
      return;
    if (!Add && isAdd(M, K, *Type, C) && growsPerCall(M, O.Owner, Facts, C))
      Add = &M;
  }
  // A subclass or sibling may evict through the same attribute name.
  if (IsClass) {
    for (const Mutation &M : S.foreignMutations(O.Name))
      if (isRemoval(M, *Type, S) || M.What == Mutation::Assign)
        return;
    // Class-level containers are shared by all instances: always long-lived.
    bool Instance = nodeType(field(Creation->Site, "left")) == "attribute";
    if (Instance && !isLongLived(O.Owner, Facts.ModuleLevelInstances, C))
      return;
  }
  if (IsClass)
    for (const SemanticModel::OwnedName *P : ByName.at(O.Name))
      if (P != &O)
        for (const Mutation &M : P->Mutations)
          if (isRemoval(M, *Type, S) || M.What == Mutation::Assign)
            return;
  if (!Add)
    return;
  unsigned Line = C.file().position(ts_node_start_byte(Add->Site)).Line;
  std::optional<Fix> F = BoundFix();
  C.report(Value, grows(K, IsClass),
           {Display, kindName(K), std::to_string(Line), snippet(Add->Site, C)},
           std::move(F));
  addRelated(C, Add->Site, "it grows here");
}

/// Inside `if __name__ == "__main__":`, a script's demo, not a service.
static bool inMainGuard(TSNode N, const PythonChecker &C) {
  for (TSNode P = ts_node_parent(N); !isNull(P); P = ts_node_parent(P))
    if (nodeType(P) == "if_statement" &&
        C.text(field(P, "condition")).find("__name__") != std::string::npos)
      return true;
  return false;
}

static void finishUnboundedContainers(PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  FileFacts &Facts = C.fileState<FileFacts>();
  auto Names = S.ownedNames();
  ClassMembersByName ByName;
  for (const SemanticModel::OwnedName *O : Names) {
    if (nodeType(O->Owner) == "class_definition")
      ByName[O->Name].push_back(O);
    if (nodeType(O->Owner) == "module")
      for (const Mutation &M : O->Mutations)
        if (M.What == Mutation::Assign && nodeType(M.Value) == "call" &&
            nodeType(field(M.Value, "function")) == "identifier" &&
            isNull(S.enclosingFunction(M.Site)) && !inMainGuard(M.Site, C))
          Facts.ModuleLevelInstances.insert(
              std::string(C.text(field(M.Value, "function"))));
  }
  for (const SemanticModel::OwnedName *O : Names)
    checkOwnedName(*O, ByName, Facts, C);
}

/// functools.cache / lru_cache(maxsize=None) on a method; also collects the
/// functions called at import time.
static void checkMethodCache(const ts::Match &M, PythonChecker &C) {
  if (TSNode Called = M.node("import_call"); !isNull(Called)) {
    C.fileState<FileFacts>().ImportTimeCalls.insert(
        std::string(C.text(Called)));
    return;
  }
  const SemanticModel &S = C.semantic();
  TSNode Decorator = ts_node_named_child(M.node("decorator"), 0);
  TSNode Definition = M.node("definition");
  bool IsCall = nodeType(Decorator) == "call";
  auto Name =
      S.qualifiedName(IsCall ? field(Decorator, "function") : Decorator);
  if (!Name)
    return;
  // A memoizing decorator: unbounded with no `limit`, or when the call
  // leaves it unbounded (`lru_cache(maxsize=None)`; bare `@lru_cache` is not).
  const knowledge::Callable *K = S.knowledge().callable(*Name);
  if (!K || !K->hasTrait("memoizes"))
    return;
  bool Unbounded = !K->Limit ? !IsCall
                   : IsCall  ? !S.hasUnpacking(Decorator) &&
                                  S.leavesUnbounded(Decorator, *K->Limit)
                            : K->Limit->unboundedWhenAbsent();
  if (!Unbounded)
    return;
  // Static and class methods do not key on an instance.
  for (uint32_t I = 0; I < ts_node_named_child_count(Definition); ++I) {
    TSNode D = ts_node_named_child(Definition, I);
    if (nodeType(D) != "decorator")
      continue;
    auto Other = S.qualifiedName(ts_node_named_child(D, 0));
    if (Other && (*Other == "staticmethod" || *Other == "classmethod"))
      return;
  }
  std::string Method(C.text(M.node("name")));
  C.report(Decorator, message::UnboundedContainer::MethodCache,
           {*Name, Method});
}

HAZARD_PYTHON_RULE(UnboundedContainer, checkMethodCache);
HAZARD_PYTHON_RULE_FINISH(UnboundedContainer, finishUnboundedContainers);
