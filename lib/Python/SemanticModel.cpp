#include "Python/SemanticModel.h"

#include <algorithm>
#include <cctype>

namespace hazard::python {

using ts::field;
using ts::isNull;
using ts::nodeType;

const char *SemanticModel::query() {
  return R"q(
(import_statement) @import
(import_from_statement) @import
(assignment left: (_)) @assignment
(typed_parameter) @parameter
(typed_default_parameter) @parameter
(default_parameter) @parameter
(parameters (identifier) @parameter)
(with_item value: (as_pattern alias: (as_pattern_target))) @with
(augmented_assignment left: (_)) @member.augassign
(delete_statement) @member.delete
(global_statement) @member.global
(call
  function: (attribute
    object: [(identifier) (attribute object: (identifier)) (subscript)]
    attribute: (identifier) @member.method)) @member.call
(attribute
  object: [(identifier) (attribute object: (identifier))]
  attribute: (identifier) @member.method) @member.reference
(function_definition name: (identifier)) @definition
(class_definition name: (identifier)) @definition
(for_statement left: (_) right: (_)) @for
(call
  function: (attribute attribute: (identifier) @fillmethod)
  (#any-of? @fillmethod
    "append" "appendleft" "add" "insert" "setdefault")) @fill
)q";
}

SemanticModel::ScopeKey SemanticModel::scopeKey(TSNode Scope) const {
  return (uint64_t(ts_node_start_byte(Scope)) << 32) | ts_node_end_byte(Scope);
}

static bool isScopeNode(TSNode N) {
  std::string_view T = nodeType(N);
  return T == "function_definition" || T == "lambda" ||
         T == "class_definition" || T == "module";
}

TSNode SemanticModel::enclosingScope(TSNode N) const {
  for (TSNode P = ts_node_parent(N); !isNull(P); P = ts_node_parent(P))
    if (isScopeNode(P))
      return P;
  return Root;
}

TSNode SemanticModel::enclosingFunction(TSNode N) const {
  for (TSNode P = ts_node_parent(N); !isNull(P); P = ts_node_parent(P)) {
    std::string_view T = nodeType(P);
    if (T == "function_definition" || T == "lambda")
      return P;
    if (T == "class_definition")
      break;
  }
  return TSNode{};
}

bool SemanticModel::inAsyncFunction(TSNode N) const {
  TSNode F = enclosingFunction(N);
  if (isNull(F) || nodeType(F) != "function_definition")
    return false;
  TSNode First = ts_node_child(F, 0);
  return nodeType(First) == "async";
}

TSNode SemanticModel::enclosingClass(TSNode N) const {
  for (TSNode P = ts_node_parent(N); !isNull(P); P = ts_node_parent(P))
    if (nodeType(P) == "class_definition")
      return P;
  return TSNode{};
}

std::optional<std::string> SemanticModel::resolveCall(TSNode Call) const {
  return resolveCallee(field(Call, "function"));
}

std::optional<std::string> SemanticModel::resolveCallee(TSNode Fn) const {
  if (auto Q = qualifiedName(Fn))
    return Q;
  if (nodeType(Fn) != "attribute")
    return std::nullopt;
  auto Receiver = inferType(field(Fn, "object"));
  if (!Receiver)
    return std::nullopt;
  std::string Method(text(field(Fn, "attribute")));
  std::string Name = *Receiver + "." + Method;
  // A method inherited from another library's class is that class's method:
  // watchdog's observers join as threading.Thread does.
  if (const knowledge::Callable *C = Knowledge.callable(Name))
    if (const knowledge::Type *T = Knowledge.type(*Receiver);
        T && C->Name != Knowledge.canonical(Name) && C->Name != T->Name &&
        C->Origin != T->Origin)
      return C->Name;
  return Name;
}

TSNode SemanticModel::keywordArgument(TSNode Call,
                                      std::string_view Name) const {
  TSNode Args = field(Call, "arguments");
  for (uint32_t I = 0; I < ts_node_named_child_count(Args); ++I) {
    TSNode A = ts_node_named_child(Args, I);
    if (nodeType(A) == "keyword_argument" && text(field(A, "name")) == Name)
      return field(A, "value");
  }
  return TSNode{};
}

TSNode SemanticModel::positionalArgument(TSNode Call, unsigned Index) const {
  TSNode Args = field(Call, "arguments");
  unsigned Seen = 0;
  for (uint32_t I = 0; I < ts_node_named_child_count(Args); ++I) {
    TSNode A = ts_node_named_child(Args, I);
    std::string_view T = nodeType(A);
    if (T == "list_splat")
      return TSNode{}; // positions after *args are unknown
    if (T == "keyword_argument" || T == "dictionary_splat" || T == "comment")
      continue;
    if (Seen++ == Index)
      return A;
  }
  return TSNode{};
}

bool SemanticModel::hasUnpacking(TSNode Call) const {
  TSNode Args = field(Call, "arguments");
  for (uint32_t I = 0; I < ts_node_named_child_count(Args); ++I) {
    std::string_view T = nodeType(ts_node_named_child(Args, I));
    if (T == "list_splat" || T == "dictionary_splat")
      return true;
  }
  return false;
}

bool SemanticModel::isAwaited(TSNode Call) const {
  TSNode P = ts_node_parent(Call);
  while (nodeType(P) == "parenthesized_expression")
    P = ts_node_parent(P);
  return nodeType(P) == "await";
}

/// Whether the knowledge base gives what Call calls trait Trait: the
/// wrappers that bound a wait ("bounds-wait") or run work off the event
/// loop ("offloads").
static bool callHasTrait(const SemanticModel &M, TSNode Call,
                         std::string_view Trait) {
  const knowledge::Callable *K = M.knownCallable(Call);
  return K && K->hasTrait(Trait);
}

bool SemanticModel::isTimeoutBounded(TSNode N) const {
  TSNode Function = enclosingFunction(N);
  for (TSNode P = ts_node_parent(N); !isNull(P) && !ts_node_eq(P, Function);
       P = ts_node_parent(P))
    if (nodeType(P) == "argument_list" &&
        callHasTrait(*this, ts_node_parent(P), "bounds-wait"))
      return true;
  for (const WithScope &W : enclosingWithScopes(N)) {
    if (nodeType(W.Context) != "call")
      continue;
    if (callHasTrait(*this, W.Context, "bounds-wait"))
      return true;
  }
  return false;
}

bool SemanticModel::isOffloaded(TSNode N) const {
  TSNode Function = enclosingFunction(N);
  for (TSNode P = ts_node_parent(N); !isNull(P) && !ts_node_eq(P, Function);
       P = ts_node_parent(P)) {
    if (nodeType(P) != "argument_list")
      continue;
    TSNode Call = ts_node_parent(P);
    if (callHasTrait(*this, Call, "offloads"))
      return true;
  }
  return false;
}

/// The context expressions of a with_statement's items, in source order
/// (`lock` in `with lock as held:`).
static std::vector<TSNode> withContexts(TSNode With) {
  std::vector<TSNode> Out;
  TSNode Clause = ts_node_named_child(With, 0);
  for (uint32_t I = 0; I < ts_node_named_child_count(Clause); ++I) {
    TSNode Item = ts_node_named_child(Clause, I);
    if (nodeType(Item) != "with_item")
      continue;
    TSNode Value = field(Item, "value");
    if (nodeType(Value) == "as_pattern")
      Value = ts_node_named_child(Value, 0);
    Out.push_back(Value);
  }
  return Out;
}

std::vector<SemanticModel::WithScope>
SemanticModel::enclosingWithScopes(TSNode N) const {
  std::vector<WithScope> Out;
  for (TSNode P = ts_node_parent(N); !isNull(P); P = ts_node_parent(P)) {
    std::string_view T = nodeType(P);
    if (T == "function_definition" || T == "lambda" || T == "class_definition")
      break;
    if (T != "with_statement")
      continue;
    // Only the body is guarded, not the context expressions themselves.
    TSNode Body = field(P, "body");
    if (ts_node_start_byte(N) < ts_node_start_byte(Body))
      continue;
    bool Async = nodeType(ts_node_child(P, 0)) == "async";
    std::vector<TSNode> Contexts = withContexts(P);
    for (auto It = Contexts.rbegin(); It != Contexts.rend(); ++It)
      Out.push_back({P, *It, Async});
  }
  return Out;
}

std::vector<TSNode> SemanticModel::lookupScopes(TSNode N) const {
  // Python's LEGB: class bodies are skipped except the one N sits in directly.
  std::vector<TSNode> Out;
  bool First = true;
  for (TSNode S = enclosingScope(N);; S = enclosingScope(S)) {
    if (nodeType(S) != "class_definition" || First)
      Out.push_back(S);
    First = false;
    if (nodeType(S) == "module" || ts_node_eq(S, Root))
      break;
  }
  return Out;
}

