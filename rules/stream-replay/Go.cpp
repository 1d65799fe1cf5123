//===- Go.cpp - stream-replay for go-redis XRead / XReadGroup -------------===//
//
// What it does: finds go-redis XRead, XReadGroup and XReadStreams calls in
// the body of a `for` loop whose Streams give a stream the fixed id "0" or
// "0-0", as a literal or through a variable the loop never changes.
// Why is this bad: every iteration reads the stream again from its start, so
// the same entries are handled over and over and reads grow with the stream.
// Example: for { rdb.XRead(ctx, &redis.XReadArgs{Streams: []string{"s", "0"}})
// } Use instead: keep the id of the last entry read and pass it next time, or
// read a consumer group with ">".
//
//===----------------------------------------------------------------------===//
#include "Go/GoChecker.h"

using namespace hazard;
using namespace hazard::go;
using ts::field;
using ts::isNull;
using ts::nodeType;

/// The named children of N without comments.
static std::vector<TSNode> namedChildren(TSNode N) {
  std::vector<TSNode> Out;
  for (unsigned I = 0, E = ts_node_named_child_count(N); I < E; ++I) {
    TSNode C = ts_node_named_child(N, I);
    if (nodeType(C) != "comment")
      Out.push_back(C);
  }
  return Out;
}

/// Follows an identifier to the value it was last given; Vars collects the
/// names passed on the way (the loop may update any of them).
static TSNode resolve(const SemanticModel &S, TSNode E,
                      std::vector<std::string> &Vars, std::string_view Text) {
  for (int Depth = 0; Depth < 4 && !isNull(E); ++Depth) {
    std::string_view T = nodeType(E);
    if (T == "literal_element" || T == "parenthesized_expression")
      E = ts_node_named_child(E, 0);
    else if (T == "unary_expression")
      E = field(E, "operand");
    else if (T == "identifier") {
      Vars.emplace_back(ts::nodeText(E, Text));
      auto [V, Index] = S.lastAssignedValue(E);
      if (Index != 0)
        return TSNode{};
      E = V;
    } else
      return E;
  }
  return TSNode{};
}

static bool isFixedId(TSNode Lit, std::string_view Text) {
  std::string_view T = nodeType(Lit);
  if (T != "interpreted_string_literal" && T != "raw_string_literal")
    return false;
  std::string_view V = ts::nodeText(Lit, Text);
  V = V.substr(1, V.size() - 2);
  return V == "0" || V == "0-0";
}

static bool loopAcknowledges(TSNode Loop, const GoChecker &C) {
  std::vector<TSNode> Stack{field(Loop, "body")};
  while (!Stack.empty()) {
    TSNode N = Stack.back();
    Stack.pop_back();
    if (nodeType(N) == "call_expression") {
      TSNode Fn = field(N, "function");
      if (nodeType(Fn) == "selector_expression" &&
          C.text(field(Fn, "field")) == "XAck")
        return true;
    }
    for (unsigned I = 0, E = ts_node_named_child_count(N); I < E; ++I)
      Stack.push_back(ts_node_named_child(N, I));
  }
  return false;
}

static void checkStreamReplay(const ts::Match &M, GoChecker &C) {
  const SemanticModel &S = C.semantic();
  std::string_view Text = C.file().text();
  TSNode Call = M.node("call");
  TSNode Loop = S.loopBodyAround(Call);
  if (isNull(Loop))
    return;
  std::string Method(C.text(M.node("method")));
  auto Receiver = S.inferType(M.node("receiver"));
  bool KnownClient =
      Receiver && S.knowledge().typeHasTrait(*Receiver, "go-redis-api");
  std::vector<TSNode> Args = namedChildren(field(Call, "arguments"));
  std::vector<std::string> Vars; // variables the loop could advance
  std::vector<TSNode> Streams;
  if (Method == "XReadStreams") {
    if (!KnownClient || Args.size() < 3)
      return;
    Streams.assign(Args.begin() + 1, Args.end());
  } else {
    if (Args.size() != 2)
      return;
    // &redis.XReadArgs{...} names go-redis even when the receiver is unknown.
    TSNode Lit = resolve(S, Args[1], Vars, Text);
    if (nodeType(Lit) != "composite_literal")
      return;
    auto Type = S.inferType(Lit);
    if (!Type || !S.knowledge().typeHasTrait(*Type, "stream-read-args"))
      return;
    TSNode List{};
    for (TSNode E : namedChildren(field(Lit, "body")))
      if (nodeType(E) == "keyed_element" &&
          C.text(ts_node_named_child(E, 0)) == "Streams")
        List = resolve(S, ts_node_named_child(E, 1), Vars, Text);
    if (nodeType(List) != "composite_literal")
      return;
    Streams = namedChildren(field(List, "body"));
  }
  // Streams are the names, then one id per name.
  if (Streams.empty() || Streams.size() % 2)
    return;
  size_t Half = Streams.size() / 2;
  for (size_t I = 0; I < Half; ++I) {
    std::vector<std::string> IdVars = Vars;
    TSNode Id = resolve(S, Streams[Half + I], IdVars, Text);
    if (!isFixedId(Id, Text))
      continue;
    bool Advanced = false;
    for (const std::string &V : IdVars)
      Advanced |= S.isAssignedWithin(field(Loop, "body"), V);
    if (Advanced)
      return;
    // XREADGROUP from "0" with XACK in the loop drains the pending list.
    if (Method == "XReadGroup" && loopAcknowledges(Loop, C))
      return;
    TSNode Name = Streams[I];
    if (nodeType(Name) == "literal_element")
      Name = ts_node_named_child(Name, 0);
    C.report(Call,
             {Method, std::string(C.text(Name)), std::string(C.text(Id))});
    return;
  }
}

HAZARD_GO_RULE(StreamReplay, checkStreamReplay);
