//===- Go.cpp - lock-held-across-call for sync.Mutex and sync.RWMutex -----===//
//
// What it does: finds the region between `mu.Lock()` and `mu.Unlock()` of
// the same block (or the rest of the block after `defer mu.Unlock()`) that
// contains network or file I/O, a database, Redis or gRPC call, a channel
// send, time.Sleep or a receive from time.After, a callback held in a
// field or parameter (or in a field's slice or map of funcs), or a second
// lock; and, over the files of a package, two mutexes taken in opposite
// orders.
// Why is this bad: every goroutine that needs the mutex waits for the
// slowest dependency; a callback may take the mutex again; a send blocks
// until a receiver, which may need the mutex, is ready; opposite orders
// deadlock.
// Example: `s.mu.Lock(); defer s.mu.Unlock(); resp, err := s.client.Do(req)`
// Use instead: do the call first, then lock only to store the result.
//
//===----------------------------------------------------------------------===//
#include "Core/Driver.h"
#include "Go/GoChecker.h"

#include <algorithm>
#include <set>
#include <tuple>

using namespace hazard;
using namespace hazard::go;
using ts::field;
using ts::isNull;
using ts::nodeType;
using MutexRegion = SemanticModel::MutexRegion;

static const char RuleId[] = "lock-held-across-call";

namespace {

/// Where one mutex is locked while another is held.
struct OrderSite {
  std::string Path;
  TextRange Range;
  std::string LineText;
};

/// Package-wide facts for lock-order inversion: (directory, held, taken).
struct GoLockOrder {
  std::map<std::tuple<std::string, std::string, std::string>,
           std::vector<OrderSite>>
      Edges;
};

struct Hazard {
  std::string What, Why;
};

} // namespace

static bool in(std::string_view S, std::initializer_list<const char *> Names) {
  return std::any_of(Names.begin(), Names.end(),
                     [&](const char *N) { return S == N; });
}

static const char *const IoWhy =
    "every goroutine that needs the lock waits for it too; copy what you need, "
    "unlock, then do the I/O";

/// A connection, file or HTTP body: reading or writing it waits on a peer or
/// a disk.
static bool isStream(TSNode E, GoChecker &C) {
  const SemanticModel &S = C.semantic();
  if (auto T = S.inferType(E))
    return in(*T, {"net.Conn", "net.TCPConn", "net.UDPConn", "net.UnixConn",
                   "crypto/tls.Conn", "os.File", "net/http.ResponseWriter"});
  if (nodeType(E) == "selector_expression" &&
      C.text(field(E, "field")) == "Body") {
    auto Owner = S.inferType(field(E, "operand"));
    return Owner && in(*Owner, {"net/http.Response", "net/http.Request"});
  }
  return false;
}

static bool anyArgumentIsStream(TSNode Call, GoChecker &C, bool FirstOnly) {
  TSNode Args = field(Call, "arguments");
  uint32_t N = ts_node_named_child_count(Args);
  for (uint32_t I = 0; I < (FirstOnly ? std::min(N, 1u) : N); ++I)
    if (isStream(ts_node_named_child(Args, I), C))
      return true;
  return false;
}

static std::optional<Hazard> packageCall(const std::string &Q, TSNode Call,
                                         GoChecker &C) {
  size_t Dot = Q.rfind('.');
  std::string Pkg = Q.substr(0, Dot), Fn = Q.substr(Dot + 1);
  auto Io = [&](const char *Kind) {
    return Hazard{std::string(Kind) + " '" + Q + "'", IoWhy};
  };
  if (Q == "time.Sleep")
    return Hazard{"'time.Sleep'", "every goroutine that needs the lock sleeps "
                                  "too; unlock before sleeping"};
  if (Pkg == "net/http" && in(Fn, {"Get", "Post", "Head", "PostForm"}))
    return Io("network call");
  if (Pkg == "net" &&
      (in(Fn, {"Dial", "DialTimeout", "DialTCP", "DialUDP", "DialUnix"}) ||
       Fn.rfind("Lookup", 0) == 0))
    return Io("network call");
  if (Pkg == "crypto/tls" && in(Fn, {"Dial", "DialWithDialer"}))
    return Io("network call");
  if (Pkg == "google.golang.org/grpc" && in(Fn, {"Dial", "DialContext"}))
    return Io("gRPC call");
  if ((Pkg == "os" &&
       in(Fn, {"ReadFile", "WriteFile", "Open", "OpenFile", "Create", "Remove",
               "RemoveAll", "Rename", "ReadDir", "Mkdir", "MkdirAll",
               "Truncate", "Stat", "Lstat"})) ||
      (Pkg == "io/ioutil" && in(Fn, {"ReadFile", "WriteFile", "ReadDir"})))
    return Io("file I/O");
  if (((Pkg == "io" && in(Fn, {"Copy", "CopyN", "CopyBuffer", "ReadAll",
                               "ReadFull", "ReadAtLeast", "WriteString"})) ||
       (Pkg == "io/ioutil" && Fn == "ReadAll")) &&
      anyArgumentIsStream(Call, C, false))
    return Io("I/O");
  if (Pkg == "fmt" && in(Fn, {"Fprint", "Fprintf", "Fprintln"}) &&
      anyArgumentIsStream(Call, C, true))
    return Io("I/O");
  return std::nullopt;
}

