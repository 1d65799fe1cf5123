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
  return std::regex_replace(Path, Version, "");
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
    // A package moved to a new home is known by its alias there.
    std::string Path = Knowledge.canonical(
        canonicalImportPath(unquote(text(field(N, "path")))));
    TSNode Alias = field(N, "name");
    std::string Name =
        isNull(Alias) ? defaultPackageName(Path) : std::string(text(Alias));
    if (Name != "_" && Name != ".")
      Imports[Name] = Path;
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
          .push_back(
              {ts_node_start_byte(Name), Value, R == L ? 0 : I, TSNode{}});
    }
  }
  if (TSNode N = M.node("package"); !isNull(N))
    Package = std::string(text(N));
  if (TSNode N = M.node("functype"); !isNull(N))
    FuncTypes[std::string(text(field(N, "name")))] = field(N, "type");
  if (TSNode N = M.node("typename"); !isNull(N))
    Types.insert("." + std::string(text(N)));
}

std::optional<std::string>
SemanticModel::importPath(std::string_view Name) const {
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
  auto Path = importPath(Name); // first: most operands name no package
  if (!Path)
    return std::nullopt;
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

std::optional<std::string>
SemanticModel::returnType(const std::string &Callable, unsigned Index) const {
  const knowledge::Callable *C = Knowledge.callable(Callable);
  if (!C || C->result(Index).empty())
    return std::nullopt;
  return C->result(Index);
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
      return returnType(*Q, Index);
    if (nodeType(Fn) == "selector_expression")
      if (auto Receiver = inferType(field(Fn, "operand"), 0, Depth + 1))
        return returnType(
            *Receiver + "." + std::string(text(field(Fn, "field"))), Index);
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
    if (auto Q =
            qualifiedName(Expr)) { // a package variable: http.DefaultClient
      size_t Dot = Q->rfind('.');
      return Dot == std::string::npos
                 ? std::nullopt
                 : Knowledge.attributeType(Q->substr(0, Dot),
                                           Q->substr(Dot + 1));
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
  // A parameter of a request type: *http.Request, *gin.Context, echo.Context.
  for (size_t I = 0; I < P.size(); ++I)
    if (const knowledge::Type *T = Knowledge.type(TypeOf(I));
        T && !T->Handler.empty())
      return T->Handler;
  // A unary gRPC method: func (s *srv) M(ctx context.Context, req *pb.X)
  // (*pb.Y, error).
  if (nodeType(Fn) == "method_declaration" && P.size() == 2 &&
      Knowledge.typeHasTrait(TypeOf(0), "context") && Pointer(1)) {
    std::vector<Param> R = parameters(field(Fn, "result"));
    if (R.size() == 2 && nodeType(R[0].Type) == "pointer_type" &&
        text(R[1].Type) == "error")
      return "gRPC method";
  }
  return std::nullopt;
}

/// A func literal handed to a method with trait `runs-once` (sync.Once.Do)
/// runs once, not per call of the function around it.
bool SemanticModel::runsOnce(TSNode Literal) const {
  TSNode Args = ts_node_parent(Literal);
  if (isNull(Args) || nodeType(Args) != "argument_list")
    return false;
  TSNode Call = ts_node_parent(Args);
  TSNode Fn = field(Call, "function");
  if (nodeType(Fn) != "selector_expression")
    return false;
  std::string Method(text(field(Fn, "field")));
  if (auto Receiver = inferType(field(Fn, "operand"))) {
    const knowledge::Callable *E = Knowledge.callable(*Receiver + "." + Method);
    return E && E->hasTrait("runs-once");
  }
  return isMethodWithTrait(Method, "runs-once"); // a receiver of unknown type
}

TSNode SemanticModel::enclosingHandler(TSNode N) const {
  for (TSNode F = enclosingFunction(N); !isNull(F); F = enclosingFunction(F)) {
    if (handlerKind(F))
      return F;
    if (nodeType(F) != "func_literal" || runsOnce(F))
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

/// For `ctx, cancel := context.WithTimeout(...)`: whether `cancel()` runs
/// before N on every path (a statement of a block that holds N), so that
/// ctx is already cancelled at N.
static bool cancelledBefore(TSNode Decl, TSNode N, TSNode Fn,
                            std::string_view Text) {
  TSNode Cancel = ts_node_next_named_sibling(Decl);
  if (isNull(Cancel) || nodeType(ts_node_parent(Decl)) != "expression_list" ||
      nodeType(Cancel) != "identifier")
    return false;
  std::string_view Name = ts::nodeText(Cancel, Text);
  bool Found = false;
  forEachNode(field(Fn, "body"), [&](TSNode S) {
    std::string_view T = nodeType(S);
    if (Found || T == "func_literal" || T == "defer_statement" ||
        T == "go_statement" || ts_node_start_byte(S) >= ts_node_start_byte(N))
      return false;
    if (T != "expression_statement")
      return true;
    TSNode Call = ts_node_named_child(S, 0);
    if (nodeType(Call) != "call_expression" ||
        ts_node_start_byte(Call) <= ts_node_start_byte(Decl) ||
        ts::nodeText(field(Call, "function"), Text) != Name)
      return false;
    TSNode Block = ts_node_parent(S);
    Found = ts_node_start_byte(Block) <= ts_node_start_byte(N) &&
            ts_node_end_byte(N) <= ts_node_end_byte(Block);
    return false;
  });
  return Found;
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
        if (!Knowledge.typeHasTrait(bindingType(B).value_or(""), "context"))
          continue;
        if (isDetachedContext(B.Value))
          continue; // no deadline or cancellation to pass on
        TSNode Decl = ts_node_descendant_for_byte_range(
            Root, B.Offset, B.Offset + It->first.second.size());
        if (!declaredInScopeOf(Decl, N) || cancelledBefore(Decl, N, F, Text))
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

std::optional<std::string> SemanticModel::resolveCall(TSNode Call) const {
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

// Control flow and values around a node.

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
        Best = R == L   ? ts_node_named_child(Right, I)
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
  return nodeType(Ident) == "identifier" && nearestBinding(Ident, &Top) && !Top;
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

static bool isMutexType(const std::optional<std::string> &T,
                        const knowledge::KnowledgeBase &K) {
  const knowledge::Type *E = T ? K.type(*T) : nullptr;
  return E && !E->Lock.empty();
}

TSNode SemanticModel::mutexCallReceiver(TSNode Call, bool Release) const {
  if (nodeType(Call) != "call_expression" ||
      ts_node_named_child_count(field(Call, "arguments")) != 0)
    return TSNode{};
  TSNode Fn = field(Call, "function");
  if (nodeType(Fn) != "selector_expression")
    return TSNode{};
  // By the method's name: a struct that embeds a mutex is locked through
  // it, whatever its own type.
  bool Match = isMethodWithTrait(text(field(Fn, "field")),
                                 Release ? "releases-lock" : "acquires-lock");
  return Match ? field(Fn, "operand") : TSNode{};
}

std::vector<std::string>
SemanticModel::embeddedLockNames(const knowledge::KnowledgeBase &K) {
  std::vector<std::string> Names;
  for (const auto &[Name, T] : K.types())
    if (!T.Lock.empty())
      Names.push_back(Name.substr(Name.rfind('.') + 1));
  return Names;
}

template <class Pred>
bool SemanticModel::embedsLock(const std::string &T, Pred IsLock) const {
  for (const std::string &Embedded : EmbeddedLockNames) {
    TSNode F = fieldType(T, Embedded);
    if (!isNull(F) && IsLock(F))
      return true;
  }
  return false;
}

bool SemanticModel::isMutex(TSNode Receiver) const {
  auto T = inferType(Receiver);
  if (isMutexType(T, Knowledge))
    return true;
  if (T) {
    // A struct of this package that embeds a mutex (X.Lock() locks it); one
    // declared in another file may have a Lock method or embed one there.
    if ((*T)[0] != '.')
      return false;
    if (!declaresType(*T))
      return true;
    return embedsLock(*T, [&](TSNode F) {
      return isMutexType(typeFromTypeNode(F), Knowledge);
    });
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
  // A struct of this package locked through its embedded mutex.
  if (T && (*T)[0] == '.' && (!declaresType(*T) || embedsLock(*T, [](TSNode F) {
        return nodeType(F) != "function_type";
      })))
    return T->substr(1);
  if (K == "selector_expression") {
    auto Owner = inferType(field(Receiver, "operand"));
    if (Owner && (*Owner)[0] == '.')
      return Owner->substr(1) + "." +
             std::string(text(field(Receiver, "field")));
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
  return S.isMethodWithTrait(Method, "read-lock") == Read;
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
  bool Read = isMethodWithTrait(text(field(field(Call, "function"), "field")),
                                "read-lock");
  std::string_view Name = text(Mutex);
  MutexRegion R{Call, Mutex, Container, ts_node_end_byte(Statement),
                0,    Read,  false};
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
      bool Wrapped =
          nodeType(Fn) == "func_literal" &&
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

bool SemanticModel::isPerOperationMethod(TSNode Fn) const {
  if (isNull(Fn) || nodeType(Fn) != "method_declaration" ||
      text(field(Fn, "name")).rfind("New", 0) == 0)
    return false;
  bool TakesContext = false;
  for (const Param &P : parameters(field(Fn, "parameters")))
    TakesContext |= Knowledge.typeHasTrait(
        typeFromTypeNode(P.Type).value_or(""), "context");
  if (!TakesContext)
    return false;
  bool Loops = false;
  forEachNode(field(Fn, "body"), [&](TSNode N) {
    Loops |= nodeType(N) == "for_statement";
    return !Loops && nodeType(N) != "func_literal";
  });
  return !Loops;
}

/// Whether E is a call of a callable with trait Trait.
static bool callHasTrait(const SemanticModel &M, TSNode E,
                         std::string_view Trait) {
  if (isNull(E) || nodeType(E) != "call_expression")
    return false;
  auto Q = M.qualifiedName(field(E, "function"));
  const knowledge::Callable *C = Q ? M.knowledge().callable(*Q) : nullptr;
  return C && C->hasTrait(Trait);
}

/// Whether some known method (not package function) called Method
/// satisfies P.
template <typename Predicate>
static bool anyKnownMethod(const knowledge::KnowledgeBase &K,
                           std::string_view Method, Predicate P) {
  for (const knowledge::Callable *E : K.callablesNamed(Method)) {
    // "path/pkg.Type.Method": a dot after the package's own name.
    std::string_view Owner =
        std::string_view(E->Name).substr(0, E->Name.rfind('.'));
    size_t Slash = Owner.rfind('/');
    if (Owner.find('.', Slash == std::string_view::npos ? 0 : Slash) !=
            std::string_view::npos &&
        P(*E))
      return true;
  }
  return false;
}

bool SemanticModel::isMethodWithTrait(std::string_view Method,
                                      std::string_view Trait) const {
  return anyKnownMethod(Knowledge, Method, [&](const knowledge::Callable &E) {
    return E.hasTrait(Trait);
  });
}

bool SemanticModel::isContext(TSNode E) const {
  if (auto T = inferType(E))
    return Knowledge.typeHasTrait(*T, "context");
  if (isNull(E) || nodeType(E) != "call_expression")
    return false;
  TSNode Fn = field(E, "function");
  if (nodeType(Fn) != "selector_expression" || inferType(field(Fn, "operand")))
    return false;
  return anyKnownMethod(Knowledge, text(field(Fn, "field")),
                        [&](const knowledge::Callable &Method) {
                          return Knowledge.typeHasTrait(Method.result(),
                                                        "context");
                        });
}

bool SemanticModel::isDetachedContext(TSNode E) const {
  return callHasTrait(*this, E, "root-context");
}

bool SemanticModel::hasNoDeadline(TSNode Ctx) const {
  for (int Depth = 0; Depth <= 6 && !isNull(Ctx); ++Depth) {
    if (nodeType(Ctx) == "identifier") {
      auto [Value, Index] = bindingValue(Ctx);
      if (Index != 0)
        return false;
      Ctx = Value;
      continue;
    }
    if (callHasTrait(*this, Ctx, "root-context") ||
        callHasTrait(*this, Ctx, "drops-deadline"))
      return true;
    if (!callHasTrait(*this, Ctx, "keeps-deadline"))
      return false;
    Ctx = ts_node_named_child(field(Ctx, "arguments"), 0);
  }
  return false;
}

bool SemanticModel::setsDeadline(TSNode Ctx) const {
  if (!isNull(Ctx) && nodeType(Ctx) == "identifier")
    Ctx = bindingValue(Ctx).first;
  return callHasTrait(*this, Ctx, "sets-deadline");
}

bool SemanticModel::isStream(TSNode E) const {
  if (auto T = inferType(E))
    return Knowledge.typeHasTrait(*T, "stream");
  if (nodeType(E) != "selector_expression")
    return false;
  auto Owner = inferType(field(E, "operand"));
  auto Attribute =
      Owner ? Knowledge.attributeType(*Owner, text(field(E, "field")))
            : std::nullopt;
  return Attribute && Knowledge.typeHasTrait(*Attribute, "stream");
}

/// Whether the stream argument P of Call is a stream (any argument when P
/// gives no position).
static bool streamArgument(const SemanticModel &M, TSNode Call,
                           const knowledge::Parameter &P) {
  TSNode Args = field(Call, "arguments");
  uint32_t N = ts_node_named_child_count(Args);
  if (P.Position >= 0)
    return uint32_t(P.Position) < N &&
           M.isStream(ts_node_named_child(Args, P.Position));
  for (uint32_t I = 0; I < N; ++I)
    if (M.isStream(ts_node_named_child(Args, I)))
      return true;
  return false;
}

/// What messages call a blocking call whose entry gives no noun.
static std::string nounOf(const knowledge::Callable &E) {
  if (!E.Noun.empty())
    return E.Noun;
  switch (*E.Blocks) {
  case knowledge::Blocking::Network:
    return "network call";
  case knowledge::Blocking::File:
    return "file I/O";
  case knowledge::Blocking::Subprocess:
    return "subprocess";
  default:
    return "blocking call";
  }
}

std::optional<SemanticModel::BlockingCall>
SemanticModel::blockingCall(TSNode Call) const {
  TSNode Fn = field(Call, "function");
  auto Blocks = [&](const knowledge::Callable *E, TSNode StreamCall) {
    return E && E->Blocks &&
           (!E->Stream || streamArgument(*this, StreamCall, *E->Stream));
  };
  if (auto Q = qualifiedName(Fn)) {
    const knowledge::Callable *E = Knowledge.callable(*Q);
    if (!Blocks(E, Call))
      return std::nullopt;
    return BlockingCall{E, *Q, nounOf(*E)};
  }
  if (nodeType(Fn) != "selector_expression")
    return std::nullopt;
  TSNode Receiver = field(Fn, "operand");
  std::string Method(text(field(Fn, "field")));
  // json.NewEncoder(w).Encode(v) writes to w.
  if (nodeType(Receiver) == "call_expression")
    if (auto Q = qualifiedName(field(Receiver, "function"))) {
      const knowledge::Callable *Ctor = Knowledge.callable(*Q);
      const knowledge::Callable *E =
          Ctor && !Ctor->result().empty()
              ? Knowledge.callable(Ctor->result() + "." + Method)
              : nullptr;
      if (E && E->hasTrait("blocks-on-wrapped-stream") && E->Blocks &&
          Ctor->Stream && streamArgument(*this, Receiver, *Ctor->Stream))
        return BlockingCall{E, *Q + "(...)." + Method, nounOf(*E)};
    }
  auto Type = inferType(Receiver);
  if (!Type)
    return std::nullopt;
  std::string Name = *Type + "." + Method;
  const knowledge::Callable *E = Knowledge.callable(Name);
  if (E && !E->hasTrait("blocks-on-wrapped-stream") && Blocks(E, Call))
    return BlockingCall{E, Name, nounOf(*E)};
  // A generated gRPC stub, called with a context: a round trip.
  TSNode First = ts_node_named_child(field(Call, "arguments"), 0);
  if (!isGeneratedClientType(*Type) || isNull(First))
    return std::nullopt;
  auto FirstType = inferType(First);
  auto FirstCall = nodeType(First) == "call_expression"
                       ? qualifiedName(field(First, "function"))
                       : std::nullopt;
  const knowledge::Callable *FirstCallee =
      FirstCall ? Knowledge.callable(*FirstCall) : nullptr;
  if ((FirstType && Knowledge.typeHasTrait(*FirstType, "context")) ||
      (FirstCallee && Knowledge.typeHasTrait(FirstCallee->result(), "context")))
    return BlockingCall{nullptr, Name, "gRPC call"};
  return std::nullopt;
}

//===-- Readers and writers -----------------------------------------------===//

/// Argument I of a call's argument list, comments skipped.
static TSNode argumentAt(TSNode Args, unsigned I) {
  for (unsigned J = 0, E = ts_node_named_child_count(Args); J < E; ++J) {
    TSNode A = ts_node_named_child(Args, J);
    if (nodeType(A) != "comment" && I-- == 0)
      return A;
  }
  return TSNode{};
}

TSNode SemanticModel::wrappedReader(TSNode Call) const {
  if (isNull(Call) || nodeType(Call) != "call_expression")
    return TSNode{};
  auto Q = qualifiedName(field(Call, "function"));
  const knowledge::Callable *E = Q ? Knowledge.callable(*Q) : nullptr;
  if (!E || !E->hasTrait("wraps-reader") || !E->Stream ||
      E->Stream->Position < 0)
    return TSNode{};
  return argumentAt(field(Call, "arguments"), unsigned(E->Stream->Position));
}

static std::string decompressingOrigin(const SemanticModel &M, TSNode Expr,
                                       int Depth) {
  if (isNull(Expr) || Depth > 8)
    return "";
  std::string_view T = nodeType(Expr);
  if (T == "parenthesized_expression")
    return decompressingOrigin(M, ts_node_named_child(Expr, 0), Depth + 1);
  if (T == "call_expression") {
    auto Q = M.qualifiedName(field(Expr, "function"));
    if (!Q)
      return "";
    if (const knowledge::Callable *E = M.knowledge().callable(*Q);
        E && E->hasTrait("decompresses"))
      return *Q;
    return decompressingOrigin(M, M.wrappedReader(Expr), Depth + 1);
  }
  if (T != "identifier" && T != "selector_expression")
    return "";
  if (auto Type = M.inferType(Expr);
      Type && M.knowledge().typeHasTrait(*Type, "decompresses"))
    return *Type;
  if (T != "identifier")
    return "";
  auto [Value, Index] = M.lastAssignedValue(Expr);
  // zr, err := gzip.NewReader(r): only result 0 is the reader.
  if (Index != 0)
    return "";
  return decompressingOrigin(M, Value, Depth + 1);
}

std::string SemanticModel::decompressingReader(TSNode Expr) const {
  return decompressingOrigin(*this, Expr, 0);
}

bool SemanticModel::isDiscardingWriter(TSNode E) const {
  auto T = inferType(E);
  return T && Knowledge.typeHasTrait(*T, "discards");
}

bool SemanticModel::isGeneratedClientType(const std::string &Type) const {
  size_t Dot = Type.rfind('.');
  if (Dot == std::string::npos || Dot == 0)
    return false;
  std::string Path = Type.substr(0, Dot), Name = Type.substr(Dot + 1);
  auto EndsWith = [](std::string_view S, std::string_view Suffix) {
    return S.size() > Suffix.size() &&
           S.compare(S.size() - Suffix.size(), Suffix.size(), Suffix) == 0;
  };
  if (!EndsWith(Name, "Client"))
    return false;
  std::string Last = Path.substr(Path.rfind('/') + 1);
  if (EndsWith(Last, "pb") || Last == "pb" ||
      Path.find("/proto") != std::string::npos ||
      Path.find("/gen/") != std::string::npos ||
      Path.find("grpc") != std::string::npos)
    return true;
  for (const auto &[Alias, Imported] : Imports)
    if (Imported == Path && (Alias == "pb" || EndsWith(Alias, "pb")))
      return true;
  return false;
}

} // namespace hazard::go
