//===- Go.cpp - unbounded-container for Go --------------------------------===//
//
// What it does: finds package variables and struct fields of map, slice or
// sync.Map type that the package adds to (`m[k] = v`, `m[k]++`,
// `s = append(s, v)`, `m.Store(k, v)`) but never deletes from or resets
// (`delete`, `clear`, `m.Delete`, `maps.DeleteFunc`, or any other assignment
// such as `m = make(...)`, `m = nil`, `s = s[:0]`, `s = s[n:]`), in any file
// of the package. Slices and maps of funcs are hook registries and are left
// alone. Facts are gathered per file and judged per package (the
// files of one directory in the run) once every file is done.
// Why is this bad: such a container lives as long as the process and grows
// with every new key until memory runs out.
// Example: `limiters[ip] = rate.NewLimiter(1, 5)` with no cleanup.
// Use instead: store a last-seen time and sweep stale entries, or use an
// LRU/TTL cache.
//
//===----------------------------------------------------------------------===//
#include "Go/GoChecker.h"
#include "RuleMessages.h"

#include <algorithm>
#include <set>

using namespace hazard;
using namespace hazard::go;
using ts::field;
using ts::isNull;
using ts::nodeType;

namespace {

struct Site {
  std::string Path;
  TextRange Range;
  std::string LineText;
  bool operator<(const Site &O) const {
    return std::tie(Path, Range.Begin) < std::tie(O.Path, O.Range.Begin);
  }
};

/// Library: a type the knowledge base lists as a `container` whose methods
/// add and remove entries (sync.Map).
enum class Kind { Map, Slice, Library };

/// What one package says about its long-lived containers, keyed by
/// "Type.field" or "var name".
struct PackageFacts {
  struct Decl {
    Kind K;
    Site Where;
    std::string Package;
    std::string Library; // for Kind::Library, the type's name
  };
  std::map<std::string, Decl> Decls;
  std::map<std::string, std::map<Kind, Site>> Inserts; // the first per kind
  std::set<std::string> Resets;
  /// Struct types whose values evidently live long: they hold a mutex
  /// (shared between goroutines) or a package variable holds one.
  std::set<std::string> LongLived;

  void merge(const PackageFacts &O) {
    LongLived.insert(O.LongLived.begin(), O.LongLived.end());
    for (const auto &[Key, D] : O.Decls) {
      auto [It, New] = Decls.emplace(Key, D);
      if (!New && D.Where < It->second.Where)
        It->second = D;
    }
    for (const auto &[Key, ByKind] : O.Inserts)
      for (const auto &[K, S] : ByKind) {
        auto [It, New] = Inserts[Key].emplace(K, S);
        if (!New && S < It->second)
          It->second = S;
      }
    Resets.insert(O.Resets.begin(), O.Resets.end());
  }
};

/// Run-wide: packages by directory.
struct GoContainerFacts {
  std::map<std::string, PackageFacts> Packages;
};

} // namespace

static Site siteOf(TSNode N, GoChecker &C) {
  TextRange R = C.file().range(ts_node_start_byte(N), ts_node_end_byte(N));
  return {C.file().path(), R, std::string(C.file().lineText(R.BeginPos.Line))};
}

/// The knowledge base's container type a type node names, or null.
static const knowledge::Type *libraryContainer(TSNode Type, GoChecker &C) {
  if (!isNull(Type) && nodeType(Type) == "pointer_type")
    Type = ts_node_named_child(Type, 0);
  if (isNull(Type) || nodeType(Type) != "qualified_type")
    return nullptr;
  auto Path = C.semantic().importPath(C.text(field(Type, "package")));
  const knowledge::Type *T =
      Path ? C.semantic().knowledge().type(
                 *Path + "." + std::string(C.text(field(Type, "name"))))
           : nullptr;
  return T && T->Container ? T : nullptr;
}

/// The container kind a type node names.
static std::optional<Kind> kindOfType(TSNode Type, GoChecker &C) {
  if (isNull(Type))
    return std::nullopt;
  std::string_view T = nodeType(Type);
  if (T == "map_type")
    return Kind::Map;
  if (T == "slice_type")
    return Kind::Slice;
  if (T == "pointer_type")
    return kindOfType(ts_node_named_child(Type, 0), C);
  if (libraryContainer(Type, C))
    return Kind::Library;
  return std::nullopt;
}

