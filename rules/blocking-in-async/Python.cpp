//===- Python.cpp - blocking-in-async for asyncio code --------------------===//
//
// What it does: finds synchronous blocking calls made directly in the body of
// an `async def`: every callable the knowledge base says blocks (`blocks`
// in knowledge/python/*.toml: time.sleep, requests, subprocess, open(),
// sync redis, sqlite3, queue and lock operations, ...); the message quotes
// its `async-alternative`.
// Why is this bad: the event loop runs every task on one thread; while the
// call blocks, no other task runs, timeouts included.
// Example: `async def fetch(): time.sleep(1)`
// Use instead: `async def fetch(): await asyncio.sleep(1)`, or
// `await asyncio.to_thread(requests.get, url)`.
//
//===----------------------------------------------------------------------===//
#include "Python/PythonChecker.h"
#include "RuleMessages.h"

using namespace hazard;
using namespace hazard::python;
using ts::field;
using ts::isNull;
using ts::nodeType;

static bool isDottedName(TSNode N) {
  while (nodeType(N) == "attribute")
    N = field(N, "object");
  return nodeType(N) == "identifier";
}

/// Where an `await` expression may replace the call without parentheses.
static bool needsParentheses(TSNode Call) {
  std::string_view P = nodeType(ts_node_parent(Call));
  return !(P == "expression_statement" || P == "assignment" ||
           P == "augmented_assignment" || P == "return_statement" ||
           P == "argument_list" || P == "keyword_argument" ||
           P == "with_item" || P == "as_pattern" || P == "list" ||
           P == "tuple");
}

/// An edit adding `import asyncio` before the module's first import (after
/// `from __future__` imports), or nullopt if the module imports nothing.
static std::optional<TextEdit> importAsyncio(TSNode Call) {
  TSNode Module = Call;
  while (!isNull(ts_node_parent(Module)))
    Module = ts_node_parent(Module);
  for (uint32_t I = 0; I < ts_node_named_child_count(Module); ++I) {
    TSNode S = ts_node_named_child(Module, I);
    std::string_view T = nodeType(S);
    if (T == "future_import_statement")
      continue;
    if (T != "import_statement" && T != "import_from_statement")
      continue;
    TextEdit E;
    E.Range.Begin = E.Range.End = ts_node_start_byte(S);
    E.NewText = "import asyncio\n";
    return E;
  }
  return std::nullopt;
}

static std::optional<Fix> awaitFix(TSNode Call, const knowledge::Callable *K,
                                   PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  TSNode Fn = field(Call, "function"), Args = field(Call, "arguments");
  // A nested event loop is not fixed by running it in a thread.
  if (nodeType(Args) != "argument_list" || !isDottedName(Fn) ||
      (K && K->hasTrait("runs-event-loop")))
    return std::nullopt;
  // The awaitable equivalent of the call, else the call run in a thread.
  std::string Equivalent = K ? K->AsyncEquivalent : "";
  std::string Module = Equivalent.empty()
                           ? "asyncio"
                           : Equivalent.substr(0, Equivalent.rfind('.'));
  bool Imported = S.importedName(Call, Module) == Module;
  std::optional<TextEdit> Import;
  if (!Imported) {
    // Adding the import would shadow whatever `asyncio` names here.
    if (Module != "asyncio" || S.isBoundName(Call, "asyncio") ||
        !(Import = importAsyncio(Call)))
      return std::nullopt;
  }
  std::string ArgText(C.text(Args));
  std::string Replacement, Description;
  bool Safe = false;
  if (!Equivalent.empty()) {
    Replacement = "await " + Equivalent + ArgText;
    Description = "Use await " + Equivalent + "()";
    Safe = Imported;
  } else {
    std::string Inner = ArgText.substr(1, ArgText.size() - 2);
    bool Empty = Inner.find_first_not_of(" \t\r\n") == std::string::npos;
    Replacement = "await asyncio.to_thread(" + std::string(C.text(Fn)) +
                  (Empty ? "" : ", " + Inner) + ")";
    Description = "Run it in a thread with await asyncio.to_thread()";
  }
  if (needsParentheses(Call))
    Replacement = "(" + Replacement + ")";
  Fix F = C.replace(Call, Replacement, Description, Safe);
  if (Import)
    F.Edits.push_back(std::move(*Import));
  return F;
}

static void checkBlockingInAsync(const ts::Match &M, PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  std::string Function(C.text(M.node("name")));
  // Walk the body; nested sync defs, lambdas and classes run elsewhere, and
  // nested async defs are matches of their own.
  std::vector<TSNode> Calls;
  forEachInScope(M.node("body"), [&](TSNode N) {
    if (nodeType(N) == "call")
      Calls.push_back(N);
  });
  for (TSNode Call : Calls) {
    auto Name = S.blockingCall(Call);
    if (!Name || S.isAwaited(Call) || S.isOffloaded(Call))
      continue;
    const knowledge::Callable *K = S.knowledge().callable(*Name);
    std::vector<std::string> Args = {*Name, "'async def " + Function + "'"};
    auto Fix = awaitFix(Call, K, C);
    // The knowledge base's advice or awaitable equivalent, else the rule's
    // own advice.
    if (K && !K->AsyncAlternative.empty())
      C.report(Call, {Args[0], Args[1], K->AsyncAlternative}, std::move(Fix));
    else if (K && !K->AsyncEquivalent.empty())
      C.report(
          Call,
          {Args[0], Args[1], "use 'await " + K->AsyncEquivalent + "(...)'"},
          std::move(Fix));
    else
      C.report(Call, message::BlockingInAsync::PythonNoAsyncAlternative, Args,
               std::move(Fix));
  }
}

HAZARD_PYTHON_RULE(BlockingInAsync, checkBlockingInAsync);
