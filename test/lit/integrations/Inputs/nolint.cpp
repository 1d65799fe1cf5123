#include <hiredis/hiredis.h>

void f(redisContext *ctx) {
  redisCommand(ctx, "KEYS *"); // NOLINT(hazard-redis-keys)
  redisCommand(ctx, "KEYS a"); // hazardlint: ignore[redis-keys]
  redisCommand(ctx, "KEYS b");
}
