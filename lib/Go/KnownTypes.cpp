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
      {"database/sql.Open", "database/sql.DB"},
      {"database/sql.DB.Begin", "database/sql.Tx"},
      {"database/sql.DB.BeginTx", "database/sql.Tx"},
      {"database/sql.DB.Conn", "database/sql.Conn"},
      {"database/sql.DB.Prepare", "database/sql.Stmt"},
      {"database/sql.DB.PrepareContext", "database/sql.Stmt"},
      {"os/exec.Command", "os/exec.Cmd"},
      {"os/exec.CommandContext", "os/exec.Cmd"},
      {"google.golang.org/grpc.Dial", "google.golang.org/grpc.ClientConn"},
      {"google.golang.org/grpc.DialContext", "google.golang.org/grpc.ClientConn"},
      {"google.golang.org/grpc.NewClient", "google.golang.org/grpc.ClientConn"},
  };
  auto It = Returns.find(Callable);
  if (It == Returns.end())
    return std::nullopt;
  return It->second;
}

} // namespace hazard::go
