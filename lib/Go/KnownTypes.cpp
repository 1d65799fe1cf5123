//===- KnownTypes.cpp - Result types of the Go APIs the rules know ----===//
//
// "#N" selects result N of a multi-result call: redis.Dial returns
// (Conn, error), so "...redis.Dial" is result 0 and "...redis.Dial#1" would
// be the error. Import paths are canonical (see canonicalImportPath).
//
//===----------------------------------------------------------------------===//
#include "Go/SemanticModel.h"

#include <unordered_map>

namespace hazard::go {

std::optional<std::string> knownReturnType(const std::string &Callable) {
  static const std::string GoRedis = "github.com/redis/go-redis.";
  static const std::string Redigo = "github.com/gomodule/redigo/redis.";
  static const std::unordered_map<std::string, std::string> Returns = {
      {GoRedis + "NewClient", GoRedis + "Client"},
      {GoRedis + "NewFailoverClient", GoRedis + "Client"},
      {GoRedis + "NewClusterClient", GoRedis + "ClusterClient"},
      {GoRedis + "NewFailoverClusterClient", GoRedis + "ClusterClient"},
      {GoRedis + "NewUniversalClient", GoRedis + "UniversalClient"},
      {GoRedis + "NewRing", GoRedis + "Ring"},
      {GoRedis + "Client.Pipeline", GoRedis + "Pipeliner"},
      {GoRedis + "Client.TxPipeline", GoRedis + "Pipeliner"},
      {GoRedis + "Client.Conn", GoRedis + "Conn"},
      {GoRedis + "ClusterClient.Pipeline", GoRedis + "Pipeliner"},
      {GoRedis + "UniversalClient.Pipeline", GoRedis + "Pipeliner"},
      {Redigo + "Dial", Redigo + "Conn"},
      {Redigo + "DialContext", Redigo + "Conn"},
      {Redigo + "DialURL", Redigo + "Conn"},
      {Redigo + "DialURLContext", Redigo + "Conn"},
      {Redigo + "DialTimeout", Redigo + "Conn"},
      {Redigo + "NewConn", Redigo + "Conn"},
      {Redigo + "Pool.Get", Redigo + "Conn"},
      {Redigo + "Pool.GetContext", Redigo + "Conn"},
      // Contexts, HTTP, exec, gRPC and SQL (wait-without-timeout,
      // fire-and-forget, connection-per-call).
      {"context.Background", "context.Context"},
      {"context.TODO", "context.Context"},
      {"context.WithCancel", "context.Context"},
      {"context.WithCancelCause", "context.Context"},
      {"context.WithTimeout", "context.Context"},
      {"context.WithTimeoutCause", "context.Context"},
      {"context.WithDeadline", "context.Context"},
      {"context.WithDeadlineCause", "context.Context"},
      {"context.WithValue", "context.Context"},
      {"context.WithoutCancel", "context.Context"},
      {"net/http.Request.Context", "context.Context"},
      {"net/http.NewRequest", "net/http.Request"},
      {"net/http.NewRequestWithContext", "net/http.Request"},
      {"net/http.Request.WithContext", "net/http.Request"},
      {"os/exec.Command", "os/exec.Cmd"},
      {"os/exec.CommandContext", "os/exec.Cmd"},
      {"google.golang.org/grpc.Dial", "google.golang.org/grpc.ClientConn"},
      {"google.golang.org/grpc.DialContext",
       "google.golang.org/grpc.ClientConn"},
      {"google.golang.org/grpc.NewClient", "google.golang.org/grpc.ClientConn"},
      {"database/sql.Open", "database/sql.DB"},
      {"database/sql.DB.BeginTx", "database/sql.Tx"},
      {"database/sql.DB.Begin", "database/sql.Tx"},
      {"database/sql.DB.Conn", "database/sql.Conn"},
      {"database/sql.DB.Prepare", "database/sql.Stmt"},
      {"database/sql.DB.PrepareContext", "database/sql.Stmt"},
      // I/O handles, for lock-held-across-call.
      {"net/http.Get", "net/http.Response"},
      {"net/http.Post", "net/http.Response"},
      {"net/http.Head", "net/http.Response"},
      {"net/http.PostForm", "net/http.Response"},
      {"net/http.Client.Do", "net/http.Response"},
      {"net/http.Client.Get", "net/http.Response"},
      {"net/http.Client.Post", "net/http.Response"},
      {"net.Dial", "net.Conn"},
      {"net.DialTimeout", "net.Conn"},
      {"net.Dialer.Dial", "net.Conn"},
      {"net.Dialer.DialContext", "net.Conn"},
      {"net.Listener.Accept", "net.Conn"},
      {"net.DialTCP", "net.TCPConn"},
      {"net.DialUDP", "net.UDPConn"},
      {"crypto/tls.Dial", "crypto/tls.Conn"},
      {"os.Open", "os.File"},
      {"os.Create", "os.File"},
      {"os.OpenFile", "os.File"},
  };
  auto It = Returns.find(Callable);
  if (It == Returns.end())
    return std::nullopt;
  return It->second;
}

// Package-level variables (wait-without-timeout).
std::optional<std::string> knownVariableType(const std::string &Name) {
  static const std::unordered_map<std::string, std::string> Vars = {
      {"net/http.DefaultClient", "net/http.Client"},
      {"net/http.DefaultTransport", "net/http.RoundTripper"},
  };
  auto It = Vars.find(Name);
  if (It == Vars.end())
    return std::nullopt;
  return It->second;
}

// go-redis clients (stream-replay, redis-keys).
bool isGoRedisClientType(const std::string &Type) {
  static const std::string GoRedis = "github.com/redis/go-redis.";
  static const char *const Clients[] = {
      "Client", "ClusterClient",  "UniversalClient", "Cmdable",
      "Conn",   "Pipeliner",      "Pipeline",        "Ring",
      "Tx",     "StatefulCmdable"};
  if (Type.rfind(GoRedis, 0) != 0)
    return false;
  for (const char *Known : Clients)
    if (Type.compare(GoRedis.size(), std::string::npos, Known) == 0)
      return true;
  return false;
}

} // namespace hazard::go