void SemanticModel::addImport(TSNode At, std::string Local,
                              std::string Qualified) {
  Imports[{scopeKey(enclosingScope(At)), std::move(Local)}] =
      std::move(Qualified);
}

void SemanticModel::bindName(TSNode At, std::string Name, TSNode Value,
                             TSNode Annotation) {
  TSNode Scope = enclosingScope(At);
  Binding B{ts_node_start_byte(At), Value, Annotation};
  if (nodeType(Scope) == "class_definition")
    Members[{scopeKey(Scope), Name}].push_back(B);
  Names[{scopeKey(Scope), std::move(Name)}].push_back(B);
}

TSNode SemanticModel::classOfSelf(TSNode Identifier) const {
  // `self` / `cls`: the first parameter of a method defined in a class body.
  TSNode F = enclosingFunction(Identifier);
  while (!isNull(F) && nodeType(F) == "lambda")
    F = enclosingFunction(F);
  if (isNull(F))
    return TSNode{};
  TSNode Params = field(F, "parameters");
  TSNode First = ts_node_named_child_count(Params)
                     ? ts_node_named_child(Params, 0)
                     : TSNode{};
  if (nodeType(First) == "typed_parameter")
    First = ts_node_named_child(First, 0);
  if (nodeType(First) == "default_parameter")
    First = field(First, "name");
  if (nodeType(First) != "identifier" || text(First) != text(Identifier))
    return TSNode{};
  TSNode Def = ts_node_parent(F);
  if (nodeType(Def) == "decorated_definition")
    Def = ts_node_parent(Def);
  TSNode Body = Def;
  TSNode Class = ts_node_parent(Body);
  return nodeType(Body) == "block" && nodeType(Class) == "class_definition"
             ? Class
             : TSNode{};
}

void SemanticModel::bindTarget(TSNode Target, TSNode Value, TSNode Annotation) {
  std::string_view T = nodeType(Target);
  if (T == "identifier") {
    bindName(Target, std::string(text(Target)), Value, Annotation);
  } else if (T == "attribute") {
    TSNode Object = field(Target, "object");
    if (nodeType(Object) != "identifier")
      return;
    TSNode Class = classOfSelf(Object);
    if (isNull(Class))
      return;
    Members[{scopeKey(Class), std::string(text(field(Target, "attribute")))}]
        .push_back({ts_node_start_byte(Target), Value, Annotation});
  }
}

void SemanticModel::observe(const ts::Match &M) {
  if (TSNode N = M.node("import"); !isNull(N)) {
    if (nodeType(N) == "import_statement") {
      for (uint32_t I = 0; I < ts_node_named_child_count(N); ++I) {
        TSNode Name = ts_node_named_child(N, I);
        if (nodeType(Name) == "aliased_import") {
          addImport(N, std::string(text(field(Name, "alias"))),
                    std::string(text(field(Name, "name"))));
        } else if (nodeType(Name) == "dotted_name") {
          // `import a.b` binds `a`, which denotes the package a.
          std::string Dotted(text(Name));
          std::string Head = Dotted.substr(0, Dotted.find('.'));
          addImport(N, Head, Head);
        }
      }
      return;
    }
    TSNode Module = field(N, "module_name");
    if (nodeType(Module) != "dotted_name")
      return; // relative imports name project modules, not libraries
    std::string Base(text(Module));
    for (uint32_t I = 0; I < ts_node_named_child_count(N); ++I) {
      TSNode Name = ts_node_named_child(N, I);
      if (ts_node_eq(Name, Module))
        continue;
      if (nodeType(Name) == "aliased_import")
        addImport(N, std::string(text(field(Name, "alias"))),
                  Base + "." + std::string(text(field(Name, "name"))));
      else if (nodeType(Name) == "dotted_name")
        addImport(N, std::string(text(Name)),
                  Base + "." + std::string(text(Name)));
    }
    return;
  }
  if (TSNode N = M.node("assignment"); !isNull(N)) {
    TSNode Left = field(N, "left"), Right = field(N, "right");
    TSNode Type = field(N, "type");
    if (nodeType(Right) == "assignment") // a = b = value
      Right = field(Right, "right");
    if (nodeType(Left) == "subscript" && !isNull(Right)) // c[k] = v
      Fills.push_back({field(Left, "value"), field(Left, "subscript"), Right});
    bindTarget(Left, Right, Type);
    if (!isNull(field(N, "right"))) {
      if (nodeType(Left) == "subscript") {
        TSNode Key = field(Left, "subscript");
        recordMutation(field(Left, "value"),
                       {nodeType(Key) == "slice" ? Mutation::SliceStore
                                                 : Mutation::ItemStore,
                        N, Key, Right, "", ""});
      } else if (std::string_view L = nodeType(Left); L == "pattern_list" ||
                                                      L == "tuple_pattern" ||
                                                      L == "list_pattern") {
        // `batch, self._pending = self._pending, []`: element by element.
        std::string_view R = nodeType(Right);
        uint32_t Count = ts_node_named_child_count(Left);
        bool Paired = (R == "expression_list" || R == "tuple") &&
                      ts_node_named_child_count(Right) == Count;
        for (uint32_t I = 0; I < Count; ++I) {
          TSNode Value = Paired ? ts_node_named_child(Right, I) : TSNode{};
          recordMutation(ts_node_named_child(Left, I),
                         {Mutation::Assign, N, TSNode{}, Value, "", ""});
          std::string_view V = nodeType(Value);
          if (V == "identifier" || V == "attribute")
            recordMutation(Value,
                           {Mutation::Alias, N, TSNode{}, TSNode{}, "", ""});
        }
      } else {
        recordMutation(Left, {Mutation::Assign, N, TSNode{}, Right, "", ""});
      }
      std::string_view R = nodeType(Right);
      if (R == "identifier" || R == "attribute")
        recordMutation(Right, {Mutation::Alias, N, TSNode{}, TSNode{}, "", ""});
    }
    return;
  }
  if (TSNode N = M.node("member.reference"); !isNull(N)) {
    // `task.add_done_callback(self._tasks.discard)`: called later. Calls are
    // recorded by the member.call pattern.
    if (!Knowledge.isContainerMethod(text(M.node("member.method"))))
      return;
    TSNode Parent = ts_node_parent(N);
    if (nodeType(Parent) == "call" && ts_node_eq(field(Parent, "function"), N))
      return;
    recordMutation(field(N, "object"),
                   {Mutation::Call, N, TSNode{}, TSNode{},
                    std::string(text(field(N, "attribute"))), ""});
    return;
  }
  if (TSNode N = M.node("definition"); !isNull(N)) {
    // `def min(...)` shadows the builtin in its scope.
    bindName(N, std::string(text(field(N, "name"))), TSNode{}, TSNode{});
    return;
  }
  if (TSNode N = M.node("member.augassign"); !isNull(N)) {
    TSNode Left = field(N, "left");
    std::string Op(text(field(N, "operator")));
    if (nodeType(Left) == "subscript")
      recordMutation(field(Left, "value"),
                     {Mutation::ItemAug, N, field(Left, "subscript"),
                      field(N, "right"), "", Op});
    else
      recordMutation(
          Left, {Mutation::AugAssign, N, TSNode{}, field(N, "right"), "", Op});
    return;
  }
  if (TSNode N = M.node("member.delete"); !isNull(N)) {
    std::vector<TSNode> Targets;
    for (uint32_t I = 0; I < ts_node_named_child_count(N); ++I) {
      TSNode T = ts_node_named_child(N, I);
      if (nodeType(T) == "expression_list")
        for (uint32_t J = 0; J < ts_node_named_child_count(T); ++J)
          Targets.push_back(ts_node_named_child(T, J));
      else
        Targets.push_back(T);
    }
    for (TSNode T : Targets) {
      if (nodeType(T) == "subscript" &&
          nodeType(field(T, "value")) == "subscript") {
        // `del x[k][0]`: removes from the container x holds at k.
        TSNode Inner = field(T, "value");
        recordMutation(field(Inner, "value"),
                       {Mutation::InnerDelete, N, field(Inner, "subscript"),
                        TSNode{}, "", ""});
      } else if (nodeType(T) == "subscript") {
        TSNode Key = field(T, "subscript");
        recordMutation(field(T, "value"),
                       {nodeType(Key) == "slice" ? Mutation::SliceDelete
                                                 : Mutation::ItemDelete,
                        N, Key, TSNode{}, "", ""});
      } else {
        recordMutation(T, {Mutation::Delete, N, TSNode{}, TSNode{}, "", ""});
      }
    }
    return;
  }
  if (TSNode N = M.node("member.global"); !isNull(N)) {
    TSNode Scope = enclosingScope(N);
    for (uint32_t I = 0; I < ts_node_named_child_count(N); ++I) {
      TSNode Name = ts_node_named_child(N, I);
      if (nodeType(Name) == "identifier")
        Globals[{scopeKey(Scope), std::string(text(Name))}] = true;
    }
    return;
  }
  if (TSNode N = M.node("member.call"); !isNull(N)) {
    // Calls that may add or remove entries, as the knowledge base's
    // containers say; whose container it is is asked later.
    TSNode Fn = field(N, "function");
    TSNode Object = field(Fn, "object");
    std::string Method(text(field(Fn, "attribute")));
    if (!Knowledge.isContainerMethod(Method))
      return;
    if (nodeType(Object) == "subscript")
      recordMutation(field(Object, "value"),
                     {Mutation::ItemCall, N, field(Object, "subscript"),
                      TSNode{}, Method, ""});
    else
      recordMutation(Object,
                     {Mutation::Call, N, TSNode{}, TSNode{}, Method, ""});
    return;
  }
  if (TSNode N = M.node("for"); !isNull(N)) {
    bindElements(field(N, "left"), field(N, "right"));
    return;
  }
  if (TSNode N = M.node("fill"); !isNull(N)) {
    TSNode Fn = field(N, "function");
    std::string_view Method = text(M.node("fillmethod"));
    TSNode Key{}, Value{};
    if (Method == "insert" || Method == "setdefault") {
      Key = positionalArgument(N, 0);
      Value = positionalArgument(N, 1);
      if (Method == "insert")
        Key = TSNode{};
    } else {
      Value = positionalArgument(N, 0);
    }
    if (!isNull(Value) && !hasUnpacking(N))
      Fills.push_back({field(Fn, "object"), Key, Value});
    return;
  }
  if (TSNode N = M.node("parameter"); !isNull(N)) {
    std::string_view T = nodeType(N);
    TSNode Name = T == "identifier"        ? N
                  : T == "typed_parameter" ? ts_node_named_child(N, 0)
                                           : field(N, "name");
    if (nodeType(Name) == "identifier")
      bindName(Name, std::string(text(Name)), field(N, "value"),
               field(N, "type"));
    return;
  }
  if (TSNode N = M.node("with"); !isNull(N)) {
    TSNode Pattern = field(N, "value");
    TSNode Target = field(Pattern, "alias");
    TSNode Value = ts_node_named_child(Pattern, 0);
    if (ts_node_named_child_count(Target))
      bindTarget(ts_node_named_child(Target, 0), Value, TSNode{});
  }
}

