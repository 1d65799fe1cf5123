#include "Go/SemanticModel.h"

#include <regex>

namespace hazard::go {

using ts::field;
using ts::isNull;
using ts::nodeType;

const char *SemanticModel::query() {
  return R"q(
(import_spec) @import
(short_var_declaration) @define
(var_spec) @var
(parameter_declaration) @parameter
(type_spec name: (type_identifier) type: (struct_type)) @struct
(package_clause (package_identifier) @package)
(type_spec name: (type_identifier) type: (function_type)) @functype
(type_spec name: (type_identifier) @typename)
)q";
}

static std::string unquote(std::string_view S) {
  if (S.size() >= 2 && (S.front() == '"' || S.front() == '`'))
    S = S.substr(1, S.size() - 2);
  return std::string(S);
}

std::string canonicalImportPath(std::string Path) {
  static const std::regex Version("/v[0-9]+$");
  Path = std::regex_replace(Path, Version, "");
  if (Path == "github.com/go-redis/redis")
    return "github.com/redis/go-redis"; // renamed at v9
  if (Path == "github.com/garyburd/redigo/redis")
    return "github.com/gomodule/redigo/redis";
  return Path;
}

std::string defaultPackageName(const std::string &Path) {
  std::string Name = Path.substr(Path.rfind('/') + 1);
  if (Name.rfind("go-", 0) == 0)
    Name = Name.substr(3);
  for (const char *Suffix : {".go", "-go"})
    if (Name.size() > 3 && Name.compare(Name.size() - 3, 3, Suffix) == 0)
      Name.resize(Name.size() - 3);
  static const std::regex GopkgVersion("\\.v[0-9]+$");
  return std::regex_replace(Name, GopkgVersion, "");
}

TSNode SemanticModel::enclosingScope(TSNode N) const {
  for (TSNode P = ts_node_parent(N); !isNull(P); P = ts_node_parent(P)) {
    std::string_view T = nodeType(P);
    if (T == "function_declaration" || T == "method_declaration" ||
        T == "func_literal")
      return P;
  }
  return Root;
}

SemanticModel::ScopeKey SemanticModel::scopeKey(TSNode N) const {
  return (uint64_t(ts_node_start_byte(N)) << 32) | ts_node_end_byte(N);
}

void SemanticModel::bind(TSNode Name, TSNode Value, unsigned Index,
                         TSNode Type) {
  Names[{scopeKey(enclosingScope(Name)), std::string(text(Name))}].push_back(
      {ts_node_start_byte(Name), Value, Index, Type});
}

