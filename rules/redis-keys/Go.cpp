//===- Go.cpp - redis-keys for go-redis and redigo ------------------------===//
//
// What it does: finds KEYS sent through go-redis (`rdb.Keys(ctx, p)`,
// `rdb.Do(ctx, "KEYS", p)`) and redigo (`conn.Do("KEYS", p)`).
// Why is this bad: KEYS walks the whole keyspace and blocks the server.
// Use instead: `rdb.Scan(ctx, 0, p, n).Iterator()`, or redigo's SCAN loop.
//
//===----------------------------------------------------------------------===//
#include "Go/GoChecker.h"
#include "RuleMessages.h"

using namespace hazard;
using namespace hazard::go;

static void checkRedisKeys(const ts::Match &M, GoChecker &C) {
  auto Type = C.semantic().inferType(M.node("receiver"));
  const knowledge::KnowledgeBase &KB = C.semantic().knowledge();
  if (!Type || !KB.typeHasTrait(*Type, "redis-commands"))
    return;
  // redigo sends commands by name: conn.Do("KEYS", ...).
  bool Redigo = !KB.typeHasTrait(*Type, "go-redis-api");
  // Do(ctx, "KEYS") is go-redis's form; Do("KEYS") is redigo's.
  TSNode Command = M.node("command");
  if (!ts::isNull(Command)) {
    TSNode Args = ts_node_parent(Command);
    bool CommandFirst = ts_node_eq(ts_node_named_child(Args, 0), Command);
    if (CommandFirst != Redigo)
      return;
  }
  C.report(M.node("call"),
           Redigo ? message::RedisKeys::RedigoScanLoop
                  : message::RedisKeys::GoRedisScanIterator,
           {std::string(C.text(M.node("receiver")))});
}

HAZARD_GO_RULE(RedisKeys, checkRedisKeys);