/// A go-redis client whose commands go to the server at once: not a
/// pipeline, which queues them until Exec.
static bool isGoRedisClient(const std::string &T) {
  return isGoRedisClientType(T) && T.find("Pipeline") == std::string::npos;
}

/// A method of a gRPC stub generated by protoc-gen-go-grpc: an interface
/// `XClient` of a generated package, called with a context first.
static bool isGeneratedRpc(const std::string &Type, TSNode Call, GoChecker &C) {
  TSNode First = ts_node_named_child(field(Call, "arguments"), 0);
  if (!C.semantic().isGeneratedClientType(Type) || isNull(First))
    return false;
  auto FirstType = C.semantic().inferType(First);
  auto FirstCall = nodeType(First) == "call_expression"
                       ? C.semantic().qualifiedName(field(First, "function"))
                       : std::nullopt;
  return (FirstType && *FirstType == "context.Context") ||
         (FirstCall && FirstCall->rfind("context.", 0) == 0);
}

static std::optional<Hazard> methodCall(TSNode Call, GoChecker &C) {
  const SemanticModel &S = C.semantic();
  TSNode Fn = field(Call, "function");
  TSNode Receiver = field(Fn, "operand");
  std::string Method(C.text(field(Fn, "field")));
  // json.NewEncoder(w).Encode(v) writes to w.
  if (nodeType(Receiver) == "call_expression" &&
      in(Method, {"Encode", "Decode"}))
    if (auto Q = S.qualifiedName(field(Receiver, "function")))
      if (in(*Q, {"encoding/json.NewEncoder", "encoding/json.NewDecoder",
                  "encoding/gob.NewEncoder", "encoding/gob.NewDecoder"}) &&
          anyArgumentIsStream(Receiver, C, true))
        return Hazard{"I/O '" + *Q + "(...)." + Method + "'", IoWhy};
  auto Type = S.inferType(Receiver);
  if (!Type)
    return std::nullopt;
  std::string Name = *Type + "." + Method;
  auto Io = [&](const char *Kind) {
    return Hazard{std::string(Kind) + " '" + Name + "'", IoWhy};
  };
  const std::string &T = *Type;
  if (T == "net/http.Client" &&
      in(Method, {"Do", "Get", "Post", "Head", "PostForm"}))
    return Io("network call");
  if (in(T, {"net.Conn", "net.TCPConn", "net.UDPConn", "net.UnixConn",
             "crypto/tls.Conn"}) &&
      in(Method, {"Read", "Write", "ReadFrom", "WriteTo", "ReadFromUDP",
                  "WriteToUDP", "Handshake", "HandshakeContext"}))
    return Io("network I/O");
  if (in(T, {"net.Listener", "net.TCPListener"}) && Method == "Accept")
    return Io("network I/O");
  if (T == "net/http.ResponseWriter" && Method == "Write")
    return Io("network I/O");
  if (T == "os.File" &&
      in(Method, {"Read", "Write", "WriteString", "ReadAt", "WriteAt",
                  "ReadFrom", "Sync", "ReadDir", "Readdir", "Readdirnames"}))
    return Io("file I/O");
  if (in(T, {"database/sql.DB", "database/sql.Tx", "database/sql.Conn",
             "database/sql.Stmt"}) &&
      in(Method,
         {"Query", "QueryContext", "QueryRow", "QueryRowContext", "Exec",
          "ExecContext", "Ping", "PingContext", "Begin", "BeginTx", "Prepare",
          "PrepareContext", "Commit", "Rollback", "Conn"}))
    return Io("database call");
  if (isGoRedisClient(T) &&
      !in(Method, {"Pipeline", "TxPipeline", "Options", "AddHook", "Context",
                   "WithContext", "WithTimeout", "PoolStats", "String"}))
    return Io("Redis call");
  if (T == "github.com/redis/go-redis.Pipeliner" && Method == "Exec")
    return Io("Redis call");
  if (T == "github.com/gomodule/redigo/redis.Conn" &&
      in(Method, {"Do", "Flush", "Receive", "DoContext", "ReceiveContext"}))
    return Io("Redis call");
  if (T == "google.golang.org/grpc.ClientConn" &&
      in(Method, {"Invoke", "NewStream"}))
    return Io("gRPC call");
  if (T == "os/exec.Cmd" &&
      in(Method, {"Run", "Output", "CombinedOutput", "Wait"}))
    return Hazard{"subprocess '" + Name + "'", IoWhy};
  if (isGeneratedRpc(T, Call, C))
    return Io("gRPC call");
  return std::nullopt;
}

