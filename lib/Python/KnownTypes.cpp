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
      {"aioredis.Redis.from_url", "aioredis.Redis"},
  };
  auto It = Returns.find(Callable);
  size_t Dot = Callable.rfind('.');
  if (It == Returns.end() && Dot != std::string::npos) // redis.StrictRedis.from_url
    It = Returns.find(canonicalType(Callable.substr(0, Dot)) + Callable.substr(Dot));
  if (It == Returns.end())
    return std::nullopt;
  return It->second;
}

} // namespace hazard::python