void SemanticModel::observe(const ts::Match &M) {
  if (TSNode N = M.node("import"); !isNull(N)) {
    std::string Path = unquote(text(field(N, "path")));
    TSNode Alias = field(N, "name");
    std::string Name = isNull(Alias) ? defaultPackageName(canonicalImportPath(Path))
                                     : std::string(text(Alias));
    if (Name != "_" && Name != ".")
      Imports[Name] = canonicalImportPath(Path);
    return;
  }
  if (TSNode N = M.node("define"); !isNull(N)) {
    TSNode Left = field(N, "left"), Right = field(N, "right");
    unsigned L = ts_node_named_child_count(Left);
    unsigned R = ts_node_named_child_count(Right);
    for (unsigned I = 0; I < L; ++I) {
      TSNode Name = ts_node_named_child(Left, I);
      if (nodeType(Name) != "identifier")
        continue;
      // x, err := f() binds x to result 0 of f; a, b := 1, 2 pairs up.
      if (R == L)
        bind(Name, ts_node_named_child(Right, I), 0, TSNode{});
      else if (R == 1)
        bind(Name, ts_node_named_child(Right, 0), I, TSNode{});
    }
    return;
  }
  if (TSNode N = M.node("var"); !isNull(N)) {
    TSNode Type = field(N, "type"), Values = field(N, "value");
    std::vector<TSNode> Names;
    for (unsigned I = 0; I < ts_node_named_child_count(N); ++I) {
      TSNode C = ts_node_named_child(N, I);
      if (nodeType(C) == "identifier")
        Names.push_back(C);
    }
    unsigned R = isNull(Values) ? 0 : ts_node_named_child_count(Values);
    for (unsigned I = 0; I < Names.size(); ++I) {
      TSNode Value = R == Names.size() ? ts_node_named_child(Values, I)
                     : R == 1          ? ts_node_named_child(Values, 0)
                                       : TSNode{};
      bind(Names[I], Value, R == 1 ? I : 0, Type);
    }
    return;
  }
  if (TSNode N = M.node("parameter"); !isNull(N)) {
    TSNode Type = field(N, "type");
    for (unsigned I = 0; I < ts_node_named_child_count(N); ++I) {
      TSNode C = ts_node_named_child(N, I);
      if (nodeType(C) == "identifier")
        bind(C, TSNode{}, 0, Type);
    }
    return;
  }
  if (TSNode N = M.node("struct"); !isNull(N)) {
    std::string StructName = "." + std::string(text(field(N, "name")));
    TSNode List = ts_node_named_child(field(N, "type"), 0);
    for (unsigned I = 0; I < ts_node_named_child_count(List); ++I) {
      TSNode Decl = ts_node_named_child(List, I);
      if (nodeType(Decl) != "field_declaration")
        continue;
      TSNode Type = field(Decl, "type");
      for (unsigned J = 0; J < ts_node_named_child_count(Decl); ++J) {
        TSNode C = ts_node_named_child(Decl, J);
        if (nodeType(C) == "field_identifier")
          Fields[{StructName, std::string(text(C))}] = Type;
      }
      if (ts_node_named_child_count(Decl) == 1) // embedded field
        if (auto T = typeFromTypeNode(Type))
          Fields[{StructName, T->substr(T->rfind('.') + 1)}] = Type;
    }
  }
  if (TSNode N = M.node("package"); !isNull(N))
    Package = std::string(text(N));
  if (TSNode N = M.node("functype"); !isNull(N))
    FuncTypes[std::string(text(field(N, "name")))] = field(N, "type");
  if (TSNode N = M.node("typename"); !isNull(N))
    Types.insert("." + std::string(text(N)));
}

std::optional<std::string> SemanticModel::importPath(std::string_view Name) const {
  auto It = Imports.find(Name);
  if (It == Imports.end())
    return std::nullopt;
  return It->second;
}

std::optional<std::string> SemanticModel::qualifiedName(TSNode Expr) const {
  if (nodeType(Expr) != "selector_expression")
    return std::nullopt;
  TSNode Operand = field(Expr, "operand");
  if (nodeType(Operand) != "identifier")
    return std::nullopt;
  // A variable shadows a package of the same name: a local from its
  // declaration on, a package-level one everywhere.
  std::string Name(text(Operand));
  for (TSNode S = enclosingScope(Expr);; S = enclosingScope(S)) {
    auto It = Names.find({scopeKey(S), Name});
    bool AtPackageLevel = ts_node_eq(S, Root);
    if (It != Names.end())
      for (const Binding &B : It->second)
        if (AtPackageLevel || B.Offset < ts_node_start_byte(Expr))
          return std::nullopt;
    if (AtPackageLevel)
      break;
  }
  auto Path = importPath(Name);
  if (!Path)
    return std::nullopt;
  return *Path + "." + std::string(text(field(Expr, "field")));
}

std::optional<std::string> SemanticModel::typeFromTypeNode(TSNode Type) const {
  std::string_view T = nodeType(Type);
  if (T == "pointer_type" || T == "parenthesized_type")
    return typeFromTypeNode(ts_node_named_child(Type, 0));
  if (T == "qualified_type") {
    auto Path = importPath(text(field(Type, "package")));
    if (!Path)
      return std::nullopt;
    return *Path + "." + std::string(text(field(Type, "name")));
  }
  if (T == "type_identifier")
    return "." + std::string(text(Type));
  return std::nullopt;
}