/// The declared type of a field (`x.f`) or of a variable, or null.
static TSNode declaredTypeOf(TSNode E, GoChecker &C) {
  const SemanticModel &S = C.semantic();
  if (isNull(E))
    return E;
  if (nodeType(E) == "identifier")
    return S.declaredType(E);
  if (nodeType(E) == "selector_expression") {
    auto Owner = S.inferType(field(E, "operand"));
    if (Owner && (*Owner)[0] == '.')
      return S.fieldType(*Owner, C.text(field(E, "field")));
  }
  return TSNode{};
}

/// The element type of a slice, array or map type node (Key: a map's key).
static TSNode elementType(TSNode Type, bool Key = false) {
  if (isNull(Type))
    return Type;
  std::string_view T = nodeType(Type);
  if (T == "slice_type" || T == "array_type")
    return Key ? TSNode{} : field(Type, "element");
  if (T == "map_type")
    return field(Type, Key ? "key" : "value");
  return TSNode{};
}

/// Whether E is a func value held in a parameter or a field: a func-typed
/// parameter, local or field, an element of a slice or map of funcs held
/// there (`c.loaders[k]`), or a local taken from one (`load := c.loaders[k]`,
/// `for _, f := range r.hooks`).
static bool isHeldFunc(TSNode E, GoChecker &C, int Depth = 0) {
  const SemanticModel &S = C.semantic();
  if (Depth > 3 || isNull(E))
    return false;
  if (nodeType(E) == "index_expression")
    return S.isFuncType(elementType(declaredTypeOf(field(E, "operand"), C)));
  if (nodeType(E) == "selector_expression")
    return S.isFuncType(declaredTypeOf(E, C));
  if (nodeType(E) != "identifier")
    return false;
  if (S.isLocalVariable(E) && S.isFuncType(S.declaredType(E)))
    return true;
  auto [Value, Index] = S.bindingValue(E);
  if (!isNull(Value) && Index == 0)
    return isHeldFunc(Value, C, Depth + 1);
  // A range variable over a container of funcs.
  for (TSNode F = ts_node_parent(E); !isNull(F); F = ts_node_parent(F)) {
    std::string_view T = nodeType(F);
    if (T == "func_literal" || T == "function_declaration" ||
        T == "method_declaration")
      break;
    if (T != "for_statement")
      continue;
    TSNode Range{};
    for (uint32_t I = 0; I < ts_node_named_child_count(F); ++I)
      if (nodeType(ts_node_named_child(F, I)) == "range_clause")
        Range = ts_node_named_child(F, I);
    TSNode Left = isNull(Range) ? TSNode{} : field(Range, "left");
    if (isNull(Left))
      continue;
    uint32_t N = ts_node_named_child_count(Left);
    for (uint32_t I = 0; I < N; ++I) {
      if (C.text(ts_node_named_child(Left, I)) != C.text(E))
        continue;
      TSNode Container = declaredTypeOf(field(Range, "right"), C);
      bool Key = I == 0;
      if (Key && nodeType(Container) != "map_type")
        return false; // a slice index
      return S.isFuncType(elementType(Container, Key));
    }
  }
  return false;
}

