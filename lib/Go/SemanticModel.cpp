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
(assignment_statement operator: "=") @assign
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
    return;
  }
  if (TSNode N = M.node("assign"); !isNull(N)) {
    TSNode Left = field(N, "left"), Right = field(N, "right");
    unsigned L = ts_node_named_child_count(Left);
    unsigned R = ts_node_named_child_count(Right);
    for (unsigned I = 0; I < L; ++I) {
      TSNode Name = ts_node_named_child(Left, I);
      if (nodeType(Name) != "identifier" || (R != L && R != 1))
        continue;
      TSNode Value = ts_node_named_child(Right, R == L ? I : 0);
      Assigned[{scopeKey(enclosingScope(Name)), std::string(text(Name))}]
          .push_back({ts_node_start_byte(Name), Value, R == L ? 0 : I,
                      TSNode{}});
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
  if (T == "selector_expression")
    if (auto Q = qualifiedName(Expr)) // a package variable: http.DefaultClient
      return knownVariableType(*Q);
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

//===-- Functions, contexts, loops and handlers ---------------------------===//

static bool isFunctionNode(TSNode N) {
  std::string_view T = nodeType(N);
  return T == "function_declaration" || T == "method_declaration" ||
         T == "func_literal";
}

TSNode SemanticModel::enclosingFunction(TSNode N) const {
  for (TSNode P = ts_node_parent(N); !isNull(P); P = ts_node_parent(P))
    if (isFunctionNode(P))
      return P;
  return TSNode{};
}

TSNode SemanticModel::enclosingLoop(TSNode N) const {
  for (TSNode P = ts_node_parent(N); !isNull(P) && !isFunctionNode(P);
       P = ts_node_parent(P))
    if (nodeType(P) == "for_statement")
      return P;
  return TSNode{};
}

namespace {
struct Param {
  TSNode Name; // null for an unnamed parameter
  TSNode Type;
};
} // namespace

static std::vector<Param> parameters(TSNode List) {
  std::vector<Param> Out;
  if (isNull(List) || nodeType(List) != "parameter_list")
    return Out;
  for (unsigned I = 0; I < ts_node_named_child_count(List); ++I) {
    TSNode D = ts_node_named_child(List, I);
    std::string_view T = nodeType(D);
    if (T != "parameter_declaration" && T != "variadic_parameter_declaration")
      continue;
    TSNode Type = field(D, "type");
    bool Named = false;
    for (unsigned J = 0; J < ts_node_named_child_count(D); ++J) {
      TSNode C = ts_node_named_child(D, J);
      if (nodeType(C) == "identifier") {
        Out.push_back({C, Type});
        Named = true;
      }
    }
    if (!Named)
      Out.push_back({TSNode{}, Type});
  }
  return Out;
}

std::optional<std::string> SemanticModel::handlerKind(TSNode Fn) const {
  if (isNull(Fn) || !isFunctionNode(Fn))
    return std::nullopt;
  std::vector<Param> P = parameters(field(Fn, "parameters"));
  auto TypeOf = [&](size_t I) {
    return typeFromTypeNode(P[I].Type).value_or("");
  };
  auto Pointer = [&](size_t I) {
    return nodeType(P[I].Type) == "pointer_type";
  };
  if (P.size() == 2 && TypeOf(0) == "net/http.ResponseWriter" &&
      TypeOf(1) == "net/http.Request" && Pointer(1))
    return "HTTP handler";
  if (P.size() == 1) {
    std::string T = TypeOf(0);
    if (T == "github.com/gin-gonic/gin.Context" && Pointer(0))
      return "gin handler";
    if (T == "github.com/labstack/echo.Context" && !Pointer(0))
      return "echo handler";
    if (T == "github.com/gofiber/fiber.Ctx")
      return "fiber handler";
  }
  // A unary gRPC method: func (s *srv) M(ctx context.Context, req *pb.X)
  // (*pb.Y, error).
  if (nodeType(Fn) == "method_declaration" && P.size() == 2 &&
      TypeOf(0) == "context.Context" && Pointer(1)) {
    std::vector<Param> R = parameters(field(Fn, "result"));
    if (R.size() == 2 && nodeType(R[0].Type) == "pointer_type" &&
        text(R[1].Type) == "error")
      return "gRPC method";
  }
  return std::nullopt;
}

/// A func literal handed to a `Do` method (sync.Once) runs once, not per
/// call of the function around it.
static bool runsOnce(TSNode Literal, std::string_view Text) {
  TSNode Args = ts_node_parent(Literal);
  if (isNull(Args) || nodeType(Args) != "argument_list")
    return false;
  TSNode Fn = field(ts_node_parent(Args), "function");
  return nodeType(Fn) == "selector_expression" &&
         ts::nodeText(field(Fn, "field"), Text) == "Do";
}

TSNode SemanticModel::enclosingHandler(TSNode N) const {
  for (TSNode F = enclosingFunction(N); !isNull(F); F = enclosingFunction(F)) {
    if (handlerKind(F))
      return F;
    if (nodeType(F) != "func_literal" || runsOnce(F, Text))
      break;
  }
  return TSNode{};
}

std::string SemanticModel::functionName(TSNode Fn) const {
  if (nodeType(Fn) == "function_declaration")
    return std::string(text(field(Fn, "name")));
  if (nodeType(Fn) == "method_declaration") {
    std::vector<Param> R = parameters(field(Fn, "receiver"));
    std::string Owner;
    if (!R.empty())
      if (auto T = typeFromTypeNode(R[0].Type))
        Owner = T->substr(T->rfind('.') + 1) + ".";
    return Owner + std::string(text(field(Fn, "name")));
  }
  return "func literal";
}

const SemanticModel::Binding *
SemanticModel::nearestBinding(TSNode Use, bool WithAssignments) const {
  std::string Name(text(Use));
  uint32_t At = ts_node_start_byte(Use);
  for (TSNode S = enclosingScope(Use);; S = enclosingScope(S)) {
    const Binding *Best = nullptr;
    bool Declared = false;
    for (const auto *Map : {&Names, &Assigned}) {
      if (Map == &Assigned && !WithAssignments)
        continue;
      auto It = Map->find({scopeKey(S), Name});
      if (It == Map->end())
        continue;
      Declared |= Map == &Names;
      for (const Binding &B : It->second)
        if (B.Offset < At && (!Best || B.Offset > Best->Offset))
          Best = &B;
    }
    if (Best)
      return Best;
    if (Declared || ts_node_eq(S, Root))
      return nullptr;
  }
}

std::optional<std::string> SemanticModel::bindingType(const Binding &B) const {
  if (!isNull(B.Type))
    return typeFromTypeNode(B.Type);
  return inferType(B.Value, B.ValueIndex, 0);
}

std::pair<TSNode, unsigned> SemanticModel::bindingValue(TSNode Use) const {
  if (nodeType(Use) != "identifier")
    return {TSNode{}, 0};
  const Binding *B = nearestBinding(Use, true);
  if (!B)
    return {TSNode{}, 0};
  return {B->Value, B->ValueIndex};
}

/// The node whose extent is the scope of a name declared at N.
static TSNode declarationScope(TSNode N) {
  for (TSNode P = ts_node_parent(N); !isNull(P); P = ts_node_parent(P)) {
    std::string_view T = nodeType(P);
    if (T == "block" || T == "if_statement" || T == "for_statement" ||
        T == "expression_switch_statement" || T == "type_switch_statement" ||
        T == "communication_case" || T == "expression_case" ||
        T == "type_case" || T == "default_case" || isFunctionNode(P))
      return P;
  }
  return TSNode{};
}

bool SemanticModel::declaredInScopeOf(TSNode Decl, TSNode Use) const {
  TSNode S = declarationScope(Decl);
  if (isNull(S))
    return true; // package level
  return ts_node_start_byte(S) <= ts_node_start_byte(Use) &&
         ts_node_end_byte(Use) <= ts_node_end_byte(S);
}

std::optional<std::string>
SemanticModel::contextInScope(TSNode N, bool OwnFunctionOnly) const {
  uint32_t At = ts_node_start_byte(N);
  for (TSNode F = enclosingFunction(N); !isNull(F);
       F = OwnFunctionOnly ? TSNode{} : enclosingFunction(F)) {
    // Parameters and locals of F, the latest binding before N first.
    const Binding *Best = nullptr;
    const std::string *BestName = nullptr;
    ScopeKey Key = scopeKey(F);
    for (auto It = Names.lower_bound({Key, std::string()});
         It != Names.end() && It->first.first == Key; ++It)
      for (const Binding &B : It->second) {
        if (B.Offset >= At || (Best && B.Offset < Best->Offset) ||
            It->first.second == "_")
          continue;
        if (bindingType(B) != "context.Context")
          continue;
        if (!isNull(B.Value) && nodeType(B.Value) == "call_expression") {
          auto Q = qualifiedName(field(B.Value, "function"));
          if (Q == "context.Background" || Q == "context.TODO")
            continue; // detached: no deadline or cancellation to pass on
        }
        TSNode Decl = ts_node_descendant_for_byte_range(
            Root, B.Offset, B.Offset + It->first.second.size());
        if (!declaredInScopeOf(Decl, N))
          continue;
        Best = &B;
        BestName = &It->first.second;
      }
    if (Best)
      return *BestName;
  }
  TSNode H = enclosingHandler(N);
  if (isNull(H) || (OwnFunctionOnly && !ts_node_eq(H, enclosingFunction(N))))
    return std::nullopt;
  std::vector<Param> P = parameters(field(H, "parameters"));
  auto Kind = handlerKind(H);
  if (P.empty() || isNull(P.back().Name))
    return std::nullopt;
  std::string Name(text(P.back().Name));
  if (Name == "_")
    return std::nullopt;
  if (*Kind == "HTTP handler")
    return Name + ".Context()";
  if (*Kind == "gin handler")
    return Name + ".Request.Context()";
  if (*Kind == "echo handler")
    return Name + ".Request().Context()";
  if (*Kind == "fiber handler")
    return Name + ".UserContext()";
  return std::nullopt;
}

std::optional<std::string> SemanticModel::resolveCallee(TSNode Call) const {
  TSNode Fn = field(Call, "function");
  for (int Depth = 0; Depth < 4 && !isNull(Fn); ++Depth) {
    std::string_view T = nodeType(Fn);
    if (T == "parenthesized_expression") {
      Fn = ts_node_named_child(Fn, 0);
      continue;
    }
    if (T == "selector_expression") {
      if (auto Q = qualifiedName(Fn))
        return Q;
      if (auto R = inferType(field(Fn, "operand")))
        return *R + "." + std::string(text(field(Fn, "field")));
      return std::nullopt;
    }
    if (T != "identifier")
      return std::nullopt;
    auto [Value, Index] = bindingValue(Fn);
    if (isNull(Value) || Index != 0)
      return std::nullopt;
    Fn = Value; // get := http.Get; get(u)
  }
  return std::nullopt;
}

void forEachNode(TSNode N, const std::function<bool(TSNode)> &Visit) {
  if (!Visit(N))
    return;
  for (unsigned I = 0; I < ts_node_named_child_count(N); ++I)
    forEachNode(ts_node_named_child(N, I), Visit);
}

std::vector<TSNode> SemanticModel::usesOf(TSNode Decl, TSNode Within) const {
  std::vector<TSNode> Out;
  std::string_view Name = text(Decl);
  uint32_t Offset = ts_node_start_byte(Decl);
  forEachNode(Within, [&](TSNode N) {
    if (nodeType(N) == "identifier" && ts_node_start_byte(N) > Offset &&
        text(N) == Name) {
      const Binding *B = nearestBinding(N, false);
      if (B && B->Offset == Offset)
        Out.push_back(N);
    }
    return true;
  });
  return Out;
}

TSNode SemanticModel::boundName(TSNode Value) {
  TSNode List = ts_node_parent(Value);
  if (isNull(List) || nodeType(List) != "expression_list")
    return TSNode{};
  TSNode Stmt = ts_node_parent(List);
  std::string_view T = nodeType(Stmt);
  TSNode Left;
  if (T == "short_var_declaration" || T == "assignment_statement") {
    if (!ts_node_eq(field(Stmt, "right"), List))
      return TSNode{};
    Left = field(Stmt, "left");
  } else if (T == "var_spec") {
    Left = Stmt;
  } else {
    return TSNode{};
  }
  std::vector<TSNode> Names;
  for (unsigned I = 0; I < ts_node_named_child_count(Left); ++I) {
    TSNode C = ts_node_named_child(Left, I);
    if (nodeType(C) == "identifier" || T != "var_spec")
      Names.push_back(C);
  }
  if (ts_node_named_child_count(List) == 1 && !Names.empty())
    Names.resize(1); // x, err := f(): x holds result 0
  else if (ts_node_named_child_count(List) != Names.size())
    return TSNode{};
  for (unsigned I = 0; I < Names.size(); ++I)
    if (ts_node_eq(ts_node_named_child(List, I), Value))
      return nodeType(Names[I]) == "identifier" ? Names[I] : TSNode{};
  return TSNode{};
}

// Control flow and values around a node (decompression-bomb, stream-replay).

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
  TSNode Fn = enclosingFunction(Ident);
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
