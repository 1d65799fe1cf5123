//===- Python.cpp - wait-without-timeout for Python -----------------------===//
//
// What it does: finds calls that wait on a child process, a thread, a lock,
// an event, a queue, a future or an HTTP server without a timeout:
// subprocess.run/call/check_*, Popen.wait/communicate, Thread.join,
// Event.wait, Lock.acquire, Queue.get, Future.result, requests and urlopen,
// and awaited asyncio subprocess wait()/communicate() outside
// asyncio.wait_for / asyncio.timeout.
// Why is this bad: one hung peer hangs the caller forever, silently.
// Example: `subprocess.run(["git", "fetch"], check=True)`
// Use instead: `subprocess.run(["git", "fetch"], check=True, timeout=300)`
//
//===----------------------------------------------------------------------===//
#include "Python/PythonChecker.h"

using namespace hazard;
using namespace hazard::python;
using ts::field;
using ts::isNull;
using ts::nodeType;

namespace {

enum class Kind {
  Timeout,      // fine with timeout= (or the positional timeout)
  Blocking,     // also fine when blocking/block is False
  AwaitedAsync, // asyncio: fine when bounded by wait_for / timeout()
};

struct WaitApi {
  const char *Name;
  Kind K;
  int TimeoutPosition;      // index of a positional timeout, -1 if keyword-only
  const char *BlockKeyword; // Kind::Blocking: the flag, always position 0
  const char *Why;
  bool InsertTimeout; // offer the unsafe timeout= fix
};

constexpr const char *Child =
    "a hung child blocks this thread forever; pass timeout=";
constexpr const char *AsyncChild =
    "a hung child blocks this task forever; bound it with asyncio.wait_for() "
    "or 'async with asyncio.timeout()'";
constexpr const char *Server =
    "a server that stops answering blocks this thread forever; pass timeout=";
constexpr const char *Thread =
    "a thread that never finishes blocks this one forever; pass timeout= and "
    "check is_alive()";
constexpr const char *Process =
    "a process that never exits blocks this thread forever; pass timeout= and "
    "check is_alive()";
constexpr const char *Event =
    "an event that is never set blocks this thread forever; pass timeout=";
constexpr const char *Lock = "a lock that is never released blocks this thread "
                             "forever; pass timeout= or blocking=False";
constexpr const char *Queue = "an empty queue blocks this thread forever; pass "
                              "timeout= or use get_nowait()";
constexpr const char *Future =
    "a future that never completes blocks this thread forever; pass timeout=";

const WaitApi Apis[] = {
    {"subprocess.run", Kind::Timeout, -1, nullptr, Child, true},
    {"subprocess.call", Kind::Timeout, -1, nullptr, Child, true},
    {"subprocess.check_call", Kind::Timeout, -1, nullptr, Child, true},
    {"subprocess.check_output", Kind::Timeout, -1, nullptr, Child, true},
    {"subprocess.Popen.wait", Kind::Timeout, 0, nullptr, Child, false},
    {"subprocess.Popen.communicate", Kind::Timeout, 1, nullptr, Child, false},
    {"asyncio.subprocess.Process.wait", Kind::AwaitedAsync, -1, nullptr,
     AsyncChild, false},
    {"asyncio.subprocess.Process.communicate", Kind::AwaitedAsync, -1, nullptr,
     AsyncChild, false},
    {"threading.Thread.join", Kind::Timeout, 0, nullptr, Thread, false},
    {"multiprocessing.Process.join", Kind::Timeout, 0, nullptr, Process, false},
    {"threading.Event.wait", Kind::Timeout, 0, nullptr, Event, false},
    {"threading.Lock.acquire", Kind::Blocking, 1, "blocking", Lock, false},
    {"threading.RLock.acquire", Kind::Blocking, 1, "blocking", Lock, false},
    {"threading.Semaphore.acquire", Kind::Blocking, 1, "blocking", Lock, false},
    {"threading.BoundedSemaphore.acquire", Kind::Blocking, 1, "blocking", Lock,
     false},
    {"queue.Queue.get", Kind::Blocking, 1, "block", Queue, false},
    {"queue.LifoQueue.get", Kind::Blocking, 1, "block", Queue, false},
    {"queue.PriorityQueue.get", Kind::Blocking, 1, "block", Queue, false},
    {"queue.SimpleQueue.get", Kind::Blocking, 1, "block", Queue, false},
    {"multiprocessing.Queue.get", Kind::Blocking, 1, "block", Queue, false},
    {"multiprocessing.JoinableQueue.get", Kind::Blocking, 1, "block", Queue,
     false},
    {"concurrent.futures.Future.result", Kind::Timeout, 0, nullptr, Future,
     false},
    {"requests.get", Kind::Timeout, -1, nullptr, Server, true},
    {"requests.post", Kind::Timeout, -1, nullptr, Server, true},
    {"requests.put", Kind::Timeout, -1, nullptr, Server, true},
    {"requests.patch", Kind::Timeout, -1, nullptr, Server, true},
    {"requests.delete", Kind::Timeout, -1, nullptr, Server, true},
    {"requests.head", Kind::Timeout, -1, nullptr, Server, true},
    {"requests.options", Kind::Timeout, -1, nullptr, Server, true},
    {"requests.request", Kind::Timeout, -1, nullptr, Server, true},
    {"requests.Session.get", Kind::Timeout, -1, nullptr, Server, true},
    {"requests.Session.post", Kind::Timeout, -1, nullptr, Server, true},
    {"requests.Session.put", Kind::Timeout, -1, nullptr, Server, true},
    {"requests.Session.patch", Kind::Timeout, -1, nullptr, Server, true},
    {"requests.Session.delete", Kind::Timeout, -1, nullptr, Server, true},
    {"requests.Session.head", Kind::Timeout, -1, nullptr, Server, true},
    {"requests.Session.options", Kind::Timeout, -1, nullptr, Server, true},
    // request(method, url, params, data, headers, cookies, files, auth,
    // timeout)
    {"requests.Session.request", Kind::Timeout, 8, nullptr, Server, true},
    {"urllib.request.urlopen", Kind::Timeout, 2, nullptr, Server, true},
};

const WaitApi *findApi(const std::string &Name) {
  for (const WaitApi &A : Apis)
    if (Name == A.Name)
      return &A;
  return nullptr;
}

} // namespace

