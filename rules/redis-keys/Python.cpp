//===- Python.cpp - redis-keys for redis-py -------------------------------===//
//
// What it does: finds KEYS sent through redis-py clients, `r.keys(...)` and
// `r.execute_command("KEYS", ...)`, synchronous or awaited.
// Why is this bad: KEYS walks the whole keyspace and blocks the server.
// Example: `for k in r.keys("s:*"): ...`
// Use instead: `for k in r.scan_iter(match="s:*"): ...`
//
//===----------------------------------------------------------------------===//
#include "Python/PythonChecker.h"
#include "RuleMessages.h"

using namespace hazard;
using namespace hazard::python;
using ts::field;
using ts::nodeType;

/// The pattern argument of keys()/execute_command("KEYS", ...) as source
/// text ("" for none), or nullopt when the call has a shape the fix does not
/// rewrite (extra arguments, splats).
static std::optional<std::string> patternArgument(TSNode Args, unsigned Skip,
                                                  const PythonChecker &C) {
  unsigned Count = ts_node_named_child_count(Args);
  std::vector<TSNode> Rest;
  for (unsigned I = Skip; I < Count; ++I) {
    TSNode A = ts_node_named_child(Args, I);
    if (nodeType(A) != "comment")
      Rest.push_back(A);
  }
  if (Rest.empty())
    return std::string();
  if (Rest.size() > 1)
    return std::nullopt;
  TSNode A = Rest[0];
  if (nodeType(A) == "keyword_argument") {
    if (C.text(field(A, "name")) != "pattern")
      return std::nullopt;
    return std::string(C.text(field(A, "value")));
  }
  if (nodeType(A) == "list_splat" || nodeType(A) == "dictionary_splat")
    return std::nullopt;
  return std::string(C.text(A));
}

static void checkRedisKeys(const ts::Match &M, PythonChecker &C) {
  TSNode Call = M.node("call"), Receiver = M.node("receiver");
  auto Type = C.semantic().inferType(Receiver);
  const knowledge::KnowledgeBase &KB = C.semantic().knowledge();
  if (!Type || !KB.typeHasTrait(*Type, "redis-commands"))
    return;
  TSNode Parent = ts_node_parent(Call);
  bool Awaited = nodeType(Parent) == "await";
  TSNode Site = Awaited ? Parent : Call;
  std::string ReceiverText(C.text(Receiver));

  std::optional<Fix> F;
  bool IsPipeline = KB.typeHasTrait(*Type, "redis-pipeline");
  bool Async = KB.typeHasTrait(*Type, "asyncio");
  auto Pattern = patternArgument(M.node("args"), M.has("command") ? 1 : 0, C);
  if (Pattern && !IsPipeline && Async == Awaited) {
    std::string Scan = ReceiverText + ".scan_iter(" +
                       (Pattern->empty() ? "" : "match=" + *Pattern) + ")";
    std::string Replacement =
        Async ? "[key async for key in " + Scan + "]" : "list(" + Scan + ")";
    F = C.replace(Site, Replacement, "Iterate with SCAN: " + Replacement,
                  /*Safe=*/false);
  }
  C.report(Site, message::RedisKeys::ScanIter, {ReceiverText}, std::move(F));
}

HAZARD_PYTHON_RULE(RedisKeys, checkRedisKeys);