std::optional<std::string> SemanticModel::inferType(TSNode Expr) const {
  return inferType(Expr, 0, 0);
}

std::optional<std::string> SemanticModel::inferType(TSNode Expr, unsigned Index,
                                                    int Depth) const {
  if (isNull(Expr) || Depth > 8)
    return std::nullopt;
  std::string_view T = nodeType(Expr);
  if (T == "parenthesized_expression")
    return inferType(ts_node_named_child(Expr, 0), Index, Depth + 1);
  if (T == "unary_expression") // &T{...}
    return inferType(field(Expr, "operand"), Index, Depth + 1);
  if (T == "composite_literal")
    return typeFromTypeNode(field(Expr, "type"));
  if (T == "call_expression") {
    TSNode Fn = field(Expr, "function");
    if (auto Q = qualifiedName(Fn))
      return knownReturnType(*Q + (Index ? "#" + std::to_string(Index) : ""));
    if (nodeType(Fn) == "selector_expression")
      if (auto Receiver = inferType(field(Fn, "operand"), 0, Depth + 1))
        return knownReturnType(*Receiver + "." +
                               std::string(text(field(Fn, "field"))) +
                               (Index ? "#" + std::to_string(Index) : ""));
    return std::nullopt;
  }
  if (T == "identifier") {
    std::string Name(text(Expr));
    for (TSNode S = enclosingScope(Expr);; S = enclosingScope(S)) {
      auto It = Names.find({scopeKey(S), Name});
      if (It != Names.end()) {
        // The nearest binding before the use.
        const Binding *Best = &It->second.front();
        for (const Binding &B : It->second)
          if (B.Offset < ts_node_start_byte(Expr) && B.Offset >= Best->Offset)
            Best = &B;
        if (!isNull(Best->Type))
          return typeFromTypeNode(Best->Type);
        return inferType(Best->Value, Best->ValueIndex, Depth + 1);
      }
      if (ts_node_eq(S, Root))
        break;
    }
    return std::nullopt;
  }
  if (T == "selector_expression") {
    auto Owner = inferType(field(Expr, "operand"), 0, Depth + 1);
    if (!Owner || (*Owner)[0] != '.')
      return std::nullopt;
    auto It = Fields.find({*Owner, std::string(text(field(Expr, "field")))});
    if (It == Fields.end())
      return std::nullopt;
    return typeFromTypeNode(It->second);
  }
  return std::nullopt;
}

// Locks and long-lived containers.

const SemanticModel::Binding *
SemanticModel::nearestBinding(TSNode Ident, bool *AtPackageLevel) const {
  std::string Name(text(Ident));
  for (TSNode S = enclosingScope(Ident);; S = enclosingScope(S)) {
    auto It = Names.find({scopeKey(S), Name});
    bool Top = ts_node_eq(S, Root);
    if (It != Names.end()) {
      const Binding *Best = &It->second.front();
      for (const Binding &B : It->second)
        if (B.Offset < ts_node_start_byte(Ident) && B.Offset >= Best->Offset)
          Best = &B;
      if (AtPackageLevel)
        *AtPackageLevel = Top;
      return Best;
    }
    if (Top)
      return nullptr;
  }
}

bool SemanticModel::isLocalVariable(TSNode Ident) const {
  bool Top = false;
  return nodeType(Ident) == "identifier" && nearestBinding(Ident, &Top) &&
         !Top;
}

TSNode SemanticModel::declaredType(TSNode Ident) const {
  if (nodeType(Ident) != "identifier")
    return TSNode{};
  const Binding *B = nearestBinding(Ident, nullptr);
  return B ? B->Type : TSNode{};
}