/// A slice or map of funcs is a hook or handler registry: it grows with the
/// registrations the code makes (`r.hooks = append(r.hooks, f)`), bounded by
/// the call sites, not with traffic.
static bool holdsFuncs(TSNode Type, GoChecker &C) {
  if (!isNull(Type) && nodeType(Type) == "pointer_type")
    Type = ts_node_named_child(Type, 0);
  if (isNull(Type))
    return false;
  std::string_view T = nodeType(Type);
  TSNode Element = T == "slice_type" ? field(Type, "element")
                   : T == "map_type" ? field(Type, "value")
                                     : TSNode{};
  return !isNull(Element) && C.semantic().isFuncType(Element);
}

/// The type node of a package variable's initial value: a literal,
/// make(...), new(sync.Map), &sync.Map{}.
static TSNode typeOfValue(TSNode V, GoChecker &C) {
  if (isNull(V))
    return TSNode{};
  std::string_view T = nodeType(V);
  if (T == "unary_expression")
    return typeOfValue(field(V, "operand"), C);
  if (T == "composite_literal")
    return field(V, "type");
  if (T == "call_expression") {
    TSNode Fn = field(V, "function");
    if (nodeType(Fn) == "identifier" &&
        (C.text(Fn) == "make" || C.text(Fn) == "new"))
      return ts_node_named_child(field(V, "arguments"), 0);
  }
  return TSNode{};
}

/// "Type.field" for a field of a struct of this package, "var name" for a
/// package variable (of this file or another file of the package).
static std::optional<std::string> keyOf(TSNode X, GoChecker &C) {
  const SemanticModel &S = C.semantic();
  if (isNull(X))
    return std::nullopt;
  std::string_view T = nodeType(X);
  if (T == "parenthesized_expression")
    return keyOf(ts_node_named_child(X, 0), C);
  if (T == "identifier") {
    if (S.isLocalVariable(X) || S.importPath(C.text(X)))
      return std::nullopt;
    return "var " + std::string(C.text(X));
  }
  if (T == "selector_expression") {
    auto Owner = S.inferType(field(X, "operand"));
    if (!Owner || (*Owner)[0] != '.')
      return std::nullopt;
    return Owner->substr(1) + "." + std::string(C.text(field(X, "field")));
  }
  return std::nullopt;
}

/// Code that runs once at startup: init, constructors (New*, new*, Must*)
/// and Register* functions and methods, like database/sql's driver table.
static bool atStartup(TSNode N, GoChecker &C) {
  for (TSNode P = ts_node_parent(N); !isNull(P); P = ts_node_parent(P)) {
    std::string_view T = nodeType(P);
    if (T != "function_declaration" && T != "method_declaration")
      continue;
    std::string_view Name = C.text(field(P, "name"));
    if (Name.rfind("Register", 0) == 0 || Name.rfind("register", 0) == 0)
      return true; // registration tables: rpc.Server.Register, sql.Register
    return T == "function_declaration" &&
           (Name == "init" || Name.rfind("New", 0) == 0 ||
            Name.rfind("new", 0) == 0 || Name.rfind("Must", 0) == 0);
  }
  return true; // a package-level initializer
}

/// Whether a type node names a library lock (a type with `lock`).
static bool isMutexType(TSNode Type, GoChecker &C) {
  if (!isNull(Type) && nodeType(Type) == "pointer_type")
    Type = ts_node_named_child(Type, 0);
  if (isNull(Type) || nodeType(Type) != "qualified_type")
    return false;
  auto Path = C.semantic().importPath(C.text(field(Type, "package")));
  const knowledge::Type *T =
      Path ? C.semantic().knowledge().type(
                 *Path + "." + std::string(C.text(field(Type, "name"))))
           : nullptr;
  return T && !T->Lock.empty();
}

static bool isLiteral(TSNode N) {
  std::string_view T = nodeType(N);
  return T == "interpreted_string_literal" || T == "raw_string_literal" ||
         T == "int_literal" || T == "rune_literal" || T == "true" ||
         T == "false";
}

static void insert(TSNode Container, Kind K, TSNode At, GoChecker &C) {
  if (auto Key = keyOf(Container, C))
    if (!atStartup(At, C))
      C.fileState<PackageFacts>().Inserts[*Key].emplace(K, siteOf(At, C));
}

static void reset(TSNode Container, GoChecker &C) {
  if (auto Key = keyOf(Container, C))
    C.fileState<PackageFacts>().Resets.insert(*Key);
}

