//===- KnownTypes.cpp - Stubs for the libraries the rules know --------===//
//
// Like typeshed, in miniature: which types library factories return and
// which spellings name the same class. Types not listed here are inferred
// from class instantiation (`redis.Redis(...)` is a redis.Redis).
//
//===----------------------------------------------------------------------===//
#include "Python/SemanticModel.h"

#include <unordered_map>

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
  };
  auto It = Aliases.find(Type);
  return It == Aliases.end() ? Type : It->second;
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
      {"asyncio.subprocess.create_subprocess_exec", "asyncio.subprocess.Process"},
      {"asyncio.subprocess.create_subprocess_shell", "asyncio.subprocess.Process"},
      // concurrency
      {"concurrent.futures.ThreadPoolExecutor.submit", "concurrent.futures.Future"},
      {"concurrent.futures.ProcessPoolExecutor.submit", "concurrent.futures.Future"},
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
      // Decompressors (helper D: decompression-bomb).
      {"zlib.decompressobj", "zlib._Decompress"},
      {"gzip.open", "gzip.GzipFile"},
      {"bz2.open", "bz2.BZ2File"},
      {"lzma.open", "lzma.LZMAFile"},
  };
  auto It = Returns.find(Callable);
  size_t Dot = Callable.rfind('.');
  if (It == Returns.end() && Dot != std::string::npos) // redis.StrictRedis.from_url
    It = Returns.find(canonicalType(Callable.substr(0, Dot)) + Callable.substr(Dot));
  if (It == Returns.end())
    return std::nullopt;
  return It->second;
}


// Redis clients (helper D: shared by redis-keys and stream-replay).
bool isRedisClient(const std::string &Type) {
  static const char *const Types[] = {
      "redis.Redis", "redis.cluster.RedisCluster", "redis.client.Pipeline",
      "redis.asyncio.Redis", "redis.asyncio.cluster.RedisCluster",
      "redis.asyncio.client.Pipeline", "aioredis.Redis"};
  for (const char *Known : Types)
    if (Type == Known)
      return true;
  return false;
}

} // namespace hazard::python