std::optional<std::string> SemanticModel::qualifiedName(TSNode Expr) const {
  std::string_view T = nodeType(Expr);
  if (T == "attribute") {
    auto Base = qualifiedName(field(Expr, "object"));
    if (!Base)
      return std::nullopt;
    return *Base + "." + std::string(text(field(Expr, "attribute")));
  }
  if (T != "identifier")
    return std::nullopt;
  std::string Name(text(Expr));
  TSNode Iterable;
  int Index;
  if (comprehensionElement(Expr, Iterable, Index))
    return std::nullopt; // a comprehension's variable
  for (TSNode S : lookupScopes(Expr)) {
    ScopeKey K = scopeKey(S);
    auto Import = Imports.find({K, Name});
    if (Import != Imports.end())
      return Import->second;
    if (Names.count({K, Name}))
      return std::nullopt; // a local variable, not a module or class
  }
  return Name;
}

std::optional<std::string>
SemanticModel::typeOfBindings(const std::vector<Binding> &Bs, uint32_t Before,
                              int Depth) const {
  // Prefer the nearest binding before the use; fall back to any binding,
  // since attributes are often set in __init__ below their first use.
  const Binding *Best = nullptr;
  for (const Binding &B : Bs)
    if (visibleAt(B, Before) && (!Best || B.Offset > Best->Offset))
      Best = &B;
  std::vector<const Binding *> Order;
  if (Best)
    Order.push_back(Best);
  for (const Binding &B : Bs)
    if (&B != Best)
      Order.push_back(&B);
  for (const Binding *B : Order) {
    if (B->Element != Binding::NotElement) {
      if (auto T = elementType(B->Value, B->Element, Depth + 1))
        return T;
      continue;
    }
    if (auto T = typeFromAnnotation(B->Annotation, 0))
      return T;
    if (!isNull(B->Value))
      if (auto T = inferType(B->Value, Depth + 1))
        return T;
  }
  return std::nullopt;
}