/// A call of a func value held in a parameter or a struct field: code the
/// lock holder cannot see, which may block or lock the same mutex.
static std::optional<Hazard> callbackCall(TSNode Call, GoChecker &C) {
  TSNode Fn = field(Call, "function");
  if (!isHeldFunc(Fn, C))
    return std::nullopt;
  return Hazard{"callback '" + std::string(C.text(Fn)) + "'",
                "it may block or lock this mutex again and deadlock; call it "
                "after unlocking"};
}

static std::optional<Hazard> blockingCall(TSNode Call, GoChecker &C) {
  TSNode Fn = field(Call, "function");
  if (auto Q = C.semantic().qualifiedName(Fn))
    return packageCall(*Q, Call, C);
  if (nodeType(Fn) == "selector_expression")
    if (auto H = methodCall(Call, C))
      return H;
  return callbackCall(Call, C);
}

/// A send that cannot block: a case of a select with a default.
static bool nonBlockingSend(TSNode Send) {
  TSNode Case = ts_node_parent(Send);
  if (nodeType(Case) != "communication_case")
    return false;
  TSNode Select = ts_node_parent(Case);
  for (uint32_t I = 0; I < ts_node_named_child_count(Select); ++I)
    if (nodeType(ts_node_named_child(Select, I)) == "default_case")
      return true;
  return false;
}

/// `time.After(d)` / `time.Tick(d)`: receiving from it is a sleep.
static bool isTimerWait(TSNode Operand, GoChecker &C) {
  if (nodeType(Operand) != "call_expression")
    return false;
  auto Q = C.semantic().qualifiedName(field(Operand, "function"));
  return Q == "time.After" || Q == "time.Tick";
}

static std::string lockDescription(const MutexRegion &R, GoChecker &C) {
  return std::string(R.Read ? "read lock of '" : "mutex '") +
         std::string(C.text(R.Mutex)) + "'";
}

static void recordOrder(const MutexRegion &Held, TSNode Taken, GoChecker &C) {
  const SemanticModel &S = C.semantic();
  auto HeldName = S.mutexName(Held.Mutex), TakenName = S.mutexName(Taken);
  if (!HeldName || !TakenName || *HeldName == *TakenName)
    return;
  TextRange Range =
      C.file().range(ts_node_start_byte(Taken), ts_node_end_byte(Taken));
  OrderSite Site{C.file().path(), Range,
                 std::string(C.file().lineText(Range.BeginPos.Line))};
  std::string Dir = packageDirectory(C.file().path());
  C.run().update<GoLockOrder>([&](GoLockOrder &O) {
    O.Edges[{Dir, *HeldName, *TakenName}].push_back(Site);
  });
}

static void checkLockHeldAcrossCall(const ts::Match &M, GoChecker &C) {
  const SemanticModel &S = C.semantic();
  auto Region = S.mutexRegionStartedBy(M.node("lock"));
  if (!Region)
    return;
  const MutexRegion &R = *Region;
  std::string Lock = lockDescription(R, C);
  // Regions of locks taken inside this one report what they hold themselves.
  std::vector<MutexRegion> Inner;
  auto InInner = [&](TSNode N) {
    return std::any_of(Inner.begin(), Inner.end(), [&](const MutexRegion &I) {
      return ts_node_start_byte(N) >= I.Begin && ts_node_end_byte(N) <= I.End &&
             !S.releasedBefore(I, N);
    });
  };
  std::vector<TSNode> Stack;
  for (uint32_t I = ts_node_named_child_count(R.Container); I-- > 0;) {
    TSNode N = ts_node_named_child(R.Container, I);
    if (ts_node_start_byte(N) >= R.Begin && ts_node_end_byte(N) <= R.End)
      Stack.push_back(N);
  }
  while (!Stack.empty()) {
    TSNode N = Stack.back();
    Stack.pop_back();
    std::string_view T = nodeType(N);
    // Goroutines and func literals run later; a deferred call runs after an
    // explicit Unlock, but before a deferred one registered earlier.
    if (T == "func_literal" || T == "go_statement" ||
        (T == "defer_statement" && !R.Deferred))
      continue;
    if (S.releasedBefore(R, N) || InInner(N))
      continue;
    if (T == "expression_statement") {
      TSNode Call = ts_node_named_child(N, 0);
      TSNode Taken = S.mutexCallReceiver(Call, false);
      if (!isNull(Taken) && S.isMutex(Taken)) {
        auto HeldName = S.mutexName(R.Mutex), TakenName = S.mutexName(Taken);
        if (C.text(Taken) == C.text(R.Mutex) ||
            (HeldName && TakenName && *HeldName == *TakenName)) {
          C.report(Call, {Lock, "locking it again",
                          "Go mutexes are not reentrant, so this deadlocks "
                          "(a second RLock too, once a writer waits)"});
        } else {
          C.report(Call,
                   {Lock,
                    "acquiring mutex '" + std::string(C.text(Taken)) + "'",
                    "nested locks deadlock when another path takes them "
                    "in the opposite order; take locks in one global "
                    "order or release the first"});
          recordOrder(R, Taken, C);
        }
        if (auto Nested = S.mutexRegionStartedBy(N))
          Inner.push_back(*Nested);
        continue;
      }
    }
    for (uint32_t I = ts_node_named_child_count(N); I-- > 0;)
      Stack.push_back(ts_node_named_child(N, I));
    if (T == "send_statement" && !nonBlockingSend(N)) {
      C.report(N, {Lock,
                   "channel send on '" +
                       std::string(C.text(field(N, "channel"))) + "'",
                   "the send waits for a receiver, and a receiver that needs "
                   "the lock deadlocks; send after unlocking or in a select "
                   "with a default"});
      continue;
    }
    if (T == "unary_expression" && C.text(field(N, "operator")) == "<-" &&
        isTimerWait(field(N, "operand"), C) &&
        !nonBlockingSend(nodeType(ts_node_parent(N)) == "receive_statement"
                             ? ts_node_parent(N)
                             : N)) {
      C.report(N, {Lock, "waiting on '" + std::string(C.text(N)) + "'",
                   "every goroutine that needs the lock waits for the timer "
                   "too; unlock before waiting"});
      continue;
    }
    if (T == "call_expression")
      if (auto H = blockingCall(N, C))
        C.report(N, {Lock, H->What, H->Why});
  }
}

