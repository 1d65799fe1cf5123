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
  };
  auto It = Returns.find(Callable);
  if (It == Returns.end())
    return std::nullopt;
  return It->second;
}

// go-redis clients (stream-replay, redis-keys).
bool isGoRedisClientType(const std::string &Type) {
  static const std::string GoRedis = "github.com/redis/go-redis.";
  static const char *const Clients[] = {
      "Client", "ClusterClient", "UniversalClient", "Cmdable", "Conn",
      "Pipeliner", "Pipeline", "Ring", "Tx", "StatefulCmdable"};
  if (Type.rfind(GoRedis, 0) != 0)
    return false;
  for (const char *Known : Clients)
    if (Type.compare(GoRedis.size(), std::string::npos, Known) == 0)
      return true;
  return false;
}

} // namespace hazard::go