bool SemanticModel::declaresType(std::string_view Type) const {
  return Types.count(Type) != 0;
}

TSNode SemanticModel::fieldType(std::string_view Struct,
                                std::string_view Field) const {
  auto It = Fields.find({std::string(Struct), std::string(Field)});
  return It == Fields.end() ? TSNode{} : It->second;
}

bool SemanticModel::isFuncType(TSNode Type) const {
  std::string_view T = nodeType(Type);
  if (T == "function_type")
    return true;
  if (T == "parenthesized_type")
    return isFuncType(ts_node_named_child(Type, 0));
  return T == "type_identifier" && FuncTypes.count(text(Type));
}

static bool isSyncMutexType(const std::optional<std::string> &T) {
  return T && (*T == "sync.Mutex" || *T == "sync.RWMutex");
}

TSNode SemanticModel::mutexCallReceiver(TSNode Call, bool Release) const {
  if (nodeType(Call) != "call_expression" ||
      ts_node_named_child_count(field(Call, "arguments")) != 0)
    return TSNode{};
  TSNode Fn = field(Call, "function");
  if (nodeType(Fn) != "selector_expression")
    return TSNode{};
  std::string_view Method = text(field(Fn, "field"));
  bool Match = Release ? Method == "Unlock" || Method == "RUnlock"
                       : Method == "Lock" || Method == "RLock";
  return Match ? field(Fn, "operand") : TSNode{};
}

/// The struct type (".S") that embeds the mutex X.Lock() locks, if any.
static std::optional<std::string>
embeddingStruct(const SemanticModel &S, const std::optional<std::string> &T) {
  if (!T || (*T)[0] != '.')
    return std::nullopt;
  if (!S.declaresType(*T))
    return T; // declared in another file: a Lock method there, or embedding
  for (const char *Embedded : {"Mutex", "RWMutex"}) {
    TSNode F = S.fieldType(*T, Embedded);
    if (!isNull(F) && nodeType(F) != "function_type")
      return T;
  }
  return std::nullopt;
}

bool SemanticModel::isMutex(TSNode Receiver) const {
  auto T = inferType(Receiver);
  if (isSyncMutexType(T))
    return true;
  if (T) {
    if (!embeddingStruct(*this, T))
      return false;
    // An embedded field must itself be a sync mutex.
    if (!declaresType(*T))
      return true;
    for (const char *Embedded : {"Mutex", "RWMutex"}) {
      TSNode F = fieldType(*T, Embedded);
      if (!isNull(F) && isSyncMutexType(typeFromTypeNode(F)))
        return true;
    }
    return false;
  }
  // Types this file cannot see: a field of a struct of this package declared
  // in another file, or a package variable declared in another file.
  std::string_view K = nodeType(Receiver);
  if (K == "selector_expression") {
    auto Owner = inferType(field(Receiver, "operand"));
    return Owner && (*Owner)[0] == '.' && !declaresType(*Owner);
  }
  if (K == "identifier")
    return !nearestBinding(Receiver, nullptr) && !importPath(text(Receiver));
  return false;
}

std::optional<std::string> SemanticModel::mutexName(TSNode Receiver) const {
  std::string_view K = nodeType(Receiver);
  auto T = inferType(Receiver);
  if (T && (*T)[0] == '.' && embeddingStruct(*this, T))
    return T->substr(1);
  if (K == "selector_expression") {
    auto Owner = inferType(field(Receiver, "operand"));
    if (Owner && (*Owner)[0] == '.')
      return Owner->substr(1) + "." + std::string(text(field(Receiver, "field")));
    return std::nullopt;
  }
  if (K == "identifier" && !isLocalVariable(Receiver))
    return Package + "." + std::string(text(Receiver));
  return std::nullopt;
}