HAZARD_GO_RULE("lock-held-across-call", checkLockHeldAcrossCall);

/// For each pair of mutexes of one package taken in both orders, the first
/// site of each order (by path and offset, so whatever --jobs) names the
/// other as related. Both sites already carry a nested-lock finding; it is
/// sharpened into the inversion.
static void reportGoLockOrderInversions(RunState &Run, RunResult &Result) {
  GoLockOrder &O = Run.get<GoLockOrder>();
  const RuleInfo *Rule = RuleRegistry::get().find(RuleId);
  if (!Rule || O.Edges.empty())
    return;
  auto First = [](const std::vector<OrderSite> &Sites) {
    return &*std::min_element(Sites.begin(), Sites.end(),
                              [](const OrderSite &X, const OrderSite &Y) {
                                return std::tie(X.Path, X.Range.Begin) <
                                       std::tie(Y.Path, Y.Range.Begin);
                              });
  };
  auto Mark = [&](const OrderSite &Here, const OrderSite &There,
                  const std::string &Held, const std::string &Taken) {
    Finding F;
    F.RuleId = Rule->Id;
    F.Level = Rule->DefaultSeverity;
    F.Message = Rule->formatMessage(
        {"mutex '" + Held + "'", "acquiring mutex '" + Taken + "'",
         "elsewhere they are taken in the opposite order, which can deadlock; "
         "take locks in one global order"});
    F.Path = Here.Path;
    F.Range = Here.Range;
    F.LineText = Here.LineText;
    F.Related.push_back({There.Path, There.Range, There.LineText,
                         "mutex '" + Taken + "' is held here while '" + Held +
                             "' is acquired"});
    for (FileResult &File : Result.Files) {
      if (File.Path != Here.Path)
        continue;
      for (Finding &Existing : File.Findings)
        if (Existing.RuleId == F.RuleId &&
            Existing.Range.Begin == F.Range.Begin) {
          Existing.Message = F.Message;
          Existing.Related = F.Related;
          return;
        }
    }
    addRunFinding(Result, std::move(F));
  };
  for (const auto &[Key, Sites] : O.Edges) {
    const auto &[Dir, A, B] = Key;
    if (!(A < B))
      continue;
    auto Reverse = O.Edges.find({Dir, B, A});
    if (Reverse == O.Edges.end())
      continue;
    const OrderSite *AB = First(Sites), *BA = First(Reverse->second);
    Mark(*AB, *BA, A, B);
    Mark(*BA, *AB, B, A);
  }
}

HAZARD_RUN_FINISHER(reportGoLockOrderInversions);
