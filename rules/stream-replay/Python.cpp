//===- Python.cpp - stream-replay for redis-py ----------------------------===//
//
// What it does: finds `xread` / `xreadgroup` on a Redis client inside a loop
// whose streams dict gives a literal id "0" (or "0-0", b"0", 0).
// Why is this bad: every iteration re-reads the stream from its start.
// Example: `while True: r.xread({"events": "0"}, block=1000)`
// Use instead: keep `last_id` from the entries returned and pass it.
//
//===----------------------------------------------------------------------===//
#include "Python/PythonChecker.h"

using namespace hazard;
using namespace hazard::python;
using ts::field;
using ts::isNull;
using ts::nodeType;

/// The loop around Call that runs it repeatedly, within its function, or null.
static TSNode enclosingLoop(TSNode Call) {
  TSNode Child = Call;
  for (TSNode P = ts_node_parent(Call); !isNull(P);
       Child = P, P = ts_node_parent(P)) {
    std::string_view T = nodeType(P);
    if (T == "function_definition" || T == "lambda" ||
        T == "class_definition" || T == "module")
      return TSNode{};
    if (T == "while_statement")
      return P;
    // The iterable of a `for` is evaluated once; its body repeats.
    if (T == "for_statement" && ts_node_eq(Child, field(P, "body")))
      return P;
  }
  return TSNode{};
}

/// Whether a literal denotes the stream's first id: "0", "0-0", b"0", 0.
static bool isStartId(TSNode V, std::string_view Text) {
  if (nodeType(V) == "integer")
    return Text == "0";
  if (nodeType(V) != "string")
    return false;
  size_t Quote = Text.find_first_of("\"'");
  if (Quote == std::string_view::npos)
    return false;
  std::string_view Prefix = Text.substr(0, Quote);
  if (Prefix.find_first_of("fF") != std::string_view::npos)
    return false;
  std::string_view Body = Text.substr(Quote);
  return Body == "\"0\"" || Body == "'0'" || Body == "\"0-0\"" ||
         Body == "'0-0'";
}

static bool loopAcknowledges(TSNode Loop, const PythonChecker &C) {
  bool Found = false;
  forEachInScope(Loop, [&](TSNode N) {
    if (nodeType(N) == "call") {
      TSNode Fn = field(N, "function");
      if (nodeType(Fn) == "attribute" &&
          C.text(field(Fn, "attribute")) == "xack")
        Found = true;
    }
  });
  return Found;
}

static void checkStreamReplay(const ts::Match &Mt, PythonChecker &C) {
  const SemanticModel &M = C.semantic();
  TSNode Call = Mt.node("call");
  auto Type = M.inferType(Mt.node("receiver"));
  if (!Type || !M.knowledge().typeHasTrait(*Type, "redis-commands") ||
      M.hasUnpacking(Call))
    return;
  bool Group = C.text(Mt.node("method")) == "xreadgroup";
  TSNode Streams = M.keywordArgument(Call, "streams");
  if (isNull(Streams))
    Streams = M.positionalArgument(Call, Group ? 2 : 0);
  if (nodeType(Streams) != "dictionary")
    return;
  TSNode Loop = enclosingLoop(Call);
  if (isNull(Loop) || (Group && loopAcknowledges(Loop, C)))
    return;
  for (uint32_t I = 0; I < ts_node_named_child_count(Streams); ++I) {
    TSNode Pair = ts_node_named_child(Streams, I);
    if (nodeType(Pair) != "pair")
      continue;
    TSNode Id = field(Pair, "value");
    if (!isStartId(Id, C.text(Id)))
      continue;
    TSNode Parent = ts_node_parent(Call);
    TSNode Site = nodeType(Parent) == "await" ? Parent : Call;
    C.report(Site, {std::string(C.text(Mt.node("method"))),
                    std::string(C.text(field(Pair, "key"))),
                    std::string(C.text(Id))});
    return;
  }
}

HAZARD_PYTHON_RULE(StreamReplay, checkStreamReplay);
