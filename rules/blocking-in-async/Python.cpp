//===- Python.cpp - blocking-in-async for asyncio code --------------------===//
//
// What it does: finds synchronous blocking calls made directly in the body of
// an `async def`: time.sleep, requests/httpx/urllib, subprocess and
// os.system, open() and pathlib reads and writes, os.fsync, sync redis,
// sqlite3 and duckdb queries, asyncio.run inside a coroutine, blocking
// queue/lock/socket operations (see SemanticModel::blockingCall).
// Why is this bad: the event loop runs every task on one thread; while the
// call blocks, no other task runs, timeouts included.
// Example: `async def fetch(): time.sleep(1)`
// Use instead: `async def fetch(): await asyncio.sleep(1)`, or
// `await asyncio.to_thread(requests.get, url)`.
//
//===----------------------------------------------------------------------===//
#include "Python/PythonChecker.h"

using namespace hazard;
using namespace hazard::python;
using ts::field;
using ts::isNull;
using ts::nodeType;

static bool startsWith(const std::string &S, const char *Prefix) {
  return S.rfind(Prefix, 0) == 0;
}

/// What to do instead, for the message.
static std::string advice(const std::string &Name) {
  if (Name == "time.sleep")
    return "use 'await asyncio.sleep(...)'";
  if (Name == "asyncio.run" || startsWith(Name, "asyncio.AbstractEventLoop."))
    return "await the coroutine instead of running a nested event loop";
  if (startsWith(Name, "requests.") || startsWith(Name, "httpx.") ||
      startsWith(Name, "urllib."))
    return "use an async client (httpx.AsyncClient, aiohttp) or "
           "'await asyncio.to_thread(...)'";
  if (startsWith(Name, "redis."))
    return "use redis.asyncio or 'await asyncio.to_thread(...)'";
  if (startsWith(Name, "subprocess.") || Name == "os.system" ||
      Name == "os.waitpid")
    return "use 'asyncio.create_subprocess_exec(...)' or "
           "'await asyncio.to_thread(...)'";
  if (Name == "socket.getaddrinfo" || Name == "socket.gethostbyname")
    return "use 'await loop.getaddrinfo(...)'";
  if (startsWith(Name, "socket."))
    return "use asyncio streams or the loop's sock_* methods";
  if (startsWith(Name, "threading.") || startsWith(Name, "queue."))
    return "use the asyncio primitive or 'await asyncio.to_thread(...)'";
  return "run it in a thread with 'await asyncio.to_thread(...)'";
}

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

static std::optional<Fix> awaitFix(TSNode Call, const std::string &Name,
                                   PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  TSNode Fn = field(Call, "function"), Args = field(Call, "arguments");
  if (nodeType(Args) != "argument_list" || !isDottedName(Fn) ||
      Name == "asyncio.run" || startsWith(Name, "asyncio.AbstractEventLoop."))
    return std::nullopt;
  bool Imported = S.importedName(Call, "asyncio") == std::string("asyncio");
  std::optional<TextEdit> Import;
  if (!Imported) {
    // Adding the import would shadow whatever `asyncio` names here.
    if (S.isBoundName(Call, "asyncio") || !(Import = importAsyncio(Call)))
      return std::nullopt;
  }
  std::string ArgText(C.text(Args));
  std::string Replacement, Description;
  bool Safe = false;
  if (Name == "time.sleep") {
    Replacement = "await asyncio.sleep" + ArgText;
    Description = "Use await asyncio.sleep()";
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
    C.report(Call, {*Name, "'async def " + Function + "'", advice(*Name)},
             awaitFix(Call, *Name, C));
  }
}

HAZARD_PYTHON_RULE("blocking-in-async", checkBlockingInAsync);