static void declare(std::string Key, TSNode Name, Kind K, TSNode Type,
                    GoChecker &C) {
  const knowledge::Type *Library = libraryContainer(Type, C);
  C.fileState<PackageFacts>().Decls.emplace(
      std::move(Key),
      PackageFacts::Decl{K, siteOf(Name, C), C.semantic().packageName(),
                         Library ? Library->Name : ""});
}

static void onAssignment(TSNode Assign, TSNode Target, GoChecker &C) {
  std::string_view T = nodeType(Assign);
  if (nodeType(Target) == "index_expression") {
    // m[k] = v grows a map unless the keys are constants.
    if (!isLiteral(field(Target, "index")))
      insert(field(Target, "operand"), Kind::Map, Assign, C);
    return;
  }
  if (T != "assignment_statement" || C.text(field(Assign, "operator")) != "=")
    return;
  TSNode Left = field(Assign, "left"), Right = field(Assign, "right");
  uint32_t L = ts_node_named_child_count(Left),
           R = ts_node_named_child_count(Right);
  TSNode Value{};
  for (uint32_t I = 0; I < L; ++I)
    if (ts_node_eq(ts_node_named_child(Left, I), Target) && L == R)
      Value = ts_node_named_child(Right, I);
  // x = append(x, ...) grows it; any other assignment replaces or trims it
  // (make, nil, x[:0], x[n:], append(x[:0], ...), a filtered copy).
  if (!isNull(Value) && nodeType(Value) == "call_expression") {
    TSNode Fn = field(Value, "function");
    TSNode First = ts_node_named_child(field(Value, "arguments"), 0);
    if (nodeType(Fn) == "identifier" && C.text(Fn) == "append" &&
        !isNull(First) && C.text(First) == C.text(Target)) {
      insert(Target, Kind::Slice, Assign, C);
      return;
    }
  }
  if (!atStartup(Assign, C))
    reset(Target, C);
}

static void checkUnboundedContainer(const ts::Match &M, GoChecker &C) {
  const SemanticModel &S = C.semantic();
  if (M.has("field")) {
    TSNode Decl = M.node("field");
    auto K = kindOfType(field(Decl, "type"), C);
    if (!K || holdsFuncs(field(Decl, "type"), C))
      return;
    std::string Struct(C.text(M.node("struct")));
    TSNode List = ts_node_parent(Decl);
    for (uint32_t I = 0; I < ts_node_named_child_count(List); ++I)
      if (isMutexType(field(ts_node_named_child(List, I), "type"), C))
        C.fileState<PackageFacts>().LongLived.insert(Struct);
    for (uint32_t I = 0; I < ts_node_named_child_count(Decl); ++I) {
      TSNode Name = ts_node_named_child(Decl, I);
      if (nodeType(Name) == "field_identifier")
        declare(Struct + "." + std::string(C.text(Name)), Name, *K,
                field(Decl, "type"), C);
    }
    return;
  }
  if (M.has("var")) {
    TSNode Spec = M.node("var");
    TSNode Type = field(Spec, "type"), Values = field(Spec, "value");
    std::vector<TSNode> Names;
    for (uint32_t I = 0; I < ts_node_named_child_count(Spec); ++I)
      if (nodeType(ts_node_named_child(Spec, I)) == "identifier")
        Names.push_back(ts_node_named_child(Spec, I));
    for (size_t I = 0; I < Names.size(); ++I) {
      std::optional<Kind> K;
      TSNode Declared = Type;
      if (!isNull(Type)) {
        K = holdsFuncs(Type, C) ? std::nullopt : kindOfType(Type, C);
      } else if (!isNull(Values) &&
                 ts_node_named_child_count(Values) == Names.size()) {
        Declared = typeOfValue(ts_node_named_child(Values, I), C);
        K = isNull(Declared) ? std::nullopt : kindOfType(Declared, C);
      }
      // var srv Server, var srv = &Server{...}: a Server lives as long.
      TSNode Value =
          !isNull(Values) && ts_node_named_child_count(Values) == Names.size()
              ? ts_node_named_child(Values, I)
              : TSNode{};
      if (!isNull(Value) && nodeType(Value) == "unary_expression")
        Value = field(Value, "operand");
      TSNode Named = !isNull(Type) ? Type
                     : !isNull(Value) && nodeType(Value) == "composite_literal"
                         ? field(Value, "type")
                         : TSNode{};
      if (!isNull(Named) && nodeType(Named) == "pointer_type")
        Named = ts_node_named_child(Named, 0);
      if (!isNull(Named) && nodeType(Named) == "type_identifier")
        C.fileState<PackageFacts>().LongLived.insert(
            std::string(C.text(Named)));
      if (K && C.text(Names[I]) != "_")
        declare("var " + std::string(C.text(Names[I])), Names[I], *K, Declared,
                C);
    }
    return;
  }
  if (M.has("assign")) {
    onAssignment(M.node("assign"), M.node("target"), C);
    return;
  }
  if (M.has("remove")) {
    reset(M.node("target"), C);
    return;
  }
  if (M.has("methodcall")) {
    TSNode Call = M.node("methodcall");
    std::string_view Method = C.text(M.node("method"));
    // A package's function, not a method: maps.DeleteFunc(m, f) empties
    // its first argument.
    if (auto Q = S.qualifiedName(field(Call, "function"))) {
      const knowledge::Callable *E = S.knowledge().callable(*Q);
      if (E && E->hasTrait("removes-entries"))
        reset(ts_node_named_child(field(Call, "arguments"), 0), C);
      return;
    }
    // The receiver's type is often declared in another file: the method's
    // name says what a library container's method does.
    auto Container = [&](bool Adds) {
      for (const auto &[Name, T] : S.knowledge().types())
        if (T.Container && (Adds ? S.knowledge().addsEntries(Name, Method)
                                 : S.knowledge().removesEntries(Name, Method)))
          return true;
      return false;
    };
    if (Container(/*Adds=*/true))
      insert(M.node("receiver"), Kind::Library, Call, C);
    else if (Container(/*Adds=*/false))
      reset(M.node("receiver"), C);
  }
}