/// Whether Statement is `R.Unlock()` (or RUnlock when Read) for receiver text
/// Mutex, or a defer of it (`defer mu.Unlock()`, `defer func() { ... }()`).
static bool releases(const SemanticModel &S, TSNode Statement,
                     std::string_view Mutex, bool Read, std::string_view Text) {
  TSNode Call = ts_node_named_child(Statement, 0);
  TSNode R = S.mutexCallReceiver(Call, true);
  if (isNull(R) || ts::nodeText(R, Text) != Mutex)
    return false;
  std::string_view Method =
      ts::nodeText(field(field(Call, "function"), "field"), Text);
  return (Method == "RUnlock") == Read;
}

/// Whether N contains a release of the mutex (outside nested functions).
static bool containsRelease(const SemanticModel &S, TSNode N,
                            std::string_view Mutex, bool Read,
                            std::string_view Text) {
  std::string_view T = nodeType(N);
  if (T == "expression_statement" && releases(S, N, Mutex, Read, Text))
    return true;
  if (T == "func_literal" || T == "go_statement")
    return false;
  for (uint32_t I = 0; I < ts_node_named_child_count(N); ++I)
    if (containsRelease(S, ts_node_named_child(N, I), Mutex, Read, Text))
      return true;
  return false;
}

std::optional<SemanticModel::MutexRegion>
SemanticModel::mutexRegionStartedBy(TSNode Statement) const {
  TSNode Container = ts_node_parent(Statement);
  if (nodeType(Statement) != "expression_statement" ||
      nodeType(Container) != "statement_list")
    return std::nullopt;
  TSNode Call = ts_node_named_child(Statement, 0);
  TSNode Mutex = mutexCallReceiver(Call, false);
  if (isNull(Mutex) || !isMutex(Mutex))
    return std::nullopt;
  bool Read = text(field(field(Call, "function"), "field")) == "RLock";
  std::string_view Name = text(Mutex);
  MutexRegion R{Call, Mutex, Container, ts_node_end_byte(Statement), 0, Read,
                false};
  bool NestedRelease = false;
  for (TSNode N = ts_node_next_named_sibling(Statement); !isNull(N);
       N = ts_node_next_named_sibling(N)) {
    std::string_view T = nodeType(N);
    if (T == "expression_statement" && releases(*this, N, Name, Read, Text)) {
      R.End = ts_node_start_byte(N);
      return R;
    }
    if (T == "defer_statement") {
      TSNode Deferred = ts_node_named_child(N, 0);
      bool Direct = !isNull(mutexCallReceiver(Deferred, true)) &&
                    releases(*this, N, Name, Read, Text);
      TSNode Fn = field(Deferred, "function");
      bool Wrapped = nodeType(Fn) == "func_literal" &&
                     containsRelease(*this, field(Fn, "body"), Name, Read, Text);
      if (Direct || Wrapped) {
        R.End = ts_node_end_byte(Container);
        R.Deferred = true;
        return R;
      }
    }
    NestedRelease |= containsRelease(*this, N, Name, Read, Text);
  }
  // Released only in branches (`if ok { mu.Unlock(); return }`): held to the
  // end of the block except after those releases (see releasedBefore).
  if (!NestedRelease)
    return std::nullopt;
  R.End = ts_node_end_byte(Container);
  return R;
}

bool SemanticModel::releasedBefore(const MutexRegion &R, TSNode N) const {
  std::string_view Name = text(R.Mutex);
  for (TSNode A = N; !isNull(A) && !ts_node_eq(A, R.Container);
       A = ts_node_parent(A)) {
    TSNode P = ts_node_parent(A);
    if (nodeType(P) != "statement_list")
      continue;
    for (TSNode S = ts_node_prev_named_sibling(A); !isNull(S);
         S = ts_node_prev_named_sibling(S)) {
      if (ts_node_start_byte(S) < R.Begin)
        break;
      if (nodeType(S) == "expression_statement" &&
          releases(*this, S, Name, R.Read, Text))
        return true;
    }
  }
  return false;
}

} // namespace hazard::go
