//===- Python.cpp - cache-stampede for asyncio ----------------------------===//
//
// What it does: in an `async def`, finds a cache lookup, then an awaited
// computation, then a store into the same cache under the same key, with no
// lock around it and no shared in-flight future.
// Why is this bad: concurrent misses for one key all run the computation.
// Example: `v = self._cache.get(k)` ... `v = await load(k)`;
// `self._cache[k] = v`
// Use instead: a per-key asyncio.Lock, or cache the asyncio.Task.
//
//===----------------------------------------------------------------------===//
#include "Python/PythonChecker.h"

using namespace hazard;
using namespace hazard::python;
using ts::contains;
using ts::field;
using ts::isNull;
using ts::nodeType;

namespace {

std::string_view lastSegment(std::string_view Q) {
  size_t Dot = Q.rfind('.');
  return Dot == std::string_view::npos ? Q : Q.substr(Dot + 1);
}

/// Whether the callable Name has Trait; for a name the knowledge base does
/// not know, whether a callable of its last part does (a method of a
/// receiver of unknown type: `loop.create_future()`).
bool hasTrait(const knowledge::KnowledgeBase &KB, std::string_view Name,
              std::string_view Trait) {
  if (const knowledge::Callable *K = KB.callable(Name))
    return K->hasTrait(Trait);
  return KB.memberHasTrait(lastSegment(Name), Trait);
}

/// Tasks and futures: what single-flight code stores or creates.
bool makesFuture(TSNode Call, const SemanticModel &M, const PythonChecker &C) {
  if (nodeType(Call) != "call")
    return false;
  std::string Name;
  if (auto Q = M.resolveCall(Call))
    Name = *Q;
  else if (TSNode Fn = field(Call, "function"); nodeType(Fn) == "attribute")
    Name = std::string(C.text(field(Fn, "attribute")));
  return !Name.empty() && hasTrait(M.knowledge(), Name, "makes-future");
}

/// The entry of the method Call calls on Cache, when its type is known.
const knowledge::Callable *cacheMethod(TSNode Call, TSNode Cache,
                                       const SemanticModel &M,
                                       const PythonChecker &C) {
  auto Type = M.inferType(Cache);
  if (!Type)
    return nullptr;
  std::string Method(C.text(field(field(Call, "function"), "attribute")));
  return M.knowledge().callable(*Type + "." + Method);
}

/// Whether Call reads the cache's entry of its first argument: a method
/// with trait `reads-entry` (`get`), by its name when the cache's type is
/// unknown.
bool readsEntry(TSNode Call, TSNode Cache, const SemanticModel &M,
                const PythonChecker &C) {
  if (const knowledge::Callable *K = cacheMethod(Call, Cache, M, C))
    return K->hasTrait("reads-entry");
  if (auto Type = M.inferType(Cache); Type && M.knowledge().type(*Type))
    return false;
  return M.knowledge().memberHasTrait(
      C.text(field(field(Call, "function"), "attribute")), "reads-entry");
}

bool isInFlightName(std::string_view Name) {
  std::string L(Name);
  for (char &Ch : L)
    Ch = static_cast<char>(std::tolower(static_cast<unsigned char>(Ch)));
  return L.find("inflight") != std::string::npos ||
         L.find("in_flight") != std::string::npos ||
         L.find("pending") != std::string::npos;
}

/// A cache shared between calls: an attribute, or a module-level name.
bool isShared(TSNode Cache, const SemanticModel &M) {
  std::string_view T = nodeType(Cache);
  if (T == "attribute")
    return true;
  if (T != "identifier")
    return false;
  TSNode B = M.bindingOf(Cache);
  return !isNull(B) && isNull(M.enclosingFunction(B)) &&
         isNull(M.enclosingClass(B));
}

/// Whether the binding B is a parameter of its function.
static bool isParameter(TSNode B) {
  std::string_view T = nodeType(ts_node_parent(B));
  return T == "parameters" || T == "typed_parameter" ||
         T == "default_parameter" || T == "typed_default_parameter" ||
         T == "lambda_parameters";
}

/// A value that is the same whoever stores it: a literal, or an empty
/// container (`set()`, `[]`, `{}`: a container type of the knowledge base
/// built with no arguments).
static bool isFixedValue(TSNode V, const SemanticModel &M) {
  std::string_view T = nodeType(V);
  if (T == "none" || T == "true" || T == "false" || T == "integer" ||
      T == "float" || T == "string")
    return true;
  if (T == "list" || T == "dictionary" || T == "set" || T == "tuple")
    return ts_node_named_child_count(V) == 0;
  if (T == "call" && ts_node_named_child_count(field(V, "arguments")) == 0) {
    auto Q = M.qualifiedName(field(V, "function"));
    const knowledge::Type *Built = Q ? M.knowledge().type(*Q) : nullptr;
    return Built && Built->Container;
  }
  return false;
}

void checkCacheStampede(const ts::Match &Mt, PythonChecker &C) {
  const SemanticModel &M = C.semantic();
  TSNode Store = Mt.node("store"), Cache = Mt.node("cache"),
         Key = Mt.node("key");
  if (!M.inAsyncFunction(Store))
    return;
  std::string_view CacheText = C.text(Cache), KeyText = C.text(Key);
  bool Call = nodeType(Store) == "call";
  TSNode Value;
  if (Call) {
    // A method that stores a value under its first argument (Redis SET).
    const knowledge::Callable *K = cacheMethod(Store, Cache, M, C);
    if (!K || !K->Stores || M.hasUnpacking(Store))
      return;
    Value = M.argument(Store, *K->Stores);
  } else {
    if (!isShared(Cache, M))
      return;
    Value = field(Store, "right");
  }
  if (M.isUnderLock(Store))
    return;
  // Single flight: the stored value is a task or future others await.
  if (nodeType(Value) == "identifier") {
    TSNode B = M.bindingOf(Value);
    TSNode P = isNull(B) ? TSNode{} : ts_node_parent(B);
    if (!isNull(B) && nodeType(P) == "assignment")
      Value = field(P, "right");
    // A write-through stores what the caller gave, not a computed fill.
    if (!isNull(B) && isParameter(B))
      return;
  }
  if (isFixedValue(Value, M))
    return; // a reset: `x[k] = None`, `votes[g] = set()`
  if (makesFuture(Value, M, C))
    return;

  TSNode Function = M.enclosingFunction(Store);
  TSNode Body = field(Function, "body");
  bool SingleFlight = false;
  std::vector<TSNode> Lookups, Awaits;
  forEachInScope(Body, [&](TSNode N) {
    std::string_view T = nodeType(N);
    if (T == "identifier" && isInFlightName(C.text(N)))
      SingleFlight = true;
    else if (T == "call" && makesFuture(N, M, C))
      SingleFlight = true;
    else if (T == "await")
      Awaits.push_back(N);
    if (ts_node_start_byte(N) >= ts_node_start_byte(Store))
      return;
    if (T == "call") {
      TSNode Fn = field(N, "function");
      if (nodeType(Fn) == "attribute" &&
          C.text(field(Fn, "object")) == CacheText &&
          C.text(M.positionalArgument(N, 0)) == KeyText &&
          readsEntry(N, field(Fn, "object"), M, C))
        Lookups.push_back(N);
    } else if (T == "comparison_operator" && !Call &&
               ts_node_named_child_count(N) == 2 &&
               C.text(ts_node_named_child(N, 0)) == KeyText &&
               C.text(ts_node_named_child(N, 1)) == CacheText) {
      for (uint32_t I = 0; I < ts_node_child_count(N); ++I) {
        std::string_view Op = nodeType(ts_node_child(N, I));
        if (Op == "in" || Op == "not in")
          Lookups.push_back(N);
      }
    } else if (T == "subscript" && !Call &&
               C.text(field(N, "value")) == CacheText &&
               C.text(field(N, "subscript")) == KeyText) {
      TSNode P = ts_node_parent(N);
      bool Written = (nodeType(P) == "assignment" ||
                      nodeType(P) == "augmented_assignment") &&
                     ts_node_eq(field(P, "left"), N);
      if (!Written && nodeType(P) != "delete_statement")
        Lookups.push_back(N);
    }
  });
  if (SingleFlight || Lookups.empty())
    return;
  TSNode Lookup = Lookups.front();
  for (TSNode A : Awaits) {
    if (ts_node_start_byte(A) < ts_node_end_byte(Lookup) ||
        ts_node_end_byte(A) > ts_node_end_byte(Store))
      continue;
    // Operations on the cache itself are not the computation.
    TSNode Awaited = ts_node_named_child(A, 0);
    if (contains(Awaited, Store) || contains(A, Lookup))
      continue;
    TSNode Fn = field(Awaited, "function");
    if (nodeType(Awaited) == "call" && nodeType(Fn) == "attribute" &&
        C.text(field(Fn, "object")) == CacheText)
      continue;
    if (M.isUnderLock(A))
      continue;
    C.report(Store, {std::string(CacheText), std::string(KeyText)});
    return;
  }
}

} // namespace

HAZARD_PYTHON_RULE(CacheStampede, checkCacheStampede);
