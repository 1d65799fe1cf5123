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

// Control flow and values around a node (decompression-bomb, stream-replay).

static bool isFunctionNode(TSNode N) {
  std::string_view T = nodeType(N);
  return T == "function_declaration" || T == "method_declaration" ||
         T == "func_literal";
}

TSNode SemanticModel::functionAround(TSNode N) const {
  for (TSNode P = ts_node_parent(N); !isNull(P); P = ts_node_parent(P))
    if (isFunctionNode(P))
      return P;
  return TSNode{};
}

TSNode SemanticModel::loopBodyAround(TSNode N) const {
  for (TSNode C = N, P = ts_node_parent(N); !isNull(P);
       C = P, P = ts_node_parent(P)) {
    if (isFunctionNode(P))
      return TSNode{};
    // Only the body repeats: a range expression or init clause runs once.
    if (nodeType(P) == "for_statement" && ts_node_eq(field(P, "body"), C))
      return P;
  }
  return TSNode{};
}

/// The root of an assignment target: `a` for a, a.f, a[i], (*a).f.
static TSNode targetRoot(TSNode Target) {
  for (;;) {
    std::string_view T = nodeType(Target);
    if (T == "selector_expression")
      Target = field(Target, "operand");
    else if (T == "index_expression" || T == "parenthesized_expression" ||
             T == "unary_expression")
      Target = ts_node_named_child(Target, 0);
    else
      return Target;
  }
}

std::pair<TSNode, unsigned>
SemanticModel::lastAssignedValue(TSNode Ident) const {
  std::string_view Name = text(Ident);
  uint32_t Use = ts_node_start_byte(Ident);
  TSNode Best{};
  unsigned BestIndex = 0;
  uint32_t BestOffset = 0;
  bool Found = false;
  // := and var bindings, innermost function first.
  for (TSNode S = enclosingScope(Ident);; S = enclosingScope(S)) {
    auto It = Names.find({scopeKey(S), std::string(Name)});
    if (It != Names.end()) {
      for (const Binding &B : It->second)
        if (B.Offset < Use && (!Found || B.Offset >= BestOffset)) {
          Best = B.Value, BestIndex = B.ValueIndex, BestOffset = B.Offset;
          Found = true;
        }
      if (Found)
        break;
    }
    if (ts_node_eq(S, Root))
      break;
  }
  // A later plain `=` in the same function wins.
  TSNode Fn = functionAround(Ident);
  if (isNull(Fn))
    return {Best, BestIndex};
  std::vector<TSNode> Stack{Fn};
  while (!Stack.empty()) {
    TSNode N = Stack.back();
    Stack.pop_back();
    if (ts_node_start_byte(N) >= Use)
      continue;
    if (nodeType(N) == "assignment_statement") {
      TSNode Left = field(N, "left"), Right = field(N, "right");
      unsigned L = ts_node_named_child_count(Left);
      unsigned R = ts_node_named_child_count(Right);
      for (unsigned I = 0; I < L; ++I) {
        TSNode T = ts_node_named_child(Left, I);
        if (nodeType(T) != "identifier" || text(T) != Name ||
            ts_node_start_byte(T) < BestOffset)
          continue;
        BestOffset = ts_node_start_byte(T);
        Best = R == L ? ts_node_named_child(Right, I)
               : R == 1 ? ts_node_named_child(Right, 0)
                        : TSNode{};
        BestIndex = R == L ? 0 : I;
        // x += ... is not a plain value.
        if (text(field(N, "operator")) != "=")
          Best = TSNode{};
      }
    }
    for (unsigned I = 0, E = ts_node_named_child_count(N); I < E; ++I)
      Stack.push_back(ts_node_named_child(N, I));
  }
  return {Best, BestIndex};
}

bool SemanticModel::isAssignedWithin(TSNode Region,
                                     std::string_view Name) const {
  std::vector<TSNode> Stack{Region};
  while (!Stack.empty()) {
    TSNode N = Stack.back();
    Stack.pop_back();
    std::string_view T = nodeType(N);
    TSNode Targets{};
    if (T == "assignment_statement" || T == "short_var_declaration")
      Targets = field(N, "left");
    else if (T == "inc_statement" || T == "dec_statement")
      Targets = N;
    else if (T == "range_clause")
      Targets = field(N, "left");
    if (!isNull(Targets))
      for (unsigned I = 0, E = ts_node_named_child_count(Targets); I < E; ++I)
        if (text(targetRoot(ts_node_named_child(Targets, I))) == Name)
          return true;
    for (unsigned I = 0, E = ts_node_named_child_count(N); I < E; ++I)
      Stack.push_back(ts_node_named_child(N, I));
  }
  return false;
}

} // namespace hazard::go