/// A literal False or 0; nullopt when the value is not a literal.
static std::optional<bool> literalFalse(TSNode Value, const PythonChecker &C) {
  std::string_view T = nodeType(Value);
  if (T == "false")
    return true;
  if (T == "true")
    return false;
  if (T == "integer")
    return C.text(Value) == "0";
  return std::nullopt;
}

/// Whether Call passes an argument that may carry the timeout unseen: any
/// **kwargs, and *args when the timeout can be passed by position.
static bool mayPassTimeout(TSNode Call, const WaitApi &Api) {
  TSNode Args = field(Call, "arguments");
  for (uint32_t I = 0; I < ts_node_named_child_count(Args); ++I) {
    std::string_view T = nodeType(ts_node_named_child(Args, I));
    if (T == "dictionary_splat")
      return true;
    if (T == "list_splat" &&
        (Api.TimeoutPosition >= 0 || Api.K == Kind::Blocking))
      return true;
  }
  return false;
}

/// Whether an earlier statement of the block around Call kills the child
/// Call waits for: `p.kill()` then `p.wait()` / `p.communicate()` reaps a
/// process that is already dead, as the subprocess docs recommend.
static bool reapsKilledChild(TSNode Call, const PythonChecker &C) {
  TSNode Fn = field(Call, "function");
  if (nodeType(Fn) != "attribute")
    return false;
  std::string_view Child = C.text(field(Fn, "object"));
  TSNode Statement = Call;
  while (!isNull(ts_node_parent(Statement)) &&
         nodeType(ts_node_parent(Statement)) != "block" &&
         nodeType(ts_node_parent(Statement)) != "module")
    Statement = ts_node_parent(Statement);
  for (TSNode Prev = ts_node_prev_named_sibling(Statement); !isNull(Prev);
       Prev = ts_node_prev_named_sibling(Prev)) {
    if (nodeType(Prev) != "expression_statement")
      continue;
    TSNode Kill = ts_node_named_child(Prev, 0);
    if (nodeType(Kill) != "call")
      continue;
    TSNode KillFn = field(Kill, "function");
    if (nodeType(KillFn) == "attribute" &&
        C.text(field(KillFn, "attribute")) == "kill" &&
        C.text(field(KillFn, "object")) == Child)
      return true;
  }
  return false;
}

