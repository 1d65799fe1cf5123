//===- Python.cpp - linear-scan for Python --------------------------------===//
//
// What it does: finds min()/max() over a whole dict used as a cache to pick
// the entry to evict (the function then deletes or pops from that dict), and
// `x in xs` / `x not in xs` inside a loop when xs is known to be a list that
// grows or whose size depends on the data.
// Why is this bad: each is O(n) where O(1) or O(log n) was available, so the
// cost grows with the data: eviction gets slower as the cache fills, and a
// loop with a list lookup is quadratic.
// Example: `victim = min(self._cache, key=lambda k: self._cache[k][1])`
//          `for u in users: if u in seen_list: ...`
// Use instead: an OrderedDict LRU (`popitem(last=False)`) or a heapq; a set.
//
//===----------------------------------------------------------------------===//
#include "Python/PythonChecker.h"
#include "RuleMessages.h"

using namespace hazard;
using namespace hazard::python;
using ts::field;
using ts::isNull;
using ts::nodeType;
using Mutation = SemanticModel::Mutation;

static bool isDictType(const std::optional<std::string> &T,
                       const SemanticModel &M) {
  return T && M.knowledge().derivesFrom(*T, "dict");
}

static bool within(TSNode N, TSNode Outer) { return ts::contains(Outer, N); }

/// min(d, key=...) / max(d.items(), key=...) followed by `del d[k]` or
/// `d.pop(k)` in the same function: an eviction scan.
static void checkMinMax(const ts::Match &M, PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  TSNode Call = M.node("minmax");
  auto Fn = S.qualifiedName(M.node("function"));
  if (!Fn || (*Fn != "min" && *Fn != "max"))
    return; // shadowed
  if (S.hasUnpacking(Call) || !isNull(S.positionalArgument(Call, 1)))
    return; // min(a, b) compares two values
  TSNode Container = M.node("iterable");
  // min(d.values(), ...) picks an entry, not a key: the removal that follows
  // recovers the key from it (`del d[(v.name, v.labels)]`), so any key counts.
  bool PicksValue = false;
  if (nodeType(Container) == "call") {
    TSNode Method = field(Container, "function");
    std::string_view Name = nodeType(Method) == "attribute"
                                ? C.text(field(Method, "attribute"))
                                : "";
    if ((Name != "items" && Name != "keys" && Name != "values") ||
        ts_node_named_child_count(field(Container, "arguments")))
      return;
    PicksValue = Name == "values";
    Container = field(Method, "object");
  }
  if (!isDictType(S.inferType(Container), S))
    return;
  auto Owner = S.ownerOf(Container);
  if (!Owner)
    return;
  const SemanticModel::OwnedName *O = S.ownedName(Owner->first, Owner->second);
  if (!O)
    return;
  TSNode Function = S.enclosingFunction(Call);
  if (isNull(Function))
    return;
  // `victim = min(...)`, `k, _ = max(...)`: the names the pick is bound to.
  std::vector<std::string_view> Picked;
  TSNode Parent = ts_node_parent(Call);
  if (nodeType(Parent) == "assignment" &&
      ts_node_eq(field(Parent, "right"), Call)) {
    TSNode Left = field(Parent, "left");
    if (nodeType(Left) == "identifier")
      Picked.push_back(C.text(Left));
    for (uint32_t I = 0; I < ts_node_named_child_count(Left); ++I)
      if (nodeType(ts_node_named_child(Left, I)) == "identifier")
        Picked.push_back(C.text(ts_node_named_child(Left, I)));
  }
  for (const Mutation &Mu : O->Mutations) {
    bool Evicts = Mu.What == Mutation::ItemDelete ||
                  (Mu.What == Mutation::Call && Mu.Method == "pop" &&
                   nodeType(Mu.Site) == "call");
    if (!Evicts || !within(Mu.Site, Function))
      continue;
    // `del d[min(d, key=...)]`, or a later removal of the picked key.
    if (!within(Call, Mu.Site)) {
      if (ts_node_start_byte(Mu.Site) < ts_node_end_byte(Call))
        continue;
      TSNode Key = Mu.What == Mutation::ItemDelete
                       ? Mu.Key
                       : S.positionalArgument(Mu.Site, 0);
      if (isNull(Key))
        continue;
      bool SameKey = Picked.empty() || PicksValue;
      for (std::string_view Name : Picked)
        SameKey |= C.text(Key) == Name;
      if (!SameKey)
        continue;
    }
    unsigned Line = C.file().position(ts_node_start_byte(Mu.Site)).Line;
    C.report(Call, message::LinearScan::PythonEviction,
             {*Fn, std::string(C.text(Container)), std::to_string(Line)});
    return;
  }
}

