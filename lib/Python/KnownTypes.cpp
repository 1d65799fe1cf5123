//===- KnownTypes.cpp - Stubs for the libraries the rules know --------===//
//
// Like typeshed, in miniature: which types library factories return and
// which spellings name the same class. Types not listed here are inferred
// from class instantiation (`redis.Redis(...)` is a redis.Redis).
//
//===----------------------------------------------------------------------===//
#include "Python/SemanticModel.h"

#include <unordered_map>
#include <unordered_set>

namespace hazard::python {

std::string canonicalType(const std::string &Type) {
  static const std::unordered_map<std::string, std::string> Aliases = {
      {"redis.client.Redis", "redis.Redis"},
      {"redis.StrictRedis", "redis.Redis"},
      {"redis.client.StrictRedis", "redis.Redis"},
      {"redis.RedisCluster", "redis.cluster.RedisCluster"},
      {"redis.asyncio.client.Redis", "redis.asyncio.Redis"},
      {"redis.asyncio.StrictRedis", "redis.asyncio.Redis"},
      {"redis.asyncio.client.StrictRedis", "redis.asyncio.Redis"},
      {"redis.asyncio.RedisCluster", "redis.asyncio.cluster.RedisCluster"},
      {"redis.client.Pipeline", "redis.client.Pipeline"},
      {"concurrent.futures.thread.ThreadPoolExecutor",
       "concurrent.futures.ThreadPoolExecutor"},
      {"concurrent.futures.process.ProcessPoolExecutor",
       "concurrent.futures.ProcessPoolExecutor"},
      {"asyncio.locks.Lock", "asyncio.Lock"},
      {"asyncio.queues.Queue", "asyncio.Queue"},
      {"threading.Condition", "threading.Condition"},
      {"pathlib.PosixPath", "pathlib.Path"},
      {"queue.SimpleQueue", "queue.SimpleQueue"},
      {"multiprocessing.Queue", "multiprocessing.Queue"},
      // wait-without-timeout, fire-and-forget
      {"requests.sessions.Session", "requests.Session"},
      {"concurrent.futures._base.Future", "concurrent.futures.Future"},
      {"multiprocessing.queues.Queue", "multiprocessing.Queue"},
      {"multiprocessing.queues.JoinableQueue", "multiprocessing.JoinableQueue"},
      {"multiprocessing.context.Process", "multiprocessing.Process"},
      {"multiprocessing.process.BaseProcess", "multiprocessing.Process"},
      {"asyncio.events.AbstractEventLoop", "asyncio.AbstractEventLoop"},
      {"asyncio.BaseEventLoop", "asyncio.AbstractEventLoop"},
      {"asyncio.base_events.BaseEventLoop", "asyncio.AbstractEventLoop"},
      {"asyncio.taskgroups.TaskGroup", "asyncio.TaskGroup"},
      {"asyncio.tasks.Task", "asyncio.Task"},
      // Blocking calls and locks (blocking-in-async, lock-held-across-call).
      {"httpx._client.Client", "httpx.Client"},
      {"threading._RLock", "threading.RLock"},
      {"asyncio.locks.Condition", "asyncio.Condition"},
      {"asyncio.locks.Semaphore", "asyncio.Semaphore"},
      {"pathlib.WindowsPath", "pathlib.Path"},
      // Streams (helper F).
      {"asyncio.streams.StreamReader", "asyncio.StreamReader"},
      {"asyncio.streams.StreamWriter", "asyncio.StreamWriter"},
  };
  auto It = Aliases.find(Type);
  return It == Aliases.end() ? Type : It->second;
}

/// Table's entry for "<type>.<member>", also when the type is spelled by an
/// alias (`redis.StrictRedis.from_url` finds `redis.Redis.from_url`).
static std::optional<std::string>
lookupMember(const std::unordered_map<std::string, std::string> &Table,
             const std::string &Name) {
  auto It = Table.find(Name);
  size_t Dot = Name.rfind('.');
  if (It == Table.end() && Dot != std::string::npos)
    It = Table.find(canonicalType(Name.substr(0, Dot)) + Name.substr(Dot));
  if (It == Table.end())
    return std::nullopt;
  return It->second;
}

std::optional<std::string> knownReturnType(const std::string &Callable) {
  static const std::unordered_map<std::string, std::string> Returns = {
      {"redis.from_url", "redis.Redis"},
      {"redis.Redis.from_url", "redis.Redis"},
      {"redis.Redis.client", "redis.Redis"},
      {"redis.Redis.pipeline", "redis.client.Pipeline"},
      {"redis.cluster.RedisCluster.from_url", "redis.cluster.RedisCluster"},
      {"redis.cluster.RedisCluster.pipeline", "redis.client.Pipeline"},
      {"redis.sentinel.Sentinel.master_for", "redis.Redis"},
      {"redis.sentinel.Sentinel.slave_for", "redis.Redis"},
      {"redis.asyncio.from_url", "redis.asyncio.Redis"},
      {"redis.asyncio.Redis.from_url", "redis.asyncio.Redis"},
      {"redis.asyncio.Redis.client", "redis.asyncio.Redis"},
      {"redis.asyncio.Redis.pipeline", "redis.asyncio.client.Pipeline"},
      {"redis.asyncio.cluster.RedisCluster.from_url",
       "redis.asyncio.cluster.RedisCluster"},
      {"redis.asyncio.sentinel.Sentinel.master_for", "redis.asyncio.Redis"},
      {"redis.asyncio.sentinel.Sentinel.slave_for", "redis.asyncio.Redis"},
      {"aioredis.from_url", "aioredis.Redis"},
      // Classes spelled in lower case, and builtins.
      {"dict", "dict"},
      {"list", "list"},
      {"set", "set"},
      {"collections.deque", "collections.deque"},
      {"collections.defaultdict", "collections.defaultdict"},
      {"socket.socket", "socket.socket"},
      {"socket.create_connection", "socket.socket"},
      {"socket.socket.accept", "tuple"},
      // asyncio
      {"asyncio.get_event_loop", "asyncio.AbstractEventLoop"},
      {"asyncio.get_running_loop", "asyncio.AbstractEventLoop"},
      {"asyncio.new_event_loop", "asyncio.AbstractEventLoop"},
      {"asyncio.create_task", "asyncio.Task"},
      {"asyncio.ensure_future", "asyncio.Task"},
      {"asyncio.AbstractEventLoop.create_task", "asyncio.Task"},
      {"asyncio.TaskGroup.create_task", "asyncio.Task"},
      {"asyncio.create_subprocess_exec", "asyncio.subprocess.Process"},
      {"asyncio.create_subprocess_shell", "asyncio.subprocess.Process"},
      {"asyncio.subprocess.create_subprocess_exec",
       "asyncio.subprocess.Process"},
      {"asyncio.subprocess.create_subprocess_shell",
       "asyncio.subprocess.Process"},
      // concurrency
      {"concurrent.futures.ThreadPoolExecutor.submit",
       "concurrent.futures.Future"},
      {"concurrent.futures.ProcessPoolExecutor.submit",
       "concurrent.futures.Future"},
      {"concurrent.futures.Executor.submit", "concurrent.futures.Future"},
      // clients and connections
      {"requests.session", "requests.Session"},
      {"sqlite3.connect", "sqlite3.Connection"},
      {"sqlite3.Connection.cursor", "sqlite3.Cursor"},
      {"duckdb.connect", "duckdb.DuckDBPyConnection"},
      {"duckdb.DuckDBPyConnection.cursor", "duckdb.DuckDBPyConnection"},
      {"grpc.insecure_channel", "grpc.Channel"},
      {"grpc.secure_channel", "grpc.Channel"},
      {"grpc.aio.insecure_channel", "grpc.aio.Channel"},
      {"grpc.aio.secure_channel", "grpc.aio.Channel"},
      {"urllib.request.urlopen", "http.client.HTTPResponse"},
      {"aioredis.Redis.from_url", "aioredis.Redis"},
      // wait-without-timeout, fire-and-forget
      {"asyncio.run_coroutine_threadsafe", "concurrent.futures.Future"},
      {"asyncio.events.get_event_loop", "asyncio.AbstractEventLoop"},
      {"asyncio.events.get_running_loop", "asyncio.AbstractEventLoop"},
      {"asyncio.events.new_event_loop", "asyncio.AbstractEventLoop"},
      {"asyncio.tasks.create_task", "asyncio.Task"},
      {"asyncio.tasks.ensure_future", "asyncio.Task"},
      {"requests.sessions.session", "requests.Session"},

      // Decompressors (decompression-bomb).
      {"zlib.decompressobj", "zlib._Decompress"},
      {"gzip.open", "gzip.GzipFile"},
      {"bz2.open", "bz2.BZ2File"},
      {"lzma.open", "lzma.LZMAFile"},

      // Paths (helper F): methods that derive a new path.
      {"pathlib.Path.home", "pathlib.Path"},
      {"pathlib.Path.cwd", "pathlib.Path"},
      {"pathlib.Path.resolve", "pathlib.Path"},
      {"pathlib.Path.absolute", "pathlib.Path"},
      {"pathlib.Path.expanduser", "pathlib.Path"},
      {"pathlib.Path.joinpath", "pathlib.Path"},
      {"pathlib.Path.with_name", "pathlib.Path"},
      {"pathlib.Path.with_stem", "pathlib.Path"},
      {"pathlib.Path.with_suffix", "pathlib.Path"},
      {"pathlib.Path.relative_to", "pathlib.Path"},
      {"pathlib.Path.readlink", "pathlib.Path"},
      {"os.fspath", "str"},
      // Streams.
      {"asyncio.open_connection", "tuple"},
  };
  return lookupMember(Returns, Callable);
}

// Blocking calls (blocking-in-async, lock-held-across-call).
bool isBlockingCallable(const std::string &Callable) {
  static const std::unordered_set<std::string> Exact = {
      "time.sleep",
      "open",
      "io.open",
      "os.fsync",
      "os.system",
      "os.waitpid",
      "urllib.request.urlopen",
      "psutil.cpu_percent",
      "asyncio.run",
      "asyncio.AbstractEventLoop.run_until_complete",
      "subprocess.run",
      "subprocess.call",
      "subprocess.check_call",
      "subprocess.check_output",
      "subprocess.getoutput",
      "subprocess.getstatusoutput",
      "subprocess.Popen.wait",
      "subprocess.Popen.communicate",
      "pathlib.Path.read_text",
      "pathlib.Path.read_bytes",
      "pathlib.Path.write_text",
      "pathlib.Path.write_bytes",
      "duckdb.sql",
      "duckdb.query",
      "duckdb.execute",
      "redis.client.Pipeline.execute",
      "threading.Event.wait",
      "threading.Thread.join",
      // helper F: a blocking connect, and reads of a child's pipes.
      "socket.create_connection",
      "socket.create_server",
      "socket.getaddrinfo",
      "socket.gethostbyname",
      "io.BufferedReader.read",
      "io.BufferedReader.readline",
      "io.BufferedReader.readlines",
  };
  if (Exact.count(Callable))
    return true;
  size_t Dot = Callable.rfind('.');
  if (Dot == std::string::npos)
    return false;
  std::string Owner = canonicalType(Callable.substr(0, Dot));
  std::string Method = Callable.substr(Dot + 1);
  auto In = [&](std::initializer_list<const char *> Names) {
    for (const char *N : Names)
      if (Method == N)
        return true;
    return false;
  };
  static const std::initializer_list<const char *> Http = {
      "get", "post", "put", "patch", "delete", "head", "options", "request"};
  if (Owner == "requests" || Owner == "requests.api" || Owner == "httpx")
    return In(Http) || (Owner == "httpx" && Method == "stream");
  if (Owner == "requests.Session" || Owner == "httpx.Client")
    return In(Http) || In({"send", "stream"});
  if (Owner == "redis.Redis" || Owner == "redis.cluster.RedisCluster")
    // Everything sends a command except the factories of local objects.
    return !In({"pipeline", "pubsub", "lock", "register_script", "client",
                "from_url", "get_connection_kwargs", "get_encoder", "monitor",
                "transaction"}) &&
           !Method.empty() && Method[0] != '_';
  if (Owner == "sqlite3.Connection" || Owner == "sqlite3.Cursor")
    return In({"execute", "executemany", "executescript"});
  if (Owner == "duckdb.DuckDBPyConnection")
    return In({"execute", "executemany", "sql", "query"});
  if (Owner == "queue.Queue" || Owner == "queue.LifoQueue" ||
      Owner == "queue.PriorityQueue")
    return In({"get", "put"});
  if (Owner == "queue.SimpleQueue") // unbounded: put never blocks
    return Method == "get";
  if (Owner == "threading.Lock" || Owner == "threading.RLock" ||
      Owner == "threading.Semaphore" || Owner == "threading.BoundedSemaphore")
    return Method == "acquire";
  if (Owner == "socket.socket")
    return In({"recv", "recv_into", "recvfrom", "recvfrom_into", "send",
               "sendall", "sendto", "accept", "connect", "makefile"});
  return false;
}

// Attributes and inherited methods (helper F).
std::optional<std::string> knownAttributeType(const std::string &Attribute) {
  static const std::unordered_map<std::string, std::string> Attributes = {
      {"asyncio.subprocess.Process.stdout", "asyncio.StreamReader"},
      {"asyncio.subprocess.Process.stderr", "asyncio.StreamReader"},
      {"asyncio.subprocess.Process.stdin", "asyncio.StreamWriter"},
      {"subprocess.Popen.stdout", "io.BufferedReader"},
      {"subprocess.Popen.stderr", "io.BufferedReader"},
      {"subprocess.Popen.stdin", "io.BufferedWriter"},
      {"pathlib.Path.parent", "pathlib.Path"},
      {"pathlib.Path.name", "str"},
      {"pathlib.Path.stem", "str"},
      {"pathlib.Path.suffix", "str"},
  };
  return lookupMember(Attributes, Attribute);
}

std::optional<std::string> knownInheritedMethod(const std::string &Type,
                                                const std::string &Method) {
  // watchdog's observers are threading.Thread subclasses that keep
  // Thread's join(), is_alive() and run().
  static const char *const Observers[] = {
      "watchdog.observers.Observer",
      "watchdog.observers.api.BaseObserver",
      "watchdog.observers.polling.PollingObserver",
      "watchdog.observers.polling.PollingObserverVFS",
      "watchdog.observers.inotify.InotifyObserver",
      "watchdog.observers.fsevents.FSEventsObserver",
      "watchdog.observers.kqueue.KqueueObserver",
      "watchdog.observers.read_directory_changes.WindowsApiObserver"};
  for (const char *O : Observers)
    if (Type == O && (Method == "join" || Method == "is_alive"))
      return "threading.Thread." + Method;
  return std::nullopt;
}

// Redis clients: shared by redis-keys and stream-replay.
bool isRedisClient(const std::string &Type) {
  static const char *const Types[] = {"redis.Redis",
                                      "redis.cluster.RedisCluster",
                                      "redis.client.Pipeline",
                                      "redis.asyncio.Redis",
                                      "redis.asyncio.cluster.RedisCluster",
                                      "redis.asyncio.client.Pipeline",
                                      "aioredis.Redis"};
  for (const char *Known : Types)
    if (Type == Known)
      return true;
  return false;
}

} // namespace hazard::python