/// Whether the call, as written, may block with no bound. Unknown values
/// (a non-literal `blocking=`) count as bounded.
static bool waitsForever(TSNode Call, const WaitApi &Api, PythonChecker &C) {
  const SemanticModel &S = C.semantic();
  std::string_view Name = Api.Name;
  if ((Name.rfind("subprocess.Popen.", 0) == 0 ||
       Name.rfind("asyncio.subprocess.Process.", 0) == 0) &&
      reapsKilledChild(Call, C))
    return false;
  if (Api.K == Kind::AwaitedAsync)
    return S.isAwaited(Call) && !S.isTimeoutBounded(Call);
  if (mayPassTimeout(Call, Api))
    return false;
  if (!isNull(S.keywordArgument(Call, "timeout")))
    return false;
  if (Api.TimeoutPosition >= 0 &&
      !isNull(S.positionalArgument(Call, Api.TimeoutPosition)))
    return false;
  if (Api.K == Kind::Blocking) {
    TSNode Flag = S.keywordArgument(Call, Api.BlockKeyword);
    if (isNull(Flag))
      Flag = S.positionalArgument(Call, 0);
    if (!isNull(Flag)) {
      auto NonBlocking = literalFalse(Flag, C);
      if (!NonBlocking || *NonBlocking)
        return false;
    }
  }
  return true;
}

/// Inserts `timeout=N` (the timeout-seconds option) as the last argument;
/// multi-line calls and trailing commas keep their shape (`x,\n)` becomes
/// `x, timeout=N,\n)`).
static std::optional<Fix> insertTimeout(TSNode Call, const PythonChecker &C) {
  std::string Timeout =
      "timeout=" + std::to_string(C.option("timeout-seconds").get<int64_t>());
  TSNode Args = field(Call, "arguments");
  TSNode Last{};
  for (uint32_t I = 0; I < ts_node_named_child_count(Args); ++I) {
    TSNode A = ts_node_named_child(Args, I);
    if (nodeType(A) != "comment")
      Last = A;
  }
  TextEdit E;
  if (isNull(Last)) {
    // `()`: right after the parenthesis.
    E.Range.Begin = E.Range.End = ts_node_start_byte(Args) + 1;
    E.NewText = Timeout;
  } else {
    E.Range.Begin = E.Range.End = ts_node_end_byte(Last);
    E.NewText = ", " + Timeout;
  }
  Fix F;
  F.Description =
      "Pass " + Timeout + " (seconds); choose a bound that suits the call";
  F.Safe = false;
  F.Edits.push_back(std::move(E));
  return F;
}

static void checkCall(TSNode Call, PythonChecker &C);

static void checkWaitWithoutTimeout(const ts::Match &M, PythonChecker &C) {
  if (TSNode Alias = M.node("alias"); !isNull(Alias)) {
    // A call spelled like a module function of the list is a match of its
    // own; other spellings are only seen through the alias.
    static const char *const Matched[] = {
        "run",  "call",    "check_call", "check_output", "urlopen",
        "get",  "post",    "put",        "patch",        "delete",
        "head", "options", "request"};
    std::string_view Name = C.text(field(Alias, "alias"));
    for (const char *M : Matched)
      if (Name == M)
        return;
    for (TSNode Call : C.semantic().callsThroughAlias(Alias))
      checkCall(Call, C);
    return;
  }
  checkCall(M.node("call"), C);
}

static void checkCall(TSNode Call, PythonChecker &C) {
  auto Callee = C.semantic().resolveCall(Call);
  if (!Callee)
    return;
  const WaitApi *Api = findApi(*Callee);
  if (!Api || !waitsForever(Call, *Api, C))
    return;
  std::optional<Fix> F;
  if (Api->InsertTimeout)
    F = insertTimeout(Call, C);
  C.report(Call, {Api->Name, Api->Why}, std::move(F));
}

HAZARD_PYTHON_RULE("wait-without-timeout", checkWaitWithoutTimeout);