/// The type a subscripted container annotation denotes, as inferType spells
/// it for the value.
std::optional<std::string> SemanticModel::typeFromAnnotation(TSNode A,
                                                             int Depth) const {
  if (isNull(A) || Depth > 8)
    return std::nullopt;
  std::string_view T = nodeType(A);
  if (T == "type" || T == "parenthesized_expression")
    return typeFromAnnotation(ts_node_named_child(A, 0), Depth + 1);
  if (T == "identifier" || T == "attribute") {
    auto Q = qualifiedName(A);
    return Q ? std::optional<std::string>(Knowledge.canonical(*Q))
             : std::nullopt;
  }
  if (T == "generic_type" || T == "subscript") {
    // list[int], typing.Dict[str, X]: the container itself.
    if (auto Head = qualifiedName(ts_node_named_child(A, 0)))
      if (const knowledge::Type *C = Knowledge.type(*Head); C && C->Container)
        return C->Name;
    // A generic (queue.Queue[str], list[X]) is an instance of its head;
    // only Optional, Union and Annotated are looked through.
    if (auto Head = qualifiedName(ts_node_named_child(A, 0))) {
      std::string Last = Head->substr(Head->rfind('.') + 1);
      bool Wrapper =
          Last == "Optional" || Last == "Union" || Last == "Annotated";
      bool Dotted = Head->find('.') != std::string::npos;
      if (Dotted ? !Wrapper : Knowledge.type(*Head) != nullptr)
        return Knowledge.canonical(*Head);
    }
    // Optional[X] and Union[X, None]: the first argument that is a type.
    for (uint32_t I = 1; I < ts_node_named_child_count(A); ++I) {
      TSNode Arg = ts_node_named_child(A, I);
      for (uint32_t J = 0; J < std::max(1u, ts_node_named_child_count(Arg));
           ++J) {
        TSNode Inner =
            ts_node_named_child_count(Arg) ? ts_node_named_child(Arg, J) : Arg;
        if (auto R = typeFromAnnotation(Inner, Depth + 1))
          if (*R != "None")
            return R;
      }
    }
    return std::nullopt;
  }
  if (T == "binary_operator") { // X | None
    for (const char *Side : {"left", "right"})
      if (auto R = typeFromAnnotation(field(A, Side), Depth + 1))
        if (*R != "None")
          return R;
    return std::nullopt;
  }
  if (T == "string") {
    // A forward reference: resolve its head through this scope's imports.
    std::string Inner;
    for (uint32_t I = 0; I < ts_node_named_child_count(A); ++I)
      if (nodeType(ts_node_named_child(A, I)) == "string_content")
        Inner += text(ts_node_named_child(A, I));
    Inner = Inner.substr(0, Inner.find('[')); // "queue.Queue[str]"
    std::string Head = Inner.substr(0, Inner.find('.'));
    for (TSNode S : lookupScopes(A)) {
      auto Import = Imports.find({scopeKey(S), Head});
      if (Import != Imports.end())
        return Knowledge.canonical(Import->second + Inner.substr(Head.size()));
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> SemanticModel::inferType(TSNode Expr) const {
  Steps = 0;
  return inferType(Expr, 0);
}

std::optional<std::string> SemanticModel::inferType(TSNode Expr,
                                                    int Depth) const {
  if (isNull(Expr) || Depth > 12 || ++Steps > MaxSteps)
    return std::nullopt;
  std::string_view T = nodeType(Expr);
  if (T == "parenthesized_expression" || T == "await")
    return inferType(ts_node_named_child(Expr, 0), Depth + 1);
  if (T == "dictionary" || T == "dictionary_comprehension")
    return std::string("dict");
  if (T == "list" || T == "list_comprehension")
    return std::string("list");
  if (T == "set" || T == "set_comprehension")
    return std::string("set");
  if (T == "binary_operator") {
    // `root / "a" / name` joins paths: a Path on the left (or a Path on
    // the right of a string, through __rtruediv__) makes a Path.
    TSNode Op = field(Expr, "operator");
    if (isNull(Op) || text(Op) != "/")
      return std::nullopt;
    auto IsPath = [&](const std::optional<std::string> &P) {
      return P && Knowledge.derivesFrom(*P, "pathlib.PurePath");
    };
    auto Left = inferType(field(Expr, "left"), Depth + 1);
    if (IsPath(Left))
      return Left;
    std::string_view LT = nodeType(field(Expr, "left"));
    if (LT == "string" || LT == "concatenated_string")
      if (auto Right = inferType(field(Expr, "right"), Depth + 1);
          IsPath(Right))
        return Right;
    return std::nullopt;
  }
  if (T == "subscript") {
    // `d[k]` of a dict[K, V] is a V; `xs[i]` of a list[X] is an X (not a
    // slice, which is a list again).
    TSNode Index = field(Expr, "subscript");
    if (nodeType(Index) == "slice")
      return std::nullopt;
    if (auto C = containerOf(field(Expr, "value"), Depth + 1))
      return C->Value;
    return std::nullopt;
  }
  if (T == "call") {
    TSNode Fn = field(Expr, "function");
    if (auto Q = qualifiedName(Fn)) {
      if (auto R = returnType(*Q))
        return R;
      if (Knowledge.type(*Q))
        return Knowledge.canonical(*Q); // a class spelled in lower case
      std::string Last = Q->substr(Q->rfind('.') + 1);
      if (Q->find('.') != std::string::npos && !Last.empty() &&
          std::isupper(static_cast<unsigned char>(Last[0])))
        return Knowledge.canonical(*Q); // instantiating a library class
      return std::nullopt;
    }
    if (nodeType(Fn) == "attribute") {
      std::string Method(text(field(Fn, "attribute")));
      auto Receiver = inferType(field(Fn, "object"), Depth + 1);
      if (Receiver)
        if (auto R = returnType(*Receiver + "." + Method))
          return R;
      // `d.get(k)` / `d.pop(k)` of a dict[K, V] is a V (or the default).
      if ((!Receiver || Knowledge.derivesFrom(*Receiver, "dict")) &&
          (Method == "get" || Method == "pop"))
        if (auto C = containerOf(field(Fn, "object"), Depth + 1))
          if (C->Mapping)
            return C->Value;
    }
    return std::nullopt;
  }
  if (T == "identifier") {
    std::string Name(text(Expr));
    // A comprehension's own variable: `[t.join() for t in threads]`.
    TSNode Iterable;
    int Index;
    if (comprehensionElement(Expr, Iterable, Index))
      return elementType(Iterable, Index, Depth + 1);
    for (TSNode S : lookupScopes(Expr)) {
      ScopeKey K = scopeKey(S);
      if (Imports.count({K, Name}))
        return std::nullopt; // a module or class, not an instance
      auto It = Names.find({K, Name});
      if (It != Names.end())
        return typeOfBindings(It->second, ts_node_start_byte(Expr), Depth);
    }
    return std::nullopt;
  }
  if (T == "attribute") {
    TSNode Object = field(Expr, "object");
    std::string Attr(text(field(Expr, "attribute")));
    TSNode Class =
        nodeType(Object) == "identifier" ? classOfSelf(Object) : TSNode{};
    if (!isNull(Class)) {
      auto It = Members.find({scopeKey(Class), Attr});
      if (It == Members.end())
        return std::nullopt;
      return typeOfBindings(It->second, ts_node_start_byte(Expr), Depth);
    }
    // `proc.stdout` of a known library object.
    if (auto Owner = inferType(Object, Depth + 1))
      return Knowledge.attributeType(*Owner, Attr);
    return std::nullopt;
  }
  return std::nullopt;
}

// Names.

std::optional<std::string>
SemanticModel::importedName(TSNode At, const std::string &Local) const {
  for (TSNode S : lookupScopes(At)) {
    ScopeKey K = scopeKey(S);
    auto Import = Imports.find({K, Local});
    if (Import != Imports.end())
      return Import->second;
    if (Names.count({K, Local}))
      return std::nullopt;
  }
  return std::nullopt;
}

bool SemanticModel::isBoundName(TSNode At, const std::string &Local) const {
  for (TSNode S : lookupScopes(At))
    if (Imports.count({scopeKey(S), Local}) ||
        Names.count({scopeKey(S), Local}))
      return true;
  return false;
}

// Library knowledge.

std::optional<std::string>
SemanticModel::returnType(const std::string &Callable) const {
  const knowledge::Callable *C = Knowledge.callable(Callable);
  if (!C || C->result().empty())
    return std::nullopt;
  return Knowledge.canonical(C->result());
}

const knowledge::Callable *SemanticModel::knownCallable(TSNode Call) const {
  return knownCallee(field(Call, "function"));
}

const knowledge::Callable *SemanticModel::knownCallee(TSNode Fn) const {
  if (auto Q = resolveCallee(Fn))
    if (const knowledge::Callable *C = Knowledge.callable(*Q))
      return C;
  // A method whose name is its own, on a receiver of unknown type.
  if (nodeType(Fn) != "attribute" || inferType(field(Fn, "object")))
    return nullptr;
  return Knowledge.callableByMethodName(text(field(Fn, "attribute")));
}

static bool isLiteral(TSNode N) {
  std::string_view T = nodeType(N);
  return T == "integer" || T == "float" || T == "true" || T == "false" ||
         T == "none" || T == "string";
}

TSNode SemanticModel::argument(TSNode Call,
                               const knowledge::Parameter &P) const {
  TSNode Value =
      P.Keyword.empty() ? TSNode{} : keywordArgument(Call, P.Keyword);
  if (isNull(Value) && P.Position >= 0)
    Value = positionalArgument(Call, P.Position);
  return Value;
}

bool SemanticModel::leavesUnbounded(TSNode Call,
                                    const knowledge::Parameter &P) const {
  TSNode Value = argument(Call, P);
  return isNull(Value) ? P.unboundedWhenAbsent()
                       : P.isUnboundedValue(text(Value));
}

bool SemanticModel::flagOff(TSNode Call,
                            const knowledge::Parameter &Flag) const {
  TSNode Value = argument(Call, Flag);
  if (isNull(Value))
    return Flag.isOffValue("absent");
  if (Flag.isOffValue(text(Value)))
    return true;
  return Flag.isOffValue("absent") && !isLiteral(Value);
}

// Blocking calls.

std::optional<std::string> SemanticModel::blockingCall(TSNode Call) const {
  auto Q = resolveCall(Call);
  if (!Q)
    return std::nullopt;
  std::string Name = Knowledge.canonical(*Q);
  const knowledge::Callable *C = Knowledge.callable(Name);
  // An awaitable suspends the task, not the thread.
  if (!C || !C->Blocks || C->hasTrait("awaitable"))
    return std::nullopt;
  if (C->BlockFlag && flagOff(Call, *C->BlockFlag))
    return std::nullopt;
  return Name;
}

// Locks.

SemanticModel::LockKind SemanticModel::lockKind(TSNode Expr,
                                                bool AllowUnknown) const {
  if (auto T = inferType(Expr)) {
    const knowledge::Type *Lock = Knowledge.nearestType(
        *T, [](const knowledge::Type &E) { return !E.Lock.empty(); });
    if (!Lock)
      return LockKind::None;
    if (Knowledge.typeHasTrait(*T, "semaphore"))
      return LockKind::Semaphore;
    return Lock->Lock == "threading" ? LockKind::Threading : LockKind::Async;
  }
  std::string_view T = nodeType(Expr);
  return AllowUnknown && (T == "identifier" || T == "attribute" ||
                          T == "subscript" || T == "call")
             ? LockKind::Unknown
             : LockKind::None;
}

/// The `lock` of Expr's type in the knowledge base, or empty.
static std::string lockLibrary(TSNode Expr, const SemanticModel &S) {
  auto T = S.inferType(Expr);
  const knowledge::Type *Lock =
      T ? S.knowledge().nearestType(
              *T, [](const knowledge::Type &E) { return !E.Lock.empty(); })
        : nullptr;
  return Lock ? Lock->Lock : std::string();
}

/// The receiver of `x.<Method>()` when Statement is just that call, awaited
/// or not.
static TSNode methodCallStatement(TSNode Statement, std::string_view Method,
                                  std::string_view Source) {
  if (nodeType(Statement) != "expression_statement" ||
      ts_node_named_child_count(Statement) != 1)
    return TSNode{};
  TSNode Call = ts_node_named_child(Statement, 0);
  if (nodeType(Call) == "await")
    Call = ts_node_named_child(Call, 0);
  if (nodeType(Call) != "call")
    return TSNode{};
  TSNode Fn = field(Call, "function");
  if (nodeType(Fn) != "attribute" ||
      ts::nodeText(field(Fn, "attribute"), Source) != Method)
    return TSNode{};
  return field(Fn, "object");
}

std::vector<SemanticModel::LockRegion>
SemanticModel::lockRegionsStartedBy(TSNode Start, bool AllowUnknown) const {
  std::vector<LockRegion> Out;
  if (nodeType(Start) == "with_statement") {
    TSNode Body = field(Start, "body");
    for (TSNode Value : withContexts(Start)) {
      LockKind K = lockKind(Value, AllowUnknown);
      if (K != LockKind::None)
        Out.push_back({Value, K, lockLibrary(Value, *this), Start, Body,
                       ts_node_start_byte(Body), ts_node_end_byte(Body)});
    }
    return Out;
  }
  TSNode Lock = methodCallStatement(Start, "acquire", Text);
  if (isNull(Lock))
    return Out;
  LockKind K = lockKind(Lock, AllowUnknown);
  if (K == LockKind::None)
    return Out;
  // The region ends at `x.release()`, or with a try whose finally has it.
  auto Releases = [&](TSNode S) {
    TSNode R = methodCallStatement(S, "release", Text);
    return !isNull(R) && text(R) == text(Lock);
  };
  for (TSNode S = ts_node_next_named_sibling(Start); !isNull(S);
       S = ts_node_next_named_sibling(S)) {
    if (Releases(S)) {
      Out.push_back({Lock, K, lockLibrary(Lock, *this), Start,
                     ts_node_parent(Start), ts_node_end_byte(Start),
                     ts_node_start_byte(S)});
      break;
    }
    if (nodeType(S) != "try_statement")
      continue;
    bool Found = false;
    for (uint32_t I = 0; I < ts_node_named_child_count(S) && !Found; ++I) {
      TSNode Clause = ts_node_named_child(S, I);
      if (nodeType(Clause) != "finally_clause")
        continue;
      TSNode Block =
          ts_node_named_child(Clause, ts_node_named_child_count(Clause) - 1);
      for (uint32_t J = 0; J < ts_node_named_child_count(Block) && !Found; ++J)
        Found = Releases(ts_node_named_child(Block, J));
    }
    if (Found) {
      Out.push_back({Lock, K, lockLibrary(Lock, *this), Start,
                     ts_node_parent(Start), ts_node_end_byte(Start),
                     ts_node_end_byte(S)});
      break;
    }
  }
  return Out;
}

std::vector<SemanticModel::LockRegion>
SemanticModel::enclosingLockRegions(TSNode N, bool AllowUnknown) const {
  std::vector<LockRegion> Out;
  TSNode Child = N;
  for (TSNode P = ts_node_parent(N); !isNull(P);
       Child = P, P = ts_node_parent(P)) {
    std::string_view T = nodeType(P);
    if (T == "function_definition" || T == "lambda" || T == "class_definition")
      break;
    if (T == "with_statement" &&
        ts_node_start_byte(N) >= ts_node_start_byte(field(P, "body"))) {
      auto Regions = lockRegionsStartedBy(P, AllowUnknown);
      Out.insert(Out.end(), Regions.rbegin(), Regions.rend());
      continue;
    }
    if (T != "block" && T != "module")
      continue;
    // An earlier `x.acquire()` statement whose region reaches Child.
    for (TSNode S = ts_node_prev_named_sibling(Child); !isNull(S);
         S = ts_node_prev_named_sibling(S)) {
      if (nodeType(S) != "expression_statement")
        continue;
      for (const LockRegion &R : lockRegionsStartedBy(S, AllowUnknown))
        if (ts_node_start_byte(Child) >= R.Begin &&
            ts_node_end_byte(Child) <= R.End)
          Out.push_back(R);
    }
  }
  return Out;
}

/// The last name in a context expression: `_locks` in `self._locks[k]`.
static std::string_view lastName(TSNode E, std::string_view Text) {
  for (int I = 0; I < 8; ++I) {
    std::string_view T = nodeType(E);
    if (T == "identifier")
      return ts::nodeText(E, Text);
    if (T == "attribute")
      return ts::nodeText(field(E, "attribute"), Text);
    if (T == "subscript")
      E = field(E, "value");
    else if (T == "call")
      E = field(E, "function");
    else
      return {};
  }
  return {};
}

bool SemanticModel::isUnderLock(TSNode N) const {
  for (const LockRegion &R : enclosingLockRegions(N, true)) {
    if (R.Kind != LockKind::Unknown)
      return true;
    std::string Name(lastName(R.Lock, Text));
    for (char &Ch : Name)
      Ch = static_cast<char>(std::tolower(static_cast<unsigned char>(Ch)));
    if (Name.find("lock") != std::string::npos ||
        Name.find("mutex") != std::string::npos ||
        Name.find("sem") != std::string::npos)
      return true;
  }
  return false;
}

std::optional<std::string>
SemanticModel::lockName(TSNode Lock, const std::string &Module) const {
  std::string_view T = nodeType(Lock);
  if (T == "identifier") {
    std::string Name(text(Lock));
    for (TSNode S : lookupScopes(Lock)) {
      ScopeKey K = scopeKey(S);
      auto Import = Imports.find({K, Name});
      if (Import != Imports.end())
        return Import->second;
      if (!Names.count({K, Name}))
        continue;
      if (nodeType(S) == "module")
        return Module + "." + Name;
      if (nodeType(S) == "class_definition")
        return std::string(text(field(S, "name"))) + "." + Name;
      return std::nullopt; // a local: a new lock per call
    }
    return std::nullopt;
  }
  if (T != "attribute")
    return std::nullopt;
  TSNode Object = field(Lock, "object");
  std::string Attr(text(field(Lock, "attribute")));
  if (nodeType(Object) == "identifier") {
    TSNode Class = classOfSelf(Object);
    if (!isNull(Class))
      return std::string(text(field(Class, "name"))) + "." + Attr;
  }
  // `module.lock` through an import, or `Class.lock` for a class attribute.
  TSNode Head = Object;
  while (nodeType(Head) == "attribute")
    Head = field(Head, "object");
  if (nodeType(Head) != "identifier")
    return std::nullopt;
  std::string HeadName(text(Head));
  if (!importedName(Head, HeadName) && isBoundName(Head, HeadName))
    return std::nullopt;
  return qualifiedName(Lock);
}

// Bindings, definitions, and code run off the event loop.

const SemanticModel::Binding *
SemanticModel::visibleBinding(TSNode Identifier) const {
  std::string Name(text(Identifier));
  uint32_t Use = ts_node_start_byte(Identifier);
  for (TSNode S : lookupScopes(Identifier)) {
    ScopeKey K = scopeKey(S);
    if (Imports.count({K, Name}))
      return nullptr;
    auto It = Names.find({K, Name});
    if (It == Names.end())
      continue;
    const Binding *Best = nullptr;
    for (const Binding &B : It->second)
      if (visibleAt(B, Use) && (!Best || B.Offset > Best->Offset))
        Best = &B;
    return Best;
  }
  return nullptr;
}

TSNode SemanticModel::bindingOf(TSNode Identifier) const {
  const Binding *B = visibleBinding(Identifier);
  if (!B)
    return TSNode{};
  TSNode At =
      ts_node_named_descendant_for_byte_range(Root, B->Offset, B->Offset);
  return nodeType(At) == "identifier" && text(At) == text(Identifier)
             ? At
             : TSNode{};
}

std::vector<TSNode> SemanticModel::assignedValues(TSNode Expr) const {
  std::vector<TSNode> Values;
  auto Add = [&](const Binding &B) {
    if (B.Element == Binding::NotElement && !isNull(B.Value))
      Values.push_back(B.Value);
  };
  std::string_view T = nodeType(Expr);
  if (T == "attribute") {
    TSNode Object = field(Expr, "object");
    TSNode Class =
        nodeType(Object) == "identifier" ? classOfSelf(Object) : TSNode{};
    if (isNull(Class))
      return Values;
    auto It = Members.find(
        {scopeKey(Class), std::string(text(field(Expr, "attribute")))});
    if (It != Members.end())
      for (const Binding &B : It->second)
        Add(B);
    return Values;
  }
  if (T == "identifier")
    if (const Binding *B = visibleBinding(Expr))
      Add(*B);
  return Values;
}

/// The function_definition named Name among Block's statements, or null.
static TSNode defInBlock(TSNode Block, std::string_view Name,
                         std::string_view Text) {
  for (uint32_t I = 0; I < ts_node_named_child_count(Block); ++I) {
    TSNode S = ts_node_named_child(Block, I);
    if (nodeType(S) == "decorated_definition")
      S = field(S, "definition");
    if (nodeType(S) == "function_definition" &&
        ts::nodeText(field(S, "name"), Text) == Name)
      return S;
  }
  return TSNode{};
}

TSNode SemanticModel::definitionOf(TSNode Callable) const {
  std::string_view T = nodeType(Callable);
  if (T == "attribute") {
    TSNode Object = field(Callable, "object");
    if (nodeType(Object) != "identifier")
      return TSNode{};
    TSNode Class = classOfSelf(Object);
    if (isNull(Class))
      return TSNode{};
    return defInBlock(field(Class, "body"), text(field(Callable, "attribute")),
                      Text);
  }
  if (T != "identifier")
    return TSNode{};
  for (TSNode S : lookupScopes(Callable)) {
    std::string_view ST = nodeType(S);
    TSNode Block = ST == "module"   ? S
                   : ST == "lambda" ? TSNode{}
                                    : field(S, "body");
    if (isNull(Block))
      continue;
    if (TSNode D = defInBlock(Block, text(Callable), Text); !isNull(D))
      return D;
    if (Names.count({scopeKey(S), std::string(text(Callable))}))
      return TSNode{}; // rebound to something else
  }
  return TSNode{};
}

std::optional<std::vector<TSNode>>
SemanticModel::selfReferences(TSNode Def) const {
  if (nodeType(Def) != "function_definition")
    return std::nullopt;
  TSNode Block = ts_node_parent(Def);
  if (nodeType(Block) == "decorated_definition")
    Block = ts_node_parent(Block);
  TSNode Class = ts_node_parent(Block);
  if (nodeType(Block) != "block" || nodeType(Class) != "class_definition")
    return std::nullopt;
  if (!AttributesByName) {
    AttributesByName.emplace();
    TSTreeCursor Cursor = ts_tree_cursor_new(Root);
    for (bool Down = true;;) {
      TSNode N = ts_tree_cursor_current_node(&Cursor);
      if (Down && nodeType(N) == "attribute")
        (*AttributesByName)[std::string(text(field(N, "attribute")))].push_back(
            N);
      if (Down && ts_tree_cursor_goto_first_child(&Cursor))
        continue;
      if (ts_tree_cursor_goto_next_sibling(&Cursor)) {
        Down = true;
        continue;
      }
      if (!ts_tree_cursor_goto_parent(&Cursor))
        break;
      Down = false;
    }
    ts_tree_cursor_delete(&Cursor);
  }
  std::vector<TSNode> Out;
  auto It = AttributesByName->find(std::string(text(field(Def, "name"))));
  if (It == AttributesByName->end())
    return Out;
  for (TSNode A : It->second) {
    TSNode Object = field(A, "object");
    if (nodeType(Object) != "identifier" ||
        !ts_node_eq(classOfSelf(Object), Class))
      return std::nullopt;
    Out.push_back(A);
  }
  return Out;
}

std::optional<std::string>
SemanticModel::fileEventHandlerBase(TSNode Class) const {
  for (int Depth = 0; Depth < 8 && !isNull(Class); ++Depth) {
    TSNode Supers = field(Class, "superclasses");
    if (isNull(Supers))
      return std::nullopt;
    TSNode Local{};
    for (uint32_t I = 0; I < ts_node_named_child_count(Supers); ++I) {
      TSNode B = ts_node_named_child(Supers, I);
      if (auto Q = qualifiedName(B);
          Q && Knowledge.typeHasTrait(*Q, "file-event-handler"))
        return Knowledge.canonical(*Q);
      if (nodeType(B) != "identifier")
        continue;
      // A base class of this file: look it up among the module's classes.
      for (uint32_t J = 0; J < ts_node_named_child_count(Root); ++J) {
        TSNode S = ts_node_named_child(Root, J);
        if (nodeType(S) == "decorated_definition")
          S = field(S, "definition");
        if (nodeType(S) == "class_definition" &&
            text(field(S, "name")) == text(B) && !ts_node_eq(S, Class))
          Local = S;
      }
    }
    Class = Local;
  }
  return std::nullopt;
}

std::vector<TSNode> methodsOf(TSNode Class) {
  std::vector<TSNode> Out;
  TSNode Body = field(Class, "body");
  for (uint32_t I = 0; I < ts_node_named_child_count(Body); ++I) {
    TSNode D = ts_node_named_child(Body, I);
    if (nodeType(D) == "decorated_definition")
      D = field(D, "definition");
    if (nodeType(D) == "function_definition")
      Out.push_back(D);
  }
  return Out;
}

std::vector<TSNode> SemanticModel::threadCalledMethods(TSNode Class) const {
  std::vector<TSNode> Out;
  auto Base = fileEventHandlerBase(Class);
  if (!Base)
    return Out;
  for (TSNode D : methodsOf(Class)) {
    const knowledge::Callable *K =
        Knowledge.callable(*Base + "." + std::string(text(field(D, "name"))));
    if (K && K->hasTrait("called-on-thread"))
      Out.push_back(D);
  }
  return Out;
}

TSNode SemanticModel::workTarget(TSNode Call) const {
  const knowledge::Callable *K = knownCallable(Call);
  if (!K || !K->Target)
    return TSNode{};
  return argument(Call, *K->Target);
}

TSNode SemanticModel::threadTarget(TSNode Call) const {
  const knowledge::Callable *K = knownCallable(Call);
  return K && K->Spawns == "thread" ? workTarget(Call) : TSNode{};
}

// Containers and iteration.

bool SemanticModel::visibleAt(const Binding &B, uint32_t Use) {
  // In `x = f(x)` and `for x in g(x)` the x read on the right is the
  // previous binding, though this one starts before it.
  if (B.Offset >= Use)
    return false;
  return isNull(B.Value) || Use < ts_node_start_byte(B.Value) ||
         Use >= ts_node_end_byte(B.Value);
}

void SemanticModel::bindElements(TSNode Target, TSNode Iterable) {
  std::string_view T = nodeType(Target);
  auto Bind = [&](TSNode Name, int Element) {
    if (nodeType(Name) != "identifier")
      return;
    TSNode Scope = enclosingScope(Name);
    Binding B{ts_node_start_byte(Name), Iterable, TSNode{}, Element};
    if (nodeType(Scope) == "class_definition")
      Members[{scopeKey(Scope), std::string(text(Name))}].push_back(B);
    Names[{scopeKey(Scope), std::string(text(Name))}].push_back(B);
  };
  if (T == "identifier") {
    Bind(Target, -1);
    return;
  }
  if (T != "pattern_list" && T != "tuple_pattern")
    return;
  for (uint32_t I = 0; I < ts_node_named_child_count(Target); ++I)
    Bind(ts_node_named_child(Target, I), static_cast<int>(I));
}

TSNode SemanticModel::definingScope(TSNode Identifier) const {
  std::string Name(text(Identifier));
  for (TSNode S : lookupScopes(Identifier))
    if (Imports.count({scopeKey(S), Name}) || Names.count({scopeKey(S), Name}))
      return S;
  return TSNode{};
}

bool SemanticModel::sameContainer(TSNode A, TSNode B) const {
  std::string_view TA = nodeType(A), TB = nodeType(B);
  if (TA != TB || text(A) != text(B))
    return false;
  if (TA == "identifier") {
    TSNode SA = definingScope(A), SB = definingScope(B);
    return !isNull(SA) && ts_node_eq(SA, SB);
  }
  if (TA != "attribute")
    return false;
  // self.x in two methods of one class.
  TSNode OA = field(A, "object"), OB = field(B, "object");
  if (nodeType(OA) != "identifier" || nodeType(OB) != "identifier")
    return false;
  TSNode CA = classOfSelf(OA), CB = classOfSelf(OB);
  return !isNull(CA) && ts_node_eq(CA, CB);
}

/// The qualified name of a container annotation's head, without its module
/// when it is a builtin, typing or collections name ("List", "dict").
static std::optional<std::string> containerHead(const std::string &Q) {
  size_t Dot = Q.rfind('.');
  std::string Module = Dot == std::string::npos ? "" : Q.substr(0, Dot);
  if (!Module.empty() && Module != "typing" && Module != "collections" &&
      Module != "collections.abc" && Module != "typing_extensions")
    return std::nullopt;
  return Q.substr(Dot == std::string::npos ? 0 : Dot + 1);
}

std::optional<SemanticModel::ContainerType>
SemanticModel::containerFromAnnotation(TSNode A, int Depth) const {
  if (isNull(A) || Depth > 8)
    return std::nullopt;
  std::string_view T = nodeType(A);
  if (T == "type" || T == "parenthesized_expression")
    return containerFromAnnotation(ts_node_named_child(A, 0), Depth + 1);
  if (T == "binary_operator") { // list[X] | None
    for (const char *Side : {"left", "right"})
      if (auto C = containerFromAnnotation(field(A, Side), Depth + 1))
        return C;
    return std::nullopt;
  }
  if (T != "generic_type" && T != "subscript")
    return std::nullopt;
  // The type arguments: `type_parameter` children, or subscript indexes.
  std::vector<TSNode> Args;
  for (uint32_t I = 1; I < ts_node_named_child_count(A); ++I) {
    TSNode Arg = ts_node_named_child(A, I);
    if (nodeType(Arg) == "type_parameter")
      for (uint32_t J = 0; J < ts_node_named_child_count(Arg); ++J)
        Args.push_back(ts_node_named_child(Arg, J));
    else if (nodeType(Arg) != "comment")
      Args.push_back(Arg);
  }
  auto Q = qualifiedName(ts_node_named_child(A, 0));
  auto Head = Q ? containerHead(*Q) : std::nullopt;
  if (!Head)
    return std::nullopt;
  if (*Head == "Optional" || *Head == "Union" || *Head == "Annotated") {
    for (TSNode Arg : Args)
      if (auto C = containerFromAnnotation(Arg, Depth + 1))
        return C;
    return std::nullopt;
  }
  static const char *const Sequences[] = {
      "list",         "List",       "Sequence",   "MutableSequence",
      "Iterable",     "Iterator",   "Collection", "set",
      "Set",          "MutableSet", "frozenset",  "FrozenSet",
      "AbstractSet",  "deque",      "Deque",      "AsyncIterable",
      "AsyncIterator"};
  static const char *const Mappings[] = {
      "dict",        "Dict",        "Mapping",    "MutableMapping",
      "defaultdict", "DefaultDict", "OrderedDict"};
  ContainerType C;
  for (const char *S : Sequences)
    if (*Head == S && Args.size() == 1) {
      C.Value = typeFromAnnotation(Args[0], 0);
      return C;
    }
  if ((*Head == "tuple" || *Head == "Tuple") && Args.size() == 2 &&
      text(Args[1]) == "...") {
    C.Value = typeFromAnnotation(Args[0], 0);
    return C;
  }
  for (const char *M : Mappings)
    if (*Head == M && Args.size() == 2) {
      C.Mapping = true;
      C.Key = typeFromAnnotation(Args[0], 0);
      C.Value = typeFromAnnotation(Args[1], 0);
      return C;
    }
  return std::nullopt;
}

std::optional<SemanticModel::ContainerType>
SemanticModel::containerOf(TSNode Expr, int Depth) const {
  if (isNull(Expr) || Depth > 12 || ++Steps > MaxSteps)
    return std::nullopt;
  std::string_view T = nodeType(Expr);
  if (T == "parenthesized_expression")
    return containerOf(ts_node_named_child(Expr, 0), Depth + 1);
  // The one type all the elements agree on, if any.
  auto Agreed =
      [&](const std::vector<TSNode> &Elements) -> std::optional<std::string> {
    std::optional<std::string> Out;
    for (TSNode E : Elements) {
      auto ET = inferType(E, Depth + 1);
      if (!ET || (Out && *Out != *ET))
        return std::nullopt;
      Out = ET;
    }
    return Out;
  };
  if (T == "list" || T == "set" || T == "tuple") {
    std::vector<TSNode> Elements;
    for (uint32_t I = 0; I < ts_node_named_child_count(Expr); ++I)
      Elements.push_back(ts_node_named_child(Expr, I));
    ContainerType C;
    if (!Elements.empty())
      C.Value = Agreed(Elements);
    return C;
  }
  if (T == "list_comprehension" || T == "set_comprehension" ||
      T == "generator_expression") {
    ContainerType C;
    C.Value = inferType(field(Expr, "body"), Depth + 1);
    return C;
  }
  if (T == "dictionary" || T == "dictionary_comprehension") {
    std::vector<TSNode> Keys, Values;
    for (uint32_t I = 0; I < ts_node_named_child_count(Expr); ++I) {
      TSNode P = ts_node_named_child(Expr, I);
      if (T == "dictionary_comprehension" &&
          !ts_node_eq(P, field(Expr, "body")))
        continue;
      if (nodeType(P) == "pair") {
        Keys.push_back(field(P, "key"));
        Values.push_back(field(P, "value"));
      }
    }
    ContainerType C;
    C.Mapping = true;
    if (!Keys.empty()) {
      C.Key = Agreed(Keys);
      C.Value = Agreed(Values);
    }
    return C;
  }
  if (T == "call") {
    TSNode Fn = field(Expr, "function");
    if (nodeType(Fn) == "attribute") {
      std::string_view Method = text(field(Fn, "attribute"));
      TSNode Object = field(Fn, "object");
      if (Method == "values" || Method == "keys") {
        auto Of = containerOf(Object, Depth + 1);
        if (!Of || !Of->Mapping)
          return std::nullopt;
        ContainerType C;
        C.Value = Method == "values" ? Of->Value : Of->Key;
        return C;
      }
      if (Method == "copy")
        return containerOf(Object, Depth + 1);
    }
    auto Q = qualifiedName(Fn);
    if (!Q)
      return std::nullopt;
    static const char *const Copies[] = {
        "list",   "tuple",    "set",  "frozenset",
        "sorted", "reversed", "iter", "collections.deque"};
    for (const char *Copy : Copies)
      if (*Q == Copy) {
        TSNode Arg = positionalArgument(Expr, 0);
        ContainerType C;
        if (!isNull(Arg))
          C.Value = elementType(Arg, -1, Depth + 1);
        return C;
      }
    if (*Q == "dict" || *Q == "collections.OrderedDict") {
      TSNode Arg = positionalArgument(Expr, 0);
      if (isNull(Arg)) {
        ContainerType C;
        C.Mapping = true;
        return C;
      }
      auto Of = containerOf(Arg, Depth + 1);
      return Of && Of->Mapping ? Of : std::nullopt;
    }
    // `defaultdict(list)` holds what its factory makes: `d[k]` is a list.
    if (Knowledge.canonical(*Q) == "collections.defaultdict") {
      ContainerType C;
      C.Mapping = true;
      TSNode Factory = positionalArgument(Expr, 0);
      if (nodeType(Factory) == "lambda")
        C.Value = inferType(field(Factory, "body"), Depth + 1);
      else if (auto F =
                   isNull(Factory) ? std::nullopt : qualifiedName(Factory)) {
        if (auto R = returnType(*F))
          C.Value = R;
        else if (Knowledge.type(*F))
          C.Value = Knowledge.canonical(*F);
      }
      return C;
    }
    return std::nullopt;
  }
  std::vector<Binding> Bs;
  TSNode Object{};
  if (T == "identifier") {
    TSNode S = definingScope(Expr);
    if (isNull(S) || Imports.count({scopeKey(S), std::string(text(Expr))}))
      return std::nullopt;
    Bs = Names.at({scopeKey(S), std::string(text(Expr))});
  } else if (T == "attribute") {
    Object = field(Expr, "object");
    TSNode Class =
        nodeType(Object) == "identifier" ? classOfSelf(Object) : TSNode{};
    if (isNull(Class))
      return std::nullopt;
    auto It = Members.find(
        {scopeKey(Class), std::string(text(field(Expr, "attribute")))});
    if (It == Members.end())
      return std::nullopt;
    Bs = It->second;
  } else {
    return std::nullopt;
  }
  // The nearest visible binding first, as in typeOfBindings.
  uint32_t Use = ts_node_start_byte(Expr);
  std::stable_sort(Bs.begin(), Bs.end(),
                   [&](const Binding &A, const Binding &B) {
                     bool VA = visibleAt(A, Use), VB = visibleAt(B, Use);
                     if (VA != VB)
                       return VA;
                     return VA && A.Offset > B.Offset;
                   });
  std::optional<ContainerType> Out;
  for (const Binding &B : Bs) {
    if (B.Element != Binding::NotElement)
      continue;
    Out = containerFromAnnotation(B.Annotation, 0);
    if (!Out && !isNull(B.Value))
      Out = containerOf(B.Value, Depth + 1);
    if (Out)
      break;
  }
  if (!Out)
    return std::nullopt;
  // Elements the code puts in: `c.append(X())`, `c[k] = X()`.
  bool InProgress = false;
  for (TSNode N : FillsInProgress)
    InProgress |= sameContainer(N, Expr);
  if ((!Out->Value || (Out->Mapping && !Out->Key)) && !InProgress) {
    FillsInProgress.push_back(Expr);
    std::optional<std::string> Key, Value;
    bool KeyAgrees = true, ValueAgrees = true, OtherKind = false;
    for (const Fill &F : Fills) {
      if ((!ValueAgrees && (!Out->Mapping || !KeyAgrees)) ||
          !sameContainer(F.Container, Expr))
        continue;
      if (!isNull(F.Key) != Out->Mapping) {
        OtherKind = true; // filled like another kind of container
        break;
      }
      auto VT = inferType(F.Value, Depth + 1);
      ValueAgrees &= VT && (!Value || *Value == *VT);
      Value = VT;
      if (Out->Mapping) {
        auto KT = inferType(F.Key, Depth + 1);
        KeyAgrees &= KT && (!Key || *Key == *KT);
        Key = KT;
      }
    }
    FillsInProgress.pop_back();
    if (!OtherKind && !Out->Value && ValueAgrees)
      Out->Value = Value;
    if (!OtherKind && Out->Mapping && !Out->Key && KeyAgrees)
      Out->Key = Key;
  }
  return Out;
}

std::optional<std::string> SemanticModel::elementType(TSNode Iterable) const {
  Steps = 0;
  return elementType(Iterable, -1, 0);
}

std::optional<std::string>
SemanticModel::elementType(TSNode Iterable, int Index, int Depth) const {
  if (isNull(Iterable) || Depth > 12)
    return std::nullopt;
  if (nodeType(Iterable) == "parenthesized_expression")
    return elementType(ts_node_named_child(Iterable, 0), Index, Depth + 1);
  if (nodeType(Iterable) == "call") {
    // Iterables of pairs, unpacked by `for k, v in ...`.
    TSNode Fn = field(Iterable, "function");
    if (nodeType(Fn) == "attribute" &&
        text(field(Fn, "attribute")) == "items") {
      if (Index < 0)
        return std::string("tuple");
      auto Of = containerOf(field(Fn, "object"), Depth + 1);
      if (!Of || !Of->Mapping || Index > 1)
        return std::nullopt;
      return Index == 0 ? Of->Key : Of->Value;
    }
    auto Q = qualifiedName(Fn);
    if (Q && (*Q == "enumerate" || *Q == "zip")) {
      if (Index < 0)
        return std::string("tuple");
      if (*Q == "enumerate")
        return Index == 0 ? std::optional<std::string>("int")
               : Index == 1
                   ? elementType(positionalArgument(Iterable, 0), -1, Depth + 1)
                   : std::nullopt;
      return elementType(positionalArgument(Iterable, Index), -1, Depth + 1);
    }
  }
  if (Index >= 0)
    return std::nullopt; // parts of an item of unknown shape
  auto C = containerOf(Iterable, Depth + 1);
  if (!C)
    return std::nullopt;
  return C->Mapping ? C->Key : C->Value;
}

bool SemanticModel::comprehensionElement(TSNode Id, TSNode &Iterable,
                                         int &Index) const {
  std::string_view Name = text(Id);
  for (TSNode P = ts_node_parent(Id); !isNull(P) && !isScopeNode(P);
       P = ts_node_parent(P)) {
    std::string_view PT = nodeType(P);
    if (PT != "list_comprehension" && PT != "set_comprehension" &&
        PT != "generator_expression" && PT != "dictionary_comprehension")
      continue;
    for (uint32_t I = 0; I < ts_node_named_child_count(P); ++I) {
      TSNode Clause = ts_node_named_child(P, I);
      TSNode Left = field(Clause, "left"), Right = field(Clause, "right");
      // The iterable of a clause is read before its variable is bound.
      if (nodeType(Clause) != "for_in_clause" || isNull(Right) ||
          (ts_node_start_byte(Id) >= ts_node_start_byte(Right) &&
           ts_node_end_byte(Id) <= ts_node_end_byte(Right)))
        continue;
      Iterable = Right;
      if (nodeType(Left) == "identifier" && text(Left) == Name) {
        Index = -1;
        return true;
      }
      if (nodeType(Left) != "pattern_list" && nodeType(Left) != "tuple_pattern")
        continue;
      for (uint32_t J = 0; J < ts_node_named_child_count(Left); ++J) {
        TSNode Part = ts_node_named_child(Left, J);
        if (nodeType(Part) == "identifier" && text(Part) == Name) {
          Index = static_cast<int>(J);
          return true;
        }
      }
    }
  }
  return false;
}

std::vector<TSNode> SemanticModel::callsThroughAlias(TSNode Aliased) const {
  std::vector<TSNode> Out;
  TSNode Alias = field(Aliased, "alias");
  if (nodeType(Aliased) != "aliased_import" || isNull(Alias))
    return Out;
  std::string Name(text(Alias));
  auto Meant = qualifiedName(Alias);
  if (!Meant)
    return Out;
  // Calls anywhere in the import's scope, nested functions included; the
  // qualified name check drops those that see another binding of the name.
  std::vector<TSNode> Stack{enclosingScope(Aliased)};
  while (!Stack.empty()) {
    TSNode N = Stack.back();
    Stack.pop_back();
    if (nodeType(N) == "call") {
      TSNode Fn = field(N, "function");
      if (nodeType(Fn) == "identifier" && text(Fn) == Name &&
          qualifiedName(Fn) == Meant)
        Out.push_back(N);
    }
    for (uint32_t I = ts_node_named_child_count(N); I-- > 0;)
      Stack.push_back(ts_node_named_child(N, I));
  }
  return Out;
}

void forEachInScope(TSNode N, const std::function<void(TSNode)> &Visit) {
  if (isNull(N))
    return;
  for (uint32_t I = 0; I < ts_node_named_child_count(N); ++I) {
    TSNode C = ts_node_named_child(N, I);
    std::string_view T = nodeType(C);
    if (T == "function_definition" || T == "lambda" ||
        T == "class_definition" || T == "decorated_definition")
      continue;
    Visit(C);
    forEachInScope(C, Visit);
  }
}

void SemanticModel::recordMutation(TSNode Target, Mutation M) {
  std::string_view T = nodeType(Target);
  M.Target = Target;
  if (T == "identifier" || T == "attribute")
    RawMutations.push_back({Target, std::move(M)});
}

std::optional<std::pair<TSNode, std::string>>
SemanticModel::ownerOf(TSNode Expr) const {
  std::string_view T = nodeType(Expr);
  if (T == "attribute") {
    TSNode Object = field(Expr, "object");
    if (nodeType(Object) != "identifier")
      return std::nullopt;
    TSNode Class = classOfSelf(Object);
    if (isNull(Class))
      return std::nullopt;
    return std::make_pair(Class, std::string(text(field(Expr, "attribute"))));
  }
  if (T != "identifier")
    return std::nullopt;
  std::string Name(text(Expr));
  for (TSNode S : lookupScopes(Expr)) {
    ScopeKey K = scopeKey(S);
    if (Globals.count({K, Name}))
      return std::make_pair(Root, Name);
    if (Imports.count({K, Name}))
      return std::nullopt;
    if (Names.count({K, Name}))
      return std::make_pair(S, Name);
  }
  return std::nullopt; // a builtin or an undefined name
}

void SemanticModel::resolveOwnedNames() const {
  if (OwnedResolved)
    return;
  OwnedResolved = true;
  for (const RawMutation &R : RawMutations) {
    auto Owner = ownerOf(R.Target);
    if (!Owner) {
      if (nodeType(R.Target) == "attribute")
        Foreign[std::string(text(field(R.Target, "attribute")))].push_back(R.M);
      continue;
    }
    OwnedName &O = Owned[{scopeKey(Owner->first), Owner->second}];
    O.Owner = Owner->first;
    O.Name = Owner->second;
    O.Mutations.push_back(R.M);
  }
  for (auto &[Key, O] : Owned)
    std::sort(O.Mutations.begin(), O.Mutations.end(),
              [](const Mutation &A, const Mutation &B) {
                return std::make_pair(ts_node_start_byte(A.Site), A.What) <
                       std::make_pair(ts_node_start_byte(B.Site), B.What);
              });
}

const SemanticModel::OwnedName *
SemanticModel::ownedName(TSNode Owner, std::string_view Name) const {
  resolveOwnedNames();
  auto It = Owned.find({scopeKey(Owner), std::string(Name)});
  return It == Owned.end() ? nullptr : &It->second;
}

std::vector<const SemanticModel::OwnedName *>
SemanticModel::ownedNames() const {
  resolveOwnedNames();
  std::vector<const OwnedName *> Out;
  for (const auto &[Key, O] : Owned)
    Out.push_back(&O);
  std::sort(Out.begin(), Out.end(), [](const OwnedName *A, const OwnedName *B) {
    return std::make_pair(ts_node_start_byte(A->Mutations.front().Site),
                          A->Name) <
           std::make_pair(ts_node_start_byte(B->Mutations.front().Site),
                          B->Name);
  });
  return Out;
}

std::vector<const SemanticModel::OwnedName *>
SemanticModel::ownedNames(TSNode Owner) const {
  std::vector<const OwnedName *> Out;
  for (const OwnedName *O : ownedNames())
    if (ts_node_eq(O->Owner, Owner))
      Out.push_back(O);
  return Out;
}

const std::vector<SemanticModel::Mutation> &
SemanticModel::foreignMutations(std::string_view Attribute) const {
  static const std::vector<Mutation> None;
  resolveOwnedNames();
  auto It = Foreign.find(std::string(Attribute));
  return It == Foreign.end() ? None : It->second;
}

} // namespace hazard::python