/// Whether N is evaluated once per iteration of a loop in its function.
static bool inLoop(TSNode N) {
  TSNode Child = N;
  for (TSNode P = ts_node_parent(N); !isNull(P);
       Child = P, P = ts_node_parent(P)) {
    std::string_view T = nodeType(P);
    if (T == "function_definition" || T == "lambda" || T == "class_definition")
      return false;
    if (T == "while_statement")
      return true;
    if (T == "for_statement" || T == "for_in_clause") {
      // The iterable is evaluated once; the body (and later clauses) per item.
      TSNode Right = field(P, "right");
      if (!within(Child, Right) && !ts_node_eq(Child, Right) &&
          !within(N, field(P, "left")))
        return true;
      continue;
    }
    if (T == "list_comprehension" || T == "set_comprehension" ||
        T == "dictionary_comprehension" || T == "generator_expression") {
      // Only the first iterable runs once; the element and if-clauses
      // run per item.
      TSNode First = TSNode{};
      for (uint32_t I = 0; I < ts_node_named_child_count(P); ++I)
        if (nodeType(ts_node_named_child(P, I)) == "for_in_clause") {
          First = ts_node_named_child(P, I);
          break;
        }
      if (!within(N, field(First, "right")))
        return true;
    }
  }
  return false;
}

static bool isConstantLiteral(TSNode N) {
  std::string_view T = nodeType(N);
  return T == "string" || T == "concatenated_string" || T == "integer" ||
         T == "float" || T == "true" || T == "false" || T == "none";
}

/// A name bound only to literal lists of constants and never grown is a
/// small fixed table; anything else (list(), comprehensions, appends,
/// list[...] parameters) has a size that depends on the data.
static bool isFixedSmallList(TSNode Haystack, const PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  auto Owner = S.ownerOf(Haystack);
  if (!Owner)
    return false;
  const SemanticModel::OwnedName *O = S.ownedName(Owner->first, Owner->second);
  if (!O)
    return false; // a parameter or annotated attribute: size unknown
  bool SawLiteral = false;
  for (const Mutation &M : O->Mutations) {
    switch (M.What) {
    case Mutation::Assign: {
      if (nodeType(M.Value) != "list")
        return false;
      for (uint32_t I = 0; I < ts_node_named_child_count(M.Value); ++I)
        if (!isConstantLiteral(ts_node_named_child(M.Value, I)))
          return false;
      SawLiteral = true;
      break;
    }
    case Mutation::AugAssign:
    case Mutation::SliceStore:
      return false;
    case Mutation::Call:
      if (M.Method == "append" || M.Method == "extend" || M.Method == "insert")
        return false;
      break;
    default:
      break;
    }
  }
  return SawLiteral;
}

static void checkMembership(const ts::Match &M, PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  TSNode Comparison = M.node("membership");
  if (!inLoop(Comparison))
    return;
  uint32_t Count = ts_node_child_count(Comparison);
  for (uint32_t I = 0; I + 1 < Count; ++I) {
    std::string_view Op = nodeType(ts_node_child(Comparison, I));
    if (Op != "in" && Op != "not in")
      continue;
    TSNode Haystack = ts_node_child(Comparison, I + 1);
    std::string_view T = nodeType(Haystack);
    if (T != "identifier" && T != "attribute" && T != "call" &&
        T != "list_comprehension")
      continue; // inline [a, b, c] literals are small and fixed
    auto Type = S.inferType(Haystack);
    if (!Type || *Type != "list")
      continue;
    if ((T == "identifier" || T == "attribute") &&
        isFixedSmallList(Haystack, C))
      continue;
    std::string Shown(C.text(Comparison));
    if (T == "identifier" || T == "attribute")
      C.report(Comparison, message::LinearScan::MembershipInNamedList,
               {Shown, std::string(C.text(Haystack))});
    else
      C.report(Comparison, message::LinearScan::MembershipInList, {Shown});
    return;
  }
}

static void checkLinearScan(const ts::Match &M, PythonChecker &C) {
  if (M.has("minmax"))
    checkMinMax(M, C);
  else if (M.has("membership"))
    checkMembership(M, C);
}

HAZARD_PYTHON_RULE(LinearScan, checkLinearScan);