HAZARD_GO_RULE(UnboundedContainer, checkUnboundedContainer);

/// Hands the file's facts to the run: only files that have some, so that the
/// others stay cacheable.
static void publishContainerFacts(GoChecker &C) {
  PackageFacts &F = C.fileState<PackageFacts>();
  if (F.Decls.empty() && F.Inserts.empty() && F.Resets.empty() &&
      F.LongLived.empty())
    return;
  std::string Dir = packageDirectory(C.file().path());
  C.run().update<GoContainerFacts>(
      [&](GoContainerFacts &All) { All.Packages[Dir].merge(F); });
}

HAZARD_GO_RULE_FINISH(UnboundedContainer, publishContainerFacts);

static void reportUnboundedContainers(RunState &Run, RunSink &Sink) {
  GoContainerFacts &All = Run.get<GoContainerFacts>();
  const RuleInfo &Rule = RuleRegistry::get().rule(RuleId::UnboundedContainer);
  for (const auto &[Dir, P] : All.Packages)
    for (const auto &[Key, D] : P.Decls) {
      auto Ins = P.Inserts.find(Key);
      if (Ins == P.Inserts.end() || P.Resets.count(Key))
        continue;
      auto Grow = Ins->second.find(D.K);
      if (Grow == Ins->second.end())
        continue;
      bool Var = Key.rfind("var ", 0) == 0;
      // A field of a short-lived value (a request, a builder) dies with it.
      if (!Var && !P.LongLived.count(Key.substr(0, Key.find('.'))))
        continue;
      std::string Name = Var ? Key.substr(4) : Key;
      namespace Msg = message::UnboundedContainer;
      Finding F;
      F.RuleId = Rule.Id;
      if (D.K == Kind::Map)
        F.Message = Rule.formatMessage(Var ? Msg::GoMap : Msg::GoMapField,
                                       {Name, D.Package});
      else if (D.K == Kind::Slice)
        F.Message = Rule.formatMessage(Var ? Msg::GoSlice : Msg::GoSliceField,
                                       {Name, D.Package});
      else
        F.Message = Rule.formatMessage(Var ? Msg::GoLibraryContainer
                                           : Msg::GoLibraryContainerField,
                                       {D.Library, Name, D.Package});
      F.Path = D.Where.Path;
      F.Range = D.Where.Range;
      F.LineText = D.Where.LineText;
      const Site &First = Grow->second;
      F.Related.push_back(
          {First.Path, First.Range, First.LineText,
           std::string(D.K == Kind::Slice ? "appended to" : "added to") +
               " here"});
      Sink.add(std::move(F));
    }
}

HAZARD_RUN_FINISHER(reportUnboundedContainers);
